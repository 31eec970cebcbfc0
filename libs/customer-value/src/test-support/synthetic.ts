// Customers drawn from a known BG/NBD + Gamma-Gamma process, as whole days like real logs, so a
// fit can be checked for recovering the parameters and timed on any population size.
import type { BgNbdParameters } from '../bg-nbd';
import type { GammaGammaParameters } from '../gamma-gamma';
import { seededRandom } from '../random';
import type { CustomerStats } from '../summary';

export function syntheticPopulation(
  size: number,
  bg: BgNbdParameters,
  gg: GammaGammaParameters,
  { observedWeeks = 39, acquisitionWeeks = 12, seed = 7 } = {},
): CustomerStats[] {
  const random = seededRandom(seed);
  const population: CustomerStats[] = [];
  for (let i = 0; i < size; i++) {
    // First purchase on a whole day within the acquisition window; observation ends on a whole day.
    const firstDay = Math.floor(random.uniform() * acquisitionWeeks * 7);
    const ageDays = observedWeeks * 7 - firstDay;
    const rate = random.gamma(bg.r, bg.alpha) / 7;
    const dropout = random.beta(bg.a, bg.b);
    const spendRate = random.gamma(gg.q, gg.v);
    const days = new Set<number>();
    let spend = 0;
    let last = 0;
    // Purchases after the first, each followed by a chance to drop out; same-day ones merge.
    for (let t = random.exponential(rate); t <= ageDays; t += random.exponential(rate)) {
      const day = Math.floor(t);
      if (day > 0) {
        days.add(day);
        last = Math.max(last, day);
        spend += random.gamma(gg.p, spendRate);
      }
      if (random.uniform() < dropout) break;
    }
    const frequency = days.size;
    population.push({
      frequency,
      recency: last / 7,
      age: ageDays / 7,
      meanRepeatSpend: frequency ? spend / frequency : 0,
    });
  }
  return population;
}
