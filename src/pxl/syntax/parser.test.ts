import { describe, expect, it } from 'vitest';
import { parsePxl, parsePxlExpression } from './parse.js';
import { toSexpr } from './sexpr.js';

/** A parsed expression in sexpr form; fails the test on a syntax error. */
function expr(source: string): string {
  const result = parsePxlExpression(source);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  return toSexpr(result.value);
}

/** A parsed script in sexpr form, one line per top-level statement. */
function script(source: string): string {
  const result = parsePxl(source);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  return toSexpr(result.value);
}

/** The diagnostics of a script that must fail, as `line:col code: message`. */
function errors(source: string): string[] {
  const result = parsePxl(source);
  expect(result.ok).toBe(false);
  if (result.ok) return [];
  return result.diagnostics.map(
    (d) => `${d.span.start.line}:${d.span.start.col} ${d.code}: ${d.message}`,
  );
}

function firstError(source: string): string {
  return errors(source)[0] ?? '';
}

describe('expression precedence (Python rules)', () => {
  it.each([
    ['a + b * c', '(+ a (* b c))'],
    ['a * b + c', '(+ (* a b) c)'],
    ['a - b - c', '(- (- a b) c)'],
    ['(a - b) * c', '(* (- a b) c)'],
    ['a / b // c % d', '(% (// (/ a b) c) d)'],
    ['-a ** 2', '(- (** a 2))'],
    ['a ** -b', '(** a (- b))'],
    ['a ** b ** c', '(** a (** b c))'],
    ['~a + -b', '(+ (~ a) (- b))'],
    ['a | b ^ c & d', '(| a (^ b (& c d)))'],
    ['a << 1 + 2', '(<< a (+ 1 2))'],
    ['a & b == c', '(compare (& a b) == c)'],
    ['not a == b', '(not (compare a == b))'],
    ['not not a', '(not (not a))'],
    ['a and b or c and d', '(or (and a b) (and c d))'],
    ['a or b or c', '(or (or a b) c)'],
    ['a if b else c if d else e', '(if b a (if d c e))'],
    ['a or b if c and d else e', '(if (and c d) (or a b) e)'],
    ['lambda x, y=1: x + y', '(lambda (x y=1) (+ x y))'],
    ['lambda: 0', '(lambda () 0)'],
    ['lambda x: lambda y: x', '(lambda (x) (lambda (y) x))'],
  ])('%s', (source, tree) => {
    expect(expr(source)).toBe(tree);
  });

  it('keeps chained comparisons as one node', () => {
    expect(expr('0 < a <= b != c')).toBe('(compare 0 < a <= b != c)');
    expect(expr('a in b not in c is d is not e')).toBe('(compare a in b not in c is d is not e)');
    const result = parsePxlExpression('1 < x < 2');
    expect(result.ok && result.value).toMatchObject({
      kind: 'Compare',
      ops: ['<', '<'],
      comparators: [
        { kind: 'Name', id: 'x' },
        { kind: 'Int', value: 2n },
      ],
    });
  });
});

