/**
 * How each kind of pending request takes the backend's answer messages, and the row it makes
 * when its answer is complete (Pixie's row shapes, see render.ts): Parse gets ParseComplete,
 * Bind BindComplete, Describe a (ParameterDescription and) RowDescription or NoData, Execute
 * its rows and tag, Query everything up to ReadyForQuery (closed by the stitcher).
 */
import {
  decodeCommandComplete,
  decodeDataRow,
  decodeErrorFields,
  decodeParameterDescription,
  decodeRowDescription,
} from './decode.js';
import { truncateText } from '../common/sql-text.js';
import { BE } from './messages.js';
import {
  bindText,
  dataRowText,
  describeText,
  errorText,
  executeText,
  rowDescriptionText,
} from './render.js';
import type { PendingRequest } from './requests.js';
import { unknownName, type PgSession } from './session.js';
import { valueText } from './values.js';

export interface BackendMessage {
  readonly tag: number;
  readonly payload: Uint8Array;
  readonly timeNs: bigint;
}

/** more: keep feeding; done: answered; failed: an extended-protocol error ended it; no: not its. */
export type Verdict = 'more' | 'done' | 'failed' | 'no';

/** Makes a row for a request: req_cmd, req and resp text, and the answer's time. */
export type RowSink = (
  request: PendingRequest,
  command: string,
  req: string,
  resp: string,
  timeNs: bigint,
) => void;

type Of<K extends PendingRequest['kind']> = Extract<PendingRequest, { kind: K }>;

const COPY_TAGS: ReadonlySet<number> = new Set([
  BE.copyIn,
  BE.copyOut,
  BE.copyBoth,
  BE.copyData,
  BE.copyDone,
]);

const FIRST_ANSWERS: Readonly<Record<PendingRequest['kind'], readonly number[]>> = {
  query: [BE.rowDescription, BE.commandComplete, BE.emptyQuery, ...COPY_TAGS],
  parse: [BE.parseComplete],
  bind: [BE.bindComplete],
  describe: [BE.parameterDescription, BE.rowDescription, BE.noData],
  execute: [BE.dataRow, BE.commandComplete, BE.emptyQuery, BE.portalSuspended, ...COPY_TAGS],
  close: [BE.closeComplete],
  'function-call': [BE.functionResult],
  sync: [], // ReadyForQuery, which the stitcher handles itself
};

/** Whether `tag` can start the answer to `request` (an ErrorResponse can start any). */
export function expectsFirst(request: PendingRequest, tag: number): boolean {
  return tag === BE.error || FIRST_ANSWERS[request.kind].includes(tag);
}

export class AnswerReader {
  /** @param limit the body limit: text kept for later rows is cut to it too. */
  constructor(
    private readonly session: PgSession,
    private readonly limit: number,
    private readonly row: RowSink,
  ) {}

  offer(request: PendingRequest, message: BackendMessage): Verdict {
    const { tag } = message;
    switch (request.kind) {
      case 'query':
        return this.toQuery(request, message);
      case 'execute':
        return tag === BE.error ? this.failed(request, message) : this.toExecute(request, message);
      case 'describe':
        return tag === BE.error ? this.failed(request, message) : this.toDescribe(request, message);
      case 'parse':
        if (tag === BE.error) return this.failed(request, message);
        return tag === BE.parseComplete ? this.parsed(request, message) : 'no';
      case 'bind':
        if (tag === BE.error) return this.failed(request, message);
        return tag === BE.bindComplete ? this.bound(request, message) : 'no';
      case 'close':
        if (tag === BE.error) return 'failed';
        if (tag !== BE.closeComplete) return 'no';
        (request.target.type === 'S' ? this.session.statements : this.session.portals).delete(
          request.target.name,
        );
        return 'done';
      case 'sync':
        return tag === BE.error ? 'more' : 'no'; // e.g. a failed implicit COMMIT
      case 'function-call':
        return tag === BE.functionResult || tag === BE.error ? 'more' : 'no';
    }
  }

