import { describe, expect, it } from 'vitest';
import { bind, concat, describe as describeMessage, enc } from '../../../../test/sql/pgsql-wire.js';
import { decodeBind, decodeTarget } from './decode.js';

/** A message's payload placed between other bytes, as it sits in a read: [buffer, start, end]. */
function inRead(message: Uint8Array): [Uint8Array, number, number] {
  const payload = message.subarray(5);
  const buffer = concat(enc.encode('xx'), payload, Uint8Array.of(0, 0, 0, 0));
  return [buffer, 2, 2 + payload.length];
}

describe('decodeBind', () => {
  const message = bind(
    'P_1',
    'S_1',
    [{ value: 'héllo' }, { value: null }, { format: 1, value: Uint8Array.of(0, 0, 0, 7) }],
    [1],
  );

  it('reads names, text, NULL and binary parameters and result formats within the range', () => {
    const [buffer, start, end] = inRead(message);
    const decoded = decodeBind(buffer, start, end);
    buffer.fill(9); // a reused read buffer: nothing decoded may change
    expect(decoded).toEqual({
      portal: 'P_1',
      statement: 'S_1',
      params: [
        { format: 0, value: 'héllo' },
        { format: 0, value: null },
        { format: 1, value: Uint8Array.of(0, 0, 0, 7) },
      ],
      resultFormats: [1],
    });
  });

  it('finds every cut of the payload malformed, however the read goes on', () => {
    const [buffer, start, end] = inRead(message);
    for (let cut = start; cut < end; cut++) expect(decodeBind(buffer, start, cut)).toBeNull();
  });
});

describe('decodeTarget', () => {
  it('reads the unnamed and named statement or portal, and nothing past the range', () => {
    expect(decodeTarget(...inRead(describeMessage('S', '')))).toEqual({ type: 'S', name: '' });
    expect(decodeTarget(...inRead(describeMessage('P', 'c1')))).toEqual({ type: 'P', name: 'c1' });
    const [buffer, start, end] = inRead(describeMessage('P', 'c1'));
    expect(decodeTarget(buffer, start, end - 1)).toBeNull();
    expect(decodeTarget(buffer, start, start)).toBeNull();
    expect(decodeTarget(Uint8Array.of(0x58, 0), 0, 2)).toBeNull();
  });
});
