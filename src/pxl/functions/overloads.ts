import type { DataType, ScalarValue } from '../plan/types.js';
import type { AggregateFunction, ArgInfo, ScalarFunction } from './types.js';

/**
 * The argument types each function accepts, as Pixie lists a function once per registered
 * overload. px's functions check their arguments in bind(), so the overloads are found by
 * asking bind() about every combination of value types up to three arguments (a list of
 * values allowed last): the listing cannot drift from what the compiler accepts.
 */
export interface Overload {
  /** Argument types; a list argument is `LIST<T>`. */
  readonly args: readonly string[];
  readonly result: DataType;
}

const TYPES: readonly DataType[] = ['BOOLEAN', 'INT64', 'FLOAT64', 'STRING', 'TIME64NS', 'UINT128'];
const MAX_ARGS = 3;

/** A value per type, for functions that need an argument known before the query runs. */
const SAMPLE: Readonly<Record<DataType, ScalarValue>> = {
  BOOLEAN: true,
  INT64: 1,
  FLOAT64: 0.5,
  STRING: 'a',
  TIME64NS: 0n,
  UINT128: 0n,
};

interface Probe {
  readonly label: string;
  readonly column: ArgInfo;
  readonly constant: ArgInfo;
}

const VALUE_PROBES: readonly Probe[] = TYPES.map((type) => ({
  label: type,
  column: { type, semantic: 'ST_NONE' },
  constant: { type, semantic: 'ST_NONE', value: SAMPLE[type] },
}));

const LIST_PROBES: readonly Probe[] = TYPES.map((type) => {
  const list: ArgInfo = { type, semantic: 'ST_NONE', items: [SAMPLE[type]] };
  return { label: `LIST<${type}>`, column: list, constant: list };
});

/** Every argument list to try: value types in each position, a list allowed in the last. */
function* probeLists(): Generator<readonly Probe[]> {
  yield [];
  let prefixes: (readonly Probe[])[] = [[]];
  for (let arity = 1; arity <= MAX_ARGS; arity++) {
    for (const prefix of prefixes) {
      for (const last of [...VALUE_PROBES, ...LIST_PROBES]) yield [...prefix, last];
    }
    prefixes = prefixes.flatMap((prefix) => VALUE_PROBES.map((p) => [...prefix, p]));
  }
}

/**
 * The overloads of a scalar function. Each type list is tried with columns, then with
 * constants (a regex pattern, a strptime format must be known when binding).
 */
export function scalarOverloads(fn: ScalarFunction): Overload[] {
  const found: Overload[] = [];
  for (const probes of probeLists()) {
    const bound =
      accepted(
        fn,
        probes.map((p) => p.column),
      ) ??
      accepted(
        fn,
        probes.map((p) => p.constant),
      );
    if (bound !== undefined) found.push({ args: probes.map((p) => p.label), result: bound });
  }
  return found;
}

/** The overloads of an aggregate: each input type it accepts without extra arguments. */
export function aggregateOverloads(fn: AggregateFunction): Overload[] {
  return VALUE_PROBES.flatMap((probe) => {
    const bound = fn.bind(probe.column, []);
    return typeof bound === 'string' ? [] : [{ args: [probe.label], result: bound.type }];
  });
}

/** The result type when bind() accepts the arguments (a bind that throws accepts nothing). */
function accepted(fn: ScalarFunction, args: readonly ArgInfo[]): DataType | undefined {
  try {
    const bound = fn.bind(args);
    return typeof bound === 'string' ? undefined : bound.type;
  } catch {
    return undefined;
  }
}
