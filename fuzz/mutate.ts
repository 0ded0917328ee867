/**
 * Mutations: of bytes (bit flips, interesting values, length-field extremes, inserted and
 * deleted runs, protocol tokens, truncation, splices with another message) and of lists of
 * messages or events (drop, duplicate, repeat many times, swap, move, truncate). Inputs are
 * never changed: every mutation returns a new array.
 */
import type { Rng } from './rng.js';

/** No mutated message grows past this, so one case stays fast. */
const MAX_MUTATED_BYTES = 256 * 1024;

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, 0x0a, 0x0d, 0x20, 0x3a];

/** Values that land on length fields: zero, sign edges and the largest of each width. */
const INTERESTING_WORDS = [
  0, 1, 2, 3, 4, 5, 0x7f, 0x80, 0xff, 0x100, 0x3fff, 0x7fff, 0x8000, 0xffff, 0x1_0000, 0xff_fffe,
  0xff_ffff, 0x100_0000, 0x7fff_ffff, 0x8000_0000, 0xffff_fffe, 0xffff_ffff,
];

const encoder = new TextEncoder();

/** Tokens the protocols give meaning to: line ends, length headers, chunk sizes, SQL words. */
const TOKENS = [
  '\r\n',
  '\r\n\r\n',
  '\n',
  ': ',
  'Content-Length: ',
  'Content-Length: 18446744073709551616\r\n',
  'Content-Length: -1\r\n',
  'Transfer-Encoding: chunked\r\n',
  'Content-Encoding: gzip\r\n',
  'Content-Type: application/json\r\n',
  'Connection: Upgrade\r\nUpgrade: websocket\r\n',
  'Expect: 100-continue\r\n',
  'HTTP/1.1 100 Continue\r\n\r\n',
  'HTTP/1.1 200 OK\r\n',
  'HTTP/1.0 204 No Content\r\n\r\n',
  'GET / HTTP/1.1\r\n',
  'HEAD /x HTTP/1.0\r\n\r\n',
  '0\r\n\r\n',
  'fffffffffffffffff\r\n',
  '1;ext=1\r\n',
  '{"a":[1,{"b":"\\u0000"}]}',
  '\u00ff\u00fe',
  '\uffff',
  '\ud800',
  '%',
  'SELECT ',
  'BEGIN',
  'caching_sha2_password\0',
  'mysql_native_password\0',
  'SCRAM-SHA-256\0',
  'user\0postgres\0\0',
].map((t) => encoder.encode(t));

type ByteMutation = (rng: Rng, data: Uint8Array, donor: Uint8Array) => Uint8Array;

const at = (rng: Rng, data: Uint8Array): number => rng.int(data.length + 1);

function withByte(data: Uint8Array, index: number, value: number): Uint8Array {
  if (data.length === 0) return data;
  const out = data.slice();
  out[index % data.length] = value;
  return out;
}

function insert(data: Uint8Array, index: number, run: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + run.length);
  out.set(data.subarray(0, index), 0);
  out.set(run, index);
  out.set(data.subarray(index), index + run.length);
  return out;
}

function remove(data: Uint8Array, from: number, length: number): Uint8Array {
  const end = Math.min(data.length, from + length);
  const out = new Uint8Array(data.length - (end - from));
  out.set(data.subarray(0, from), 0);
  out.set(data.subarray(end), from);
  return out;
}

/** An integer field of 1 to 4 bytes, either byte order, set to an extreme or near the length. */
const setWord: ByteMutation = (rng, data) => {
  if (data.length === 0) return data;
  const width = rng.range(1, 4);
  const index = rng.int(Math.max(1, data.length - width + 1));
  const near = data.length - index + rng.range(-4, 4);
  const value = rng.chance(0.25) ? near >>> 0 : rng.pick(INTERESTING_WORDS);
  const out = data.slice();
  const bigEndian = rng.chance(0.5);
  for (let i = 0; i < width && index + i < out.length; i++) {
    const shift = 8 * (bigEndian ? width - 1 - i : i);
    out[index + i] = (value >>> shift) & 0xff;
  }
  return out;
};

