import { describe, expect, it } from 'vitest';
import { fit, printable, textWidth } from './text-fit.js';

describe('text fitting', () => {
  it('cuts with an ellipsis, never past the limit', () => {
    expect(fit('checkout', 8)).toBe('checkout');
    expect(fit('checkout', 5)).toBe('chec…');
    expect(fit('a b', 2)).toBe('a…');
    expect(fit('ab', 1)).toBe('…');
    expect(fit('ab', 0)).toBe('');
  });

  it('shows control characters as "?" so names cannot move the cursor', () => {
    expect(printable('a\u001b[2Jb\n')).toBe('a?[2Jb?');
    expect(fit('x\ty', 10)).toBe('x?y');
  });

  it('counts code points', () => {
    expect(textWidth('→ µs')).toBe(4);
  });
});
