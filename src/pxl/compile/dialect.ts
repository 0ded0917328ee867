import { binary, type Expr } from '../plan/expr.js';
import { fieldIndex } from '../plan/types.js';
import type { Span } from '../syntax/index.js';
import type { Frame } from './values.js';

/**
 * Columns the course material uses that Pixie's tables do not have, each derived from
 * columns the frame does have (see docs/pxl-reference.md, "Dialects"). A frame's own column
 * always wins over a derived one.
 */
interface DerivedColumn {
  /** Only frames read from these tables (any table when absent). */
  readonly tables?: ReadonlySet<string>;
  readonly requires: readonly string[];
  readonly build: (frame: Frame, span: Span) => Expr;
}

const c = (name: string, span: Span): Expr => ({ kind: 'Column', name, span });
const s = (value: string, span: Span): Expr => ({ kind: 'Literal', type: 'STRING', value, span });
const i = (value: number, span: Span): Expr => ({ kind: 'Literal', type: 'INT64', value, span });
const fn = (name: string, span: Span, ...args: Expr[]): Expr => ({
  kind: 'Call',
  fn: name,
  args,
  span,
});

export function hasColumn(frame: Frame, name: string): boolean {
  return frame.relation !== undefined && fieldIndex(frame.relation, name) >= 0;
}

/** trace_role, or 2 (server side) when the frame has none. */
function role(frame: Frame, span: Span): Expr {
  return hasColumn(frame, 'trace_role') ? c('trace_role', span) : i(2, span);
}

/** The server side's address or port: the remote end on client-side rows, else the local end. */
function serverEnd(frame: Frame, part: 'addr' | 'port', span: Span): Expr {
  const none = part === 'addr' ? s('', span) : i(0, span);
  const remote = hasColumn(frame, `remote_${part}`) ? c(`remote_${part}`, span) : none;
  const local = hasColumn(frame, `local_${part}`) ? c(`local_${part}`, span) : none;
  if (!hasColumn(frame, 'trace_role')) return local;
  return fn('select', span, binary('==', c('trace_role', span), i(1, span)), remote, local);
}

const DERIVED: ReadonlyMap<string, DerivedColumn> = new Map<string, DerivedColumn>([
  ['resp_latency', { requires: ['latency'], build: (_f, span) => c('latency', span) }],
  [
    'req_body',
    { tables: new Set(['pgsql_events']), requires: ['req'], build: (_f, span) => c('req', span) },
  ],
  [
    'resp_body',
    { tables: new Set(['pgsql_events']), requires: ['resp'], build: (_f, span) => c('resp', span) },
  ],
  [
    'query_name',
    {
      tables: new Set(['dns_events']),
      requires: ['req_body'],
      build: (_f, span) =>
        fn(
          'pluck',
          span,
          fn(
            'pluck_array',
            span,
            fn('pluck', span, c('req_body', span), s('queries', span)),
            i(0, span),
          ),
          s('name', span),
        ),
    },
  ],
  [
    'resp_code',
    {
      tables: new Set(['dns_events']),
      requires: ['resp_header'],
      build: (_f, span) => fn('pluck_int64', span, c('resp_header', span), s('rcode', span)),
    },
  ],
  [
    'service',
    {
      requires: ['upid'],
      build: (frame, span) =>
        fn(
          'dialect.service',
          span,
          c('upid', span),
          role(frame, span),
          serverEnd(frame, 'addr', span),
          serverEnd(frame, 'port', span),
        ),
    },
  ],
  [
    'dns_resp_latency',
    {
      tables: new Set(['http_events']),
      requires: ['upid'],
      build: (_f, span) => fn('dialect.dns_resp_latency', span, c('upid', span)),
    },
  ],
]);

/** The derived column `name` of this frame, if the dialect defines one it can compute. */
export function derivedColumn(frame: Frame, name: string, span: Span): Expr | undefined {
  const rule = DERIVED.get(name);
  if (rule === undefined || hasColumn(frame, name)) return undefined;
  if (rule.tables !== undefined && (frame.table === undefined || !rule.tables.has(frame.table))) {
    return undefined;
  }
  if (!rule.requires.every((r) => hasColumn(frame, r))) return undefined;
  return rule.build(frame, span);
}

/** The names derivedColumn would accept for this frame, for suggestions. */
export function derivedNames(frame: Frame): string[] {
  return [...DERIVED.keys()].filter((name) => derivedColumn(frame, name, NO_SPAN) !== undefined);
}

const NO_POSITION = { line: 1, col: 1, offset: 0 };
const NO_SPAN: Span = { start: NO_POSITION, end: NO_POSITION };

/** `df.ctx[key]` keys, with Pixie's aliases, to the field they read. */
const CTX_KEYS: ReadonlyMap<string, string> = new Map([
  ['pod', 'pod'],
  ['pod_name', 'pod'],
  ['service', 'service'],
  ['service_name', 'service'],
  ['namespace', 'namespace'],
  ['node', 'node'],
  ['node_name', 'node'],
  ['hostname', 'node'],
  ['host', 'node'],
  ['container', 'container'],
  ['container_name', 'container'],
  ['pid', 'pid'],
  ['cmdline', 'cmdline'],
  ['cmd', 'cmdline'],
  ['upid', 'upid'],
  ['asid', 'asid'],
]);

export function ctxKeys(): string[] {
  return [...CTX_KEYS.keys()];
}

/** The expression for `df.ctx[key]` on a frame with a upid column; undefined for an unknown key. */
export function ctxExpr(frame: Frame, key: string, span: Span): Expr | undefined {
  const field = CTX_KEYS.get(key);
  if (field === undefined) return undefined;
  if (field === 'upid') return c('upid', span);
  if (field === 'asid') return fn('upid_to_asid', span, c('upid', span));
  return fn(
    `ctx.${field}`,
    span,
    c('upid', span),
    serverEnd(frame, 'addr', span),
    serverEnd(frame, 'port', span),
  );
}
