/**
 * PostgreSQL message tags (protocol 3.0). The same letter means different things on the two
 * sides ('D' is Describe from the client and DataRow from the server), so each side has its
 * own table.
 */

const code = (tag: string): number => tag.charCodeAt(0);

export const FE = {
  query: code('Q'),
  parse: code('P'),
  bind: code('B'),
  describe: code('D'),
  execute: code('E'),
  sync: code('S'),
  flush: code('H'),
  close: code('C'),
  terminate: code('X'),
  functionCall: code('F'),
} as const;

export const BE = {
  auth: code('R'),
  backendKey: code('K'),
  parameterStatus: code('S'),
  readyForQuery: code('Z'),
  rowDescription: code('T'),
  dataRow: code('D'),
  commandComplete: code('C'),
  error: code('E'),
  notice: code('N'),
  emptyQuery: code('I'),
  parseComplete: code('1'),
  bindComplete: code('2'),
  closeComplete: code('3'),
  noData: code('n'),
  parameterDescription: code('t'),
  portalSuspended: code('s'),
  notification: code('A'),
  copyIn: code('G'),
  copyOut: code('H'),
  copyBoth: code('W'),
  copyData: code('d'),
  copyDone: code('c'),
  functionResult: code('V'),
  negotiateVersion: code('v'),
} as const;

/** Every frontend message of protocol 3 (passwords, SASL and GSS responses are all 'p'). */
const FRONTEND_TAGS: readonly number[] = Array.from('QPBDESHCXpdcfF', code);

/** Payload lengths (after the length field) that a message must have, where fixed. */
const FRONTEND_FIXED: readonly (readonly [number, number])[] = [
  [FE.sync, 0],
  [FE.flush, 0],
  [FE.terminate, 0],
  [code('c'), 0], // CopyDone
];

const BACKEND_FIXED: readonly (readonly [number, number])[] = [
  [BE.readyForQuery, 1],
  [BE.parseComplete, 0],
  [BE.bindComplete, 0],
  [BE.closeComplete, 0],
  [BE.noData, 0],
  [BE.emptyQuery, 0],
  [BE.portalSuspended, 0],
  [BE.copyDone, 0],
];

const UNKNOWN = -2;
const ANY_LENGTH = -1;

/**
 * Per tag byte: UNKNOWN, ANY_LENGTH or the fixed payload length. A table rather than a Set and
 * a Map because the framer asks for every message.
 */
function lengthRule(
  tags: readonly number[],
  fixed: readonly (readonly [number, number])[],
): Int32Array {
  const rule = new Int32Array(256).fill(UNKNOWN);
  for (const tag of tags) rule[tag] = ANY_LENGTH;
  for (const [tag, length] of fixed) rule[tag] = length;
  return rule;
}

const FRONTEND_RULE = lengthRule(FRONTEND_TAGS, FRONTEND_FIXED);
const BACKEND_RULE = lengthRule(Object.values(BE), BACKEND_FIXED);

/** PostgreSQL refuses messages over 1 GiB. */
export const MAX_MESSAGE_LENGTH = 0x40000000;

/** Whether a tag and payload length can be a message of that side. */
export function isKnownMessage(side: 'frontend' | 'backend', tag: number, length: number): boolean {
  if (length < 0 || length > MAX_MESSAGE_LENGTH) return false;
  const rule = (side === 'frontend' ? FRONTEND_RULE : BACKEND_RULE)[tag] ?? UNKNOWN;
  return rule === ANY_LENGTH || rule === length;
}

/** Backend messages that may arrive at any time and answer no request. */
export function isAsynchronous(tag: number): boolean {
  return (
    tag === BE.notice ||
    tag === BE.parameterStatus ||
    tag === BE.notification ||
    tag === BE.auth ||
    tag === BE.backendKey ||
    tag === BE.negotiateVersion
  );
}
