import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  latin1StartLine,
  parseHead,
  parseHeadText,
  type MessageHead,
  type MessageKind,
} from './head.js';
import { scanHead } from './head-scan.js';
import { HttpHeaders, type HeaderField } from './headers.js';

/** Pieces heads are built from: valid parts and the characters that break or escape them. */
const NAMES = ['Host', 'content-length', 'X-A', 'x-a', 'Set-Cookie', 'set-cookie', 'Ä', 'a b', ''];
const VALUE_CHARS = ['a', 'Z', '0', ' ', '\t', '"', '\\', '\r', '\x01', '\x7f', ',', ':', 'é'];
const START_LINES: Record<MessageKind, string[]> = {
  request: [
    'GET / HTTP/1.1',
    'POST /a?b=c HTTP/1.0',
    'BREW /pot\x01 HTTP/1.1',
    'GET  / HTTP/1.1',
    'GET  HTTP/1.1',
    'GET /\t HTTP/1.1',
    'GET /é HTTP/1.1',
    'GET / HTTP/1.12',
    'GET / HTTP/2.0',
    '/ HTTP/1.1',
    '\uFEFFGET / HTTP/1.1',
  ],
  response: [
    'HTTP/1.1 200 OK',
    'HTTP/1.0 404',
    'HTTP/1.1 204 ',
    'HTTP/1.1 500 It \x01 broke "badly"',
    'HTTP/1.1 200 O\rK',
    'HTTP/1.1 200 Oké',
    'HTTP/1.1 2000',
    'HTTP/1.1 200\tOK',
    'HTTP/1.1 20',
    'HTTP/1.x 200 OK',
    'HTTP/2 200 OK',
  ],
};

const value = fc
  .array(fc.constantFrom(...VALUE_CHARS), { maxLength: 8 })
  .map((chars) => chars.join(''));
const line = fc.oneof(
  fc
    .tuple(fc.constantFrom(...NAMES), fc.constantFrom(':', ': ', ' :'), value)
    .map((p) => p.join('')),
  fc.tuple(fc.constantFrom(' ', '\t'), value).map((p) => p.join('')), // folded
  fc.constant(''),
);
const ending = fc.constantFrom('\r\n', '\n', '\r\r\n');

function headArb(kind: MessageKind): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...START_LINES[kind]),
      fc.array(fc.tuple(line, ending), { maxLength: 6 }),
      fc.constantFrom('\r\n', '\n', ''),
    )
    .map(([start, lines, end]) => `${start}\r\n${lines.map((l) => l.join('')).join('')}${end}`);
}

/** What a head means for the rows: everything but object identity. */
function meaning(head: MessageHead | null): unknown {
  if (!head) return head;
  const { headers, ...rest } = head;
  return { ...rest, fields: headers.fields, json: headers.toJson(), type: headers.get('X-A') };
}

describe('scanHead', () => {
  for (const kind of ['request', 'response'] as const) {
    it(`reads ${kind} heads exactly as the text parser does`, () => {
      fc.assert(
        fc.property(headArb(kind), (text) => {
          const bytes = Buffer.from(text, 'utf8');
          const decoded = new TextDecoder().decode(bytes);
          const scanned = scanHead(kind, bytes, decoded);
          const reference = parseHeadText(kind, decoded);
          const ascii = bytes.every((byte) => byte < 0x80);
          if (ascii) expect(scanned).not.toBeUndefined();
          if (scanned !== undefined) {
            const head = scanned && { ...reference, ...scanned.start };
            expect(scanned === null ? null : head).toEqual(reference && head);
            const fields = scanned?.fields ?? [];
            expect(fields).toEqual(reference?.headers.fields ?? []);
            const plain = new HttpHeaders(fields, scanned?.plain ?? false);
            expect(plain.toJson()).toBe(new HttpHeaders(fields).toJson());
          }
          // As MessageReader has always had it: the first line must also read as a start
          // line in Latin-1 (which a byte order mark does not).
          const expected = latin1StartLine(kind, bytes) ? reference : null;
          expect(meaning(parseHead(kind, bytes))).toEqual(meaning(expected));
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('leaves a head with a byte order mark to the text parser', () => {
    const bytes = Buffer.from('\uFEFFGET / HTTP/1.1\r\n\r\n', 'utf8');
    expect(scanHead('request', bytes, new TextDecoder().decode(bytes))).toBeUndefined();
  });
});

/** The header semantics as first written: a Map by lower-cased name. */
function reference(fields: readonly HeaderField[]): { json: string; get: (n: string) => unknown } {
  const byName = new Map<string, { name: string; values: string[] }>();
  for (const { name, value } of fields) {
    const entry = byName.get(name.toLowerCase());
    if (entry) entry.values.push(value);
    else byName.set(name.toLowerCase(), { name, values: [value] });
  }
  const joined = (key: string, values: string[]): string =>
    values.join(key === 'set-cookie' ? '\n' : ', ');
  const pairs = [...byName].map(
    ([key, e]) => `${JSON.stringify(e.name)}:${JSON.stringify(joined(key, e.values))}`,
  );
  return {
    json: `{${pairs.join(',')}}`,
    get: (name) => {
      const entry = byName.get(name.toLowerCase());
      return entry && joined(name.toLowerCase(), entry.values);
    },
  };
}

describe('HttpHeaders', () => {
  const field = fc.record({
    name: fc.constantFrom('A', 'a', 'Set-Cookie', 'SET-COOKIE', 'b-^', 'B-~', '42', 'x"y'),
    value: fc.constantFrom('', 'v', 'w, x', 'é"\n'),
  });

  it('joins repeated names and writes JSON as a map by lower-cased name would', () => {
    // Up to 40 fields: past PAIRWISE_FIELDS repeats are found through a Map instead.
    fc.assert(
      fc.property(fc.array(field, { maxLength: 40 }), (fields) => {
        const headers = new HttpHeaders(fields);
        const expected = reference(fields);
        expect(headers.toJson()).toBe(expected.json);
        for (const name of ['a', 'SET-COOKIE', 'b-^', 'b-~', '42', 'missing']) {
          expect(headers.get(name)).toBe(expected.get(name));
          expect(headers.has(name)).toBe(expected.get(name) !== undefined);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