const MUTATIONS: readonly ByteMutation[] = [
  (rng, d) => withByte(d, rng.int(d.length), (d[rng.int(d.length)] ?? 0) ^ (1 << rng.int(8))),
  (rng, d) => withByte(d, rng.int(d.length), rng.pick(INTERESTING_BYTES)),
  (rng, d) => withByte(d, rng.int(d.length), rng.int(256)),
  (rng, d) =>
    withByte(d, rng.int(d.length), ((d[rng.int(d.length)] ?? 0) + rng.range(-8, 8)) & 0xff),
  setWord,
  setWord,
  (rng, d) => insert(d, at(rng, d), randomRun(rng)),
  (rng, d) => remove(d, rng.int(d.length), rng.size(Math.max(1, d.length))),
  (rng, d) => {
    const from = rng.int(d.length);
    return insert(d, at(rng, d), d.slice(from, from + rng.size(Math.max(1, d.length - from))));
  },
  (rng, d) => insert(d, at(rng, d), rng.pick(TOKENS)),
  (rng, d) => insert(d, at(rng, d), rng.pick(TOKENS)),
  (rng, d) => d.slice(0, rng.int(d.length)),
  (rng, d, donor) => {
    const out = new Uint8Array(
      Buffer.concat([d.subarray(0, at(rng, d)), donor.subarray(at(rng, donor))]),
    );
    return out;
  },
];

function randomRun(rng: Rng): Uint8Array {
  const length = rng.chance(0.1) ? rng.size(8192) : rng.size(64);
  const run = new Uint8Array(length);
  if (rng.chance(0.5)) run.fill(rng.pick(INTERESTING_BYTES));
  else for (let i = 0; i < length; i++) run[i] = rng.int(256);
  return run;
}

/** `data` with one to `maxRounds` stacked mutations; `donor` feeds splices. */
export function mutateBytes(
  rng: Rng,
  data: Uint8Array,
  donor: Uint8Array,
  maxRounds = 4,
): Uint8Array {
  let out = data;
  const rounds = rng.size(maxRounds);
  for (let i = 0; i < rounds; i++) {
    out = rng.pick(MUTATIONS)(rng, out, donor);
    if (out.length > MAX_MUTATED_BYTES) out = out.subarray(0, MAX_MUTATED_BYTES);
  }
  return out;
}

/**
 * A list (of messages, events, datagrams) with structural mutations: one dropped, duplicated,
 * repeated up to `maxRepeat` times, swapped with its neighbour, moved, or the list cut short.
 */
export function mutateList<T>(rng: Rng, items: readonly T[], maxRepeat = 200): T[] {
  const out = items.slice();
  if (out.length === 0) return out;
  const i = rng.int(out.length);
  const item = out[i] as T;
  switch (rng.int(6)) {
    case 0:
      out.splice(i, 1);
      break;
    case 1:
      out.splice(i, 0, item);
      break;
    case 2:
      out.splice(i, 0, ...new Array<T>(rng.size(maxRepeat)).fill(item));
      break;
    case 3:
      if (i + 1 < out.length) out.splice(i, 2, out[i + 1] as T, item);
      break;
    case 4:
      out.splice(i, 1);
      out.splice(rng.int(out.length + 1), 0, item);
      break;
    default:
      out.length = rng.int(out.length + 1);
  }
  return out;
}

/** `data` cut into pieces: mostly whole, sometimes bytewise, usually a few random cuts. */
export function splitChunks(rng: Rng, data: Uint8Array): Uint8Array[] {
  if (data.length <= 1 || rng.chance(0.4)) return [data];
  const pieces: Uint8Array[] = [];
  const byteWise = data.length <= 256 && rng.chance(0.05);
  for (let from = 0; from < data.length;) {
    const length = byteWise ? 1 : rng.size(data.length - from);
    pieces.push(data.subarray(from, from + length));
    from += length;
  }
  return pieces;
}
