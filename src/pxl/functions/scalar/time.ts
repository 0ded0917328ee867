import { nanosAsTime } from '../../exec/time-ops.js';
import { map } from '../../exec/kernels.js';
import { numbers, times, type Vector } from '../../exec/vector.js';
import { parseDuration, formatDuration } from '../duration.js';
import { rowFunction } from '../row-function.js';
import { checkArgs } from '../signature.js';
import { FunctionError, type BoundScalar, type ScalarFunction } from '../types.js';

function durationUnit(name: string, unitNs: number): ScalarFunction {
  return {
    name,
    summary: `${name}(n): n ${name} as INT64 nanoseconds.`,
    bind(args): BoundScalar | string {
      const problem = checkArgs(name, args, ['NUMBER']);
      if (problem !== undefined) return problem;
      return {
        type: 'INT64',
        semantic: 'ST_DURATION_NS',
        evaluate: ([n], rows) =>
          numbers(
            'INT64',
            map(numberLane(n), rows, (x) => Math.round(x * unitNs)),
          ),
      };
    },
  };
}

function numberLane(v: Vector | undefined) {
  if (v?.kind !== 'number') throw new TypeError('expected a number vector');
  return v.lane;
}

const now: ScalarFunction = {
  name: 'now',
  summary: 'now(): the time the query started.',
  bind: (args) =>
    checkArgs('now', args, []) ?? {
      type: 'TIME64NS',
      semantic: 'ST_NONE',
      evaluate: (_args, _rows, ctx) => times(ctx.nowNs, 0),
    },
};

const timeToInt64: ScalarFunction = {
  name: 'time_to_int64',
  summary: 'time_to_int64(t): t as INT64 ns since the epoch (exact up to 2^53).',
  bind: (args) =>
    checkArgs('time_to_int64', args, ['TIME64NS']) ?? {
      type: 'INT64',
      semantic: 'ST_NONE',
      evaluate: ([t], rows) => {
        if (t?.kind !== 'time') throw new TypeError('expected a time vector');
        const base = Number(t.baseNs);
        return numbers(
          'INT64',
          map(t.lane, rows, (offset) => base + offset),
        );
      },
    },
};

const int64ToTime: ScalarFunction = {
  name: 'int64_to_time',
  summary: 'int64_to_time(n): INT64 ns since the epoch as a time.',
  bind: (args) =>
    checkArgs('int64_to_time', args, ['INT64']) ?? {
      type: 'TIME64NS',
      semantic: 'ST_NONE',
      evaluate: ([n], rows) => nanosAsTime(numberLane(n), rows),
    },
};

export const TIME_FUNCTIONS: readonly ScalarFunction[] = [
  now,
  durationUnit('days', 86400e9),
  durationUnit('hours', 3600e9),
  durationUnit('minutes', 60e9),
  durationUnit('seconds', 1e9),
  durationUnit('milliseconds', 1e6),
  durationUnit('microseconds', 1e3),
  rowFunction({
    name: 'parse_duration',
    summary: "parse_duration(s): '-5m', '30s', '1h30m' as signed INT64 nanoseconds.",
    params: ['STRING'],
    result: 'INT64',
    semantic: 'ST_DURATION_NS',
    dictArg: 0,
    check: ([arg]) =>
      typeof arg?.value === 'string' && parseDuration(arg.value) === undefined
        ? `px.parse_duration: '${arg.value}' is not a duration like '-5m', '30s' or '1h30m'`
        : undefined,
    fn: ([text]) => {
      const ns = parseDuration(text as string);
      if (ns === undefined) throw new FunctionError(`'${String(text)}' is not a duration`);
      return ns;
    },
  }),
  rowFunction({
    name: 'format_duration',
    summary: "format_duration(ns): a duration as text ('1h2m3s', '12.5ms').",
    params: ['INT64'],
    result: 'STRING',
    fn: ([ns]) => formatDuration(ns as number),
  }),
  timeToInt64,
  int64ToTime,
];
