/**
 * The frontend messages that get an answer, decoded into what the stitcher pairs. Query,
 * Parse, Bind, Describe and Execute become rows (Pixie's row set); Close, Sync and
 * FunctionCall are answered but make no row; Flush, Terminate, passwords and COPY data get no
 * answer of their own and are not queued.
 */
import type { BindMessage, ParseMessage, TargetMessage } from './decode.js';
import { decodeBind, decodeExecute, decodeParse, decodeQuery, decodeTarget } from './decode.js';
import { FE } from './messages.js';
import { ResultText } from './result-text.js';

interface Base {
  readonly timeNs: bigint;
  /** When the latest answer message for it arrived (its own time until then). */
  lastAnswerNs: bigint;
  /** Some answer message arrived. */
  started: boolean;
  /** Part of the answer may have been lost in a gap: no row. */
  damaged: boolean;
}

export type PendingRequest = Base &
  (
    | { readonly kind: 'query'; readonly text: string; readonly result: ResultText }
    | { readonly kind: 'parse'; readonly message: ParseMessage }
    | { readonly kind: 'bind'; readonly message: BindMessage }
    | { readonly kind: 'describe'; readonly target: TargetMessage; paramOids?: readonly number[] }
    | { readonly kind: 'execute'; readonly portal: string; readonly result: ResultText }
    | { readonly kind: 'close'; readonly target: TargetMessage }
    | { readonly kind: 'sync' | 'function-call' }
  );

/** Decodes a frontend message; null when it gets no answer, 'malformed' when unreadable. */
export function toPendingRequest(
  tag: number,
  payload: Uint8Array,
  timeNs: bigint,
  limit: number,
): PendingRequest | null | 'malformed' {
  const base = { timeNs, lastAnswerNs: timeNs, started: false, damaged: false };
  switch (tag) {
    case FE.query: {
      const text = decodeQuery(payload);
      return text === null
        ? 'malformed'
        : { ...base, kind: 'query', text, result: new ResultText(limit, true) };
    }
    case FE.parse: {
      const message = decodeParse(payload);
      return message ? { ...base, kind: 'parse', message } : 'malformed';
    }
    case FE.bind: {
      const message = decodeBind(payload);
      return message ? { ...base, kind: 'bind', message } : 'malformed';
    }
    case FE.describe:
    case FE.close: {
      const target = decodeTarget(payload);
      if (!target) return 'malformed';
      return tag === FE.close
        ? { ...base, kind: 'close', target }
        : { ...base, kind: 'describe', target };
    }
    case FE.execute: {
      const portal = decodeExecute(payload);
      return portal === null
        ? 'malformed'
        : { ...base, kind: 'execute', portal, result: new ResultText(limit, false) };
    }
    case FE.sync:
      return { ...base, kind: 'sync' };
    case FE.functionCall:
      return { ...base, kind: 'function-call' };
    default:
      return null;
  }
}
