import { describe, expect, it } from 'vitest';
import { rowWidth } from './canvas.js';
import { packLegend } from './legend.js';

const entry = (text: string) => ({ text, style: {} });
const texts = (rows: ReturnType<typeof packLegend>) =>
  rows.map((r) => r.map((s) => s.text).join(''));

describe('packLegend', () => {
  it('fills as many columns as fit, left to right then down', () => {
    const rows = packLegend(['1 a → b', '2 c → d', '3 e → f'].map(entry), 20);
    expect(texts(rows)).toEqual(['1 a → b  2 c → d', '3 e → f']);
  });

  it('falls back to one column and cuts entries wider than the width', () => {
    const rows = packLegend([entry('1 frontend → checkout 12 /sec'), entry('2 x → y')], 12);
    expect(texts(rows)).toEqual(['1 frontend…', '2 x → y']);
    expect(rows.every((r) => rowWidth(r) <= 12)).toBe(true);
  });

  it('keeps each entry in its style', () => {
    const [row] = packLegend([{ text: 'bad', style: { color: 'red' } }, entry('ok')], 40);
    expect(row).toEqual([{ color: 'red', text: 'bad' }, { text: '  ' }, { text: 'ok' }]);
  });

  it('is empty without entries or width', () => {
    expect(packLegend([], 10)).toEqual([]);
    expect(packLegend([entry('x')], 0)).toEqual([]);
  });
});
