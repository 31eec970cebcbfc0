import {
  bgNbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  probabilityAlive,
  probabilityNoPurchase,
  type BgNbdParameters,
} from './bg-nbd';
import { groupStats } from './summary';

// The published CDNOW-sample parameters (Fader, Hardie & Lee 2005).
const published: BgNbdParameters = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };

describe('BG/NBD', () => {
  it("forecasts the paper's worked example: x = 2, t_x = 30.43, T = 38.86 buys 1.226 times in 39 weeks", () => {
    const customer = { frequency: 2, recency: 30.43, age: 38.86 };
    expect(conditionalExpectedPurchases(published, customer, 39)).toBeCloseTo(1.226, 3);
  });

  it("stays finite for a very frequent buyer over ten years, where the paper's form overflows", () => {
    const heavy = { frequency: 1000, recency: 77.9, age: 78 };
    const tenYears = conditionalExpectedPurchases(published, heavy, 520);
    expect(Number.isFinite(tenYears)).toBe(true);
    // Below buying on at their posterior mean rate with no drop-out, above one year's worth.
    expect(tenYears).toBeLessThan(((published.r + 1000) / (published.alpha + 78)) * 520);
    expect(tenYears).toBeGreaterThan(conditionalExpectedPurchases(published, heavy, 52));
  });

  it('E[X(t)] grows from 0 and a new customer is alive for sure', () => {
    expect(expectedPurchases(published, 0)).toBe(0);
    expect(expectedPurchases(published, 39)).toBeGreaterThan(expectedPurchases(published, 10));
    expect(probabilityAlive(published, { frequency: 0, recency: 0, age: 30 })).toBe(1);
  });

  it('P(alive) falls the longer a repeat buyer has been silent', () => {
    const recent = probabilityAlive(published, { frequency: 3, recency: 30, age: 32 });
    const silent = probabilityAlive(published, { frequency: 3, recency: 5, age: 32 });
    expect(recent).toBeGreaterThan(0.8);
    expect(silent).toBeLessThan(0.5);
  });

  it('equals the sum of per-customer log-likelihoods written out from the paper', () => {
    const { r, alpha, a, b } = published;
    const lnB = (p: number, q: number) => lgamma(p) + lgamma(q) - lgamma(p + q);
    const one = (x: number, tx: number, T: number) => {
      const front = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
      const alive = Math.exp(lnB(a, b + x) - lnB(a, b) + front - (r + x) * Math.log(alpha + T));
      const dead = x > 0 ? Math.exp(lnB(a + 1, b + x - 1) - lnB(a, b) + front - (r + x) * Math.log(alpha + tx)) : 0;
      return Math.log(alive + dead);
    };
    const customers = [
      { frequency: 0, recency: 0, age: 38 },
      { frequency: 2, recency: 30.43, age: 38.86 },
      { frequency: 2, recency: 30.43, age: 38.86 },
      { frequency: 7, recency: 12, age: 20 },
    ];
    const expected = customers.reduce((sum, c) => sum + one(c.frequency, c.recency, c.age), 0);
    expect(bgNbdLogLikelihood(published, groupStats(customers))).toBeCloseTo(expected, 8);
  });

  it('P(no purchase in t) is 1 at t = 0, falls with t, and exceeds 1 − P(alive)', () => {
    const customer = { frequency: 0, recency: 0, age: 20 };
    expect(probabilityNoPurchase(published, customer, 0)).toBeCloseTo(1, 12);
    expect(probabilityNoPurchase(published, customer, 26)).toBeLessThan(probabilityNoPurchase(published, customer, 4));
    const repeat = { frequency: 3, recency: 10, age: 30 };
    expect(probabilityNoPurchase(published, repeat, 26)).toBeGreaterThan(1 - probabilityAlive(published, repeat));
  });

  it('refuses an empty population', () => {
    expect(() => fitBgNbd(groupStats([]))).toThrow(RangeError);
  });
});

/** Stirling-series log-gamma, independent of the library's, for the cross-check above. */
function lgamma(z: number): number {
  let shift = 0;
  while (z < 10) shift -= Math.log(z++);
  return (
    shift +
    (z - 0.5) * Math.log(z) -
    z +
    0.5 * Math.log(2 * Math.PI) +
    1 / (12 * z) -
    1 / (360 * z ** 3) +
    1 / (1260 * z ** 5)
  );
}
