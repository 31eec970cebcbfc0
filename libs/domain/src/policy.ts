// Configurable business policy passed into decide: complaint SLA per severity and
// cross-sell rules. Defaults are what the seeds asked for; deployments override them.
import type { MergeFacts } from './customer-merge.rules';
import type { Severity } from './vocabulary';

export interface CrossSellRule {
  id: string;
  /** Triggers when an order line's sku or category matches one of these. */
  whenBought: { skus?: string[]; categories?: string[] };
  offer: { sku: string; description: string };
  /** How long the offer stays valid, in days. */
  validDays: number;
}

/** What an order may hold; defaults fit real shop exports (an invoice of 542 lines, £0.001 prices). */
export interface SalesLimits {
  maxLinesPerOrder: number;
  /** Largest quantity on one line (wholesale orders of 80,995 units exist). */
  maxQuantity: number;
  /** Decimals a unit price may have; order totals are rounded to the currency's minor unit. */
  unitPriceDecimals: number;
  /** SKUs are any printable characters (`BANK CHARGES`, `POST`), at most this many. */
  maxSkuLength: number;
}

export interface CrmPolicy {
  /** Hours from opening until a complaint breaches its SLA, by severity. */
  complaintSlaHours: Record<Severity, number>;
  crossSellRules: CrossSellRule[];
  sales: SalesLimits;
}

export const DEFAULT_SALES_LIMITS: SalesLimits = {
  maxLinesPerOrder: 10_000,
  maxQuantity: 1_000_000,
  unitPriceDecimals: 4,
  maxSkuLength: 64,
};

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
  sales: DEFAULT_SALES_LIMITS,
};

/** Context every decision gets: the clock reading and the policy. */
export interface DecisionContext {
  now: string;
  policy: CrmPolicy;
  /** For MergeCustomers only: what the other customers' streams say (customer-merge.rules.ts). */
  merge?: MergeFacts;
}
