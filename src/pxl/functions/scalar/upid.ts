import { ticksToTimeNs } from '../host-facts.js';
import { rowFunction } from '../row-function.js';
import type { ScalarFunction } from '../types.js';

/**
 * 128-bit values: Pixie's UPID packs the agent id (asid) in bits 96..127, the pid in 64..95
 * and the process start time (clock ticks) in 0..63. px writes upids the same way.
 */
const U32 = 0xffffffffn;
const U64 = 0xffffffffffffffffn;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A UUID's 128 bits ('00000000-0000-0001-0000-00000000002a'), dashes optional. */
export function parseUint128(text: string): bigint | undefined {
  const trimmed = text.trim();
  return UUID.test(trimmed) ? BigInt(`0x${trimmed.replaceAll('-', '')}`) : undefined;
}

function toBig(value: unknown): bigint {
  const n = Math.trunc(value as number);
  return Number.isFinite(n) ? BigInt(n) : 0n;
}

/** 128 bits as UUID text, as Pixie's CLI prints upids ('00000000-0000-002a-0000-000000003039'). */
export function uuidText(value: bigint): string {
  const hex = BigInt.asUintN(128, value).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * When the process of a upid started, Unix ns: its start ticks (bits 0..63, clock ticks since
 * boot) after this host's boot time. 0 for upid 0 (no process) or an unreadable boot time.
 */
export function upidStartNs(upid: bigint): bigint {
  const ticks = upid & U64;
  return ticks === 0n ? 0n : (ticksToTimeNs(ticks) ?? 0n);
}

export function makeUpid(asid: bigint, pid: bigint, startTicks: bigint): bigint {
  return ((asid & U32) << 96n) | ((pid & U32) << 64n) | (startTicks & U64);
}

export const UPID_FUNCTIONS: readonly ScalarFunction[] = [
  rowFunction({
    name: 'uint128',
    summary: "uint128(text): the 128-bit value of a UUID such as '00000000-0000-0001-...'.",
    params: ['STRING'],
    result: 'UINT128',
    check: ([text]) =>
      typeof text?.value === 'string' && parseUint128(text.value) === undefined
        ? `px.uint128: '${text.value}' is not a UUID (32 hex digits, dashes optional)`
        : undefined,
    fn: ([text]) => parseUint128(text as string) ?? 0n,
  }),
  rowFunction({
    name: 'make_upid',
    summary: 'make_upid(asid, pid, start_ticks): the upid of that process.',
    params: ['INT64', 'INT64', 'INT64'],
    result: 'UINT128',
    semantic: 'ST_UPID',
    fn: ([asid, pid, ticks]) => makeUpid(toBig(asid), toBig(pid), toBig(ticks)),
  }),
  rowFunction({
    name: 'upid',
    summary: "upid(pid, start_ticks): the upid of that process on this host (px's agent, asid 0).",
    params: ['INT64', 'INT64'],
    result: 'UINT128',
    semantic: 'ST_UPID',
    fn: ([pid, ticks]) => makeUpid(0n, toBig(pid), toBig(ticks)),
  }),
  rowFunction({
    name: 'upid_to_start_ts',
    summary: 'upid_to_start_ts(upid): when the process started (its start ticks after boot).',
    params: ['UINT128'],
    result: 'TIME64NS',
    fn: ([upid]) => upidStartNs(upid as bigint),
  }),
  rowFunction({
    name: 'upid_to_string',
    summary: "upid_to_string(upid): the upid as 'asid:pid:start_ticks'.",
    params: ['UINT128'],
    result: 'STRING',
    fn: ([upid]) => {
      const u = upid as bigint;
      return `${(u >> 96n) & U32}:${(u >> 64n) & U32}:${u & U64}`;
    },
  }),
];
