/**
 * The contract between the connection tracker and the per-protocol parsers. Parsers are pure:
 * they receive in-order bytes for one connection and return finished records; they never
 * throw on bad bytes (they resync or reset and count the error), never do I/O, never read a
 * clock (times come with the bytes).
 */

/** The tables protocol parsers write. */
export type ProtocolTable = 'http_events' | 'mysql_events' | 'pgsql_events' | 'dns_events';

/** Which half of an exchange a byte stream carries, independent of which side we trace. */
export type MessageSide = 'request' | 'response';

/** A value for one protocol-specific column. Times and the canonical columns are added later. */
export type ColumnValue = string | number | boolean;

/**
 * One stitched exchange. The tracker adds time_, upid, addresses, trace_role and encrypted.
 * `values` holds the table's protocol columns by their schema names (e.g. req_method,
 * resp_status, latency for http_events).
 */
export interface ProtocolRecord {
  readonly table: ProtocolTable;
  /** Pixie's time_: the time of the response's last byte (the request's when there is none). */
  readonly timeNs: bigint;
  readonly values: Readonly<Record<string, ColumnValue>>;
}

/** Counters every parser keeps; surfaced in self-stats so losses are visible. */
export interface ParserStats {
  /** Bytes that could not be parsed and were skipped while resyncing. */
  invalidBytes: number;
  /** Frames rejected as malformed. */
  invalidFrames: number;
  /** Requests or responses that found no partner (dropped or timed out). */
  unmatched: number;
  /** Bytes dropped because a per-connection buffer hit its cap. */
  overflowBytes: number;
}

export function emptyParserStats(): ParserStats {
  return { invalidBytes: 0, invalidFrames: 0, unmatched: 0, overflowBytes: 0 };
}

export interface ParserOptions {
  /** Bodies are kept up to this many bytes, then cut with a marker (default 4096). */
  readonly maxBodyBytes: number;
  /** Bytes buffered per direction before the parser drops its buffer and resyncs. */
  readonly maxBufferBytes: number;
}

export const DEFAULT_PARSER_OPTIONS: ParserOptions = {
  maxBodyBytes: 4096,
  maxBufferBytes: 1024 * 1024,
};

/**
 * Parser state for one connection of one protocol. The tracker feeds each side's bytes in
 * stream order and calls `gap` when bytes were lost, so the parser can drop its partial frame
 * and look for the next frame boundary.
 */
export interface ProtocolConnection {
  /** Contiguous bytes of one side; `timeNs` is when these bytes were seen. */
  onData(side: MessageSide, data: Uint8Array, timeNs: bigint): void;
  /** Bytes of `side` were lost (`length` of them, possibly unknown = -1). */
  onGap(side: MessageSide, length: number, timeNs: bigint): void;
  /** The connection closed: flush what can be flushed (e.g. a response framed by close). */
  onClose(timeNs: bigint): void;
  /** Moves finished records into `out`. */
  drain(out: ProtocolRecord[]): void;
  readonly stats: ParserStats;
}

/** Result of looking at the first bytes of a stream to recognise a protocol. */
export interface Detection {
  /** Whether the bytes look like a request (sent by the client) or a response. */
  readonly side: MessageSide;
  /** 0..1; the tracker takes the most confident protocol above its threshold. */
  readonly confidence: number;
}

export interface ProtocolSpec {
  readonly name: 'http' | 'mysql' | 'pgsql' | 'dns';
  readonly table: ProtocolTable;
  /** Looks at the first bytes a side sent; null when they are not this protocol. */
  detect(firstBytes: Uint8Array): Detection | null;
  createConnection(options: ParserOptions): ProtocolConnection;
}