describe('primary expressions', () => {
  it.each([
    ['df.a.b', 'df.a.b'],
    ['f(x).a', '(. (call f x) a)'],
    ["df[['a', 'b']]", "([] df ['a' 'b'])"],
    ["df['a', 'b']", "([] df (tuple 'a' 'b'))"],
    ["df['a',]", "([] df (tuple 'a'))"],
    ['x[1:2]', '([] x (slice 1 2 _))'],
    ['x[:]', '([] x (slice _ _ _))'],
    ['x[::2]', '([] x (slice _ _ 2))'],
    ['x[a:]', '([] x (slice a _ _))'],
    ['x[-1]', '([] x (- 1))'],
    ['f()', '(call f)'],
    ['f(a, b=1, c=(2, 3),)', '(call f a b=1 c=(tuple 2 3))'],
    ['f(lambda x: x)(1)', '(call (call f (lambda (x) x)) 1)'],
    ['[]', '[]'],
    ['[1, [2, 3],]', '[1 [2 3]]'],
    ['()', '(tuple)'],
    ['(1,)', '(tuple 1)'],
    ['(1)', '1'],
    ['((a))', 'a'],
    ['{}', '{}'],
    ["{'a': 1, 'b': [2],}", "{'a': 1, 'b': [2]}"],
    ['a, b', '(tuple a b)'],
    ['a,', '(tuple a)'],
    ['True, False, None', '(tuple True False None)'],
    ["'a' 'b' \"c\"", "'abc'"],
    ["('a'\n 'b')", "'ab'"],
    ['0x1F + 1_000 + 1e3 + .5', '(+ (+ (+ 31 1000) 1000) 0.5)'],
  ])('%s', (source, tree) => {
    expect(expr(source)).toBe(tree);
  });

  it('keeps ints exact as bigint', () => {
    const result = parsePxlExpression('9223372036854775807');
    expect(result.ok && result.value).toMatchObject({ kind: 'Int', value: 9223372036854775807n });
  });
});

describe('statements', () => {
  it('parses imports, including the ones the checker will refuse', () => {
    expect(script('import px\nimport pxviews, pxtrace as t\nimport a.b.c\n')).toBe(
      '(import px)\n(import pxviews pxtrace as t)\n(import a.b.c)',
    );
    expect(script('from px import DataFrame as D, display\nfrom a.b import *\n')).toBe(
      '(from px import DataFrame as D display)\n(from a.b import *)',
    );
    expect(script('from px import (a,\n  b,)\n')).toBe('(from px import a b)');
  });

  it('parses every assignment form', () => {
    expect(
      script(
        "a = 1\ndf.col = 2\ndf['col'] = 3\na, b = 1, 2\n[a, b] = c\nx = y = 0\na += 1\ndf.n //= 2\ns[0] **= 3\n",
      ),
    ).toBe(
      [
        '(= a 1)',
        '(= df.col 2)',
        "(= ([] df 'col') 3)",
        '(= (tuple a b) (tuple 1 2))',
        '(= [a b] c)',
        '(= x y 0)',
        '(+= a 1)',
        '(//= df.n 2)',
        '(**= ([] s 0) 3)',
      ].join('\n'),
    );
  });

  it('parses def with annotations, defaults, return types and docstrings', () => {
    const source = [
      'def f(start_time: str, svc: px.Service, n: int = 10, ratio=0.5,) -> px.DataFrame:',
      '    """Doc."""',
      '    return n',
      '',
      'def g(): return',
      'def h():',
      '    pass',
    ].join('\n');
    expect(script(source)).toBe(
      [
        "(def f (start_time:str svc:px.Service n:int=10 ratio=0.5) -> px.DataFrame 'Doc.' (return n))",
        '(def g () (return))',
        '(def h () pass)',
      ].join('\n'),
    );
  });

  it('parses if / elif / else, nested and on one line', () => {
    const source = 'if a:\n    x = 1\nelif b:\n    if c: y = 2\n    else: y = 3\nelse:\n    pass\n';
    expect(script(source)).toBe(
      '(if a (then (= x 1)) (else (if b (then (if c (then (= y 2)) (else (= y 3)))) (else pass))))',
    );
  });

  it('parses semicolons and expression statements', () => {
    expect(script('a = 1; b = 2;\npx.display(df)\n')).toBe(
      '(= a 1)\n(= b 2)\n(call px.display df)',
    );
  });

  it('parses decorators', () => {
    expect(script('@px.vis.vega\n@other(1)\ndef f():\n    pass\n')).toBe(
      '(def @px.vis.vega @(call other 1) f () pass)',
    );
  });
});

