/**
 * A task's command name from a record's NUL-padded comm field. The kernel stores whatever bytes
 * the program set (prctl, argv[0]) cut at 15 bytes, so the name is read as UTF-8 when it is
 * UTF-8 (dropping a character the cut split in two) and byte for byte as latin1 otherwise.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The name in `bytes` up to the first NUL; '' when there is none. Never throws. */
export function decodeComm(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  const name = nul < 0 ? bytes : bytes.subarray(0, nul);
  try {
    return utf8.decode(withoutSplitTail(name));
  } catch {
    return Buffer.from(name.buffer, name.byteOffset, name.length).toString('latin1');
  }
}

/** `bytes` without a trailing multi-byte sequence that stops short of its length. */
function withoutSplitTail(bytes: Uint8Array): Uint8Array {
  // A UTF-8 sequence is at most 4 bytes: its lead byte is among the last 4.
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const byte = bytes[i] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    return i + sequenceLength(byte) > bytes.length ? bytes.subarray(0, i) : bytes;
  }
  return bytes;
}

/** Bytes in the sequence a lead byte starts (1 for ASCII and for bytes UTF-8 rejects anyway). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf8) return 1;
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc2) return 2;
  return 1;
}
