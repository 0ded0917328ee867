import { describe, expect, it } from 'vitest';
import { PxError } from '../shared/errors.js';
import {
  PxlCheckError,
  PxlError,
  PxlRuntimeError,
  PxlSyntaxError,
  renderDiagnostics,
  type Diagnostic,
} from './errors.js';
import type { Position } from './syntax/span.js';

function at(line: number, col: number, offset = 0): Position {
  return { line, col, offset };
}

function diagnostic(start: Position, end: Position, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code: 'check.test', message: 'something is wrong', span: { start, end }, ...extra };
}

const SOURCE = {
  name: 'q.pxl',
  text: "import px\ndf = px.DataFrame('http_events')\npx.display(df)\n",
};

describe('renderDiagnostics', () => {
  it('underlines a one-line span with ^~~~ and prints the hint', () => {
    const d = diagnostic(at(2, 6), at(2, 18), { hint: 'try something else' });
    expect(renderDiagnostics([d], SOURCE)).toBe(
      [
        'q.pxl:2:6: something is wrong',
        " 2 | df = px.DataFrame('http_events')",
        '   |      ^~~~~~~~~~~~',
        'hint: try something else',
      ].join('\n'),
    );
  });

  it('puts a single caret under a zero-width or multi-line span', () => {
    expect(renderDiagnostics([diagnostic(at(3, 15), at(3, 15))], SOURCE)).toBe(
      ['q.pxl:3:15: something is wrong', ' 3 | px.display(df)', '   |               ^'].join('\n'),
    );
    const multiLine = renderDiagnostics([diagnostic(at(2, 1), at(3, 3))], SOURCE);
    expect(multiLine.split('\n').slice(1)).toEqual([
      " 2 | df = px.DataFrame('http_events')",
      '   | ^',
    ]);
  });

  it('separates several diagnostics with a blank line and widens the gutter', () => {
    const text = Array.from({ length: 12 }, (_, i) => `x${i} = ${i}`).join('\n');
    const out = renderDiagnostics(
      [diagnostic(at(2, 1), at(2, 3)), diagnostic(at(12, 6), at(12, 8))],
      { name: 's.pxl', text },
    );
    expect(out).toBe(
      [
        's.pxl:2:1: something is wrong',
        ' 2 | x1 = 1',
        '   | ^~',
        '',
        's.pxl:12:6: something is wrong',
        ' 12 | x11 = 11',
        '    |      ^~',
      ].join('\n'),
    );
  });

  it('expands tabs so the caret stays aligned', () => {
    const text = '\tx\ty';
    const under = (col: number): string | undefined =>
      renderDiagnostics([diagnostic(at(1, col), at(1, col + 1))], { name: 't', text }).split(
        '\n',
      )[2];
    expect(renderDiagnostics([diagnostic(at(1, 4), at(1, 5))], { name: 't', text })).toContain(
      ' 1 |     x   y\n   |         ^',
    );
    expect(under(3)).toBe('   |      ^~~');
  });

  it('neutralises control and bidi characters in the excerpt without shifting the caret', () => {
    const text = 'a = "\u001b[31m\u202e" + b';
    const out = renderDiagnostics([diagnostic(at(1, 16), at(1, 17))], { name: 't', text });
    expect(out.split('\n').slice(1)).toEqual([
      ' 1 | a = "\uFFFD[31m\uFFFD" + b',
      '   |                ^',
    ]);
  });

  it('shows an empty excerpt line for a position past the last line', () => {
    const out = renderDiagnostics([diagnostic(at(4, 1), at(4, 1))], SOURCE);
    expect(out).toBe(['q.pxl:4:1: something is wrong', ' 4 |', '   | ^'].join('\n'));
  });
});

describe('PxlError classes', () => {
  const first = diagnostic(at(2, 6, 15), at(2, 18, 27), { code: 'syntax.x', hint: 'fix it' });
  const second = diagnostic(at(3, 1, 44), at(3, 3, 46));

  it('take code, hint, message and span from the first diagnostic', () => {
    const error = new PxlSyntaxError([first, second], SOURCE);
    expect(error).toBeInstanceOf(PxlError);
    expect(error).toBeInstanceOf(PxError);
    expect(error.name).toBe('PxlSyntaxError');
    expect(error.code).toBe('syntax.x');
    expect(error.hint).toBe('fix it');
    expect(error.message).toBe('q.pxl:2:6: something is wrong');
    expect(error.span).toBe(first.span);
    expect(error.diagnostics).toHaveLength(2);
    expect(error.render()).toBe(renderDiagnostics([first, second], SOURCE));
  });

  it('accept a single diagnostic and render headers when the source is unknown', () => {
    const check = new PxlCheckError(second);
    expect(check.name).toBe('PxlCheckError');
    expect(check.hint).toBeUndefined();
    expect(check.render()).toBe('<script>:3:1: something is wrong');
    expect(new PxlRuntimeError(first).name).toBe('PxlRuntimeError');
  });
});
