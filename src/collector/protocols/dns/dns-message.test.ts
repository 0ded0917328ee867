import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { detectDnsDatagram, detectDnsTcp, dnsPlausibility } from './detect.js';
import {
  addrField,
  answerJson,
  answersJson,
  cnameField,
  dataField,
  headerJson,
  queriesJson,
  queryItemJson,
} from './json.js';
import { DnsMessageReader } from './message.js';

/** A name in wire form: labels, or raw bytes for pointers and odd labels. */
type WireName = string | Uint8Array;

function encodeName(name: WireName): Uint8Array {
  if (typeof name !== 'string') return name;
  if (name === '.') return Uint8Array.of(0);
  const parts = name.split('.').flatMap((label) => [label.length, ...Buffer.from(label)]);
  return Uint8Array.from([...parts, 0]);
}

const pointer = (offset: number) => Uint8Array.of(0xc0 | (offset >> 8), offset & 0xff);
const u16 = (n: number) => [n >> 8, n & 0xff];

interface Answer {
  readonly name: WireName;
  readonly type: number;
  readonly rdata: Uint8Array;
}

function dnsMessage(options: {
  txid: number;
  flags: number;
  questions?: readonly (readonly [WireName, number])[];
  answers?: readonly Answer[];
  extraCounts?: readonly [number, number];
}): Uint8Array {
  const questions = options.questions ?? [];
  const answers = options.answers ?? [];
  const [ns, ar] = options.extraCounts ?? [0, 0];
  const bytes = [
    ...u16(options.txid),
    ...u16(options.flags),
    ...u16(questions.length),
    ...u16(answers.length),
    ...u16(ns),
    ...u16(ar),
  ];
  for (const [name, type] of questions) bytes.push(...encodeName(name), ...u16(type), ...u16(1));
  for (const a of answers) {
    bytes.push(...encodeName(a.name), ...u16(a.type), ...u16(1), 0, 0, 0x0e, 0x10);
    bytes.push(...u16(a.rdata.length), ...a.rdata);
  }
  return Uint8Array.from(bytes);
}

const QUERY = 0x0100; // RD
const QUERY_AD = 0x0120; // RD, AD (dig's default)
const REPLY = 0x8180; // QR, RD, RA
const ipv4 = (text: string) => Uint8Array.from(text.split('.').map(Number));
const ipv6 = (groups: number[]) => Uint8Array.from(groups.flatMap(u16));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

/** Reads `bytes` with a fresh reader; null when the header or a question is malformed. */
function read(bytes: Uint8Array): DnsMessageReader | null {
  const reader = new DnsMessageReader();
  return reader.read(bytes) ? reader : null;
}

/** The names of the answers in a reader's resp_body. */
const answerNames = (reader: DnsMessageReader | null) =>
  reader === null
    ? null
    : (JSON.parse(reader.answers) as { answers: { name: string }[] }).answers.map((a) => a.name);

