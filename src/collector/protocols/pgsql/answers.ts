/**
 * How each kind of pending request takes the backend's answer messages, and the row it makes
 * when its answer is complete (Pixie's row shapes, see render.ts): Parse gets ParseComplete,
 * Bind BindComplete, Describe a (ParameterDescription and) RowDescription or NoData, Execute
 * its rows and tag, Query everything up to ReadyForQuery (closed by the stitcher). A message
 * is offered as its tag, payload `bytes[start, end)` and time; the bytes may be the framer's
 * buffers, so nothing here keeps them.
 */
import {
  decodeCommandComplete,
  decodeErrorFields,
  decodeParameterDescription,
  decodeRowDescription,
  type Field,
} from './decode.js';
import { LastPayload } from './last-payload.js';
import { ShortTexts } from './short-texts.js';
import { truncateText } from '../common/sql-text.js';
import { BE } from './messages.js';
import {
  bindText,
  dataRowText,
  describeText,
  errorText,
  executeText,
  paramTexts,
  rowDescriptionText,
} from './render.js';
import type { PendingRequest } from './requests.js';
import { unknownName, type PgSession } from './session.js';

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

const NO_FORMATS: readonly number[] = [];
const NO_OIDS: readonly number[] = [];

/** A RowDescription's fields, and their text once a Describe shows it. */
class RowDescription {
  private shown: string | undefined;

  constructor(readonly fields: readonly Field[]) {}

  get text(): string {
    this.shown ??= rowDescriptionText(this.fields);
    return this.shown;
  }
}

