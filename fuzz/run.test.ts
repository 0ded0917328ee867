import { describe, expect, it } from 'vitest';
import { smallStore } from './checks.js';
import { PROTOCOL_NAMES, loadCorpus } from './corpus.js';
import { mutateBytes } from './mutate.js';
import { Rng } from './rng.js';
import { emptyCounts, runCase, runFuzz } from './runner.js';
import type { FuzzTarget } from './target.js';
import { allTargets } from './targets.js';

const corpus = loadCorpus();
const targets = allTargets(corpus);
const CASES_PER_TARGET = 120;

describe('fuzz corpus', () => {
  it('has connections of every protocol and DNS messages from the captures', () => {
    for (const protocol of PROTOCOL_NAMES) {
      expect(corpus.conversations.get(protocol)?.length ?? 0).toBeGreaterThan(0);
    }
    expect(corpus.dnsMessages.length).toBeGreaterThan(20);
    expect(corpus.captures.length).toBeGreaterThanOrEqual(39);
  });
});

describe('fuzz runner', () => {
  it('runs a bounded number of cases on every target without a failure', () => {
    const summary = runFuzz({ targets, seed: 0x5eed, cases: targets.length * CASES_PER_TARGET });
    expect(summary.failure).toBeUndefined();
    expect([...summary.perTarget.keys()]).toEqual([
      'http',
      'pgsql',
      'mysql',
      'dns',
      'dns-udp',
      'tracker',
      'capture',
    ]);
    for (const [name, counts] of summary.perTarget) {
      expect(counts.cases, name).toBe(CASES_PER_TARGET);
      expect(counts.bytes, name).toBeGreaterThan(0);
      // Mutated traffic still parses into rows: the cases reach past the framing.
      expect(counts.records, name).toBeGreaterThan(0);
    }
  });

  it('makes the same case from the same seed, target and index', () => {
    for (const target of targets) {
      const once = target.plan(Rng.forCase(7, target.name, 3)).describe();
      expect(target.plan(Rng.forCase(7, target.name, 3)).describe()).toBe(once);
      expect(target.plan(Rng.forCase(7, target.name, 4)).describe()).not.toBe(once);
    }
  });

  it('stops at the first failing case and reports what replays it', () => {
    const boom: FuzzTarget = {
      name: 'boom',
      about: 'throws on every case',
      plan: (rng) => {
        const input = mutateBytes(rng, new Uint8Array([1, 2, 3]), new Uint8Array([4]));
        return {
          run: () => {
            throw new Error('boom');
          },
          describe: () => `input ${input.length} bytes`,
        };
      },
    };
    const counts = emptyCounts();
    const failure = runCase(boom, 9, 5, smallStore(), counts);
    expect(failure).toMatchObject({
      target: 'boom',
      seed: 9,
      index: 5,
      kind: 'throw',
      message: 'boom',
    });
    expect(failure?.input).toMatch(/^input \d+ bytes$/);
    expect(counts.cases).toBe(1);
    const summary = runFuzz({ targets: [boom], seed: 9, cases: 10 });
    expect(summary.failure?.index).toBe(0);
    expect(summary.cases).toBe(1);
  });
});