describe('DnsMessageReader', () => {
  it('reads the header and questions of a query', () => {
    const query = dnsMessage({ txid: 0xbeef, flags: QUERY, questions: [['example.com', 28]] });
    const reader = read(query);
    expect(reader).toMatchObject({
      txid: 0xbeef,
      flags: QUERY,
      qdcount: 1,
      ancount: 0,
      nscount: 0,
      arcount: 0,
      questions: {
        name: 'example.com',
        type: 28,
        json: '{"queries":[{"name":"example.com","type":"AAAA"}]}',
      },
      answers: '{"answers":[]}',
      complete: true,
    });
  });

  it('decodes A, AAAA, CNAME, PTR, MX, TXT and other answers with compressed names', () => {
    const reply = dnsMessage({
      txid: 7,
      flags: REPLY,
      questions: [['www.example.com', 1]],
      answers: [
        {
          name: pointer(12),
          type: 5,
          rdata: concat(Uint8Array.of(4, 0x65, 0x64, 0x67, 0x65), pointer(16)),
        },
        { name: pointer(12), type: 1, rdata: ipv4('93.184.216.34') },
        { name: pointer(12), type: 28, rdata: ipv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]) },
        { name: pointer(12), type: 28, rdata: ipv6([0, 0, 0, 0, 0, 0, 0, 0]) },
        { name: pointer(12), type: 28, rdata: ipv6([1, 0, 0, 2, 0, 0, 0, 3]) },
        { name: pointer(12), type: 28, rdata: ipv6([1, 0, 0, 2, 0, 0, 3, 4]) },
        { name: '4.3.2.1.in-addr.arpa', type: 12, rdata: pointer(12) },
        { name: pointer(16), type: 15, rdata: concat(Uint8Array.of(0, 10), encodeName('mx.a')) },
        { name: pointer(16), type: 16, rdata: Uint8Array.of(2, 0x68, 0x69, 1, 0x21) },
        { name: pointer(16), type: 46, rdata: Uint8Array.of(1, 2, 3) },
        { name: pointer(16), type: 65280, rdata: Uint8Array.of() },
      ],
    });
    const reader = read(reply);
    expect(reader?.complete).toBe(true);
    expect(JSON.parse(reader?.answers ?? '')).toEqual({
      answers: [
        { name: 'www.example.com', type: 'CNAME', cname: 'edge.example.com' },
        { name: 'www.example.com', type: 'A', addr: '93.184.216.34' },
        { name: 'www.example.com', type: 'AAAA', addr: '2001:db8::1' },
        { name: 'www.example.com', type: 'AAAA', addr: '::' },
        { name: 'www.example.com', type: 'AAAA', addr: '1:0:0:2::3' },
        { name: 'www.example.com', type: 'AAAA', addr: '1::2:0:0:3:4' },
        { name: '4.3.2.1.in-addr.arpa', type: 'PTR', data: 'www.example.com' },
        { name: 'example.com', type: 'MX', data: '10 mx.a' },
        { name: 'example.com', type: 'TXT', data: '"hi" "!"' },
        { name: 'example.com', type: 'RRSIG' },
        { name: 'example.com', type: 'TYPE65280' },
      ],
    });
  });

  it('escapes odd label bytes and reads the root name', () => {
    const odd = Uint8Array.of(3, 0x61, 0x2e, 0x07, 0);
    const reader = read(
      dnsMessage({
        txid: 1,
        flags: QUERY,
        questions: [
          [odd, 1],
          ['.', 2],
        ],
      }),
    );
    expect(reader?.questions.name).toBe('a\\.\\007');
    expect(JSON.parse(reader?.questions.json ?? '')).toEqual({
      queries: [
        { name: 'a\\.\\007', type: 'A' },
        { name: '.', type: 'NS' },
      ],
    });
  });

  it.each([
    ['points at itself', pointer(12)],
    ['points forward', concat(Uint8Array.of(1, 0x61), pointer(40))],
    ['uses a reserved label type', Uint8Array.of(0x41, 0x61, 0)],
    ['is longer than 255 bytes', encodeName(Array(60).fill('abcd').join('.'))],
  ])('rejects a question name that %s', (_case, name) => {
    const query = dnsMessage({ txid: 1, flags: QUERY, questions: [[name, 1]] });
    // Twice: a section that failed to decode is not remembered as if it had not.
    expect(read(query)).toBe(null);
    expect(read(query)).toBe(null);
  });

  it('stops at a pointer loop between two names', () => {
    // Answer 1's name jumps back into answer 0's rdata, which jumps to answer 1's name.
    const header = dnsMessage({ txid: 1, flags: REPLY, questions: [['a', 1]] });
    const loopAt = header.length + 12; // answer 0: name pointer (2) + fixed (10) -> rdata
    const reply = dnsMessage({
      txid: 1,
      flags: REPLY,
      questions: [['a', 1]],
      answers: [
        { name: pointer(12), type: 5, rdata: pointer(loopAt + 4) },
        { name: pointer(loopAt), type: 1, rdata: ipv4('1.2.3.4') },
      ],
    });
    expect(() => read(reply)).not.toThrow();
    expect(read(reply)?.complete).toBe(false);
  });

  it('keeps the answers before a malformed one and marks the message incomplete', () => {
    const reply = dnsMessage({
      txid: 2,
      flags: REPLY,
      questions: [['a.b', 1]],
      answers: [{ name: pointer(12), type: 1, rdata: ipv4('10.0.0.1') }],
    });
    const cut = concat(reply, Uint8Array.of(0xc0)); // header says 1 answer; add junk
    const withJunkCount = Uint8Array.from(cut);
    withJunkCount[7] = 2;
    const reader = read(withJunkCount);
    expect(reader?.answers).toBe('{"answers":[{"name":"a.b","type":"A","addr":"10.0.0.1"}]}');
    expect(reader?.complete).toBe(false);
  });

  it('gives an answer that points at the question the same name', () => {
    const reply = dnsMessage({
      txid: 4,
      flags: REPLY,
      questions: [['Host.Example', 1]],
      answers: [
        { name: pointer(12), type: 1, rdata: ipv4('10.0.0.1') },
        {
          name: concat(Uint8Array.of(3, 0x77, 0x77, 0x77), pointer(12)),
          type: 1,
          rdata: ipv4('10.0.0.2'),
        },
      ],
    });
    expect(answerNames(read(reply))).toEqual(['Host.Example', 'www.Host.Example']);
  });

  it('counts the pointers of a compressed question name when an answer points at it', () => {
    // A question name that reaches its end through `count` pointers, all inside its one label.
    const compressed = (count: number) => {
      const bytes = [1 + 2 * (count - 1), 0]; // the label starts with the name's final 0
      for (let at = 14; at < 14 + 2 * (count - 1); at += 2)
        bytes.push(0xc0, at === 14 ? 13 : at - 2);
      bytes.push(0xc0, count === 1 ? 13 : 12 + 2 * (count - 1));
      return Uint8Array.from(bytes);
    };
    const reply = (count: number) =>
      read(
        dnsMessage({
          txid: 5,
          flags: REPLY,
          questions: [[compressed(count), 1]],
          answers: [{ name: pointer(12), type: 1, rdata: ipv4('10.0.0.1') }],
        }),
      );
    const within = reply(31);
    expect(within?.complete).toBe(true);
    expect(answerNames(within)).toEqual([within?.questions.name]);
    // 32 pointers read the question; the answer's pointer would be the 33rd.
    const beyond = reply(32);
    expect(beyond?.qdcount).toBe(1);
    expect(beyond?.complete).toBe(false);
    expect(beyond?.answers).toBe('{"answers":[]}');
  });

  it('never throws on any prefix of a message', () => {
    const reply = dnsMessage({
      txid: 3,
      flags: REPLY,
      questions: [['host.example', 1]],
      answers: [{ name: pointer(12), type: 1, rdata: ipv4('10.1.2.3') }],
    });
    const reader = new DnsMessageReader();
    for (let end = 0; end < reply.length; end++) {
      const readable = reader.read(reply.subarray(0, end));
      expect(!readable || !reader.complete).toBe(true);
    }
    expect(reader.read(reply) && reader.complete).toBe(true);
  });
});