const NO_DATA = new RowDescription([]);

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
  private readonly lastRowDescription = new LastPayload<RowDescription>();
  private readonly tags = new ShortTexts();

  /** @param limit the body limit: text kept for later rows is cut to it too. */
  constructor(
    private readonly session: PgSession,
    private readonly limit: number,
    private readonly row: RowSink,
  ) {}

  offer(
    request: PendingRequest,
    tag: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    timeNs: bigint,
  ): Verdict {
    switch (request.kind) {
      case 'query':
        return this.toQuery(request, tag, bytes, start, end);
      case 'execute':
        if (tag === BE.error) return this.failed(request, bytes.subarray(start, end), timeNs);
        return this.toExecute(request, tag, bytes, start, end, timeNs);
      case 'describe':
        if (tag === BE.error) return this.failed(request, bytes.subarray(start, end), timeNs);
        return this.toDescribe(request, tag, bytes, start, end, timeNs);
      case 'parse':
        if (tag === BE.error) return this.failed(request, bytes.subarray(start, end), timeNs);
        return tag === BE.parseComplete ? this.parsed(request, timeNs) : 'no';
      case 'bind':
        if (tag === BE.error) return this.failed(request, bytes.subarray(start, end), timeNs);
        return tag === BE.bindComplete ? this.bound(request, timeNs) : 'no';
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
    payload: Uint8Array,
    timeNs: bigint,
  ): Verdict {
    const text = errorText(decodeErrorFields(payload));
    if (request.kind === 'execute') {
      request.result.onError(text);
      this.executed(request, timeNs);
    } else if (request.kind === 'parse') {
      this.row(request, 'Parse', request.message.query, text, timeNs);
    } else if (request.kind === 'bind') {
      const bind = request.message;
      const oids = this.session.statements.get(bind.statement)?.paramOids ?? NO_OIDS;
      this.row(request, 'Bind', bindText(bind, paramTexts(bind, oids)), text, timeNs);
    } else {
      this.row(request, 'Describe', describeText(request.target), text, timeNs);
    }
    return 'failed';
  }

  private toQuery(
    request: Of<'query'>,
    tag: number,
    bytes: Uint8Array,
    start: number,
    end: number,
  ): Verdict {
    const result = request.result;
    if (tag === BE.rowDescription)
      result.onRowDescription(this.rowDescription(bytes, start, end).fields);
    else if (tag === BE.dataRow)
      result.onRow(dataRowText(bytes, start, end, NO_FORMATS, undefined));
    else if (tag === BE.commandComplete)
      result.onComplete(decodeCommandComplete(bytes, start, end, this.tags));
    else if (tag === BE.emptyQuery) result.onEmptyQuery();
    else if (tag === BE.error)
      result.onError(errorText(decodeErrorFields(bytes.subarray(start, end))));
    else if (!COPY_TAGS.has(tag)) return 'no';
    return 'more';
  }

  private toExecute(
    request: Of<'execute'>,
    tag: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    timeNs: bigint,
  ): Verdict {
    if (tag === BE.dataRow) {
      const portal = this.session.portals.get(request.portal);
      const formats = portal?.resultFormats ?? NO_FORMATS;
      request.result.onRow(dataRowText(bytes, start, end, formats, portal?.fields));
      return 'more';
    }
    if (COPY_TAGS.has(tag)) return 'more';
    if (tag === BE.commandComplete)
      request.result.onComplete(decodeCommandComplete(bytes, start, end, this.tags));
    else if (tag === BE.portalSuspended) request.result.onComplete('PORTAL SUSPENDED');
    else if (tag === BE.emptyQuery) request.result.onEmptyQuery();
    else return 'no';
    this.executed(request, timeNs);
    return 'done';
  }

  private executed(request: Of<'execute'>, timeNs: bigint): void {
    const portal = this.session.portals.get(request.portal);
    const query = portal?.query ?? unknownName('portal', request.portal);
    const req = executeText(query, portal?.params ?? []);
    this.row(request, 'Execute', req, request.result.text(), timeNs);
  }

  private toDescribe(
    request: Of<'describe'>,
    tag: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    timeNs: bigint,
  ): Verdict {
    const { type, name } = request.target;
    const statement = type === 'S' ? this.session.statements.get(name) : undefined;
    if (tag === BE.parameterDescription) {
      const oids = decodeParameterDescription(bytes.subarray(start, end));
      if (statement && oids) statement.paramOids = oids;
      return 'more';
    }
    if (tag !== BE.rowDescription && tag !== BE.noData) return 'no';
    const described = tag === BE.rowDescription ? this.rowDescription(bytes, start, end) : NO_DATA;
    if (statement) statement.fields = described.fields;
    const portal = type === 'P' ? this.session.portals.get(name) : undefined;
    if (portal) portal.fields = described.fields;
    this.row(request, 'Describe', describeText(request.target), described.text, timeNs);
    return 'done';
  }

  private rowDescription(bytes: Uint8Array, start: number, end: number): RowDescription {
    let described = this.lastRowDescription.get(bytes, start, end);
    if (!described) {
      described = new RowDescription(decodeRowDescription(bytes.subarray(start, end)) ?? []);
      this.lastRowDescription.set(bytes, start, end, described);
    }
    return described;
  }

  private parsed(request: Of<'parse'>, timeNs: bigint): Verdict {
    const { statement, query, paramOids } = request.message;
    const text = truncateText(query, this.limit);
    const known = this.session.statements.get(statement);
    // The same text parsed again (a client re-parsing its unnamed statement) resets the entry
    // in place rather than allocating a new one. It still becomes the newest entry.
    if (known?.query === text) {
      known.paramOids = paramOids;
      known.fields = undefined;
      this.session.statements.set(statement, known);
    } else {
      this.session.statements.set(statement, { query: text, paramOids, fields: undefined });
    }
    this.row(request, 'Parse', query, 'PARSE COMPLETE', timeNs);
    return 'done';
  }

  private bound(request: Of<'bind'>, timeNs: bigint): Verdict {
    const bind = request.message;
    const statement = this.session.statements.get(bind.statement);
    const texts = paramTexts(bind, statement?.paramOids ?? NO_OIDS);
    this.session.portals.set(bind.portal, {
      query: statement?.query ?? unknownName('statement', bind.statement),
      params: truncateAll(texts, this.limit),
      resultFormats: bind.resultFormats,
      fields: statement?.fields,
    });
    this.row(request, 'Bind', bindText(bind, texts), 'BIND COMPLETE', timeNs);
    return 'done';
  }
}

/** The texts cut to `limit`; the same array when none needed cutting (the usual case). */
function truncateAll(texts: string[], limit: number): readonly string[] {
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] ?? '';
    const cut = truncateText(text, limit);
    if (cut !== text) return texts.map((t) => truncateText(t, limit));
  }
  return texts;
}
