export {
  aggregateFunction,
  aggregateFunctions,
  scalarFunction,
  scalarFunctions,
} from './registry.js';
export type {
  AggregateFunction,
  ArgInfo,
  BoundAggregate,
  BoundScalar,
  EvalContext,
  GroupStates,
  ScalarFunction,
} from './types.js';
export { RELATIVE_ACCURACY } from './aggregates/dd-sketch.js';
export { EXACT_ROWS } from './aggregates/quantile-states.js';
export { parseDuration, formatDuration } from './duration.js';
