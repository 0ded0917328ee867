import type { Detection } from '../common/types.js';
import { MAX_START_LINE_BYTES, parseStartLine } from './head.js';
import { isKnownMethod } from './start-search.js';

/**
 * Recognises HTTP/1.x from the first bytes one side sent: a complete request line or status
 * line is near-certain; a request line with an unknown method, or only the beginning of a
 * line (a capture may hold just a prefix of a large write), is less so.
 */
export function detectHttp(firstBytes: Uint8Array): Detection | null {
  const length = Math.min(firstBytes.length, MAX_START_LINE_BYTES);
  const text = Buffer.from(firstBytes.buffer, firstBytes.byteOffset, length).toString('latin1');
  const lf = text.indexOf('\n');
  if (lf >= 0) {
    const line = text.slice(0, lf).replace(/\r$/, '');
    const request = parseStartLine('request', line);
    if (request?.kind === 'request') {
      return { side: 'request', confidence: isKnownMethod(request.method) ? 0.95 : 0.7 };
    }
    return parseStartLine('response', line) ? { side: 'response', confidence: 0.95 } : null;
  }
  if (/^HTTP\/1\.[01] [0-9]{3}( |$)/.test(text)) return { side: 'response', confidence: 0.8 };
  const method = /^([A-Z]+) [^\s]/.exec(text)?.[1];
  return method !== undefined && isKnownMethod(method)
    ? { side: 'request', confidence: 0.6 }
    : null;
}
