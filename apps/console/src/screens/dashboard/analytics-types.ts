// Shapes of the analytics answers the dashboard reads (GET /segments, /segments/rfm-grid,
// /kpis, /kpis/monthly, /customers); see /docs for the OpenAPI description.
export const LIFECYCLE_STAGES = ['prospect', 'new', 'active', 'at_risk', 'lapsed', 'won_back'] as const;
export const CHURN_RISKS = ['low', 'medium', 'high'] as const;
export const VALUE_TIERS = ['platinum', 'gold', 'silver', 'bronze', 'none'] as const;
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
export const AFFINITY_CHANNELS = [
  'phone',
  'web',
  'email',
  'sms',
  'social',
  'chat',
  'in_person',
  'fax',
  'none',
] as const;

/** The dimensions a count chart shows, with the /customers filter that drills into one value. */
export const DIMENSIONS = {
  rfmSegment: { values: RFM_SEGMENTS, filter: 'segment' },
  valueTier: { values: VALUE_TIERS, filter: 'valueTier' },
  lifecycleStage: { values: LIFECYCLE_STAGES, filter: 'lifecycleStage' },
  churnRisk: { values: CHURN_RISKS, filter: 'churnRisk' },
  channelAffinity: { values: AFFINITY_CHANNELS, filter: 'channel' },
} as const;
export type Dimension = keyof typeof DIMENSIONS;

export interface SegmentsAnswer {
  asOf: string;
  position: number;
  customers: number;
  counts: Record<Dimension, Record<string, number>>;
}

export interface RfmCell {
  r: number;
  f: number;
  customers: number;
  monetary: number;
  averageMonetary: number | null;
}

export interface RfmGridAnswer {
  asOf: string;
  customers: number;
  prospects: number;
  cells: RfmCell[];
}

export interface KpiTargetResult {
  kpi: string;
  target: number;
  by: string;
  from: string | null;
  actual: number | null;
  achieved: boolean;
  progress: number | null;
}

export interface KpiReport {
  asOf: string;
  complaintResolutionHours: number | null;
  slaCompliance: number | null;
  averageCsat: number | null;
  nps: number | null;
  revenue: { total: number; byYear: Record<string, number> };
  retentionRate: number | null;
  targets: KpiTargetResult[];
}

export interface KpiMonth {
  month: string;
  revenue: number;
  complaintsOpened: number;
  complaintsResolved: number;
  complaintResolutionHours: number | null;
  slaCompliance: number | null;
  averageCsat: number | null;
  nps: number | null;
  contacts: number;
  customersRegistered: number;
}

export interface KpiTrendAnswer {
  asOf: string;
  months: KpiMonth[];
  targets: { kpi: string; target: number; by: string; from?: string }[];
}

export interface CustomerScore {
  customerId: string;
  country: string | null;
  keyAccount: boolean;
  recencyDays: number | null;
  frequency: number;
  monetary: number;
  r: number | null;
  f: number | null;
  m: number | null;
  rfm: string | null;
  rfmSegment: string;
  valueTier: string;
  lifecycleStage: string;
  churnRisk: string;
  churnScore: number;
  channelAffinity: { channel: string | null };
}

export interface CustomerPage {
  asOf: string;
  total: number;
  page: number;
  pageSize: number;
  items: CustomerScore[];
}

/** GET /segments/:name/history: members, entered and exited at each step. */
export interface SegmentHistoryPoint {
  at: string;
  members: number;
  entered: number;
  exited: number;
}

export interface SegmentHistoryAnswer {
  segment: string;
  dimension: 'rfmSegment' | 'lifecycleStage';
  from: string;
  to: string;
  step: 'week' | 'month';
  points: SegmentHistoryPoint[];
}
