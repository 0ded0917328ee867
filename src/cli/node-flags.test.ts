import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from './node-flags.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('NODE_FLAGS', () => {
  it("are the options in bin/px's shebang", () => {
    const [shebang] = readFileSync(join(ROOT, 'bin', 'px'), 'utf8').split('\n');
    expect(shebang).toBe(`#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`);
  });

  it('are the options `npm run bench` starts Node with', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const node = /\bnode ((?:--\S+ )*)dist\/bench\/run\.js/.exec(pkg.scripts['bench'] ?? '');
    expect(node?.[1]?.trim().split(' ')).toEqual(expect.arrayContaining([...NODE_FLAGS]));
  });
});
