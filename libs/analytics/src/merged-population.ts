// The analytics population as stored (one document per customer, each from its own stream) and
// as counted at an instant: a merged group is one customer, the top survivor, whose timelines
// are the union of the group's; the customers merged away are empty there. Combining happens
// here, at query time, because a merge holds from its business time on: the grouping depends on
// the asOf asked, which a stored document cannot know. Without merges every answer is the
// stored documents themselves, so the common path costs nothing.
import {
  combinedAnalytics,
  mergedAwayAnalytics,
  type CustomerAnalytics,
  type LifecycleStage,
  type RfmSegment,
} from '@ledger/projections';
import { MergeGroups } from './merge-groups';
import {
  HistoryPoints,
  segmentMemberships,
  type HistoryColumns,
  type HistoryDimension,
  type HistoryPoint,
} from './segment-history';
import type { DocumentChange } from './segments-live';

const KEEP_EPOCHS = 4;

export interface PopulationUpdate {
  /** The stored documents that changed (before: null when new). */
  changes: DocumentChange[];
  /** Changed documents of customers never in a merge: they stand for themselves. */
  alone: CustomerAnalytics[];
  /** Customers whose combined document must be recomputed (their group, or a merge, changed). */
  grouped: string[];
}

export class MergedPopulation {
  private readonly stored = new Map<string, CustomerAnalytics>();
  private list: CustomerAnalytics[] | null = null;
  /** documentsAt's answers of the latest few groupings, until a document changes. */
  private readonly byEpoch = new Map<number, CustomerAnalytics[]>();
  /** Each survivor's combined document with the group it was combined for, until a member changes. */
  private readonly combined = new Map<string, { key: string; doc: CustomerAnalytics }>();
  readonly groups = new MergeGroups();

  constructor(docs: Iterable<CustomerAnalytics> = []) {
    this.update(docs);
  }

  /** Takes in new versions of documents (a version not newer, by lastPosition, is ignored). */
  update(docs: Iterable<CustomerAnalytics>): PopulationUpdate {
    const changes: DocumentChange[] = [];
    const alone: CustomerAnalytics[] = [];
    const grouped = new Set<string>();
    for (const doc of docs) {
      const before = this.stored.get(doc.id) ?? null;
      if (before && before.lastPosition >= doc.lastPosition) continue;
      this.stored.set(doc.id, doc);
      changes.push({ before, after: doc });
      for (const id of this.groups.set(doc)) grouped.add(id);
      if (this.groups.involves(doc.id)) for (const id of this.groups.component(doc.id)) grouped.add(id);
      else alone.push(doc);
    }
    if (changes.length > 0) {
      this.list = null;
      this.byEpoch.clear();
    }
    for (const id of grouped) this.combined.delete(id);
    // A merge may name a customer whose document has not come yet (another partition): it joins when it comes.
    const known = [...grouped].filter((id) => this.stored.has(id));
    return { changes, alone: alone.filter((doc) => !grouped.has(doc.id)), grouped: known };
  }

  /** A stored document, as its own events made it. */
  get(id: string): CustomerAnalytics | undefined {
    return this.stored.get(id);
  }

  /** Every stored document (new ones last). */
  documents(): readonly CustomerAnalytics[] {
    return (this.list ??= [...this.stored.values()]);
  }

  /** A customer as counted at `ms`: alone, combined with their group, or merged away (empty). */
  effective(id: string, ms: number): CustomerAnalytics {
    const doc = this.stored.get(id) ?? null;
    if (doc === null) throw new RangeError(`customer '${id}' has no analytics document`);
    if (!this.groups.involves(id)) return doc;
    const group = this.groups.groupAt(id, ms);
    if (group.length === 0) return mergedAwayAnalytics(doc);
    const key = group.join('\u0000');
    const kept = this.combined.get(id);
    if (kept?.key === key) return kept.doc;
    const members = group.slice(1).flatMap((member) => this.stored.get(member) ?? []);
    const combined = combinedAnalytics(doc, members);
    this.combined.set(id, { key, doc: combined });
    return combined;
  }

  /** Who a customer counts as at `ms`: their top survivor, or themselves. */
  survivorAt(id: string, ms: number): string {
    return this.groups.empty ? id : this.groups.survivorAt(id, ms);
  }

  /** The groups of more than one customer at `ms`: the survivor's document and its members' (stored). */
  groupsAt(ms: number): { survivor: CustomerAnalytics; members: CustomerAnalytics[] }[] {
    const groups: { survivor: CustomerAnalytics; members: CustomerAnalytics[] }[] = [];
    if (this.groups.empty) return groups;
    for (const doc of this.documents()) {
      if (!this.groups.involves(doc.id)) continue;
      const ids = this.groups.groupAt(doc.id, ms);
      if (ids.length < 2) continue;
      groups.push({ survivor: doc, members: ids.slice(1).flatMap((id) => this.stored.get(id) ?? []) });
    }
    return groups;
  }

  /**
   * The population as counted at `ms`, aligned with documents() (same length and order, a merged-away
   * customer empty in its place), so columns built at different instants compare index by index.
   */
  documentsAt(ms: number): readonly CustomerAnalytics[] {
    const docs = this.documents();
    if (this.groups.empty) return docs;
    // Combined documents hold whole timelines, so they depend on the grouping only: one per epoch.
    const epoch = groupingEpoch(this, ms);
    let combined = this.byEpoch.get(epoch);
    if (!combined) {
      combined = docs.map((doc) => (this.groups.involves(doc.id) ? this.effective(doc.id, ms) : doc));
      this.byEpoch.set(epoch, combined);
      if (this.byEpoch.size > KEEP_EPOCHS) this.byEpoch.delete(this.byEpoch.keys().next().value as number);
    }
    return combined;
  }
}

/** How many grouping changes happened at or before `ms`: instants with the same count share one grouping. */
export function groupingEpoch(population: MergedPopulation, ms: number): number {
  const boundaries = population.groups.boundaries();
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (boundaries[mid] <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Segment history over a population with merges: the instants are cut into runs of one grouping
 * each, every run walked on the columns of its grouping (`columnsAt`, which the caller keeps),
 * and entered/exited counted customer by customer across runs (documentsAt keeps the indexes).
 */
export function mergedSegmentHistory(
  population: MergedPopulation,
  columnsAt: (epoch: number, ms: number) => HistoryColumns,
  dimension: HistoryDimension,
  value: RfmSegment | LifecycleStage,
  instants: readonly number[],
): HistoryPoint[] {
  const points = new HistoryPoints(population.documents().length);
  let start = 0;
  while (start < instants.length) {
    const epoch = groupingEpoch(population, instants[start]);
    let end = start + 1;
    while (end < instants.length && groupingEpoch(population, instants[end]) === epoch) end++;
    const run = instants.slice(start, end);
    let step = 0;
    for (const member of segmentMemberships(columnsAt(epoch, run[0]), dimension, value, run)) {
      points.add(run[step++], member);
    }
    start = end;
  }
  return points.points;
}
