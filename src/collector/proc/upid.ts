/**
 * upid = 128 bits: high 64 = asid << 32 | pid, low 64 = process start time in clock ticks
 * (field 22 of /proc/<pid>/stat), as Pixie builds it. A reused pid gets a new start time, so
 * two processes never share a upid. px is one agent, so asid is 0 unless set.
 */
export function makeUpid(pid: number, startTicks: number, asid = 0): bigint {
  const high = (BigInt(asid >>> 0) << 32n) | BigInt(pid >>> 0);
  return (high << 64n) | BigInt.asUintN(64, BigInt(startTicks));
}

export function upidPid(upid: bigint): number {
  return Number((upid >> 64n) & 0xffffffffn);
}

export function upidStartTicks(upid: bigint): number {
  return Number(upid & 0xffffffffffffffffn);
}
