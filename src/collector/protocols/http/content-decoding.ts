import { constants, inflateRawSync, unzipSync } from 'node:zlib';

/**
 * Undoing `Content-Encoding: gzip` / `deflate` for display. The input may be only a prefix
 * of the body (the kept part), so inflation flushes what it has instead of demanding the end
 * of the stream. Output is bounded: a body that inflates beyond `maxOutput` bytes (a zip
 * bomb, or just very repetitive data) is retried with the first half of its input until the
 * output fits, so at most log2(input) bounded attempts are made.
 */
export type ContentCoding = 'gzip' | 'deflate';

/** The coding to undo, from a Content-Encoding value; null for identity or codings we skip. */
export function contentCoding(value: string | undefined): ContentCoding | null {
  if (value === undefined) return null;
  const codings = value
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '' && item !== 'identity');
  if (codings.length !== 1) return null;
  const [coding] = codings;
  if (coding === 'gzip' || coding === 'x-gzip') return 'gzip';
  return coding === 'deflate' ? 'deflate' : null;
}

/**
 * Inflates `input` (possibly a prefix of the encoded body). Returns the decoded bytes and
 * whether they are only a prefix of what the input decodes to, or null if it is not valid
 * gzip/deflate data.
 */
export function decodeContent(
  coding: ContentCoding,
  input: Uint8Array,
  maxOutput: number,
): { bytes: Uint8Array; partial: boolean } | null {
  let slice = input;
  while (slice.length > 0) {
    const result = inflateBounded(coding, slice, maxOutput);
    if (result === 'invalid') return null;
    if (result !== 'too-large') return { bytes: result, partial: slice.length < input.length };
    slice = slice.subarray(0, slice.length >> 1);
  }
  return { bytes: new Uint8Array(0), partial: input.length > 0 };
}

function inflateBounded(
  coding: ContentCoding,
  input: Uint8Array,
  maxOutput: number,
): Uint8Array | 'too-large' | 'invalid' {
  const options = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxOutput };
  try {
    // unzip recognises both gzip and zlib headers; "deflate" is zlib-wrapped by the RFC,
    // but some servers send raw deflate, which the fallback covers.
    return unzipSync(input, options);
  } catch (error) {
    if (error instanceof RangeError) return 'too-large';
    if (coding === 'gzip') return 'invalid';
  }
  try {
    return inflateRawSync(input, options);
  } catch (error) {
    return error instanceof RangeError ? 'too-large' : 'invalid';
  }
}
