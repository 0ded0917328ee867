import {
  isResponse,
  type DnsAnswer,
  type DnsAnswerData,
  type DnsHeader,
  type DnsQuestion,
} from './message.js';
import { jsonString } from '../common/json-text.js';
import { typeName } from './record-types.js';

/**
 * The JSON strings of the dns_events columns, in Pixie's shape (key names and order), so
 * scripts that pluck from them work unchanged.
 */

/** req_header / resp_header: `{"txid":..,"qr":..,...,"num_addl":..}`. */
export function headerJson(header: DnsHeader): string {
  return txidPrefix(header.txid) + headerRest(header);
}

/**
 * `{"txid":N,`, made once per transaction id. Ids are random, so their text would be made
 * anew for nearly every message, and with it three short-lived strings per header.
 */
function txidPrefix(txid: number): string {
  const cached = TXID_PREFIXES[txid];
  if (cached !== undefined && cached !== '') return cached;
  const prefix = `{"txid":${txid},`;
  if (txid < TXID_PREFIXES.length) TXID_PREFIXES[txid] = prefix;
  return prefix;
}

/** By transaction id (16 bits); '' until the id is first seen. */
const TXID_PREFIXES: string[] = new Array<string>(0x10000).fill('');

/**
 * Everything after the txid, which repeats from message to message: made once per distinct
 * flags and counts (when the counts are small enough to key on), not per message.
 */
function headerRest(header: DnsHeader): string {
  const { flags, qdcount, ancount, nscount, arcount } = header;
  if ((qdcount | ancount | nscount | arcount) > 0xff) return headerRestText(header);
  const key = flags * 2 ** 32 + qdcount * 2 ** 24 + ancount * 2 ** 16 + nscount * 2 ** 8 + arcount;
  let rest = HEADER_RESTS.get(key);
  if (rest === undefined) {
    if (HEADER_RESTS.size >= 4096) HEADER_RESTS.clear();
    rest = headerRestText(header);
    HEADER_RESTS.set(key, rest);
  }
  return rest;
}

const HEADER_RESTS = new Map<number, string>();

function headerRestText(header: DnsHeader): string {
  // Every field is a small non-negative integer, so a template writes what JSON.stringify would.
  const { flags } = header;
  const bit = (mask: number) => ((flags & mask) !== 0 ? 1 : 0);
  return (
    `"qr":${isResponse(header) ? 1 : 0},"opcode":${(flags >> 11) & 0xf},` +
    `"aa":${bit(0x0400)},"tc":${bit(0x0200)},"rd":${bit(0x0100)},"ra":${bit(0x0080)},` +
    `"ad":${bit(0x0020)},"cd":${bit(0x0010)},"rcode":${flags & 0xf},` +
    `"num_queries":${header.qdcount},"num_answers":${header.ancount},` +
    `"num_auth":${header.nscount},"num_addl":${header.arcount}}`
  );
}

/** req_body: `{"queries":[{"name":"example.com","type":"A"}]}`. */
export function queriesJson(questions: readonly DnsQuestion[]): string {
  const only = questions.length === 1 ? questions[0] : undefined;
  if (only !== undefined) return oneQueryJson(only.name, only.type);
  let items = '';
  for (const q of questions) items += `${items === '' ? '' : ','}${nameAndType(q.name, q.type)}}`;
  return `{"queries":[${items}]}`;
}

/**
 * The req_body of a query for one name, made once per name and type while they keep coming:
 * resolvers ask for the same names again and again, and the store's dictionary hashes a
 * string it has seen before for free.
 */
function oneQueryJson(name: string, type: number): string {
  let byName = ONE_QUERY_JSON.get(type);
  let json = byName?.get(name);
  if (json !== undefined) return json;
  if (oneQueriesCached >= MAX_CACHED_QUERIES) {
    ONE_QUERY_JSON.clear();
    oneQueriesCached = 0;
    byName = undefined;
  }
  if (byName === undefined) {
    byName = new Map();
    ONE_QUERY_JSON.set(type, byName);
  }
  json = `{"queries":[${nameAndType(name, type)}}]}`;
  byName.set(name, json);
  oneQueriesCached++;
  return json;
}

/** req_body by question type, then name; emptied when it holds MAX_CACHED_QUERIES. */
const ONE_QUERY_JSON = new Map<number, Map<string, string>>();
const MAX_CACHED_QUERIES = 4096;
let oneQueriesCached = 0;

/**
 * resp_body: `{"answers":[...]}`. A/AAAA answers carry "addr" and CNAME answers "cname", as
 * in Pixie; NS, PTR, DNAME, MX and TXT answers carry their data as text in "data"; other
 * types carry only name and type.
 */
export function answersJson(answers: readonly DnsAnswer[]): string {
  let items = '';
  for (const a of answers) {
    if (items !== '') items += ',';
    items += nameAndType(a.name, a.type);
    if (a.data !== null) items += dataJson(a.data);
    items += '}';
  }
  return `{"answers":[${items}]}`;
}

/** `,"addr":..` / `,"cname":..` / `,"data":..`. */
function dataJson(data: NonNullable<DnsAnswerData>): string {
  // Address text (digits, hex, "." and ":") never needs escaping.
  if ('addr' in data) return `,"addr":"${data.addr}"`;
  if ('cname' in data) return `,"cname":${jsonString(data.cname)}`;
  return `,"data":${jsonString(data.data)}`;
}

/** `{"name":..,"type":..` without the closing brace. */
function nameAndType(name: string, type: number): string {
  return `{"name":${jsonString(name)},${typeField(type)}`;
}

/** `"type":"A"`, made once per type. */
function typeField(type: number): string {
  let field = TYPE_FIELDS.get(type);
  if (field === undefined) {
    if (TYPE_FIELDS.size >= 4096) TYPE_FIELDS.clear();
    field = `"type":${jsonString(typeName(type))}`;
    TYPE_FIELDS.set(type, field);
  }
  return field;
}

const TYPE_FIELDS = new Map<number, string>();
