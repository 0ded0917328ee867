/** Malformed DNS bytes: a message cut short, a name that breaks RFC 1035's rules, a loop. */
export class DnsFormatError extends Error {
  override name = 'DnsFormatError';
}

/** RFC 1035 §2.3.4: a name is at most 255 bytes on the wire. */
const MAX_NAME_BYTES = 255;
/** More compression pointers than this in one name can only be a loop. */
const MAX_POINTERS = 32;

/** A message and where in it the next field starts. */
export interface NameSource {
  readonly bytes: Uint8Array;
  offset: number;
}

/**
 * Reads a domain name at the source's offset, following compression pointers (RFC 1035
 * §4.1.4), and leaves the offset just past the name as it appears at that offset. Loops are
 * impossible to follow forever: a pointer must point backwards, at most 32 are followed and
 * the name may not exceed 255 bytes. The root name reads as ".". Label bytes that are not
 * printable ASCII, and "." or "\" inside a label, are escaped the way dig prints them
 * (\DDD and \. / \\).
 */
export function readName(source: NameSource): string {
  const bytes = source.bytes;
  let text = 0;
  let at = source.offset;
  let resumeAt = -1;
  let wireBytes = 1;
  let pointers = 0;
  for (;;) {
    const length = byteAt(bytes, at);
    if ((length & 0xc0) === 0xc0) {
      const target = ((length & 0x3f) << 8) | byteAt(bytes, at + 1);
      if (target >= at || ++pointers > MAX_POINTERS) throw new DnsFormatError('bad pointer');
      if (resumeAt < 0) resumeAt = at + 2;
      at = target;
      continue;
    }
    if (length > 63) throw new DnsFormatError(`unsupported label type ${length >> 6}`);
    if (length === 0) break;
    wireBytes += length + 1;
    if (wireBytes > MAX_NAME_BYTES || at + 1 + length > bytes.length) {
      throw new DnsFormatError('name too long or cut');
    }
    if (text > 0) NAME_TEXT[text++] = DOT;
    text = writeLabel(bytes, at + 1, at + 1 + length, text);
    at += 1 + length;
  }
  source.offset = resumeAt >= 0 ? resumeAt : at + 1;
  return text === 0 ? '.' : NAME_TEXT.toString('latin1', 0, text);
}

const DOT = 0x2e;
const BACKSLASH = 0x5c;
/** The text of the name being read: at most 255 wire bytes, each at most 4 characters. */
const NAME_TEXT = Buffer.alloc(MAX_NAME_BYTES * 4);

function byteAt(bytes: Uint8Array, at: number): number {
  const byte = bytes[at];
  if (byte === undefined) throw new DnsFormatError('name runs past the message');
  return byte;
}

/** Writes the text of label bytes [from, to) at NAME_TEXT[text]; returns where it ends. */
function writeLabel(bytes: Uint8Array, from: number, to: number, text: number): number {
  let out = text;
  for (let i = from; i < to; i++) {
    const byte = bytes[i] as number;
    if (byte === DOT || byte === BACKSLASH) {
      NAME_TEXT[out++] = BACKSLASH;
      NAME_TEXT[out++] = byte;
    } else if (byte > 0x20 && byte < 0x7f) {
      NAME_TEXT[out++] = byte;
    } else {
      NAME_TEXT[out++] = BACKSLASH;
      NAME_TEXT[out++] = 0x30 + Math.floor(byte / 100);
      NAME_TEXT[out++] = 0x30 + (Math.floor(byte / 10) % 10);
      NAME_TEXT[out++] = 0x30 + (byte % 10);
    }
  }
  return out;
}
