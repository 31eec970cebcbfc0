// What the analysts' segment endpoints read, whichever way the population was scored: a one-off
// scoring of every customer for a date (`scoredSegments`), or the live population kept up to
// date as documents change (LiveSegments). Both answer exactly what scoreCustomers,
// segmentCounts and filterScores answer over the same documents and date.
import {
  filterScores,
  segmentCounts,
  type CustomerScore,
  type ScoreDimension,
  type ScoreDimensionTypes,
  type ScoreFilter,
  type ScoreListOptions,
  type ScorePage,
} from '@ledger/projections';

export interface SegmentsView {
  /** The instant the scores are as of. */
  readonly asOf: string;
  /** Customers in the population as of that instant. */
  readonly customers: number;
  counts<D extends ScoreDimension>(dimension: D): Record<ScoreDimensionTypes[D], number>;
  list(filter?: ScoreFilter, options?: ScoreListOptions): ScorePage;
}

/** A view over one full scoring; counts are computed once per dimension. */
export function scoredSegments(scores: readonly CustomerScore[], asOf: string): SegmentsView {
  const counts = new Map<ScoreDimension, Record<string, number>>();
  return {
    asOf,
    customers: scores.length,
    counts<D extends ScoreDimension>(dimension: D) {
      let found = counts.get(dimension);
      if (!found) counts.set(dimension, (found = segmentCounts(scores, dimension)));
      // A copy: callers may hand the record on, and the next call must not see their changes.
      return { ...found } as Record<ScoreDimensionTypes[D], number>;
    },
    list: (filter, options) => filterScores(scores, filter, options),
  };
}
