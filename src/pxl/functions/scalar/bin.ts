import type { Lane } from '../../../store/index.js';
import { combine, map } from '../../exec/kernels.js';
import {
  MAX_TIME_OFFSET,
  numbers,
  times,
  type TimeVector,
  type Vector,
} from '../../exec/vector.js';
import { timeSpanError } from '../build.js';
import { checkArgs, checkConstant } from '../signature.js';
import type { ArgInfo, BoundScalar, ScalarFunction } from '../types.js';

/**
 * bin(x, size): x rounded down to a multiple of size, as `x - x % size` (Pixie's rule; for
 * negative integers that rounds toward zero). Times are binned exactly; fractional numbers
 * are truncated to integers first.
 */
export const bin: ScalarFunction = {
  name: 'bin',
  summary: 'bin(x, size): x rounded down to a multiple of size (px.bin(df.time_, px.seconds(10))).',
  bind(args): BoundScalar | string {
    const [x, size] = args as [ArgInfo | undefined, ArgInfo | undefined];
    if (x?.type === 'TIME64NS') {
      const problem =
        checkArgs('bin', args, ['TIME64NS', 'INT64']) ?? checkConstant('bin', args, 1, 'bin size');
      if (problem !== undefined) return problem;
      const step = Math.trunc(Number(size?.value));
      if (!(step > 0) || step > MAX_TIME_OFFSET)
        return 'px.bin: the bin size must be between 1 ns and 52 days';
      return {
        type: 'TIME64NS',
        semantic: x.semantic,
        evaluate: ([t], rows) => binTimes(t as TimeVector, step, rows),
      };
    }
    const problem = checkArgs('bin', args, ['NUMBER', 'INT64']);
    if (problem !== undefined) return problem;
    return {
      type: 'INT64',
      semantic: x?.semantic ?? 'ST_NONE',
      evaluate: ([v, s], rows) =>
        numbers(
          'INT64',
          combine(lane(v), lane(s), rows, (a, b) => Math.trunc(a) - (Math.trunc(a) % b)),
        ),
    };
  },
};

function lane(v: Vector | undefined): Lane {
  if (v?.kind !== 'number') throw new TypeError('expected a number vector');
  return v.lane;
}

/**
 * base + offset = (base - r) + (r + offset) with r = base mod step, so (base - r) is a multiple
 * of step and only the small number r + offset is binned, exactly, in float64.
 */
function binTimes(t: TimeVector, step: number, rows: number): TimeVector {
  const bigStep = BigInt(step);
  const r = ((t.baseNs % bigStep) + bigStep) % bigStep;
  const rest = Number(r);
  const binned = map(t.lane, rows, (offset) => {
    const v = rest + offset;
    const out = v - (((v % step) + step) % step);
    if (Math.abs(out) > MAX_TIME_OFFSET) throw timeSpanError();
    return out;
  });
  return times(t.baseNs - r, binned);
}
