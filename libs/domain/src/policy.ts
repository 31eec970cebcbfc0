// Configurable business policy passed into decide: complaint SLA per severity and
// cross-sell rules. Defaults are what the seeds asked for; deployments override them.
import type { Severity } from './vocabulary';

export interface CrossSellRule {
  id: string;
  /** Triggers when an order line's sku or category matches one of these. */
  whenBought: { skus?: string[]; categories?: string[] };
  offer: { sku: string; description: string };
  /** How long the offer stays valid, in days. */
  validDays: number;
}

export interface CrmPolicy {
  /** Hours from opening until a complaint breaches its SLA, by severity. */
  complaintSlaHours: Record<Severity, number>;
  crossSellRules: CrossSellRule[];
}

export const DEFAULT_POLICY: CrmPolicy = {
  complaintSlaHours: { critical: 4, high: 24, medium: 72, low: 120 },
  crossSellRules: [
    {
      id: 'espresso-grinder',
      whenBought: { categories: ['espresso-machine'], skus: ['ESP-100', 'ESP-200'] },
      offer: { sku: 'GRD-10', description: 'Burr grinder for your espresso machine' },
      validDays: 30,
    },
    {
      id: 'grinder-beans',
      whenBought: { categories: ['grinder'] },
      offer: { sku: 'BEAN-1KG', description: 'Espresso beans subscription, first kilo free' },
      validDays: 14,
    },
  ],
};

/** Context every decision gets: the clock reading and the policy. */
export interface DecisionContext {
  now: string;
  policy: CrmPolicy;
}
