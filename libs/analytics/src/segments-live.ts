// The analysts' segments kept up to date as analytics documents change and as the date they are
// scored at moves forward (the present). A changed customer is re-scored alone; R and M quintiles
// and value tiers, which depend on everyone, come from thresholds over the purchasers' ranks
// (segments-rank-thresholds.ts): when a change moves a quintile or tier threshold, only the
// customers whose value lies between the old and the new threshold are re-placed. Counts per
// segment are kept as customers move.
// Customer for customer equal to scoreCustomers over the same documents and date
// (segments-live.spec.ts compares them after random changes).
import {
  type CustomerAnalytics,
  compareScores,
  composeScore,
  customerFacts,
  pageWindow,
  SCORE_DIMENSION_VALUES,
  VALUE_TIERS,
  type CustomerScore,
  type ScoreDimension,
  type ScoreDimensionTypes,
  type ScoreFilter,
  type ScoreListOptions,
  type ScorePage,
  type ScoreSortField,
  toMs,
} from '@ledger/projections';
import { IdOrder } from './segments-id-order';
import { codeOf, DIMENSIONS, MemberColumns } from './segments-live-columns';
import { ChangeQueue, nextChangeAt } from './segments-next-change';
import { RankThresholds } from './segments-rank-thresholds';
import type { SegmentsView } from './segments-view';

/** A document as it was before a change (null: new) and after it. */
export interface DocumentChange {
  before: CustomerAnalytics | null;
  after: CustomerAnalytics;
}

export class LiveSegments implements SegmentsView {
  private asOfMs: number;
  private asOfInstant: string;
  private readonly slots = new Map<string, number>();
  private readonly docs: CustomerAnalytics[] = [];
  private documentList: readonly CustomerAnalytics[] | null = null;
  private readonly columns = new MemberColumns();
  private readonly thresholds = new RankThresholds();
  private readonly tally = Object.fromEntries(
    DIMENSIONS.map((d) => [d, new Int32Array(SCORE_DIMENSION_VALUES[d].length)]),
  ) as Record<ScoreDimension, Int32Array>;
  private members = 0;
  private batch = 0;
  private readonly queue = new ChangeQueue((slot) => this.columns.nextChange[slot]);
  private readonly order = new IdOrder((slot) => this.docs[slot].customerId);

  constructor(asOf: string, docs: Iterable<CustomerAnalytics> = []) {
    this.asOfMs = toMs(asOf);
    this.asOfInstant = asOf;
    this.upsert(docs);
  }

  get asOf(): string {
    return this.asOfInstant;
  }

  get customers(): number {
    return this.members;
  }

  /** Every document held, new ones last (not in id order). */
  documents(): readonly CustomerAnalytics[] {
    return (this.documentList ??= [...this.docs]);
  }

  /**
   * Takes in new versions of documents (by id; a version not newer than the one held, by
   * lastPosition, is ignored unless `replace`) and re-scores as of the current date. Returns what
   * changed. `replace` is for documents combined for a merged group (merged-population.ts): a
   * merge or unmerge changes them without a newer position of their own.
   */
  upsert(docs: Iterable<CustomerAnalytics>, replace = false): DocumentChange[] {
    const changes: DocumentChange[] = [];
    const changed: number[] = [];
    const mark = ++this.batch;
    for (const doc of docs) {
      let slot = this.slots.get(doc.id);
      let before: CustomerAnalytics | null = null;
      if (slot === undefined) {
        slot = this.docs.length;
        this.slots.set(doc.id, slot);
        this.docs.push(doc);
        this.columns.ensure(slot + 1);
        this.order.add(slot);
      } else {
        before = this.docs[slot];
        if (!replace && before.lastPosition >= doc.lastPosition) continue;
        this.docs[slot] = doc;
      }
      changes.push({ before, after: doc });
      if (this.columns.stamp[slot] !== mark) {
        this.columns.stamp[slot] = mark;
        changed.push(slot);
      }
    }
    if (changes.length > 0) this.documentList = null;
    this.rescore(changed);
    this.order.settle(); // here rather than in the next list request
    return changes;
  }

  /** Moves the date forward, re-scoring only the customers whose next change instant has come. */
  advanceTo(asOf: string): void {
    const ms = toMs(asOf);
    if (!(ms >= this.asOfMs)) throw new RangeError(`live segments only move forward: ${asOf} < ${this.asOfInstant}`);
    this.asOfInstant = asOf;
    if (ms === this.asOfMs) return;
    this.asOfMs = ms;
    this.rescore(this.queue.due(ms));
  }

  counts<D extends ScoreDimension>(dimension: D): Record<ScoreDimensionTypes[D], number> {
    const values = SCORE_DIMENSION_VALUES[dimension] as readonly string[];
    return Object.fromEntries(values.map((v, i) => [v, this.tally[dimension][i]])) as Record<
      ScoreDimensionTypes[D],
      number
    >;
  }

