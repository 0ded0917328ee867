import { describe, expect, it } from 'vitest';
import { COST_FACTOR, MIN_DATA_GAP_MS, runIsDue } from './refresh-policy.js';

const base = { sinceLastRunMs: 0, lastRunTookMs: 10, refreshMs: 2000, newRows: false };

describe('runIsDue', () => {
  it('runs once per refresh period when nothing arrives', () => {
    expect(runIsDue({ ...base, sinceLastRunMs: 1999 })).toBe(false);
    expect(runIsDue({ ...base, sinceLastRunMs: 2000 })).toBe(true);
  });

  it('brings the run forward when rows arrive, after the minimum gap', () => {
    const arrived = { ...base, newRows: true };
    expect(runIsDue({ ...arrived, sinceLastRunMs: MIN_DATA_GAP_MS - 1 })).toBe(false);
    expect(runIsDue({ ...arrived, sinceLastRunMs: MIN_DATA_GAP_MS })).toBe(true);
  });

  it('waits longer after an expensive run, but never past the period', () => {
    const heavy = { ...base, newRows: true, lastRunTookMs: 600 };
    expect(runIsDue({ ...heavy, sinceLastRunMs: COST_FACTOR * 600 - 1 })).toBe(false);
    expect(runIsDue({ ...heavy, sinceLastRunMs: COST_FACTOR * 600 })).toBe(true);
    const slow = { ...heavy, lastRunTookMs: 1500 };
    expect(runIsDue({ ...slow, sinceLastRunMs: 2000 })).toBe(true);
  });

  it('leaves at least as long idle as the last run took, period or not', () => {
    const huge = { ...base, lastRunTookMs: 5000 };
    expect(runIsDue({ ...huge, sinceLastRunMs: 4999 })).toBe(false);
    expect(runIsDue({ ...huge, sinceLastRunMs: 5000 })).toBe(true);
  });

  it('follows a shorter period than the data gap', () => {
    expect(runIsDue({ ...base, refreshMs: 250, sinceLastRunMs: 250 })).toBe(true);
  });
});
