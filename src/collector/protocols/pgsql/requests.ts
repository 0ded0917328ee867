/**
 * The frontend messages that get an answer, decoded into what the stitcher pairs. Query,
 * Parse, Bind, Describe and Execute become rows (Pixie's row set); Close, Sync and
 * FunctionCall are answered but make no row; Flush, Terminate, passwords and COPY data get no
 * answer of their own and are not queued.
 */
import type { BindMessage, ParseMessage, TargetMessage } from './decode.js';
import { decodeBind, decodeExecute, decodeParse, decodeQuery, decodeTarget } from './decode.js';
import { LastPayload } from './last-payload.js';
import { FE } from './messages.js';
import { ResultText } from './result-text.js';
import { ShortTexts } from './short-texts.js';

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
 * Decodes frontend messages into pending requests, for one connection. It remembers the last
 * Parse (clients re-parse the same statement text, the unnamed statement of each query, and a
 * repeat needs no decoding) and the short statements seen lately (`BEGIN;`, `END;`).
 */
export class RequestReader {
  private readonly lastParse = new LastPayload<ParseMessage>();
  private readonly shortQueries = new ShortTexts();

  /** @param limit the body limit, for the texts of results. */
  constructor(private readonly limit: number) {}

  /**
   * The request in the message `tag` with payload `bytes[start, end)`; null when it gets no
   * answer, 'malformed' when unreadable.
   */
  read(
    tag: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    timeNs: bigint,
  ): PendingRequest | null | 'malformed' {
    // Literals rather than a spread base: this runs for every frontend message.
    const lastAnswerNs = timeNs;
    const started = false;
    const damaged = false;
    switch (tag) {
      case FE.query: {
        const text = decodeQuery(bytes, start, end, this.shortQueries);
        if (text === null) return 'malformed';
        const result = new ResultText(this.limit, true);
        return { timeNs, lastAnswerNs, started, damaged, kind: 'query', text, result };
      }
      case FE.parse: {
        const message = this.parse(bytes, start, end);
        if (!message) return 'malformed';
        return { timeNs, lastAnswerNs, started, damaged, kind: 'parse', message };
      }
      case FE.bind: {
        const message = decodeBind(bytes, start, end);
        if (!message) return 'malformed';
        return { timeNs, lastAnswerNs, started, damaged, kind: 'bind', message };
      }
      case FE.describe:
      case FE.close: {
        const target = decodeTarget(bytes, start, end);
        if (!target) return 'malformed';
        const kind = tag === FE.close ? 'close' : 'describe';
        return { timeNs, lastAnswerNs, started, damaged, kind, target };
      }
      case FE.execute: {
        const portal = decodeExecute(bytes, start, end);
        if (portal === null) return 'malformed';
        const result = new ResultText(this.limit, false);
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

  private parse(bytes: Uint8Array, start: number, end: number): ParseMessage | undefined {
    let message = this.lastParse.get(bytes, start, end);
    if (!message) {
      message = decodeParse(bytes.subarray(start, end)) ?? undefined;
      if (message) this.lastParse.set(bytes, start, end, message);
    }
    return message;
  }
}
