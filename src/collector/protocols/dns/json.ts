import { isResponse, type DnsAnswer, type DnsHeader, type DnsQuestion } from './message.js';
import { typeName } from './record-types.js';

/**
 * The JSON strings of the dns_events columns, in Pixie's shape (key names and order), so
 * scripts that pluck from them work unchanged.
 */

/** req_header / resp_header: `{"txid":..,"qr":..,...,"num_addl":..}`. */
export function headerJson(header: DnsHeader): string {
  const bit = (mask: number) => ((header.flags & mask) !== 0 ? 1 : 0);
  return JSON.stringify({
    txid: header.txid,
    qr: isResponse(header) ? 1 : 0,
    opcode: (header.flags >> 11) & 0xf,
    aa: bit(0x0400),
    tc: bit(0x0200),
    rd: bit(0x0100),
    ra: bit(0x0080),
    ad: bit(0x0020),
    cd: bit(0x0010),
    rcode: header.flags & 0xf,
    num_queries: header.qdcount,
    num_answers: header.ancount,
    num_auth: header.nscount,
    num_addl: header.arcount,
  });
}

/** req_body: `{"queries":[{"name":"example.com","type":"A"}]}`. */
export function queriesJson(questions: readonly DnsQuestion[]): string {
  return JSON.stringify({
    queries: questions.map((q) => ({ name: q.name, type: typeName(q.type) })),
  });
}

/**
 * resp_body: `{"answers":[...]}`. A/AAAA answers carry "addr" and CNAME answers "cname", as
 * in Pixie; NS, PTR, DNAME, MX and TXT answers carry their data as text in "data"; other
 * types carry only name and type.
 */
export function answersJson(answers: readonly DnsAnswer[]): string {
  return JSON.stringify({
    answers: answers.map((a) => ({ name: a.name, type: typeName(a.type), ...(a.data ?? {}) })),
  });
}
