/**
 * A small seeded generator (sfc32, seeded through splitmix32). Every case gets its own
 * generator from (seed, target, case index), so one failing case replays alone, without the
 * cases before it.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The case generator for one case of one target. */
  static forCase(seed: number, target: string, index: number): Rng {
    return new Rng(mix(mix(seed >>> 0, hashText(target)), index >>> 0));
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** An integer in [0, n); 0 when n <= 0. */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.unit() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** Mostly small, sometimes large: n in [1, max] with a log-uniform spread. */
  size(max: number): number {
    return Math.max(1, Math.min(max, Math.floor(Math.exp(this.unit() * Math.log(max + 1)))));
  }

  /** A uniform number in [0, 1). */
  unit(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  chance(p: number): boolean {
    return this.unit() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }
}

function mix(h: number, v: number): number {
  let x = Math.imul(h ^ v, 0x9e3779b1);
  x = Math.imul(x ^ (x >>> 15), 0x85ebca77);
  return (x ^ (x >>> 13)) >>> 0;
}

function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
