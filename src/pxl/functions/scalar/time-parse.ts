import { parseTimeText } from '../../compile/times.js';
import { nanosAsTime } from '../../exec/time-ops.js';
import type { Vector } from '../../exec/vector.js';
import { rowwise } from '../build.js';
import { rowFunction } from '../row-function.js';
import { checkConstant, describeTypes } from '../signature.js';
import { strptime, unknownDirective } from '../strptime.js';
import { FunctionError, type BoundScalar, type ScalarFunction } from '../types.js';

/**
 * Text to time. Pixie evaluates px.parse_time and px.strptime while compiling, so their
 * arguments are constants and a bad one is a compile error; px does the same for constants
 * (a check error) and also accepts a column of text, where a value that is not a time stops
 * the query with a runtime error naming it (a default such as time 0 next to real times
 * could not share a batch with them, see timeOffset in build.ts).
 */

/** parse_time(t): a time string (relative to the query's clock or absolute), Unix ns or a time. */
const parseTime: ScalarFunction = {
  name: 'parse_time',
  summary:
    "parse_time(t): '-5m' (from now), '2024-01-02 15:04:05 -0700', Unix ns or a time, as a time.",
  bind(args): BoundScalar | string {
    const [arg] = args;
    const accepted = ['STRING', 'INT64', 'TIME64NS'];
    if (
      args.length !== 1 ||
      arg === undefined ||
      arg.items !== undefined ||
      !accepted.includes(arg.type)
    ) {
      return `px.parse_time takes (STRING|INT64|TIME64NS), got ${describeTypes(args)}`;
    }
    if (typeof arg.value === 'string' && parseTimeText(arg.value, 0n) === undefined) {
      return `px.parse_time: '${arg.value}' is not a time like '-5m', '2024-01-02 15:04:05' or '2020-03-12 19:39:59 -0200'`;
    }
    return {
      type: 'TIME64NS',
      semantic: 'ST_NONE',
      evaluate: ([v], rows, ctx): Vector => {
        if (v?.kind === 'time') return v;
        if (v?.kind === 'number') return nanosAsTime(v.lane, rows);
        return rowwise('TIME64NS', [v as Vector], rows, ([text]) =>
          parsedTime(text as string, ctx.nowNs),
        );
      },
    };
  },
};

function parsedTime(text: string, nowNs: bigint): bigint {
  const ns = parseTimeText(text, nowNs);
  if (ns === undefined) throw new FunctionError(`'${text}' is not a time`);
  return ns;
}

/** strptime(date_string, format): C strptime, the format known before the query runs. */
const strptimeFunction = rowFunction({
  name: 'strptime',
  summary:
    "strptime(s, format): s read with a C strptime format ('%Y-%m-%d %H:%M:%S %z') as a time.",
  params: ['STRING', 'STRING'],
  result: 'TIME64NS',
  dictArg: 0,
  check: (args) => {
    const constant = checkConstant('strptime', args, 1, 'format');
    if (constant !== undefined) return constant;
    const format = args[1]?.value as string;
    const unknown = unknownDirective(format);
    if (unknown !== undefined)
      return `px.strptime: the format '${format}' has an unknown directive ${unknown}`;
    const text = args[0]?.value;
    return typeof text === 'string' && strptime(text, format) === undefined
      ? `px.strptime: '${text}' does not match the format '${format}'`
      : undefined;
  },
  fn: ([text, format]) => {
    const ns = strptime(text as string, format as string);
    if (ns === undefined) {
      throw new FunctionError(`'${String(text)}' does not match the format '${String(format)}'`);
    }
    return ns;
  },
});

export const TIME_PARSE_FUNCTIONS: readonly ScalarFunction[] = [parseTime, strptimeFunction];
