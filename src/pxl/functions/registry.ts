import { any } from './aggregates/any.js';
import { max, min } from './aggregates/extremes.js';
import { count, mean, sum } from './aggregates/numeric.js';
import { quantiles } from './aggregates/quantiles.js';
import { bin } from './scalar/bin.js';
import { equalsAny, select } from './scalar/conditional.js';
import { HOST_FUNCTIONS } from './scalar/host.js';
import { JSON_FUNCTIONS } from './scalar/json.js';
import { MATH_FUNCTIONS } from './scalar/math.js';
import { OPERATOR_FUNCTIONS } from './scalar/operators.js';
import { collapsePathFunction } from './scalar/path-collapse.js';
import { PROTOCOL_FUNCTIONS } from './scalar/protocols.js';
import { REGEX_FUNCTIONS } from './scalar/regex.js';
import { scriptReference } from './scalar/script-reference.js';
import { SEMANTIC_FUNCTIONS } from './scalar/semantic.js';
import { STRING_FUNCTIONS } from './scalar/strings.js';
import { TIME_FUNCTIONS } from './scalar/time.js';
import { TIME_PARSE_FUNCTIONS } from './scalar/time-parse.js';
import { UPID_FUNCTIONS } from './scalar/upid.js';
import type { AggregateFunction, ScalarFunction } from './types.js';

/**
 * Every px.* function the engine runs, by name without the `px.` prefix. Lookups go through
 * Maps, never through properties of plain objects, so a script naming `__proto__` or
 * `constructor` finds nothing.
 */
const SCALARS: ReadonlyMap<string, ScalarFunction> = new Map(
  [
    select,
    equalsAny,
    ...OPERATOR_FUNCTIONS,
    bin,
    ...STRING_FUNCTIONS,
    collapsePathFunction,
    ...REGEX_FUNCTIONS,
    ...JSON_FUNCTIONS,
    ...MATH_FUNCTIONS,
    ...TIME_FUNCTIONS,
    ...TIME_PARSE_FUNCTIONS,
    ...SEMANTIC_FUNCTIONS,
    ...PROTOCOL_FUNCTIONS,
    ...UPID_FUNCTIONS,
    ...HOST_FUNCTIONS,
    scriptReference,
  ].map((f) => [f.name, f]),
);

const AGGREGATES: ReadonlyMap<string, AggregateFunction> = new Map(
  [count, sum, mean, min, max, any, quantiles].map((f) => [f.name, f]),
);

export function scalarFunction(name: string): ScalarFunction | undefined {
  return SCALARS.get(name);
}

export function aggregateFunction(name: string): AggregateFunction | undefined {
  return AGGREGATES.get(name);
}

export function scalarFunctions(): readonly ScalarFunction[] {
  return [...SCALARS.values()];
}

export function aggregateFunctions(): readonly AggregateFunction[] {
  return [...AGGREGATES.values()];
}
