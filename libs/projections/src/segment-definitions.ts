// The named RFM segments. The rules partition every (r, f, m) combination: each scored customer
// matches exactly one definition (segment-definitions.spec.ts checks all 125 combinations).

export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential_loyalists',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cannot_lose',
  'hibernating',
  'lost',
  'prospects',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * Frequency scores by fixed breakpoints, not quantiles: the lowest purchase count scoring
 * 2, 3, 4, 5, i.e. 1 purchase → 1, 2 → 2, 3–4 → 3, 5–9 → 4, 10 or more → 5. On real logs most
 * customers buy once (60 % on CDNOW), so any quantile rule puts them all in one tied class —
 * with midranks f = 2, which named one-time buyers "hibernating: a couple of purchases" and left
 * new_customers, promising and lost empty. Fixed breakpoints keep f = 1 meaning one purchase on
 * every log and every date, and f needs no population to compute.
 */
export const FREQUENCY_BREAKPOINTS = [2, 3, 5, 10] as const;

export function frequencyScore(purchases: number): number {
  let score = 1;
  for (const breakpoint of FREQUENCY_BREAKPOINTS) if (purchases >= breakpoint) score++;
  return score;
}

/** r, m are 1-5 quintile scores, f is by FREQUENCY_BREAKPOINTS; null for prospects (no purchase as of the date). */
export interface RfmScores {
  r: number | null;
  f: number | null;
  m: number | null;
}

export interface SegmentDefinition {
  name: RfmSegment;
  description: string;
  rule: string;
  matches(scores: RfmScores): boolean;
}

const purchaser = (s: RfmScores): s is { r: number; f: number; m: number } =>
  s.r !== null && s.f !== null && s.m !== null;
const when =
  (test: (r: number, f: number, m: number) => boolean) =>
  (s: RfmScores): boolean =>
    purchaser(s) && test(s.r, s.f, s.m);

export const SEGMENT_DEFINITIONS: readonly SegmentDefinition[] = [
  {
    name: 'champions',
    description: 'Bought recently, buy often and spend the most.',
    rule: 'r >= 4 and f >= 4 and m >= 4',
    matches: when((r, f, m) => r >= 4 && f >= 4 && m >= 4),
  },
  {
    name: 'loyal',
    description: 'Buy often and fairly recently; not (yet) among the top spenders or the most recent.',
    rule: 'r >= 3 and f >= 4, not champions',
    matches: when((r, f, m) => r >= 3 && f >= 4 && !(r >= 4 && m >= 4)),
  },
  {
    name: 'potential_loyalists',
    description: 'Recent customers with two to four purchases: could become loyal.',
    rule: 'r >= 4 and f in 2..3',
    matches: when((r, f) => r >= 4 && f >= 2 && f <= 3),
  },
  {
    name: 'new_customers',
    description: 'The most recent buyers, with a single purchase so far.',
    rule: 'r = 5 and f = 1',
    matches: when((r, f) => r === 5 && f === 1),
  },
  {
    name: 'promising',
    description: 'Recent buyers with a single purchase, a little less recent than new customers.',
    rule: 'r = 4 and f = 1',
    matches: when((r, f) => r === 4 && f === 1),
  },
  {
    name: 'need_attention',
    description: 'Average recency, low to average frequency.',
    rule: 'r = 3 and f <= 3',
    matches: when((r, f) => r === 3 && f <= 3),
  },
  {
    name: 'about_to_sleep',
    description: 'Below-average recency and low frequency.',
    rule: 'r = 2 and f <= 2',
    matches: when((r, f) => r === 2 && f <= 2),
  },
  {
    name: 'at_risk',
    description: 'Used to buy fairly often, but not for a long time.',
    rule: 'r <= 2 and f >= 3, not cannot_lose',
    matches: when((r, f, m) => r <= 2 && f >= 3 && !(f >= 4 && m >= 4)),
  },
  {
    name: 'cannot_lose',
    description: 'Frequent, big spenders who have not bought for a long time.',
    rule: 'r <= 2 and f >= 4 and m >= 4',
    matches: when((r, f, m) => r <= 2 && f >= 4 && m >= 4),
  },
  {
    name: 'hibernating',
    description: 'Long ago, two purchases.',
    rule: 'r = 1 and f = 2',
    matches: when((r, f) => r === 1 && f === 2),
  },
  {
    name: 'lost',
    description: 'Longest ago, a single purchase.',
    rule: 'r = 1 and f = 1',
    matches: when((r, f) => r === 1 && f === 1),
  },
  {
    name: 'prospects',
    description: 'Never purchased as of the date; not scored.',
    rule: 'no purchase as of the date (r, f, m are null)',
    matches: (s) => !purchaser(s),
  },
];

/** The one segment whose rule matches. */
export function rfmSegmentOf(scores: RfmScores): RfmSegment {
  const found = SEGMENT_DEFINITIONS.find((definition) => definition.matches(scores));
  // Unreachable while the rules partition the grid (checked by the spec); fail loudly if they stop to.
  if (!found) throw new Error(`no RFM segment matches r=${scores.r} f=${scores.f} m=${scores.m}`);
  return found.name;
}