describe('syntax errors', () => {
  it.each([
    ['for x in y:\n    pass\n', "1:1 syntax.unsupported: 'for' loops are not supported in PxL"],
    ['while x:\n    pass\n', "1:1 syntax.unsupported: 'while' loops are not supported in PxL"],
    [
      'class A:\n    pass\n',
      "1:1 syntax.unsupported: 'class' definitions are not supported in PxL",
    ],
    ['try:\n    pass\n', "1:1 syntax.unsupported: 'try' statements are not supported in PxL"],
    [
      'with a as b:\n    pass\n',
      "1:1 syntax.unsupported: 'with' statements are not supported in PxL",
    ],
    ['del df.a\n', "1:1 syntax.unsupported: 'del' is not supported in PxL"],
    ['x = yield 1\n', "1:5 syntax.unsupported: 'yield' is not supported in PxL"],
    [
      'else:\n    pass\n',
      "1:1 syntax.expected: 'else' without a matching 'if': expected a statement",
    ],
    ['x = [a for a in b]\n', '1:8 syntax.unsupported: comprehensions are not supported in PxL'],
    ['f(a for a in b)\n', '1:5 syntax.unsupported: comprehensions are not supported in PxL'],
    ['x = {1, 2}\n', '1:6 syntax.unsupported: set literals are not supported in PxL'],
    ['x = {**a}\n', '1:6 syntax.unsupported: dictionary unpacking (**) is not supported in PxL'],
    ['f(*args)\n', '1:3 syntax.unsupported: argument unpacking (*) is not supported in PxL'],
    ['f(**kw)\n', '1:3 syntax.unsupported: argument unpacking (**) is not supported in PxL'],
    ['def f(*a):\n    pass\n', "1:7 syntax.unsupported: '*' parameters are not supported in PxL"],
    ['(x := 1)\n', "1:4 syntax.unsupported: the ':=' operator is not supported in PxL"],
    ['x: int = 1\n', '1:2 syntax.unsupported: variable annotations are not supported in PxL'],
    ['x[1:2, 3]\n', '1:3 syntax.unsupported: slices inside a tuple index are not supported in PxL'],
    ['f(a=1, b)\n', '1:8 syntax.argument-order: positional argument follows keyword argument'],
    ['f(a=1, a=2)\n', "1:8 syntax.repeated-argument: keyword argument 'a' repeated"],
    [
      'def f(a, a):\n    pass\n',
      "1:10 syntax.repeated-argument: duplicate parameter 'a' in function definition",
    ],
    [
      'def f(a=1, b):\n    pass\n',
      '1:12 syntax.argument-order: parameter without a default follows parameter with a default',
    ],
    ['1 = a\n', '1:1 syntax.invalid-target: cannot assign to a literal'],
    ['a + 1 = b\n', '1:1 syntax.invalid-target: cannot assign to an expression'],
    ['a, f() = b\n', '1:4 syntax.invalid-target: cannot assign to a function call'],
    ['a, b += 1\n', "1:1 syntax.invalid-target: cannot assign to a tuple with '+='"],
    [
      'df.in = 1\n',
      "1:4 syntax.expected: expected an attribute name after '.', found keyword 'in'",
    ],
    ['x = a b\n', "1:7 syntax.expected: expected end of line, found name 'b'"],
    ['x = (a b)\n', "1:8 syntax.expected: expected ')', found name 'b'"],
    ['x = [a b]\n', "1:8 syntax.expected: expected ',' or ']' to close the list, found name 'b'"],
    [
      "x = {'a' 1}\n",
      "1:10 syntax.expected: expected ':' after the dictionary key, found number 1",
    ],
    [
      'x = a if b\n',
      "1:11 syntax.expected: expected 'else' in the conditional expression (a if condition else b), found end of line",
    ],
    [
      'x = lambda x y: 1\n',
      "1:14 syntax.expected: expected ':' after the lambda parameters, found name 'y'",
    ],
    [
      'def (x):\n    pass\n',
      "1:5 syntax.expected: expected a function name after 'def', found '('",
    ],
    ['import\n', '1:7 syntax.expected: expected a module name, found end of line'],
    ['@dec\nx = 1\n', "2:1 syntax.expected: expected 'def' after the decorator, found name 'x'"],
    ['x = \n', '1:4 syntax.expected: expected an expression, found end of line'],
    ['x = )\n', "1:5 syntax.unclosed-bracket: unmatched ')': there is no open bracket to close"],
  ])('%j', (source, message) => {
    expect(firstError(source)).toBe(message);
  });

  it('reports an indented block that is missing and goes on', () => {
    expect(errors('if a:\nb = 1\nc = )\n')).toEqual([
      "2:1 syntax.expected-indent: expected an indented block after 'if' on line 1",
      "3:5 syntax.unclosed-bracket: unmatched ')': there is no open bracket to close",
    ]);
  });

  it('recovers at the next line and skips the block under a bad statement', () => {
    const source = [
      'for a in b:',
      '    c = 1 +',
      '    d',
      'x = 1 +',
      'while y:',
      '    z',
      'ok = 1',
      'def f(x y):',
      '    return 1 +',
      'y = f(1 2)',
    ].join('\n');
    expect(errors(source)).toEqual([
      "1:1 syntax.unsupported: 'for' loops are not supported in PxL",
      '4:8 syntax.expected: expected an expression, found end of line',
      "5:1 syntax.unsupported: 'while' loops are not supported in PxL",
      "8:9 syntax.expected: expected ',' or ')' after the parameter, found name 'y'",
      "10:9 syntax.expected: expected ',' or ')' after the argument, found number 2",
    ]);
  });

  it('points after the colon when the script ends before the block', () => {
    expect(errors('if a:\n\n')).toEqual([
      "1:6 syntax.expected-indent: expected an indented block after 'if' on line 1",
    ]);
  });

  it('reports unexpected indentation inside a block', () => {
    expect(errors('def f():\n    a = 1\n        b = 2\n    return a\n')).toEqual([
      '3:1 syntax.bad-indent: unexpected indent: this line is indented more than the block it is in',
    ]);
  });

  it('drops parser complaints that follow a lexer error, which would be echoes', () => {
    expect(errors('x = 1 +\ny = f(a, b\nz = 2 2\n')).toEqual([
      '1:8 syntax.expected: expected an expression, found end of line',
      "2:6 syntax.unclosed-bracket: '(' was never closed: expected ')' before the end of the script",
    ]);
  });

  it('bounds the depth of the tree it builds, so later recursive passes are safe', () => {
    expect(firstError(`x = ${'a + '.repeat(2000)}a\n`)).toBe(
      '1:5 syntax.too-deep: nested too deeply: more than 1000 levels of operators, calls or elif branches',
    );
    expect(firstError(`x = a${'.b'.repeat(2000)}\n`)).toMatch(/^1:5 syntax.too-deep/);
    const elifs = (n: number): string =>
      `if a:\n    pass\n${'elif b:\n    pass\n'.repeat(n)}else:\n    pass\n`;
    expect(firstError(elifs(2000))).toMatch(/syntax.too-deep/);
    const result = parsePxl(elifs(500));
    expect(result.ok && result.value.body).toHaveLength(1);
  });

  it('stops at 20 diagnostics', () => {
    expect(errors('x = \n'.repeat(50))).toHaveLength(20);
  });

  it('limits expression nesting instead of overflowing the stack', () => {
    expect(firstError(`x = ${'-'.repeat(5000)}1\n`)).toBe(
      '1:105 syntax.too-deep: expression nested too deeply',
    );
    expect(firstError(`x = ${'not '.repeat(500)}a\n`)).toMatch(/syntax.too-deep/);
    expect(firstError(`x = ${'a ** '.repeat(500)}a\n`)).toMatch(/syntax.too-deep/);
    expect(firstError(`x = ${'['.repeat(150)}${']'.repeat(150)}\n`)).toMatch(/syntax.too-deep/);
  });
});
