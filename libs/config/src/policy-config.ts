// The business settings read from JSON: the policy file (CRM_POLICY_FILE: complaint SLAs,
// cross-sell rules, sales limits) and the KPI targets (CRM_TARGETS).
import { DEFAULT_POLICY, type CrmPolicy, type SalesLimits } from '@ledger/domain';
// The KPI names' own module: the projections' index is 29 modules, of no use to a CLI reading the config.
import { KPI_NAMES, type KpiTarget } from '@ledger/projections/kpi-targets';
import { ConfigError } from './config-error';
import { readJson } from './env-values';

export function parsePolicy(value: unknown): CrmPolicy {
  const policy = value as Partial<CrmPolicy>;
  const sla = { ...DEFAULT_POLICY.complaintSlaHours, ...(policy.complaintSlaHours ?? {}) };
  for (const [severity, hours] of Object.entries(sla)) {
    if (typeof hours !== 'number' || hours <= 0) {
      throw new ConfigError('CRM_POLICY_FILE', `complaintSlaHours.${severity} must be a positive number`);
    }
  }
  const rules = policy.crossSellRules ?? DEFAULT_POLICY.crossSellRules;
  if (!Array.isArray(rules)) throw new ConfigError('CRM_POLICY_FILE', 'crossSellRules must be an array');
  rules.forEach((rule, i) => {
    if (!rule?.id || !rule.offer?.sku || !(rule.validDays > 0)) {
      throw new ConfigError('CRM_POLICY_FILE', `crossSellRules[${i}] needs id, offer.sku and validDays > 0`);
    }
  });
  return { complaintSlaHours: sla, crossSellRules: rules, sales: parseSalesLimits(policy.sales) };
}

const SALES_LIMIT_RANGES: Record<keyof SalesLimits, [number, number]> = {
  maxLinesPerOrder: [1, 1_000_000],
  maxQuantity: [1, 1_000_000_000],
  unitPriceDecimals: [0, 6],
  maxSkuLength: [1, 256],
};

function parseSalesLimits(value: Partial<SalesLimits> | undefined): SalesLimits {
  const limits = { ...DEFAULT_POLICY.sales, ...(value ?? {}) };
  for (const [name, [min, max]] of Object.entries(SALES_LIMIT_RANGES)) {
    const limit = limits[name as keyof SalesLimits];
    if (!Number.isInteger(limit) || limit < min || limit > max) {
      throw new ConfigError('CRM_POLICY_FILE', `sales.${name} must be a whole number from ${min} to ${max}`);
    }
  }
  return limits;
}

const KPIS: readonly string[] = KPI_NAMES;

/** CRM_TARGETS is inline JSON or a path to a JSON file: `[{"kpi":"revenue","target":1000000,"by":"2027-12-31"}]`. */
export function parseTargets(raw: string): KpiTarget[] {
  const value = raw.trim().startsWith('[') ? safeParse(raw) : readJson('CRM_TARGETS', raw);
  if (!Array.isArray(value)) throw new ConfigError('CRM_TARGETS', 'must be a JSON array of targets');
  return value.map((t: KpiTarget, i: number) => {
    if (!KPIS.includes(t?.kpi)) throw new ConfigError('CRM_TARGETS', `[${i}].kpi must be one of ${KPIS.join(', ')}`);
    if (typeof t.target !== 'number') throw new ConfigError('CRM_TARGETS', `[${i}].target must be a number`);
    if (!/^\d{4}-\d{2}-\d{2}/.test(String(t.by))) throw new ConfigError('CRM_TARGETS', `[${i}].by must be a date`);
    return t;
  });
}

function safeParse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new ConfigError('CRM_TARGETS', (error as Error).message);
  }
}
