// The customer population as the analysts' queries see it: every analytics document, refreshed
// incrementally (only the documents changed since the last look are fetched), with the segments
// of the present (LiveSegments) and campaign attribution (LiveAttribution) kept up to date on
// it, so a query costs what changed rather than a pass over everyone. Segments for other dates
// are scored in full, and the latest few of those are kept. A merged group counts as one
// customer, the top survivor, as of each date asked (MergedPopulation, libs/analytics): the
// live segments hold the combined documents, the other answers combine for their own asOf.
import { Inject, Injectable } from '@nestjs/common';
import {
  historyColumns,
  LiveAttribution,
  LiveSegments,
  MergedPopulation,
  mergedSegmentHistory,
  scoredSegments,
  segmentHistory,
  type HistoryColumns,
  type HistoryDimension,
  type HistoryPoint,
  type SegmentsView,
} from '@ledger/analytics';
import {
  customerAnalyticsProjection,
  monthOf,
  multiTouchTally,
  scoreCustomers,
  type AttributionOptions,
  type MultiTouchOptions,
  type MultiTouchTally,
  type CampaignAttribution,
  type CampaignDoc,
  type CustomerAnalytics,
  type LifecycleStage,
  type RfmSegment,
} from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { CLOCK, type Clock } from '@ledger/config';
import { LiveReadModels } from '@ledger/projection-runner';
import { DistributedProgress } from './distributed-progress';
import { endOfCurrentMinute } from './query-params';

interface Population {
  /** The collection the documents come from (the live generation's). */
  collection: string;
  /** Every document change at or below this position is in. */
  position: number;
  token: string;
  /** The stored documents and their merges; the live segments hold them as counted at their date. */
  merged: MergedPopulation;
  segments: LiveSegments;
  attribution: LiveAttribution;
  /** Bumped whenever a document changed: full scorings are only reused within one version. */
  version: number;
}

const KEEP_SCORINGS = 4;
const SCAN_PAGE = 5000;

@Injectable()
export class PopulationService {
  private population: Population | null = null;
  private refreshing: Promise<unknown> = Promise.resolve();
  private readonly scorings: { key: string; view: SegmentsView }[] = [];
  private columns: { key: string; columns: Map<number, HistoryColumns> } | null = null;
  private readonly multiTouchTallies: { key: string; tally: MultiTouchTally }[] = [];

  constructor(
    // The live generation of the analytics read model (distributed mode rebuilds into new ones).
    @Inject(LiveReadModels) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly progress: DistributedProgress,
  ) {}

  /**
   * Runs `read` on the segments as of `asOf`; without `asOf`, as of the present (the end of the
   * current minute, or the live date if a concurrent query already moved it there). `read` runs
   * before anything else can move the live segments, so its answer is of one date and position.
   */
  async segments<T>(asOf: string | undefined, read: (view: SegmentsView, position: number) => T): Promise<T> {
    const population = await this.current();
    const live = population.segments;
    const present = endOfCurrentMinute(this.clock.now());
    const wanted = asOf ?? (Date.parse(present) > Date.parse(live.asOf) ? present : live.asOf);
    const at = Date.parse(wanted);
    if (at >= Date.parse(live.asOf) && at <= Date.parse(present)) {
      const regrouped = population.merged.groups.changingBetween(Date.parse(live.asOf), at);
      live.advanceTo(wanted);
      // A merge or unmerge whose business time the date just passed: its group is counted anew.
      if (regrouped.length > 0) live.upsert(this.effective(population, regrouped, at), true);
      return read(live, population.position);
    }
    return read(this.scored(population, wanted), population.position);
  }

  /** Attribution of one campaign from the campaign's customers, kept up to date as they change. */
  async attribution(campaign: CampaignDoc, options: AttributionOptions): Promise<CampaignAttribution> {
    const population = await this.current();
    const { merged } = population;
    const asOfMs = Date.parse(options.asOf);
    const involved: CustomerAnalytics[] = [];
    if (!merged.groups.empty) {
      for (const doc of population.attribution.customersOf(campaign.campaignId)) {
        if (merged.groups.involves(doc.id)) involved.push(doc);
      }
    }
    if (involved.length === 0) return population.attribution.attribution(campaign, options);
    // A merged group is one customer touched or converted, with the touches and purchases of all
    // its members: the kept tally with each involved member's own part taken back and each of
    // their groups' combined document put in (a member that does not name the campaign added
    // nothing to take back). A customer whose merge comes after asOf is its own survivor then.
    const survivors = new Set(involved.map((doc) => merged.survivorAt(doc.id, asOfMs)));
    const groups = this.effective(population, [...survivors], asOfMs);
    return population.attribution.attributionReplacing(campaign, options, involved, groups);
  }

  /**
   * Multi-touch credit of every campaign as of a date: one pass over the population, kept for
   * the latest few questions while no document changes (comparing other campaigns is then free).
   */
  async multiTouch(options: MultiTouchOptions): Promise<MultiTouchTally> {
    const population = await this.current();
    const key = JSON.stringify([population.collection, population.version, options]);
    const hit = this.multiTouchTallies.find((t) => t.key === key);
    if (hit) return hit.tally;
    const tally = multiTouchTally(population.merged.documentsAt(Date.parse(options.asOf)), options);
    this.multiTouchTallies.unshift({ key, tally });
    this.multiTouchTallies.length = Math.min(this.multiTouchTallies.length, KEEP_SCORINGS);
    return tally;
  }

