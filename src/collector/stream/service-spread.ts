/**
 * Spreads flows over several targets (threads) service by service: a new flow goes to the
 * target with the fewest current flows of the same service (its server endpoint). One
 * service's flows carry similar work, so spreading each service spreads the work, where
 * numbering or hashing flows can leave one target all the heavy database connections.
 */
export class ServiceSpread {
  /** Per service: current flows on each target. */
  private readonly services = new Map<string, number[]>();

  constructor(private readonly targets: number) {}

  /** Places a new flow of `service`; returns its target. */
  place(service: string): number {
    let flows = this.services.get(service);
    if (flows === undefined) {
      flows = new Array<number>(this.targets).fill(0);
      this.services.set(service, flows);
    }
    let target = 0;
    for (let i = 1; i < this.targets; i++) if ((flows[i] ?? 0) < (flows[target] ?? 0)) target = i;
    flows[target] = (flows[target] ?? 0) + 1;
    return target;
  }

  /** A flow placed on `target` has ended (or been forgotten). */
  release(service: string, target: number): void {
    const flows = this.services.get(service);
    if (flows === undefined) return;
    flows[target] = (flows[target] ?? 1) - 1;
    if (flows.every((n) => n === 0)) this.services.delete(service);
  }
}
