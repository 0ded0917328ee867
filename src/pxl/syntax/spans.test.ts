import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Module, Node } from './ast.js';
import { parsePxl, parsePxlExpression, parsePxlOrThrow } from './parse.js';
import { toSexpr } from './sexpr.js';
import { spanText, type Position } from './span.js';
import { allNodes, childNodes } from './walk.js';

const FIXTURES = fileURLToPath(new URL('fixtures/', import.meta.url));

const sources: [string, string][] = ['course', 'dialect'].flatMap((folder) =>
  readdirSync(join(FIXTURES, folder)).map((name): [string, string] => [
    `${folder}/${name}`,
    readFileSync(join(FIXTURES, folder, name), 'utf8'),
  ]),
);
sources.push([
  'extras',
  [
    'x = (a + b) * (c)',
    'y = ((a, b), [c], {d: e})[1:2:3]',
    "z = (f)(g)[h].i if j else k\ndf['a', 'b'] = lambda p, q=1: -p ** q",
    'w = not (a < b) in c; v = (a or b) and c',
    '',
  ].join('\n'),
]);

/** Line and column of an offset, computed from scratch. */
function positionAt(source: string, offset: number): Position {
  const before = source.slice(0, offset);
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  const line = (before.match(/\r\n|\r|\n/g) ?? []).length + 1;
  return { line, col: offset - lineStart + 1, offset };
}

const EXPRESSION_KINDS = new Set([
  'Name',
  'Int',
  'Float',
  'Str',
  'Bool',
  'None',
  'List',
  'Tuple',
  'Dict',
  'Attribute',
  'Subscript',
  'Call',
  'BinOp',
  'UnaryOp',
  'BoolOp',
  'Compare',
  'IfExp',
  'Lambda',
]);

/** Reparses a statement's text, re-creating its indentation inside an `if` when it had some. */
function reparseStatement(source: string, node: Node): string {
  // An `elif` is an If node whose text starts with 'elif'.
  const text = spanText(source, node.span).replace(/^elif\b/, 'if');
  const col = node.span.start.col;
  if (col === 1) return toSexpr(parsePxlOrThrow(text).body[0] ?? node);
  const wrapped = parsePxlOrThrow(`if True:\n${' '.repeat(col - 1)}${text}\n`).body[0];
  if (wrapped?.kind !== 'If') throw new Error('wrapper did not parse');
  return toSexpr(wrapped.body[0] ?? node);
}

function checkSpan(source: string, node: Node, parent: Node | undefined): void {
  const { start, end } = node.span;
  expect(positionAt(source, start.offset)).toEqual(start);
  expect(positionAt(source, end.offset)).toEqual(end);
  expect(end.offset).toBeGreaterThan(start.offset);
  if (parent !== undefined) {
    expect(start.offset).toBeGreaterThanOrEqual(parent.span.start.offset);
    expect(end.offset).toBeLessThanOrEqual(parent.span.end.offset);
  }
}

function checkText(source: string, node: Node): void {
  const text = spanText(source, node.span);
  if (EXPRESSION_KINDS.has(node.kind)) {
    const reparsed = parsePxlExpression(text);
    expect(reparsed.ok && toSexpr(reparsed.value)).toBe(toSexpr(node));
    return;
  }
  switch (node.kind) {
    case 'Identifier':
      expect(text).toBe(node.name);
      return;
    case 'Keyword':
      expect(text).toMatch(new RegExp(`^${node.name.name}\\s*=`));
      return;
    case 'Param':
      expect(text.startsWith(node.name.name)).toBe(true);
      return;
    case 'ImportAlias':
      expect(text.replace(/\s+/g, '')).toMatch(
        new RegExp(`^${node.name.replace(/[.*]/g, '\\$&')}`),
      );
      return;
    case 'Slice':
    case 'DictEntry':
      expect(text).toContain(':');
      return;
    case 'Module':
      return;
    default:
      expect(reparseStatement(source, node)).toBe(toSexpr(node));
  }
}

function walkWithParents(
  module: Module,
  visit: (node: Node, parent: Node | undefined) => void,
): void {
  const stack: [Node, Node | undefined][] = [[module, undefined]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, parent] = item;
    visit(node, parent);
    for (const child of childNodes(node)) stack.push([child, node]);
  }
}

describe('spans', () => {
  it.each(sources)('%s: every node spans exactly its own source text', (_name, source) => {
    const module = parsePxlOrThrow(source);
    let count = 0;
    walkWithParents(module, (node, parent) => {
      if (node.kind !== 'Module') checkSpan(source, node, parent);
      checkText(source, node);
      count += 1;
    });
    expect(count).toBe(allNodes(module).length);
    expect(count).toBeGreaterThan(10);
  });

  it('includes parentheses in tuples and in the nodes around a parenthesised expression', () => {
    const source = 'x = (a + b) * (c, d)\n';
    const module = parsePxlOrThrow(source);
    const texts = allNodes(module).map((n) => `${n.kind}:${spanText(source, n.span)}`);
    expect(texts).toEqual([
      'Module:x = (a + b) * (c, d)\n',
      'Assign:x = (a + b) * (c, d)',
      'Name:x',
      'BinOp:(a + b) * (c, d)',
      'BinOp:a + b',
      'Name:a',
      'Name:b',
      'Tuple:(c, d)',
      'Name:c',
      'Name:d',
    ]);
  });

  it('spans a whole def and if from the keyword to the end of the body', () => {
    const source =
      'def f(a: int = 1):\n    if a:\n        return a\n    else:\n        pass\n\n# end\n';
    const result = parsePxl(source);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [def] = result.value.body;
    expect(spanText(source, def?.span ?? result.value.span)).toBe(
      'def f(a: int = 1):\n    if a:\n        return a\n    else:\n        pass',
    );
  });
});