  /**
   * Members of a segment or stage at each instant (the first is the baseline), from columns of
   * the population built once per version of it.
   */
  async history(
    dimension: HistoryDimension,
    value: RfmSegment | LifecycleStage,
    instants: readonly number[],
  ): Promise<HistoryPoint[]> {
    const { merged, collection, version } = await this.current();
    const key = `${collection}|${version}`;
    if (this.columns?.key !== key) this.columns = { key, columns: new Map() };
    const kept = this.columns.columns;
    // Columns per grouping (epoch: merges and unmerges passed); without merges there is one.
    const columnsAt = (epoch: number, ms: number): HistoryColumns => {
      let columns = kept.get(epoch);
      if (!columns) kept.set(epoch, (columns = historyColumns(merged.documentsAt(ms))));
      return columns;
    };
    if (merged.groups.empty) return segmentHistory(columnsAt(0, 0), dimension, value, instants);
    return mergedSegmentHistory(merged, columnsAt, dimension, value, instants);
  }

  /**
   * Every analytics document as counted at `asOf` (a merged group combined under its survivor,
   * the customers merged away empty; default: the present minute), new ones last, not in id order.
   */
  async analytics(asOf?: string): Promise<{ docs: readonly CustomerAnalytics[]; checkpoint: number }> {
    const population = await this.current();
    const at = Date.parse(asOf ?? endOfCurrentMinute(this.clock.now()));
    return { docs: population.merged.documentsAt(at), checkpoint: population.position };
  }

  /**
   * Registrations per month (business time) to take off the KPI document's counts so a merged
   * group counts once, in the month of its earliest registration: −1 in each member's month,
   * +1 in the group's first. Empty without merges.
   */
  async registrationCorrections(asOf: string): Promise<Record<string, number>> {
    const { merged } = await this.current();
    const corrections: Record<string, number> = {};
    const add = (instant: string, n: number) => {
      const month = monthOf(instant);
      corrections[month] = (corrections[month] ?? 0) + n;
    };
    for (const { survivor, members } of merged.groupsAt(Date.parse(asOf))) {
      const registered = [survivor, ...members].flatMap((doc) => (doc.registeredAt ? [doc.registeredAt] : []));
      if (registered.length < 2) continue;
      registered.forEach((at) => add(at, -1));
      add(
        registered.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a)),
        1,
      );
    }
    return corrections;
  }

  /**
   * One customer as the analytics count them at `asOf`: their own stored document, the survivor
   * they count under (themselves when not merged away), and the customers in their group.
   */
  async customer(
    id: string,
    asOf: string,
  ): Promise<{ own: CustomerAnalytics; survivor: string; counted: CustomerAnalytics; group: string[] } | null> {
    const { merged } = await this.current();
    const own = merged.get(id);
    if (!own) return null;
    const ms = Date.parse(asOf);
    const survivor = merged.survivorAt(id, ms);
    const group = merged.groups.empty ? [id] : merged.groups.groupAt(survivor, ms);
    return { own, survivor, counted: merged.effective(survivor, ms), group: group.length > 0 ? group : [id] };
  }

  /** A full scoring for a date the live segments are not at (the past, or the future). */
  private scored(population: Population, asOf: string): SegmentsView {
    const key = `${population.collection}|${population.version}|${asOf}`;
    const hit = this.scorings.find((s) => s.key === key);
    if (hit) return hit.view;
    const view = scoredSegments(scoreCustomers(population.merged.documentsAt(Date.parse(asOf)), asOf), asOf);
    this.scorings.unshift({ key, view });
    this.scorings.length = Math.min(this.scorings.length, KEEP_SCORINGS);
    return view;
  }

  /** Refreshes run one after another, each starting after it was asked for (read-your-writes needs that). */
  private current(): Promise<Population> {
    const next = this.refreshing.then(() => this.refresh());
    this.refreshing = next.catch(() => undefined);
    return next;
  }

  private async refresh(): Promise<Population> {
    const seen = await this.progress.visibility(customerAnalyticsProjection.name);
    const held = this.population;
    if (held && held.collection === seen.collection && seen.position >= held.position) {
      if (seen.token !== held.token) {
        const changed = await this.reads.find<CustomerAnalytics>(seen.collection, {
          filter: { lastPosition: { $gt: held.position } },
        });
        const { changes, alone, grouped } = held.merged.update(changed);
        held.segments.upsert(alone);
        if (grouped.length > 0) {
          held.segments.upsert(this.effective(held, grouped, Date.parse(held.segments.asOf)), true);
        }
        held.attribution.apply(changes);
        if (changes.length > 0) held.version++;
        held.position = seen.position;
        held.token = seen.token;
      }
      return held;
    }
    // The first look, another generation, or a read model that went back (dropped and rebuilt): read everything.
    const docs: CustomerAnalytics[] = [];
    for await (const page of this.reads.scan<CustomerAnalytics>(seen.collection, SCAN_PAGE)) docs.push(...page);
    const asOf = endOfCurrentMinute(this.clock.now());
    const merged = new MergedPopulation(docs);
    this.population = {
      collection: seen.collection,
      position: seen.position,
      token: seen.token,
      merged,
      segments: new LiveSegments(asOf, merged.documentsAt(Date.parse(asOf))),
      attribution: new LiveAttribution(docs),
      version: (held?.version ?? 0) + 1,
    };
    return this.population;
  }

  /** The customers' documents as counted at `ms` (their group combined, or empty if merged away). */
  private effective(population: Population, ids: readonly string[], ms: number): CustomerAnalytics[] {
    return ids.map((id) => population.merged.effective(id, ms));
  }
}
