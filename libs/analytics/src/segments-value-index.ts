// An ordered multiset of numbers for ranking a population that keeps changing (the live segments'
// ranks, segments-rank-thresholds.ts): how many values lie below a value, the smallest value from
// which a rank condition holds, and which members hold values in a range. Each step costs
// O(log d) for d distinct values, so a few changed customers never mean re-sorting everyone.
//
// A treap over the distinct values (node fields in typed arrays, so a million members are a few
// flat arrays rather than a million objects), each node counting its members and keeping them
// in a doubly linked list threaded through per-member arrays.

import { grown } from './segments-live-columns';

const NIL = 0; // node 0 is the empty tree: total 0, never allocated
const NO_MEMBER = -1;

export class ValueIndex {
  private key = new Float64Array(64);
  private count = new Int32Array(64);
  private total = new Int32Array(64);
  private left = new Int32Array(64);
  private right = new Int32Array(64);
  private priority = new Float64Array(64);
  private head = new Int32Array(64);
  private freeNodes: number[] = [];
  private nodes = 1;
  private root = NIL;
  private next = new Int32Array(64);
  private prev = new Int32Array(64);
  // A fixed-seed generator: the tree's shape is reproducible run to run (answers never depend on it).
  private seed = 0x2545f491;

  /** How many members are indexed. */
  get size(): number {
    return this.total[this.root];
  }

  /** Indexes `member` (a non-negative integer id) under `value`. A member must be indexed at most once. */
  add(value: number, member: number): void {
    if (Number.isNaN(value)) throw new RangeError(`cannot index NaN (member ${member})`);
    this.next = grown(this.next, member + 1);
    this.prev = grown(this.prev, member + 1);
    this.root = this.insert(this.root, value, member);
  }

  /** Removes `member`, which must be indexed under exactly `value`. */
  remove(value: number, member: number): void {
    const node = this.find(value);
    if (node === NIL) throw new RangeError(`value ${value} is not indexed (member ${member})`);
    this.unlink(node, member);
    this.root = this.decrement(this.root, value);
  }

  /**
   * The smallest indexed value where `holds(below, equal, value)` is true (below: members under
   * it, equal: members at it); Infinity when none. `holds` must be monotone along the values
   * (false, then true), which rank conditions are.
   */
  firstWhere(holds: (below: number, equal: number, value: number) => boolean): number {
    let best = Infinity;
    let below = 0;
    for (let t = this.root; t !== NIL; ) {
      const under = below + this.total[this.left[t]];
      if (holds(under, this.count[t], this.key[t])) {
        best = this.key[t];
        t = this.left[t];
      } else {
        below = under + this.count[t];
        t = this.right[t];
      }
    }
    return best;
  }

  /** The members holding a value in [from, to), in value order. */
  membersIn(from: number, to: number): number[] {
    const found: number[] = [];
    const visit = (t: number): void => {
      if (t === NIL) return;
      const key = this.key[t];
      if (from < key) visit(this.left[t]);
      if (from <= key && key < to) {
        for (let m = this.head[t]; m !== NO_MEMBER; m = this.next[m]) found.push(m);
      }
      if (key < to) visit(this.right[t]);
    };
    visit(this.root);
    return found;
  }

  private find(value: number): number {
    let t = this.root;
    while (t !== NIL && value !== this.key[t]) t = value < this.key[t] ? this.left[t] : this.right[t];
    return t;
  }

  private insert(t: number, value: number, member: number): number {
    if (t === NIL) {
      const node = this.allocate(value);
      this.link(node, member);
      return node;
    }
    this.total[t]++;
    if (value === this.key[t]) {
      this.count[t]++;
      this.link(t, member);
      return t;
    }
    if (value < this.key[t]) {
      const child = this.insert(this.left[t], value, member);
      this.left[t] = child;
      return this.priority[child] > this.priority[t] ? this.rotateRight(t) : t;
    }
    const child = this.insert(this.right[t], value, member);
    this.right[t] = child;
    return this.priority[child] > this.priority[t] ? this.rotateLeft(t) : t;
  }

  private decrement(t: number, value: number): number {
    this.total[t]--;
    if (value < this.key[t]) this.left[t] = this.decrement(this.left[t], value);
    else if (value > this.key[t]) this.right[t] = this.decrement(this.right[t], value);
    else if (--this.count[t] === 0) return this.erase(t);
    return t;
  }

  /** Removes an empty node by rotating it down to where it has at most one child. */
  private erase(t: number): number {
    const l = this.left[t];
    const r = this.right[t];
    if (l === NIL || r === NIL) {
      this.freeNodes.push(t);
      return l === NIL ? r : l;
    }
    if (this.priority[l] > this.priority[r]) {
      const top = this.rotateRight(t);
      this.right[top] = this.erase(t);
      this.resum(top);
      return top;
    }
    const top = this.rotateLeft(t);
    this.left[top] = this.erase(t);
    this.resum(top);
    return top;
  }

  private rotateRight(t: number): number {
    const l = this.left[t];
    this.left[t] = this.right[l];
    this.right[l] = t;
    this.resum(t);
    this.resum(l);
    return l;
  }

  private rotateLeft(t: number): number {
    const r = this.right[t];
    this.right[t] = this.left[r];
    this.left[r] = t;
    this.resum(t);
    this.resum(r);
    return r;
  }

  private resum(t: number): void {
    this.total[t] = this.total[this.left[t]] + this.total[this.right[t]] + this.count[t];
  }

  private allocate(value: number): number {
    let node = this.freeNodes.pop();
    if (node === undefined) {
      node = this.nodes++;
      if (node >= this.key.length) {
        const size = node + 1;
        this.key = grown(this.key, size);
        this.count = grown(this.count, size);
        this.total = grown(this.total, size);
        this.left = grown(this.left, size);
        this.right = grown(this.right, size);
        this.priority = grown(this.priority, size);
        this.head = grown(this.head, size);
      }
    }
    this.key[node] = value;
    this.count[node] = 1;
    this.total[node] = 1;
    this.left[node] = NIL;
    this.right[node] = NIL;
    this.priority[node] = this.random();
    this.head[node] = NO_MEMBER;
    return node;
  }

  private link(node: number, member: number): void {
    const first = this.head[node];
    this.next[member] = first;
    this.prev[member] = NO_MEMBER;
    if (first !== NO_MEMBER) this.prev[first] = member;
    this.head[node] = member;
  }

  private unlink(node: number, member: number): void {
    const before = this.prev[member];
    const after = this.next[member];
    if (before === NO_MEMBER) this.head[node] = after;
    else this.next[before] = after;
    if (after !== NO_MEMBER) this.prev[after] = before;
  }

  /** xorshift32 in [0, 1). */
  private random(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 0x1_0000_0000;
  }
}
