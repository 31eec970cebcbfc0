// The read models this CRM maintains, by the name users and admins use for them.
import {
  campaignsProjection,
  customerAnalyticsProjection,
  kpisProjection,
  lifecycleProjection,
  operationalViewProjection,
  type Projection,
} from '@ledger/projections';

export const PROJECTIONS: Projection[] = [
  operationalViewProjection,
  customerAnalyticsProjection,
  campaignsProjection,
  kpisProjection,
  lifecycleProjection,
] as Projection[];

/** Accepts `operational-view` or `operational_view`. */
export function findProjection(name: string): Projection | undefined {
  const normalised = name.replace(/-/g, '_');
  return PROJECTIONS.find((p) => p.name === normalised);
}

export const publicName = (projection: Projection): string => projection.name.replace(/_/g, '-');
