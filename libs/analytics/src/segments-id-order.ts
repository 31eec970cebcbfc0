// Members in customerId order (the lists' default order) while members keep arriving: a large
// sorted run plus a small sorted run of recent arrivals, walked together; the small run is
// merged into the large one once it passes a fraction of it, so an arrival costs O(log n)
// comparisons plus, now and then, one linear merge.

export class IdOrder {
  private main = new Int32Array(0);
  private recent: number[] = [];
  private arrived: number[] = [];

  /** `idOf(member)`: the member's customerId, compared with `<` as the lists compare it. */
  constructor(private readonly idOf: (member: number) => string) {}

  add(member: number): void {
    this.arrived.push(member);
  }

  /** Every member, ascending or descending by customerId. */
  *walk(order: 'asc' | 'desc' = 'asc'): Generator<number> {
    this.settle();
    const { main, recent } = this;
    const before = order === 'asc' ? this.less : (a: number, b: number) => this.less(b, a);
    const step = order === 'asc' ? 1 : -1;
    let i = order === 'asc' ? 0 : main.length - 1;
    let j = order === 'asc' ? 0 : recent.length - 1;
    const inMain = (k: number): boolean => k >= 0 && k < main.length;
    const inRecent = (k: number): boolean => k >= 0 && k < recent.length;
    while (inMain(i) || inRecent(j)) {
      if (!inRecent(j) || (inMain(i) && before(main[i], recent[j]))) {
        yield main[i];
        i += step;
      } else {
        yield recent[j];
        j += step;
      }
    }
  }

  private readonly less = (a: number, b: number): boolean => this.idOf(a) < this.idOf(b);

  /** Sorts in the members added since the last walk (walks do it themselves; callers may do it ahead). */
  settle(): void {
    if (this.arrived.length === 0) return;
    const arrived = this.sorted(this.arrived);
    this.arrived = [];
    this.recent = this.merge(this.recent, arrived);
    if (this.recent.length > Math.max(1024, this.main.length >>> 5)) {
      this.main = Int32Array.from(this.merge(this.main, this.recent));
      this.recent = [];
    }
  }

  private sorted(members: number[]): number[] {
    for (let k = 1; k < members.length; k++) {
      if (!this.less(members[k - 1], members[k])) {
        return members.sort((a, b) => (this.less(a, b) ? -1 : this.less(b, a) ? 1 : 0));
      }
    }
    return members; // arrivals from a scan come in id order already
  }

  /**
   * Merges a small sorted run into a large one: each small element's place is found by binary
   * search, and the large run is copied in blocks between those places.
   */
  private merge(large: ArrayLike<number>, small: readonly number[]): number[] {
    const merged = new Array<number>(large.length + small.length);
    let from = 0;
    let k = 0;
    for (const member of small) {
      let lo = from;
      let hi = large.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.less(large[mid], member)) lo = mid + 1;
        else hi = mid;
      }
      while (from < lo) merged[k++] = large[from++];
      merged[k++] = member;
    }
    while (from < large.length) merged[k++] = large[from++];
    return merged;
  }
}
