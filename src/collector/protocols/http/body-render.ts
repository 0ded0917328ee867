import { bytesToText, withTruncationMarker } from '../common/display-text.js';
import type { BodyCapture } from './body-capture.js';
import { decodeContent, type ContentCoding } from './content-decoding.js';

/** Shown instead of a body that is not text (images, protobuf, ...). */
export const BINARY_BODY = '<binary body>';

/** Inflated output is bounded by this many bytes per body, or 16 x the body limit if larger. */
const MIN_INFLATE_BUDGET = 64 * 1024;

/**
 * The text of a body for the req_body / resp_body columns: at most `maxBodyBytes` bytes of
 * text (after undoing gzip/deflate content coding), with the truncation marker when that is
 * not the whole body, or a placeholder when the bytes are not text or do not inflate.
 */
export function renderBody(
  capture: BodyCapture,
  coding: ContentCoding | null,
  maxBodyBytes: number,
): string {
  if (capture.size === 0) return '';
  let cut = capture.cut;
  let text: string | null;
  if (coding) {
    const budget = Math.max(16 * maxBodyBytes, MIN_INFLATE_BUDGET);
    const decoded = decodeContent(coding, capture.kept(), budget);
    if (!decoded) return `<failed to decode ${coding} body>`;
    cut ||= decoded.partial || decoded.bytes.length > maxBodyBytes;
    text = bytesToText(decoded.bytes.subarray(0, maxBodyBytes), cut);
  } else {
    text = capture.keptText();
  }
  return text === null ? BINARY_BODY : withTruncationMarker(text, cut);
}