  /** As filterScores: by customerId it walks the id order and stops at the page; other sorts sort the matches. */
  list(filter: ScoreFilter = {}, options: ScoreListOptions = {}): ScorePage {
    const { sort = 'customerId', order = 'asc' } = options;
    const window = pageWindow(options);
    const matches = this.matcher(filter);
    const start = window.offset;
    const end = start + window.pageSize;
    let slots: number[];
    let total: number;
    if (sort === 'customerId') {
      const known = this.knownTotal(filter);
      slots = [];
      let seen = 0;
      if (known === undefined || start < known) {
        for (const slot of this.order.walk(order)) {
          if (!matches(slot)) continue;
          if (seen >= start) slots.push(slot);
          if (++seen >= end) break;
        }
      }
      total = known ?? this.countMatching(matches);
    } else {
      const rows: (Pick<CustomerScore, ScoreSortField> & { slot: number })[] = [];
      for (let slot = 0; slot < this.docs.length; slot++) if (matches(slot)) rows.push(this.sortRow(slot));
      rows.sort(compareScores(sort, order));
      total = rows.length;
      slots = rows.slice(start, end).map((row) => row.slot);
    }
    return { total, ...window, items: slots.map((slot) => this.scoreOf(slot)) };
  }

  /** Every score, in customerId order. */
  scores(): CustomerScore[] {
    const scores: CustomerScore[] = [];
    for (const slot of this.order.walk()) if (this.columns.member[slot]) scores.push(this.scoreOf(slot));
    return scores;
  }

  private rescore(changed: readonly number[]): void {
    if (changed.length === 0) return;
    const batch = ++this.batch;
    const { stamp, member, codes } = this.columns;
    for (const slot of changed) {
      stamp[slot] = batch;
      this.leave(slot);
    }
    for (const slot of changed) this.enter(slot);
    for (const slot of this.thresholds.update(stamp, batch)) {
      this.tally.rfmSegment[codes.rfmSegment[slot]]--;
      this.tally.valueTier[codes.valueTier[slot]]--;
      this.thresholds.place(this.columns, slot);
      this.tally.rfmSegment[codes.rfmSegment[slot]]++;
      this.tally.valueTier[codes.valueTier[slot]]++;
    }
    for (const slot of changed) {
      if (!member[slot]) continue;
      this.thresholds.place(this.columns, slot);
      for (const d of DIMENSIONS) this.tally[d][codes[d][slot]]++;
    }
  }

  /** Takes a customer out of the counts and ranks, with the values they were entered with. */
  private leave(slot: number): void {
    const c = this.columns;
    if (!c.member[slot]) return;
    for (const d of DIMENSIONS) this.tally[d][c.codes[d][slot]]--;
    this.thresholds.remove(c, slot);
    c.member[slot] = 0;
    this.members--;
  }

  /** Re-reads a customer's own facts as of the date and ranks them (placing comes once thresholds are known). */
  private enter(slot: number): void {
    const c = this.columns;
    const doc = this.docs[slot];
    c.nextChange[slot] = nextChangeAt(doc, this.asOfMs);
    this.queue.schedule(slot, c.nextChange[slot], this.docs.length);
    const facts = customerFacts(doc, this.asOfMs);
    if (!facts) return;
    c.setFacts(slot, facts);
    this.members++;
    this.thresholds.add(c, slot);
  }

  private scoreOf(slot: number): CustomerScore {
    const c = this.columns;
    const facts = customerFacts(this.docs[slot], this.asOfMs);
    if (!facts) throw new Error(`customer in slot ${slot} is not in the population as of ${this.asOfInstant}`);
    const rfm = c.r[slot] === 0 ? { r: null, f: null, m: null } : { r: c.r[slot], f: c.f[slot], m: c.m[slot] };
    return composeScore(facts, rfm, VALUE_TIERS[c.codes.valueTier[slot]]);
  }

  private sortRow(slot: number): Pick<CustomerScore, ScoreSortField> & { slot: number } {
    const c = this.columns;
    const purchaser = c.frequency[slot] > 0;
    return {
      slot,
      customerId: this.docs[slot].customerId,
      recencyDays: purchaser ? -c.recencyKey[slot] : null,
      frequency: c.frequency[slot],
      monetary: c.monetary[slot],
      churnScore: c.churnScore[slot],
      rfm: purchaser ? `${c.r[slot]}${c.f[slot]}${c.m[slot]}` : null,
    };
  }

  private matcher(filter: ScoreFilter): (slot: number) => boolean {
    const { member, codes } = this.columns;
    const wanted = this.wantedCodes(filter);
    const { country, keyAccount } = filter;
    return (slot) => {
      if (!member[slot]) return false;
      for (const [d, code] of wanted) if (codes[d][slot] !== code) return false;
      const doc = this.docs[slot];
      return (
        (country === undefined || doc.country === country) &&
        (keyAccount === undefined || doc.keyAccount === keyAccount)
      );
    };
  }

  private wantedCodes(filter: ScoreFilter): [ScoreDimension, number][] {
    const wanted: [ScoreDimension, string | undefined][] = [
      ['rfmSegment', filter.segment],
      ['valueTier', filter.valueTier],
      ['lifecycleStage', filter.lifecycleStage],
      ['churnRisk', filter.churnRisk],
      ['channelAffinity', filter.channel],
    ];
    return wanted.filter(([, v]) => v !== undefined).map(([d, v]) => [d, codeOf(d, v as string)]);
  }

  /** The number of matches when the counts already say it (no filter, or one counted dimension). */
  private knownTotal(filter: ScoreFilter): number | undefined {
    if (filter.country !== undefined || filter.keyAccount !== undefined) return undefined;
    const wanted = this.wantedCodes(filter);
    if (wanted.length === 0) return this.members;
    if (wanted.length > 1) return undefined;
    const [d, code] = wanted[0];
    return code < 0 ? 0 : this.tally[d][code];
  }

  private countMatching(matches: (slot: number) => boolean): number {
    let count = 0;
    for (let slot = 0; slot < this.docs.length; slot++) if (matches(slot)) count++;
    return count;
  }
}