  /** An extended-protocol request failed: its row shows the error. */
  private failed(
    request: Of<'parse' | 'bind' | 'describe' | 'execute'>,
    message: BackendMessage,
  ): Verdict {
    const text = errorText(decodeErrorFields(message.payload));
    if (request.kind === 'execute') {
      request.result.onError(text);
      this.executed(request, message);
    } else if (request.kind === 'parse') {
      this.row(request, 'Parse', request.message.query, text, message.timeNs);
    } else if (request.kind === 'bind') {
      const oids = this.session.statements.get(request.message.statement)?.paramOids ?? [];
      this.row(request, 'Bind', bindText(request.message, oids), text, message.timeNs);
    } else {
      this.row(request, 'Describe', describeText(request.target), text, message.timeNs);
    }
    return 'failed';
  }

  private toQuery(request: Of<'query'>, message: BackendMessage): Verdict {
    const { tag, payload } = message;
    const result = request.result;
    if (tag === BE.rowDescription) result.onRowDescription(decodeRowDescription(payload) ?? []);
    else if (tag === BE.dataRow) result.onRow(dataRowText(decodeDataRow(payload), [], undefined));
    else if (tag === BE.commandComplete) result.onComplete(decodeCommandComplete(payload));
    else if (tag === BE.emptyQuery) result.onEmptyQuery();
    else if (tag === BE.error) result.onError(errorText(decodeErrorFields(payload)));
    else if (!COPY_TAGS.has(tag)) return 'no';
    return 'more';
  }

  private toExecute(request: Of<'execute'>, message: BackendMessage): Verdict {
    const { tag, payload } = message;
    const portal = this.session.portals.get(request.portal);
    if (tag === BE.dataRow) {
      request.result.onRow(
        dataRowText(decodeDataRow(payload), portal?.resultFormats ?? [], portal?.fields),
      );
      return 'more';
    }
    if (COPY_TAGS.has(tag)) return 'more';
    if (tag === BE.commandComplete) request.result.onComplete(decodeCommandComplete(payload));
    else if (tag === BE.portalSuspended) request.result.onComplete('PORTAL SUSPENDED');
    else if (tag === BE.emptyQuery) request.result.onEmptyQuery();
    else return 'no';
    this.executed(request, message);
    return 'done';
  }

  private executed(request: Of<'execute'>, message: BackendMessage): void {
    const portal = this.session.portals.get(request.portal);
    const query = portal?.query ?? unknownName('portal', request.portal);
    const req = executeText(query, portal?.params ?? []);
    this.row(request, 'Execute', req, request.result.text(), message.timeNs);
  }

  private toDescribe(request: Of<'describe'>, message: BackendMessage): Verdict {
    const { tag, payload } = message;
    const { type, name } = request.target;
    const statement = type === 'S' ? this.session.statements.get(name) : undefined;
    if (tag === BE.parameterDescription) {
      const oids = decodeParameterDescription(payload);
      if (statement && oids) statement.paramOids = oids;
      return 'more';
    }
    if (tag !== BE.rowDescription && tag !== BE.noData) return 'no';
    const fields = tag === BE.rowDescription ? (decodeRowDescription(payload) ?? []) : [];
    if (statement) statement.fields = fields;
    const portal = type === 'P' ? this.session.portals.get(name) : undefined;
    if (portal) portal.fields = fields;
    this.row(
      request,
      'Describe',
      describeText(request.target),
      rowDescriptionText(fields),
      message.timeNs,
    );
    return 'done';
  }

  private parsed(request: Of<'parse'>, message: BackendMessage): Verdict {
    const { statement, query, paramOids } = request.message;
    const text = truncateText(query, this.limit);
    this.session.statements.set(statement, { query: text, paramOids, fields: undefined });
    this.row(request, 'Parse', query, 'PARSE COMPLETE', message.timeNs);
    return 'done';
  }

  private bound(request: Of<'bind'>, message: BackendMessage): Verdict {
    const bind = request.message;
    const statement = this.session.statements.get(bind.statement);
    const oids = statement?.paramOids ?? [];
    this.session.portals.set(bind.portal, {
      query: statement?.query ?? unknownName('statement', bind.statement),
      params: bind.params.map((p, i) =>
        truncateText(valueText(p.value, p.format, oids[i]), this.limit),
      ),
      resultFormats: bind.resultFormats,
      fields: statement?.fields,
    });
    this.row(request, 'Bind', bindText(bind, oids), 'BIND COMPLETE', message.timeNs);
    return 'done';
  }
}
