/**
 * Packet timestamps as Unix-ns BigInts, one BigInt made per packet rather than two (`base +
 * BigInt(offset)`): every packet needs its own time, but not its own BigInt of the offset.
 */

/** 0, 1000, ..., 999000: the sub-millisecond rest of a timestamp in whole microseconds. */
const MICROS_NS: readonly bigint[] = Array.from({ length: 1000 }, (_, us) => BigInt(us * 1000));

/**
 * Times given as a BigInt base and a number of nanoseconds past it. The base's whole
 * milliseconds are converted once per millisecond (a busy capture has many packets in each) and
 * a rest of whole microseconds (pcap, and pcapng at its default resolution) comes from a table.
 */
export class PacketTime {
  private baseNs = 0n;
  private ms = -1;
  private msNs = 0n;

  /** Offsets given from now on count from `baseNs`. */
  setBase(baseNs: bigint): void {
    this.baseNs = baseNs;
    this.ms = -1;
  }

  /** The base plus `offsetNs`, an integer from 0 to 2^53. */
  at(offsetNs: number): bigint {
    const ms = Math.floor(offsetNs / 1e6);
    if (ms !== this.ms) {
      this.ms = ms;
      this.msNs = this.baseNs + BigInt(ms * 1e6);
    }
    const rest = offsetNs - ms * 1e6;
    const restNs = rest % 1000 === 0 ? MICROS_NS[rest / 1000] : undefined;
    return this.msNs + (restNs ?? BigInt(rest));
  }
}
