// The population-relative part of LiveSegments' scores: the purchasers ranked by recency and value,
// the R and M quintile and value-tier thresholds over those ranks, and who a change of them moves.
import { frequencyScore, upperBound } from '@ledger/projections';
import {
  type MemberColumns,
  SEGMENT_BY_RFM,
  TIER_BY_LEVEL,
  TIER_NONE,
  TIER_TOP_PERCENT,
} from './segments-live-columns';
import { ValueIndex } from './segments-value-index';

// Frequency is scored by fixed breakpoints (frequencyScore): only recency and value are ranked.
type Ranked = 'r' | 'm';
const RANKED: readonly Ranked[] = ['r', 'm'];

export class RankThresholds {
  private readonly ranks: Record<Ranked, ValueIndex> = {
    r: new ValueIndex(),
    m: new ValueIndex(),
  };
  /** Per ranked dimension the smallest key scoring 2, 3, 4, 5 (Infinity: nobody does). */
  private readonly quintiles: Record<Ranked, Float64Array> = {
    r: new Float64Array(4).fill(Infinity),
    m: new Float64Array(4).fill(Infinity),
  };
  /** The smallest net value reaching silver, gold, platinum. */
  private readonly tiers = new Float64Array(3).fill(Infinity);

  /** Ranks a member by the keys in their columns, if they are a purchaser (nobody else is ranked). */
  add(c: MemberColumns, slot: number): void {
    if (c.frequency[slot] > 0) {
      this.ranks.r.add(c.recencyKey[slot], slot);
      this.ranks.m.add(c.monetary[slot], slot);
    }
  }

  /** Takes a member out of the ranks, with the keys they were added with. */
  remove(c: MemberColumns, slot: number): void {
    if (c.frequency[slot] > 0) {
      this.ranks.r.remove(c.recencyKey[slot], slot);
      this.ranks.m.remove(c.monetary[slot], slot);
    }
  }

  /**
   * Moves the thresholds to where the ranks now put them and returns the purchasers whose value
   * lies between an old and a new threshold, leaving out those already stamped `batch`.
   */
  update(stamp: Uint32Array, batch: number): number[] {
    const before = { quintiles: RANKED.map((d) => this.quintiles[d].slice()), tiers: this.tiers.slice() };
    this.updateThresholds();
    return this.crossed(before, stamp, batch);
  }

  /**
   * Quintile score ≥ s exactly when 5·(2·below + equal) ≥ 2·n·(s − 1) (quantiles.ts's midrank
   * rule, solved for the threshold); a tier when the value is positive and fewer than its top
   * percentage of purchasers are strictly above it (segments.ts's valueTierOf).
   */
  private updateThresholds(): void {
    const n = this.ranks.m.size;
    for (const d of RANKED) {
      for (let s = 2; s <= 5; s++) {
        this.quintiles[d][s - 2] = this.ranks[d].firstWhere(
          (below, equal) => 5 * (2 * below + equal) >= 2 * n * (s - 1),
        );
      }
    }
    TIER_TOP_PERCENT.forEach((percent, i) => {
      this.tiers[i] = this.ranks.m.firstWhere(
        (below, equal, value) => value > 0 && 100 * (n - below - equal) < percent * n,
      );
    });
  }

  /** Unchanged purchasers whose value lies between an old and a new threshold; each once, stamped. */
  private crossed(
    before: { quintiles: Float64Array[]; tiers: Float64Array },
    stamp: Uint32Array,
    batch: number,
  ): number[] {
    const moved: number[] = [];
    const collect = (index: ValueIndex, was: number, now: number): void => {
      if (was === now) return;
      for (const slot of index.membersIn(Math.min(was, now), Math.max(was, now))) {
        if (stamp[slot] === batch) continue;
        stamp[slot] = batch;
        moved.push(slot);
      }
    };
    RANKED.forEach((d, i) => this.quintiles[d].forEach((t, s) => collect(this.ranks[d], before.quintiles[i][s], t)));
    this.tiers.forEach((t, i) => collect(this.ranks.m, before.tiers[i], t));
    return moved;
  }

  /** Writes a member's R, F, M scores, RFM segment and value tier by the current thresholds. */
  place(c: MemberColumns, slot: number): void {
    if (c.frequency[slot] === 0) {
      c.r[slot] = c.f[slot] = c.m[slot] = 0;
      c.codes.rfmSegment[slot] = SEGMENT_BY_RFM[0];
      c.codes.valueTier[slot] = TIER_NONE;
      return;
    }
    const r = (c.r[slot] = upperBound(this.quintiles.r, c.recencyKey[slot]) + 1);
    const f = (c.f[slot] = frequencyScore(c.frequency[slot]));
    const m = (c.m[slot] = upperBound(this.quintiles.m, c.monetary[slot]) + 1);
    c.codes.rfmSegment[slot] = SEGMENT_BY_RFM[r * 36 + f * 6 + m];
    c.codes.valueTier[slot] = TIER_BY_LEVEL[upperBound(this.tiers, c.monetary[slot])];
  }
}
