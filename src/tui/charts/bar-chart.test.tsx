import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { BarChart } from './bar-chart.js';
import { numberColumn, resultTable, stringColumn } from './testing/chart-table.js';

const table = resultTable([
  stringColumn('service', ['web', 'db', 'web', 'cache']),
  stringColumn('method', ['GET', 'GET', 'POST', 'GET']),
  numberColumn('latency', [2e6, 6e6, 4e6, 1e6], 'ST_DURATION_NS'),
]);
const spec = {
  '@type': 'types.px.dev/px.vispb.BarChart',
  bar: { value: 'latency', label: 'service', stackBy: 'method', horizontal: true },
  title: 'Latency by service',
};
// Colours are off in the test terminal, but strip any escapes so only text is compared.
const plain = (frame: string | undefined): string[] =>
  stripVTControlCharacters(frame ?? '').split('\n');

describe('BarChart', () => {
  it('draws the title, stacked bars with totals, and the stack legend', () => {
    const { lastFrame, unmount } = render(
      <BarChart table={table} spec={spec} width={30} height={6} />,
    );
    const lines = plain(lastFrame());
    unmount();
    // 30 cells: labels 5, bars 19 (6 ms fills them), values 4; 1 ms is 25⅓ eighths.
    expect(lines).toEqual([
      'Latency by service',
      `web   ${'█'.repeat(19)} 6 ms`,
      `db    ${'█'.repeat(19)} 6 ms`,
      `cache ███▏${' '.repeat(16)}1 ms`,
      '● GET  ● POST',
    ]);
  });

  it('follows the rows it is given (the panel filter)', () => {
    const { lastFrame, unmount } = render(
      <BarChart table={table} spec={spec} rows={[3]} width={30} height={6} />,
    );
    expect(plain(lastFrame())[1]).toBe(`cache ${'█'.repeat(19)} 1 ms`);
    unmount();
  });

  it('never renders more lines than its height', () => {
    for (const height of [1, 2, 3, 4, 8]) {
      const { lastFrame, unmount } = render(
        <BarChart table={table} spec={spec} width={24} height={height} />,
      );
      expect(plain(lastFrame()).length).toBeLessThanOrEqual(height);
      unmount();
    }
  });

  it('says what is wrong with a spec it cannot draw', () => {
    const { lastFrame, unmount } = render(
      <BarChart table={table} spec={{ bar: { value: 'latency' } }} width={60} height={4} />,
    );
    expect(plain(lastFrame())).toEqual(['the BarChart spec names no value or label column']);
    unmount();
  });
});
