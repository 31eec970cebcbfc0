// One searched field's tokens in (token, customer id) order, so a prefix is a contiguous range
// found by binary search and walking it yields matches already ranked. A large sorted base plus
// a small sorted delta that takes changes and is merged in when it grows (the base is never
// spliced). An entry is live while its generation equals its customer's current one: a changed
// customer's old entries go stale in place and are dropped at the next merge.

export interface Entry {
  key: string;
  slot: number;
  gen: number;
}

interface Run {
  keys: string[];
  slots: Int32Array | number[];
  gens: Uint32Array | number[];
}

/** Entries per merge before the delta is folded into the base: small enough to merge cheaply, large enough to amortise. */
const deltaLimit = (base: number): number => 2048 + (base >> 5);

export class TokenColumn {
  private base: Run = { keys: [], slots: new Int32Array(0), gens: new Uint32Array(0) };
  private delta: Run = { keys: [], slots: [], gens: [] };

  constructor(
    private readonly idOf: (slot: number) => string,
    private readonly isLive: (slot: number, gen: number) => boolean,
  ) {}

  get entries(): number {
    return this.base.keys.length + this.delta.keys.length;
  }

  private compare(keyA: string, slotA: number, keyB: string, slotB: number): number {
    if (keyA !== keyB) return keyA < keyB ? -1 : 1;
    const a = this.idOf(slotA);
    const b = this.idOf(slotB);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  private sorted(entries: Entry[]): Run {
    entries.sort((a, b) => this.compare(a.key, a.slot, b.key, b.slot));
    return { keys: entries.map((e) => e.key), slots: entries.map((e) => e.slot), gens: entries.map((e) => e.gen) };
  }

  /** Adds entries (any order). Stale ones need not be removed: they are skipped, then merged away. */
  add(entries: Entry[]): void {
    if (entries.length === 0) return;
    if (entries.length > deltaLimit(this.base.keys.length)) {
      this.base = this.merge(this.merge(this.base, this.delta, Array), this.sorted(entries), Int32Array);
      this.delta = { keys: [], slots: [], gens: [] };
      return;
    }
    this.delta = this.merge(this.delta, this.sorted(entries), Array);
    if (this.delta.keys.length > deltaLimit(this.base.keys.length)) {
      this.base = this.merge(this.base, this.delta, Int32Array);
      this.delta = { keys: [], slots: [], gens: [] };
    }
  }

  /** Both runs in order, stale entries dropped. `kind` picks typed arrays (the base) or plain ones (the delta). */
  private merge(a: Run, b: Run, kind: typeof Int32Array | typeof Array): Run {
    const total = a.keys.length + b.keys.length;
    const keys: string[] = new Array<string>(total);
    const slots = kind === Int32Array ? new Int32Array(total) : new Array<number>(total);
    const gens = kind === Int32Array ? new Uint32Array(total) : new Array<number>(total);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < a.keys.length || j < b.keys.length) {
      const takeA =
        j >= b.keys.length || (i < a.keys.length && this.compare(a.keys[i], a.slots[i], b.keys[j], b.slots[j]) <= 0);
      const run = takeA ? a : b;
      const at = takeA ? i++ : j++;
      if (!this.isLive(run.slots[at], run.gens[at])) continue;
      keys[n] = run.keys[at];
      slots[n] = run.slots[at];
      gens[n] = run.gens[at];
      n++;
    }
    keys.length = n;
    if (Array.isArray(slots)) (slots as number[]).length = n;
    if (Array.isArray(gens)) (gens as number[]).length = n;
    return {
      keys,
      slots: Array.isArray(slots) ? slots : (slots as Int32Array).subarray(0, n),
      gens: Array.isArray(gens) ? gens : (gens as Uint32Array).subarray(0, n),
    };
  }

  /** Entries whose key starts with `prefix` (or equals it, when exact): an upper bound, stale ones included. */
  count(prefix: string, exact = false): number {
    return span(this.base.keys, prefix, exact) + span(this.delta.keys, prefix, exact);
  }

  /**
   * Calls `visit` for each live entry whose key starts with (or equals) `prefix`, in (key, id)
   * order, until it returns false.
   */
  walk(prefix: string, exact: boolean, visit: (slot: number, key: string) => boolean | void): void {
    const a = this.base;
    const b = this.delta;
    let i = lowerBound(a.keys, prefix);
    let j = lowerBound(b.keys, prefix);
    const inA = (k: number) => k < a.keys.length && matches(a.keys[k], prefix, exact);
    const inB = (k: number) => k < b.keys.length && matches(b.keys[k], prefix, exact);
    while (inA(i) || inB(j)) {
      const takeA = !inB(j) || (inA(i) && this.compare(a.keys[i], a.slots[i], b.keys[j], b.slots[j]) <= 0);
      const run = takeA ? a : b;
      const at = takeA ? i++ : j++;
      if (!this.isLive(run.slots[at], run.gens[at])) continue;
      if (visit(run.slots[at], run.keys[at]) === false) return;
    }
  }
}

const matches = (key: string, prefix: string, exact: boolean): boolean =>
  exact ? key === prefix : key.startsWith(prefix);

/** First index whose key is ≥ `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many keys start with (or equal) `prefix`: two binary searches. */
function span(keys: readonly string[], prefix: string, exact: boolean): number {
  const lo = lowerBound(keys, prefix);
  // Keys equal to the prefix sort below prefix + U+0000; keys starting with it below prefix + U+FFFF.
  if (exact) return lowerBound(keys, `${prefix}\u0000`) - lo;
  return lowerBound(keys, `${prefix}\uffff`) - lo;
}
