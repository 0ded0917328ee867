import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { HistogramChart } from './histogram-chart.js';
import { numberColumn, resultTable } from './testing/chart-table.js';

const table = resultTable([
  numberColumn('latency', [1e6, 2e6, 3e6, 12e6, 14e6, 4e6], 'ST_DURATION_NS'),
]);
const spec = {
  '@type': 'types.px.dev/px.vispb.HistogramChart',
  histogram: { value: 'latency', maxbins: 10, minstep: 5e6 },
  title: 'Request latency',
};
const plain = (frame: string | undefined): string[] =>
  stripVTControlCharacters(frame ?? '').split('\n');

describe('HistogramChart', () => {
  it('draws one bar per bin, ranges on the left and counts on the right', () => {
    const { lastFrame, unmount } = render(
      <HistogramChart table={table} spec={spec} width={30} height={8} />,
    );
    const lines = plain(lastFrame());
    unmount();
    // minstep makes the bins 5 ms wide; 30 cells: ranges 13, bars 14, counts 1, 2 spaces.
    expect(lines).toEqual([
      'Request latency',
      ` 0 ns – 5 ms  ${'█'.repeat(14)} 4`,
      ` 5 ms – 10 ms ${' '.repeat(14)} 0`,
      `10 ms – 15 ms ${'█'.repeat(7)}${' '.repeat(7)} 2`,
    ]);
  });

  it('makes fewer, wider bins when the panel is short', () => {
    const tight = { ...spec, histogram: { value: 'latency' } };
    const { lastFrame, unmount } = render(
      <HistogramChart table={table} spec={tight} width={40} height={3} />,
    );
    const lines = plain(lastFrame());
    unmount();
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/).at(-1))).toEqual(['4', '2']);
  });

  it('says "no data yet" when nothing is there to bin', () => {
    const empty = resultTable([numberColumn('latency', [])]);
    const { lastFrame, unmount } = render(
      <HistogramChart table={empty} spec={spec} width={30} height={5} />,
    );
    expect(plain(lastFrame())).toEqual(['Request latency', 'no data yet']);
    unmount();
  });
});
