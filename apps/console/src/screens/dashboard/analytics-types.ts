// Shapes of the analytics answers the dashboard reads (GET /segments, /segments/rfm-grid, /kpis,
// /kpis/monthly, /customers, /segments/:name/history): the server's own types, imported type-only.
// The dimension values are spelt here for the charts (in the order they show them) and held to
// the server's unions by allOf.
import type { ContactChannel } from '@ledger/domain';
import type { ChurnRisk, LifecycleStage, RfmSegment, ValueTier } from '@ledger/projections';
import { allOf } from '../../api/closed-set';

export type {
  CustomerPage,
  KpiMonth,
  KpiTargetResult,
  KpiTrendAnswer,
  KpisAnswer as KpiReport,
  RfmCell,
  RfmGridAnswer,
  SegmentHistoryAnswer,
  HistoryPoint as SegmentHistoryPoint,
  SegmentsAnswer,
} from '@ledger/queries/api';
export type { CustomerScore } from '@ledger/projections';

export const LIFECYCLE_STAGES = allOf<LifecycleStage>()(['prospect', 'new', 'active', 'at_risk', 'lapsed', 'won_back']);
export const CHURN_RISKS = allOf<ChurnRisk>()(['low', 'medium', 'high']);
export const VALUE_TIERS = allOf<ValueTier>()(['platinum', 'gold', 'silver', 'bronze', 'none']);
export const RFM_SEGMENTS = allOf<RfmSegment>()([
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
]);
export const AFFINITY_CHANNELS = allOf<ContactChannel | 'none'>()([
  'phone',
  'web',
  'email',
  'sms',
  'social',
  'chat',
  'in_person',
  'fax',
  'none',
]);

/** The dimensions a count chart shows, with the /customers filter that drills into one value. */
export const DIMENSIONS = {
  rfmSegment: { values: RFM_SEGMENTS, filter: 'segment' },
  valueTier: { values: VALUE_TIERS, filter: 'valueTier' },
  lifecycleStage: { values: LIFECYCLE_STAGES, filter: 'lifecycleStage' },
  churnRisk: { values: CHURN_RISKS, filter: 'churnRisk' },
  channelAffinity: { values: AFFINITY_CHANNELS, filter: 'channel' },
} as const;
export type Dimension = keyof typeof DIMENSIONS;
