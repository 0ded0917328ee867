import fc from 'fast-check';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { rowWidth } from './canvas.js';
import { ServiceMap } from './service-map.js';
import { serviceMapRows } from './service-map-rows.js';
import type { ServiceRow } from './testing/tables.js';
import { SERVICE_MAP_SPEC, serviceMapTable } from './testing/tables.js';

const shop: ServiceRow[] = [
  ['frontend', 'cart', 12.3456, 0.0312, 45.2],
  ['frontend', 'checkout', 5, 0.08, 1200],
  ['checkout', 'payments', 4, 0.2, 900],
  ['cart', 'db', 2, 0, 3],
  ['checkout', 'db', 1, 0, 4],
];
const table = serviceMapTable(shop);

/** Rendered lines without colour codes. */
function frame(element: React.JSX.Element): string[] {
  const { lastFrame, unmount } = render(element);
  const text = lastFrame() ?? '';
  unmount();
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
}

function expectWithin(lines: readonly string[], width: number, height: number): void {
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(width);
}

describe('ServiceMap', () => {
  it('draws the services and their calls when there is room', () => {
    const lines = frame(
      <ServiceMap table={table} spec={SERVICE_MAP_SPEC} width={100} height={20} />,
    );
    const text = lines.join('\n');
    for (const name of ['frontend', 'cart', 'checkout', 'payments', 'db']) {
      expect(text).toMatch(new RegExp(`[│┤] ${name} +[│├]`));
    }
    expect(text).toContain('12.3 /sec 3.12% 45.2 ms');
    expect(text.split('▶')).toHaveLength(shop.length + 1);
    expectWithin(lines, 100, 20);
  });

  it('falls back to the edge table, heaviest first, when the map does not fit', () => {
    const lines = frame(<ServiceMap table={table} spec={SERVICE_MAP_SPEC} width={44} height={4} />);
    expect(lines).toEqual([
      'FROM → TO             REQ/S  ERRORS      P99',
      'frontend → cart   12.3 /sec   3.12%  45.2 ms',
      'frontend → chec…     5 /sec   8.00%    1.2 s',
      'checkout → paym…     4 /sec  20.00%   900 ms',
    ]);
  });

  it('shows the selected edge’s hover columns on the last line', () => {
    const lines = frame(
      <ServiceMap table={table} spec={SERVICE_MAP_SPEC} width={100} height={20} selected={2} />,
    );
    expect(lines.at(-1)).toBe(
      'checkout → payments  requests 40  throughput 4 /sec  error_rate 20.00%  p99 900 ms',
    );
    expectWithin(lines, 100, 20);
  });

  it('explains a spec it cannot draw instead of failing', () => {
    const lines = frame(
      <ServiceMap
        table={table}
        spec={{ ...SERVICE_MAP_SPEC, adjacencyList: { fromColumn: 'src', toColumn: 'dst' } }}
        width={80}
        height={5}
      />,
    );
    expect(lines).toEqual(['service map: column "src" is not in table "service_map"']);
  });

  it('says so when there is no traffic', () => {
    const lines = frame(
      <ServiceMap table={serviceMapTable([])} spec={SERVICE_MAP_SPEC} width={80} height={5} />,
    );
    expect(lines).toEqual(['no traffic between services yet']);
  });

  it('renders nothing without room', () => {
    const lines = frame(<ServiceMap table={table} spec={SERVICE_MAP_SPEC} width={80} height={0} />);
    expect(lines.join('')).toBe('');
  });
});

describe('serviceMapRows', () => {
  it('never exceeds width × height, whatever the size, selection or traffic', () => {
    const names = ['frontend', 'cart', 'checkout', 'payments', 'db', 'a-long-service-name-here'];
    const row = fc.tuple(
      fc.constantFrom(...names),
      fc.constantFrom(...names),
      fc.double({ min: 0, max: 1e4, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 5000, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 25 }),
        fc.integer({ min: 0, max: 140 }),
        fc.integer({ min: 0, max: 50 }),
        fc.option(fc.nat({ max: 30 }), { nil: undefined }),
        (rows, width, height, selected) => {
          const out = serviceMapRows(
            serviceMapTable(rows),
            SERVICE_MAP_SPEC,
            { width, height },
            selected,
          );
          expect(out.length).toBeLessThanOrEqual(height);
          for (const line of out) expect(rowWidth(line)).toBeLessThanOrEqual(width);
        },
      ),
      { numRuns: 200 },
    );
  });
});
