import { describe, expect, it } from 'vitest';
import { ServiceSpread } from './service-spread.js';

describe('ServiceSpread', () => {
  it('spreads each service on its own, and fills the place a released flow left', () => {
    const spread = new ServiceSpread(2);
    expect(['db', 'db', 'db', 'web', 'web'].map((s) => spread.place(s))).toEqual([0, 1, 0, 0, 1]);
    spread.release('db', 0);
    spread.release('db', 0);
    expect(spread.place('db')).toBe(0);
    expect(spread.place('db')).toBe(0);
  });
});