describe('DnsMessageReader caches', () => {
  const reply = (txid: number, ttl: number, answers: readonly Answer[]) => {
    const bytes = dnsMessage({ txid, flags: REPLY, questions: [['cache.test', 1]], answers });
    // Every answer's TTL, which dnsMessage writes as 3600.
    for (let at = 12 + 16; at < bytes.length;) {
      bytes.set([ttl >> 24, (ttl >> 16) & 0xff, (ttl >> 8) & 0xff, ttl & 0xff], at + 6);
      at += 12 + ((bytes[at + 10] ?? 0) << 8) + (bytes[at + 11] ?? 0);
    }
    return bytes;
  };
  const a = (address: string): Answer => ({ name: pointer(12), type: 1, rdata: ipv4(address) });
  const cname = (): Answer => ({ name: pointer(12), type: 5, rdata: encodeName('other.test') });

  it('hands out the same question section for the same bytes, in queries and replies', () => {
    const reader = new DnsMessageReader();
    reader.read(dnsMessage({ txid: 1, flags: QUERY, questions: [['same.test', 1]] }));
    const first = reader.questions;
    reader.read(dnsMessage({ txid: 2, flags: REPLY, questions: [['same.test', 1]] }));
    expect(reader.questions).toBe(first);
    reader.read(dnsMessage({ txid: 3, flags: QUERY, questions: [['Same.test', 1]] }));
    expect(reader.questions.name).toBe('Same.test');
  });

  it('writes the same answers as a full reading across replies that differ in TTL or records', () => {
    const reader = new DnsMessageReader();
    const item = (address: string) => `{"name":"cache.test","type":"A","addr":"${address}"}`;
    const cnameItem = '{"name":"cache.test","type":"CNAME","cname":"other.test"}';
    const cases: [Uint8Array, string][] = [
      [reply(1, 60, [a('10.0.0.1')]), item('10.0.0.1')],
      [dnsMessage({ txid: 2, flags: QUERY, questions: [['cache.test', 1]] }), ''],
      [reply(2, 59, [a('10.0.0.1')]), item('10.0.0.1')],
      [reply(3, 59, [a('10.0.0.2')]), item('10.0.0.2')],
      [reply(4, 58, [a('10.0.0.2'), a('10.0.0.3')]), `${item('10.0.0.2')},${item('10.0.0.3')}`],
      [reply(5, 58, [cname(), a('10.0.0.2')]), `${cnameItem},${item('10.0.0.2')}`],
      [reply(6, 57, [a('10.0.0.2'), a('10.0.0.3')]), `${item('10.0.0.2')},${item('10.0.0.3')}`],
      [reply(7, 57, [a('10.0.0.2')]), item('10.0.0.2')],
    ];
    for (const [message, items] of cases) {
      expect(reader.read(message)).toBe(true);
      expect(reader.complete).toBe(true);
      expect(reader.answers).toBe(`{"answers":[${items}]}`);
    }
  });

  it('does not reuse answers after a malformed one', () => {
    const good = reply(1, 60, [a('10.0.0.1')]);
    const reader = new DnsMessageReader();
    reader.read(good);
    const cut = good.subarray(0, good.length - 1);
    expect(reader.read(cut)).toBe(true);
    expect(reader.complete).toBe(false);
    expect(reader.answers).toBe('{"answers":[]}');
  });

  it('reads any message as a reader with empty caches would', async () => {
    const samples = [
      reply(1, 60, [a('10.0.0.1')]),
      reply(2, 30, [a('10.0.0.1'), a('10.0.0.2')]),
      reply(3, 60, [cname(), a('10.0.0.2')]),
      reply(4, 60, [{ name: pointer(12), type: 16, rdata: Uint8Array.of(2, 0x68, 0x69) }]),
      dnsMessage({ txid: 5, flags: QUERY, questions: [['cache.test', 1]] }),
    ];
    const outcome = (reader: DnsMessageReader, bytes: Uint8Array) => {
      if (!reader.read(bytes)) return null;
      const { txid, flags, qdcount, ancount, answers, complete } = reader;
      return { txid, flags, qdcount, ancount, answers, complete, queries: reader.questions.json };
    };
    // One reader sees every message, so its caches hold what earlier ones left.
    const warm = new DnsMessageReader();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 3 }),
        fc.nat(),
        async (sample, changes, cut) => {
          const bytes = Uint8Array.from(sample);
          for (const [at, value] of changes) bytes[at % bytes.length] = value;
          const message = bytes.subarray(
            0,
            bytes.length - (cut % 4 === 0 ? cut % bytes.length : 0),
          );
          vi.resetModules();
          const fresh = await import('./message.js');
          expect(outcome(warm, message)).toEqual(outcome(new fresh.DnsMessageReader(), message));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('dns_events JSON', () => {
  it("matches Pixie's header shape for dig's query", () => {
    const query = dnsMessage({ txid: 0x1234, flags: QUERY_AD, questions: [['x.y', 1]] });
    const reader = read(query);
    expect(reader?.arcount).toBe(0);
    const { txid, flags, qdcount, ancount, nscount } = reader ?? new DnsMessageReader();
    expect(headerJson({ txid, flags, qdcount, ancount, nscount, arcount: 1 })).toBe(
      '{"txid":4660,"qr":0,"opcode":0,"aa":0,"tc":0,"rd":1,"ra":0,"ad":1,"cd":0,"rcode":0,' +
        '"num_queries":1,"num_answers":0,"num_auth":0,"num_addl":1}',
    );
  });

  it('reads every flag and the rcode of a reply', () => {
    const header = { txid: 1, flags: 0x8000 | (5 << 11) | 0x0780 | 0x30 | 3 };
    expect(
      JSON.parse(headerJson({ ...header, qdcount: 1, ancount: 2, nscount: 3, arcount: 4 })),
    ).toEqual({
      txid: 1,
      qr: 1,
      opcode: 5,
      aa: 1,
      tc: 1,
      rd: 1,
      ra: 1,
      ad: 1,
      cd: 1,
      rcode: 3,
      num_queries: 1,
      num_answers: 2,
      num_auth: 3,
      num_addl: 4,
    });
  });

  it('writes queries and answers in Pixie shape', () => {
    expect(queriesJson(queryItemJson('server.dnstest.com', 1))).toBe(
      '{"queries":[{"name":"server.dnstest.com","type":"A"}]}',
    );
    const items = [
      answerJson('a', 5, cnameField('b')),
      answerJson('b', 1, addrField('192.168.32.200')),
      answerJson('b', 12, dataField('host.')),
      answerJson('b', 99, ''),
      answerJson('b', 4242, ''),
    ];
    expect(answersJson(items.join(','))).toBe(
      '{"answers":[{"name":"a","type":"CNAME","cname":"b"},' +
        '{"name":"b","type":"A","addr":"192.168.32.200"},' +
        '{"name":"b","type":"PTR","data":"host."},{"name":"b","type":"SPF"},' +
        '{"name":"b","type":"TYPE4242"}]}',
    );
    expect(answersJson('')).toBe('{"answers":[]}');
    expect(queriesJson('')).toBe('{"queries":[]}');
  });

  it('writes the same text from its caches, across ids, flags, counts, names and evictions', () => {
    for (const txid of [0, 1, 0xffff, 0]) {
      for (const [flags, qdcount, ancount] of [
        [0x0100, 1, 0],
        [0x8180, 1, 1],
        [0x8183, 1, 200],
        [0x0100, 1, 0],
      ] as const) {
        const header = { txid, flags, qdcount, ancount, nscount: 0, arcount: 1 };
        expect(JSON.parse(headerJson(header))).toMatchObject({
          txid,
          qr: flags >> 15,
          rcode: flags & 0xf,
          num_answers: ancount,
          num_addl: 1,
        });
      }
    }
    // More question sections than the cache keeps, then the first ones again.
    const reader = new DnsMessageReader();
    const names = Array.from({ length: 5000 }, (_, i) => `h${i}.a"b`);
    for (const name of [...names, ...names.slice(0, 3)]) {
      for (const type of [1, 28]) {
        reader.read(dnsMessage({ txid: 1, flags: QUERY, questions: [[name, type]] }));
        expect(JSON.parse(reader.questions.json)).toEqual({
          queries: [{ name, type: type === 1 ? 'A' : 'AAAA' }],
        });
      }
    }
  });
});

describe('DNS detection', () => {
  const query = dnsMessage({ txid: 9, flags: QUERY, questions: [['api.internal', 1]] });
  const reply = dnsMessage({
    txid: 9,
    flags: REPLY,
    questions: [['api.internal', 1]],
    answers: [{ name: pointer(12), type: 1, rdata: ipv4('10.0.0.9') }],
  });
  const framed = (m: Uint8Array) => concat(Uint8Array.of(...u16(m.length)), m);

  it('recognises datagrams and says which side sent them', () => {
    expect(detectDnsDatagram(query)).toEqual({ side: 'request', confidence: 0.9 });
    expect(detectDnsDatagram(reply)).toEqual({ side: 'response', confidence: 0.9 });
  });

  it('recognises length-prefixed messages on TCP, most surely when one fits exactly', () => {
    expect(detectDnsTcp(framed(query))).toEqual({ side: 'request', confidence: 0.9 });
    expect(detectDnsTcp(concat(framed(query), framed(query)))?.confidence).toBe(0.75);
    expect(detectDnsTcp(framed(reply))?.side).toBe('response');
    expect(detectDnsTcp(query)).toBeNull();
  });

  it.each([
    ['HTTP', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
    [
      'TLS',
      Uint8Array.of(0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0, 0, 0),
    ],
    ['PostgreSQL startup', Uint8Array.of(0, 0, 0, 8, 4, 0xd2, 0x16, 0x2f, 0, 0, 0, 0, 0, 0)],
    [
      'a query with answers',
      dnsMessage({
        ...{ txid: 1, flags: QUERY },
        questions: [['a', 1]],
        answers: [{ name: 'a', type: 1, rdata: ipv4('1.1.1.1') }],
      }),
    ],
    ['no question', dnsMessage({ txid: 1, flags: QUERY })],
    ['opcode 3', dnsMessage({ txid: 1, flags: 3 << 11, questions: [['a', 1]] })],
    [
      'a control byte in the name',
      dnsMessage({ txid: 1, flags: QUERY, questions: [[Uint8Array.of(1, 7, 0), 1]] }),
    ],
    ['class 9', Uint8Array.of(0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0, 0, 1, 0, 9)],
  ])('rejects %s', (_name, bytes) => {
    expect(detectDnsDatagram(bytes)).toBeNull();
    expect(detectDnsTcp(framed(bytes))).toBeNull();
  });

  it('asks for more bytes rather than guess on a short header', () => {
    expect(dnsPlausibility(query.subarray(0, 11))).toBe('more');
    expect(dnsPlausibility(query.subarray(0, 20))).toBe('more');
    expect(detectDnsDatagram(query.subarray(0, 20))).toBeNull();
  });
});
