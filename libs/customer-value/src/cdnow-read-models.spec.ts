// The read models' rules on the real CDNOW log: RFM segments that mean what they say when most
// customers buy once, and how well today's churn score and the fitted model's P(alive) predict
// "no purchase in the next 180 days" (figures printed; docs/read-models.md quotes them).
import type { CrmEvent } from '@ledger/domain';
import {
  customerAnalyticsProjection,
  RFM_SEGMENTS,
  scoreCustomers,
  segmentCounts,
  type CustomerAnalytics,
  type CustomerScore,
} from '@ledger/projections';
import { foldAll, purchased, registered } from '@ledger/projections/test-support';
import { fitBgNbd, probabilityAlive, probabilityNoPurchase } from './bg-nbd';
import { rocAuc } from './metrics';
import { groupStats, summarise } from './summary';
import { readCdnow, utcDay } from './test-support/cdnow';

const DAY = 86_400_000;
const endOf = (yyyymmdd: string) => new Date(utcDay(yyyymmdd) + DAY - 1).toISOString();

describe('CDNOW through the analytics read model', () => {
  const customers = readCdnow('master');
  let docs: CustomerAnalytics[];

  beforeAll(() => {
    const events: CrmEvent[] = [];
    for (const [id, purchases] of customers) {
      events.push(registered(id, new Date(Math.min(...purchases.map(([at]) => at))).toISOString()));
      for (const [at, amount] of purchases) events.push(purchased(id, new Date(at).toISOString(), amount));
    }
    docs = foldAll(customerAnalyticsProjection, events);
  });

  describe('tie-proof RFM', () => {
    const scored = new Map<string, CustomerScore[]>();
    const at = (date: string) => {
      if (!scored.has(date)) scored.set(date, scoreCustomers(docs, endOf(date)));
      return scored.get(date) as CustomerScore[];
    };

    it('never calls a one-time buyer hibernating, and gives them f = 1', () => {
      for (const date of ['19970331', '19970930', '19980630']) {
        const oneTime = at(date).filter((s) => s.frequency === 1);
        expect(oneTime.length).toBeGreaterThan(at(date).length / 2);
        expect(oneTime.filter((s) => s.rfmSegment === 'hibernating' || s.f !== 1)).toEqual([]);
      }
    });

    it('fills new_customers while customers are being acquired and lost a year on; reaches every segment', () => {
      const counts = Object.fromEntries(['19970331', '19970930', '19980630'].map((d) => [d, segmentCounts(at(d))]));
      console.log('CDNOW RFM segment counts:', JSON.stringify(counts, null, 1));
      expect(counts['19970331'].new_customers).toBeGreaterThan(1000);
      expect(counts['19980630'].lost).toBeGreaterThan(1000);
      expect(counts['19980630'].new_customers).toBe(0); // nobody's first purchase is recent any more
      for (const segment of RFM_SEGMENTS.filter((s) => s !== 'prospects')) {
        const reached = Object.values(counts).some((c) => c[segment] > 0);
        expect({ segment, reached }).toEqual({ segment, reached: true });
      }
    });
  });

  it.each(['19970930', '19971231'])(
    'churn as of %s: AUC for "no purchase in the next 180 days" of the churn score and of the fitted model',
    (date) => {
      const asOf = endOf(date);
      const asOfMs = Date.parse(asOf);
      const scores = new Map(scoreCustomers(docs, asOf).map((s) => [s.customerId, s]));
      const population = [...customers].map(([id, purchases]) => ({
        id,
        stats: summarise(purchases, asOfMs),
        churned: !purchases.some(([at]) => at > asOfMs && at <= asOfMs + 180 * DAY),
      }));
      expect(population.every((c) => c.stats !== null)).toBe(true);
      const stats = population.map((c) => c.stats as NonNullable<(typeof c)['stats']>);
      const model = fitBgNbd(groupStats(stats)).parameters;
      const labels = population.map((c) => c.churned);
      const auc = {
        churnScore: rocAuc(
          population.map((c) => scores.get(c.id)?.churnScore ?? NaN),
          labels,
        ),
        oneMinusPAlive: rocAuc(
          stats.map((s) => 1 - probabilityAlive(model, s)),
          labels,
        ),
        noPurchaseIn180Days: rocAuc(
          stats.map((s) => probabilityNoPurchase(model, s, 180 / 7)),
          labels,
        ),
      };
      const churned = labels.filter(Boolean).length;
      console.log(`CDNOW churn AUC as of ${asOf}, ${churned} of ${labels.length} without a purchase in 180 days:`, auc);
      // The churn score ranks better than chance; the model's P(no purchase in 180 days) better
      // still; 1 − P(alive) worse than the churn score: it is 0 for every one-time buyer, the
      // customers most likely to stay away.
      expect(auc.churnScore).toBeGreaterThan(0.5);
      expect(auc.noPurchaseIn180Days).toBeGreaterThan(auc.churnScore);
      expect(auc.oneMinusPAlive).toBeLessThan(auc.churnScore);
    },
  );
});
