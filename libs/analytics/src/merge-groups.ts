// Who stands for whom in the analytics as of an instant: the merge edges the survivors' documents
// record (CustomersMerged/Unmerged as business-time intervals), resolved to a top survivor per
// customer. A merge recorded at T holds for every asOf ≥ T until its unmerge; a group merged
// into another customer goes along (any depth), as in the customer 360.
import type { CustomerAnalytics } from '@ledger/projections';

export interface MergeEdge {
  survivor: string;
  merged: string;
  from: number;
  /** +Infinity while the merge holds. */
  until: number;
}

const holds = (edge: MergeEdge, ms: number): boolean => edge.from <= ms && ms < edge.until;

/**
 * Earlier merges first: a customer merged into two survivors at once (the command side refuses
 * only circles and merging twice within one group) counts under the one that took it first.
 */
const firstTaken = (a: MergeEdge, b: MergeEdge): number =>
  a.from - b.from || (a.survivor < b.survivor ? -1 : a.survivor > b.survivor ? 1 : 0);

export class MergeGroups {
  /** Edges by merged customer, firstTaken order. */
  private readonly parents = new Map<string, MergeEdge[]>();
  /** Edges by survivor, as its document lists them. */
  private readonly children = new Map<string, MergeEdge[]>();
  private boundaryList: number[] | null = null;

  /** No merge was ever recorded: every customer stands for themselves (the common path). */
  get empty(): boolean {
    return this.children.size === 0;
  }

  /**
   * Takes in the merges a survivor's document records (replacing what it recorded before) and
   * returns every customer connected to it by a merge before or after: their grouping may have
   * changed, so their combined documents must be recomputed.
   */
  set(doc: CustomerAnalytics): string[] {
    const before = this.children.get(doc.id);
    const entries = doc.merges ?? [];
    if (!before && entries.length === 0) return [];
    const touched = new Set(before ? this.component(doc.id) : []);
    for (const edge of before ?? []) {
      const list = (this.parents.get(edge.merged) ?? []).filter((e) => e !== edge);
      if (list.length > 0) this.parents.set(edge.merged, list);
      else this.parents.delete(edge.merged);
    }
    const edges = entries.map(
      ([merged, from, until]): MergeEdge => ({ survivor: doc.id, merged, from, until: until ?? Infinity }),
    );
    if (edges.length > 0) this.children.set(doc.id, edges);
    else this.children.delete(doc.id);
    for (const edge of edges)
      this.parents.set(edge.merged, [...(this.parents.get(edge.merged) ?? []), edge].sort(firstTaken));
    this.boundaryList = null;
    for (const id of this.component(doc.id)) touched.add(id);
    return [...touched];
  }

  /** Whether the customer was ever in a merge (as survivor or merged). */
  involves(id: string): boolean {
    return this.children.has(id) || this.parents.has(id);
  }

  /** The survivor a customer is merged into at `ms` (itself when none), following merges up. */
  survivorAt(id: string, ms: number): string {
    const path: string[] = [];
    let current = id;
    for (;;) {
      const parent = this.parents.get(current)?.find((edge) => holds(edge, ms))?.survivor;
      if (parent === undefined) return current;
      path.push(current);
      const seen = path.indexOf(parent);
      // A circle can only come from back-dated merges; its smallest id stands for it, whoever asks.
      if (seen >= 0) return path.slice(seen).sort()[0];
      current = parent;
    }
  }

  /** The customers a survivor stands for at `ms` (itself first, then by id); [] if it is merged away. */
  groupAt(survivor: string, ms: number): string[] {
    if (this.survivorAt(survivor, ms) !== survivor) return [];
    const members = this.component(survivor).filter((id) => id !== survivor && this.survivorAt(id, ms) === survivor);
    return [survivor, ...members.sort()];
  }

  /** Every customer linked to `id` by a merge at any time (the merges' undirected closure). */
  component(id: string): string[] {
    const seen = new Set<string>([id]);
    const queue = [id];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      const linked = [
        ...(this.children.get(next) ?? []).map((e) => e.merged),
        ...(this.parents.get(next) ?? []).map((e) => e.survivor),
      ];
      for (const other of linked) {
        if (!seen.has(other)) {
          seen.add(other);
          queue.push(other);
        }
      }
    }
    return [...seen];
  }

  /** Customers whose grouping changes at some instant in (afterMs, untilMs]. */
  changingBetween(afterMs: number, untilMs: number): string[] {
    if (this.empty || !this.boundaries().some((b) => b > afterMs && b <= untilMs)) return [];
    const ids = new Set<string>();
    for (const edges of this.children.values()) {
      for (const edge of edges) {
        const crosses = (b: number) => b > afterMs && b <= untilMs;
        if (crosses(edge.from) || crosses(edge.until)) for (const id of this.component(edge.survivor)) ids.add(id);
      }
    }
    return [...ids];
  }

  /** Every instant at which some grouping changes, ascending. */
  boundaries(): number[] {
    if (this.boundaryList) return this.boundaryList;
    const all = new Set<number>();
    for (const edges of this.children.values()) {
      for (const edge of edges) {
        all.add(edge.from);
        if (edge.until !== Infinity) all.add(edge.until);
      }
    }
    return (this.boundaryList = [...all].sort((a, b) => a - b));
  }
}
