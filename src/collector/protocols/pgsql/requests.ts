/**
 * The frontend messages that get an answer, decoded into what the stitcher pairs. Query,
 * Parse, Bind, Describe and Execute become rows (Pixie's row set); Close, Sync and
 * FunctionCall are answered but make no row; Flush, Terminate, passwords and COPY data get no
 * answer of their own and are not queued.
 */
import type { BindMessage, ParseMessage, TargetMessage } from './decode.js';
import { decodeBind, decodeExecute, decodeParse, decodeQuery, decodeTarget } from './decode.js';
import type { LastPayload } from './last-payload.js';
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

/**
 * Decodes a frontend message; null when it gets no answer, 'malformed' when unreadable.
 * @param lastParse the connection's last Parse: clients re-parse the same statement text (the
 *   unnamed statement of each query), and a repeat needs no decoding.
 */
export function toPendingRequest(
  tag: number,
  payload: Uint8Array,
  timeNs: bigint,
  limit: number,
  lastParse: LastPayload<ParseMessage>,
): PendingRequest | null | 'malformed' {
  // Literals rather than a spread base: this runs for every frontend message.
  const lastAnswerNs = timeNs;
  const started = false;
  const damaged = false;
  switch (tag) {
    case FE.query: {
      const text = decodeQuery(payload);
      if (text === null) return 'malformed';
      const result = new ResultText(limit, true);
      return { timeNs, lastAnswerNs, started, damaged, kind: 'query', text, result };
    }
    case FE.parse: {
      let message = lastParse.get(payload);
      if (!message) {
        message = decodeParse(payload) ?? undefined;
        if (!message) return 'malformed';
        lastParse.set(payload, message);
      }
      return { timeNs, lastAnswerNs, started, damaged, kind: 'parse', message };
    }
    case FE.bind: {
      const message = decodeBind(payload);
      if (!message) return 'malformed';
      return { timeNs, lastAnswerNs, started, damaged, kind: 'bind', message };
    }
    case FE.describe:
    case FE.close: {
      const target = decodeTarget(payload);
      if (!target) return 'malformed';
      const kind = tag === FE.close ? 'close' : 'describe';
      return { timeNs, lastAnswerNs, started, damaged, kind, target };
    }
    case FE.execute: {
      const portal = decodeExecute(payload);
      if (portal === null) return 'malformed';
      const result = new ResultText(limit, false);
      return { timeNs, lastAnswerNs, started, damaged, kind: 'execute', portal, result };
    }
    case FE.sync:
      return { timeNs, lastAnswerNs, started, damaged, kind: 'sync' };
    case FE.functionCall:
      return { timeNs, lastAnswerNs, started, damaged, kind: 'function-call' };
    default:
      return null;
  }
}
