import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { numberColumn, resultTable, stringColumn, timeColumn } from './testing/chart-table.js';
import { TimeseriesChart } from './timeseries-chart.js';

const table = resultTable([
  timeColumn([0, 10, 20, 0, 10, 20]),
  stringColumn('service', ['web', 'web', 'web', 'db', 'db', 'db']),
  numberColumn('p50', [1e6, 2e6, 1e6, 3e6, 3e6, 4e6], 'ST_DURATION_NS'),
  numberColumn('p99', [5e6, 9e6, 7e6, 8e6, 8e6, 12e6], 'ST_DURATION_NS'),
]);
const spec = {
  '@type': 'types.px.dev/px.vispb.TimeseriesChart',
  timeseries: [
    { value: 'p50', series: 'service', mode: 'MODE_LINE' },
    { value: 'p99', series: 'service', mode: 'MODE_LINE' },
  ],
  title: 'Latency',
  yAxis: { label: 'p50/p99' },
};
// Colours are off in the test terminal, but strip any escapes so only text is compared.
const plain = (frame: string | undefined): string[] =>
  stripVTControlCharacters(frame ?? '').split('\n');

describe('TimeseriesChart', () => {
  it('draws the title, the braille chart and a legend of latest values', () => {
    const { lastFrame, unmount } = render(
      <TimeseriesChart table={table} spec={spec} width={70} height={10} />,
    );
    const lines = plain(lastFrame());
    unmount();
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('Latency (p50/p99)');
    expect(lines[1]?.startsWith('12 ms┤')).toBe(true);
    expect(lines[4]?.startsWith(' 6 ms┤')).toBe(true);
    expect(lines[7]?.startsWith(' 0 ns┤')).toBe(true);
    expect(lines.slice(1, 8).join('')).toMatch(/[\u2801-\u28ff]/);
    expect(lines[8]).toBe(`     └22:13:20${'─'.repeat(48)}22:13:40`);
    expect(lines[9]).toBe('● db p50 4 ms  ● db p99 12 ms  ● web p50 1 ms  ● web p99 7 ms');
  });

  it('takes the title from props over the spec', () => {
    const { lastFrame, unmount } = render(
      <TimeseriesChart
        table={table}
        spec={{ ...spec, yAxis: {} }}
        title="p99"
        width={60}
        height={6}
      />,
    );
    expect(plain(lastFrame())[0]).toBe('p99');
    unmount();
  });

  it('never renders more lines than its height', () => {
    for (const height of [1, 2, 3, 4, 5, 12]) {
      const { lastFrame, unmount } = render(
        <TimeseriesChart table={table} spec={spec} width={40} height={height} />,
      );
      expect(plain(lastFrame()).length).toBeLessThanOrEqual(height);
      unmount();
    }
  });

  it('says "no data yet" for an empty table', () => {
    const empty = resultTable([timeColumn([]), numberColumn('p50', [])]);
    const { lastFrame, unmount } = render(
      <TimeseriesChart table={empty} spec={spec} width={40} height={8} />,
    );
    expect(plain(lastFrame())).toEqual(['Latency (p50/p99)', 'no data yet']);
    unmount();
  });
});
