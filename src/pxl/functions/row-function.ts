import type { SemanticType } from '../../store/index.js';
import { isConstant, mapDict, mapDictToLane, valueAt, type Vector } from '../exec/vector.js';
import type { DataType, ScalarValue } from '../plan/types.js';
import { rowwise } from './build.js';
import { checkArgs, type ParamType } from './signature.js';
import type { ArgInfo, BoundScalar, ScalarFunction } from './types.js';

/** A function of one row's argument values. `values` is reused: do not keep it. */
export type RowFn = (values: ScalarValue[]) => ScalarValue;

export interface RowFunctionSpec {
  readonly name: string;
  readonly summary: string;
  readonly params: readonly ParamType[];
  readonly result: DataType;
  readonly semantic?: SemanticType;
  /**
   * The STRING argument to evaluate once per distinct dictionary value when every other
   * argument is constant (the usual `px.contains(df.req_path, '/api')`).
   */
  readonly dictArg?: number;
  /** Checks beyond the types (constant patterns, ranges); returns what is wrong. */
  readonly check?: (args: readonly ArgInfo[]) => string | undefined;
  readonly fn: RowFn;
}

/** A scalar function defined row by row, with the dictionary shortcut for string columns. */
export function rowFunction(spec: RowFunctionSpec): ScalarFunction {
  return {
    name: spec.name,
    summary: spec.summary,
    bind(args): BoundScalar | string {
      const problem = checkArgs(spec.name, args, spec.params) ?? spec.check?.(args);
      if (problem !== undefined) return problem;
      return {
        type: spec.result,
        semantic: spec.semantic ?? 'ST_NONE',
        evaluate: (vectors, rows) => evaluateRows(spec, vectors, rows),
      };
    },
  };
}

function evaluateRows(spec: RowFunctionSpec, args: readonly Vector[], rows: number): Vector {
  const d = spec.dictArg;
  const column = d === undefined ? undefined : args[d];
  const othersConstant = args.every((a, i) => i === d || isConstant(a));
  if (column?.kind !== 'string' || isConstant(column) || !othersConstant || d === undefined) {
    return rowwise(spec.result, args, rows, spec.fn);
  }
  const values = args.map((a) => valueAt(a, 0));
  const apply = (s: string): ScalarValue => {
    values[d] = s;
    return spec.fn(values);
  };
  switch (spec.result) {
    case 'STRING': {
      const { codes, dict } = mapDict(column.codes, column.dict, rows, (s) => String(apply(s)));
      return { kind: 'string', codes, dict };
    }
    case 'BOOLEAN':
      return {
        kind: 'number',
        type: 'BOOLEAN',
        lane: mapDictToLane(column.codes, column.dict, rows, (s) => (apply(s) ? 1 : 0), Uint8Array),
      };
    case 'INT64':
    case 'FLOAT64':
      return {
        kind: 'number',
        type: spec.result,
        lane: mapDictToLane(column.codes, column.dict, rows, (s) => Number(apply(s))),
      };
    case 'TIME64NS':
    case 'UINT128':
      return rowwise(spec.result, args, rows, spec.fn);
  }
}
