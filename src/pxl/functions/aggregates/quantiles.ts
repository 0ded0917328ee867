import { numbers, type Vector } from '../../exec/vector.js';
import { identityCodes } from '../build.js';
import type { AggregateFunction, BoundAggregate, GroupStates } from '../types.js';
import { isNumber, keepUnit, statesAs } from './numeric.js';
import { QuantileStates } from './quantile-states.js';

/** The levels of Pixie's px.quantiles, with their JSON keys. */
const PIXIE_LEVELS: readonly (readonly [string, number])[] = [
  ['p01', 0.01],
  ['p10', 0.1],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p90', 0.9],
  ['p99', 0.99],
];

function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

function pixieQuantiles(states: GroupStates, n: number): Vector {
  const columns = PIXIE_LEVELS.map(([, q]) => statesAs(states, QuantileStates).levels(q, n));
  const dict = new Array<string>(n);
  for (let g = 0; g < n; g++) {
    const parts = PIXIE_LEVELS.map(
      ([key], k) => `"${key}":${jsonNumber((columns[k] as Float64Array)[g] as number)}`,
    );
    dict[g] = `{${parts.join(',')}}`;
  }
  return { kind: 'string', codes: identityCodes(n), dict };
}

const PIXIE_QS = PIXIE_LEVELS.map(([, q]) => q);

/**
 * quantiles: without arguments Pixie's JSON `{"p01":..,"p99":..}` (read it with
 * px.pluck_float64); with one level, `px.quantiles(0.99)` in the course dialect, that one
 * number. Exact (interpolating between ranks like DuckDB's quantile_cont) while the input has
 * at most EXACT_ROWS rows; beyond, within 1% (DDSketch).
 */
export const quantiles: AggregateFunction = {
  name: 'quantiles',
  summary: 'quantiles: p01..p99 as JSON, or quantiles(q) for one level (0 <= q <= 1).',
  bind(input, args): BoundAggregate | string {
    if (!isNumber(input.type)) return `px.quantiles takes numbers, got ${input.type}`;
    const base = { stateKey: 'quantiles', createStates: () => new QuantileStates() };
    if (args.length === 0) {
      const semantic =
        input.semantic === 'ST_DURATION_NS' ? 'ST_DURATION_NS_QUANTILES' : 'ST_QUANTILES';
      return {
        ...base,
        type: 'STRING',
        semantic,
        attach: (states) => {
          statesAs(states, QuantileStates).want(PIXIE_QS);
        },
        finalize: pixieQuantiles,
      };
    }
    const q = args[0] as number;
    if (args.length > 1 || !(q >= 0 && q <= 1)) {
      return `px.quantiles takes one level between 0 and 1 (px.quantiles(0.99)), got ${args.join(', ')}`;
    }
    return {
      ...base,
      type: 'FLOAT64',
      semantic: keepUnit(input.semantic),
      attach: (states) => {
        statesAs(states, QuantileStates).want([q]);
      },
      finalize: (states, n) => numbers('FLOAT64', statesAs(states, QuantileStates).levels(q, n)),
    };
  },
};
