import { isResponse, type DnsAnswer, type DnsHeader, type DnsQuestion } from './message.js';
import { jsonString } from '../common/json-text.js';
import { typeName } from './record-types.js';

/**
 * The JSON strings of the dns_events columns, in Pixie's shape (key names and order), so
 * scripts that pluck from them work unchanged.
 */

/** req_header / resp_header: `{"txid":..,"qr":..,...,"num_addl":..}`. */
export function headerJson(header: DnsHeader): string {
  // Every field is a small non-negative integer, so a template writes what JSON.stringify would.
  const { flags } = header;
  const bit = (mask: number) => ((flags & mask) !== 0 ? 1 : 0);
  return (
    `{"txid":${header.txid},"qr":${isResponse(header) ? 1 : 0},"opcode":${(flags >> 11) & 0xf},` +
    `"aa":${bit(0x0400)},"tc":${bit(0x0200)},"rd":${bit(0x0100)},"ra":${bit(0x0080)},` +
    `"ad":${bit(0x0020)},"cd":${bit(0x0010)},"rcode":${flags & 0xf},` +
    `"num_queries":${header.qdcount},"num_answers":${header.ancount},` +
    `"num_auth":${header.nscount},"num_addl":${header.arcount}}`
  );
}

/** req_body: `{"queries":[{"name":"example.com","type":"A"}]}`. */
export function queriesJson(questions: readonly DnsQuestion[]): string {
  const items = questions.map((q) => `${nameAndType(q.name, q.type)}}`);
  return `{"queries":[${items.join(',')}]}`;
}

/**
 * resp_body: `{"answers":[...]}`. A/AAAA answers carry "addr" and CNAME answers "cname", as
 * in Pixie; NS, PTR, DNAME, MX and TXT answers carry their data as text in "data"; other
 * types carry only name and type.
 */
export function answersJson(answers: readonly DnsAnswer[]): string {
  const items = answers.map((a) => {
    let item = nameAndType(a.name, a.type);
    if (a.data !== null) {
      for (const [key, value] of Object.entries(a.data)) {
        item += `,${jsonString(key)}:${jsonString(value)}`;
      }
    }
    return `${item}}`;
  });
  return `{"answers":[${items.join(',')}]}`;
}

/** `{"name":..,"type":..` without the closing brace. */
function nameAndType(name: string, type: number): string {
  return `{"name":${jsonString(name)},"type":${jsonString(typeName(type))}`;
}
