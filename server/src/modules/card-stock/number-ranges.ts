// Sets of card numbers as sorted, disjoint inclusive ranges: which numbers are in stock now, and which
// were ever destroyed, replayed from the ledger in the order it was written.

export type Range = readonly [number, number];

export class NumberSet {
  private ranges: [number, number][] = [];

  add([a, b]: Range): void {
    const out: [number, number][] = [];
    let lo = a;
    let hi = b;
    for (const [x, y] of this.ranges) {
      if (y < lo - 1 || x > hi + 1) out.push([x, y]);
      else {
        lo = Math.min(lo, x);
        hi = Math.max(hi, y);
      }
    }
    out.push([lo, hi]);
    this.ranges = out.sort((p, q) => p[0] - q[0]);
  }

  remove([a, b]: Range): void {
    const out: [number, number][] = [];
    for (const [x, y] of this.ranges) {
      if (y < a || x > b) out.push([x, y]);
      else {
        if (x < a) out.push([x, a - 1]);
        if (y > b) out.push([b + 1, y]);
      }
    }
    this.ranges = out;
  }

  /** every number of the range is in the set */
  covers([a, b]: Range): boolean {
    return this.ranges.some(([x, y]) => x <= a && b <= y);
  }

  /** some number of the range is in the set */
  overlaps([a, b]: Range): boolean {
    return this.ranges.some(([x, y]) => x <= b && a <= y);
  }
}
