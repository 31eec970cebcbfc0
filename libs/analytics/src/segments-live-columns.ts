// What LiveSegments keeps per member, as flat typed columns (a million members are a handful of
// arrays, not a million score objects), and the small code tables that turn scores into the
// dimension values' positions in SCORE_DIMENSION_VALUES.
import {
  rfmSegmentOf,
  SCORE_DIMENSION_VALUES,
  VALUE_TIERS,
  VALUE_TIER_TOP_PERCENT,
  type CustomerFacts,
  type ScoreDimension,
} from '@ledger/projections';

export const DIMENSIONS = Object.keys(SCORE_DIMENSION_VALUES) as ScoreDimension[];

/** Position of a dimension's value in its canonical list; -1 for a value outside it. */
export function codeOf(dimension: ScoreDimension, value: string): number {
  return (SCORE_DIMENSION_VALUES[dimension] as readonly string[]).indexOf(value);
}

/** RFM segment code by r·36 + f·6 + m (scores 1-5, all 0 for a customer who never purchased). */
export const SEGMENT_BY_RFM = Uint8Array.from({ length: 216 }, (_, i) => {
  const [r, f, m] = [Math.floor(i / 36), Math.floor(i / 6) % 6, i % 6];
  if (r === 0 || f === 0 || m === 0) return codeOf('rfmSegment', rfmSegmentOf({ r: null, f: null, m: null }));
  return codeOf('rfmSegment', rfmSegmentOf({ r, f, m }));
});

/** Value tiers a purchaser reaches by how many tier thresholds their value passes (0: bronze). */
export const TIER_BY_LEVEL = Uint8Array.from(['bronze', 'silver', 'gold', 'platinum'], (t) => codeOf('valueTier', t));
export const TIER_NONE = VALUE_TIERS.indexOf('none');
/** The top percentages of the silver, gold and platinum tiers, in level order. */
export const TIER_TOP_PERCENT = [
  VALUE_TIER_TOP_PERCENT.silver,
  VALUE_TIER_TOP_PERCENT.gold,
  VALUE_TIER_TOP_PERCENT.platinum,
];

/** `array` when it holds `size` already, else a copy at least twice as long (amortised growth). */
export function grown<T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(array: T, size: number): T {
  if (size <= array.length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

export class MemberColumns {
  member = new Uint8Array(0);
  /** Quintile scores 1-5; 0 when not a purchaser. */
  r = new Uint8Array(0);
  f = new Uint8Array(0);
  m = new Uint8Array(0);
  /** The rank keys (higher is better in each): −recency days, frequency, net monetary value. */
  recencyKey = new Float64Array(0);
  frequency = new Float64Array(0);
  monetary = new Float64Array(0);
  churnScore = new Float64Array(0);
  nextChange = new Float64Array(0);
  stamp = new Uint32Array(0);
  /** One code column per dimension. */
  codes = Object.fromEntries(DIMENSIONS.map((d) => [d, new Uint8Array(0)])) as Record<ScoreDimension, Uint8Array>;

  get capacity(): number {
    return this.member.length;
  }

  ensure(size: number): void {
    if (size <= this.capacity) return;
    const to = Math.max(size, this.capacity * 2, 1024);
    this.member = grown(this.member, to);
    this.r = grown(this.r, to);
    this.f = grown(this.f, to);
    this.m = grown(this.m, to);
    this.recencyKey = grown(this.recencyKey, to);
    this.frequency = grown(this.frequency, to);
    this.monetary = grown(this.monetary, to);
    this.churnScore = grown(this.churnScore, to);
    this.nextChange = grown(this.nextChange, to);
    this.stamp = grown(this.stamp, to);
    for (const d of DIMENSIONS) this.codes[d] = grown(this.codes[d], to);
  }

  /** Records a member's own facts (everything but the population-relative scores). */
  setFacts(slot: number, facts: CustomerFacts): void {
    this.member[slot] = 1;
    this.recencyKey[slot] = facts.recencyDays === null ? 0 : -facts.recencyDays;
    this.frequency[slot] = facts.frequency;
    this.monetary[slot] = facts.monetary;
    this.churnScore[slot] = facts.churnScore;
    this.codes.lifecycleStage[slot] = codeOf('lifecycleStage', facts.lifecycleStage);
    this.codes.churnRisk[slot] = codeOf('churnRisk', facts.churnRisk);
    this.codes.channelAffinity[slot] = codeOf('channelAffinity', facts.channelAffinity.channel ?? 'none');
  }
}
