import type { SemanticType } from '../../../store/index.js';
import { checkArgs } from '../signature.js';
import type { ArgInfo, BoundScalar, ScalarFunction } from '../types.js';

/** Casts that change only how a value is shown (Pixie's px.DurationNanos, px.Bytes, px.Percent). */
function semanticCast(name: string, semantic: SemanticType, shown: string): ScalarFunction {
  return {
    name,
    summary: `${name}(x): x shown as ${shown}.`,
    bind(args): BoundScalar | string {
      const problem = checkArgs(name, args, ['NUMBER']);
      if (problem !== undefined) return problem;
      return {
        type: (args[0] as ArgInfo).type,
        semantic,
        evaluate: ([x]) => {
          if (x === undefined) throw new TypeError(`${name} needs an argument`);
          return x;
        },
      };
    },
  };
}

export const SEMANTIC_FUNCTIONS: readonly ScalarFunction[] = [
  semanticCast('DurationNanos', 'ST_DURATION_NS', 'a duration in nanoseconds'),
  semanticCast('Bytes', 'ST_BYTES', 'a byte count'),
  semanticCast('Percent', 'ST_PERCENT', 'a percentage (a ratio 0..1)'),
];
