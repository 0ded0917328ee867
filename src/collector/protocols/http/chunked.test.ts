import { describe, expect, it } from 'vitest';
import { ByteQueue } from '../common/byte-queue.js';
import { ChunkedDecoder, type ChunkedProgress } from './chunked.js';

function decode(text: string): { progress: ChunkedProgress; body: string; rest: string } {
  const queue = new ByteQueue(64 * 1024);
  queue.fill(Buffer.from(text, 'latin1'));
  let body = '';
  const progress = new ChunkedDecoder().step(queue, (bytes) => {
    body += Buffer.from(bytes).toString('latin1');
  });
  return { progress, body, rest: Buffer.from(queue.view()).toString('latin1') };
}

describe('ChunkedDecoder', () => {
  it('decodes chunks and leaves the next message in the queue', () => {
    expect(decode('3\r\nabc\r\n2\r\nde\r\n0\r\n\r\nGET / HTTP/1.1')).toEqual({
      progress: 'done',
      body: 'abcde',
      rest: 'GET / HTTP/1.1',
    });
  });

  it('accepts an empty body, extensions, trailers and upper-case hex', () => {
    expect(decode('0\r\n\r\n').progress).toBe('done');
    expect(decode('A;a=1;b="x;y"\r\n0123456789\r\n0;end\r\nT1: a\r\nT2: b\r\n\r\n')).toMatchObject({
      progress: 'done',
      body: '0123456789',
    });
  });

  it('asks for more on partial input', () => {
    expect(decode('5\r\nab').progress).toBe('more');
    expect(decode('5\r\nabcde\r\n0\r\nTrailer: x\r\n').progress).toBe('more');
  });

  it.each([
    ['a size that is not hex', 'xyz\r\nabc\r\n'],
    ['data longer than its size', '3\r\nabcd\r\n0\r\n\r\n'],
    ['a missing CRLF after the data', '3\r\nabcXY'],
    ['a size with too many digits', '10000000000000\r\n'],
    ['a size line that never ends', `1${' '.repeat(5000)}`],
  ])('rejects %s', (_case, text) => {
    expect(decode(text).progress).toBe('invalid');
  });
});
