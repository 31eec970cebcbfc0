// The read models this CRM maintains, by the name users and admins use for them.
import {
  campaignsProjection,
  complaintsQueueProjection,
  customerAnalyticsProjection,
  customerSearchProjection,
  kpisProjection,
  lifecycleProjection,
  operationalViewProjection,
  usersProjection,
  productCatalogueProjection,
  type Projection,
} from '@ledger/projections';

export const PROJECTIONS: Projection[] = [
  operationalViewProjection,
  customerAnalyticsProjection,
  campaignsProjection,
  kpisProjection,
  lifecycleProjection,
  productCatalogueProjection,
  customerSearchProjection,
  complaintsQueueProjection,
  usersProjection,
] as Projection[];

/** Accepts `operational-view` or `operational_view`. */
export function findProjection(name: string): Projection | undefined {
  const normalised = name.replace(/-/g, '_');
  return PROJECTIONS.find((p) => p.name === normalised);
}

export const publicName = (projection: Projection): string => projection.name.replace(/_/g, '-');

/**
 * Read models whose documents are fed by many streams (a campaign's document by every customer
 * touched, the KPI document by everyone). On a partitioned topic their events would arrive out
 * of global order and the per-document lastPosition guard would drop the older ones, so in
 * distributed mode they consume the single-partition log topic. The others are keyed by
 * customer, whose events keep their order within a partition, and scale out.
 */
const CROSS_STREAM = new Set<string>([campaignsProjection.name, kpisProjection.name, productCatalogueProjection.name]);

export const isCrossStream = (projection: Projection): boolean => CROSS_STREAM.has(projection.name);

/** One consumer group per read model: each scales (and lags) on its own. */
export const consumerGroupOf = (projection: Projection, prefix = 'ledger-projection'): string =>
  `${prefix}-${publicName(projection)}`;
