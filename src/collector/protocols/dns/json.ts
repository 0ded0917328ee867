import { isResponse, type DnsHeader } from './header.js';
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
  if ((qdcount | ancount | nscount | arcount) > 0x7f) return headerRestText(header);
  // Keyed in two steps: one number for flags and counts would be too large for a small
  // integer, and a Map would box it on every lookup.
  const counts = (qdcount << 21) | (ancount << 14) | (nscount << 7) | arcount;
  let byCounts = HEADER_RESTS.get(flags);
  let rest = byCounts?.get(counts);
  if (rest !== undefined) return rest;
  if (headerRestsCached >= MAX_CACHED_HEADERS) {
    HEADER_RESTS.clear();
    headerRestsCached = 0;
    byCounts = undefined;
  }
  if (byCounts === undefined) {
    byCounts = new Map();
    HEADER_RESTS.set(flags, byCounts);
  }
  rest = headerRestText(header);
  byCounts.set(counts, rest);
  headerRestsCached++;
  return rest;
}

/** Header texts by flags, then counts; emptied when it holds MAX_CACHED_HEADERS. */
const HEADER_RESTS = new Map<number, Map<number, string>>();
const MAX_CACHED_HEADERS = 4096;
let headerRestsCached = 0;

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

/** req_body: `{"queries":[{"name":"example.com","type":"A"}]}`, from the items' JSON. */
export function queriesJson(items: string): string {
  return items === '' ? NO_QUERIES : `{"queries":[${items}]}`;
}

/** One item of req_body: `{"name":"example.com","type":"A"}`. */
export function queryItemJson(name: string, type: number): string {
  return `${nameAndType(name, type)}}`;
}

/** resp_body: `{"answers":[...]}`, from the items' JSON. */
export function answersJson(items: string): string {
  return items === '' ? NO_ANSWERS : `{"answers":[${items}]}`;
}

/** The bodies of empty sections, as constants: queries carry no answers. */
const NO_QUERIES = '{"queries":[]}';
const NO_ANSWERS = '{"answers":[]}';

/**
 * One item of resp_body. A/AAAA answers carry "addr" and CNAME answers "cname", as in Pixie;
 * NS, PTR, DNAME, MX and TXT answers carry their data as text in "data"; other types carry
 * only name and type (`field` is '').
 */
export function answerJson(name: string, type: number, field: string): string {
  return `${nameAndType(name, type)}${field}}`;
}

/** `,"addr":".."`: address text (digits, hex, "." and ":") never needs escaping. */
export function addrField(addr: string): string {
  return `,"addr":"${addr}"`;
}

/** `,"cname":".."`. */
export function cnameField(name: string): string {
  return `,"cname":${jsonString(name)}`;
}

/** `,"data":".."`. */
export function dataField(text: string): string {
  return `,"data":${jsonString(text)}`;
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
