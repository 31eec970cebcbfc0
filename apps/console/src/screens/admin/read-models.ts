// The admin's read-model table: position against the log head, lag, and rebuild progress, as
// GET /admin/projections answers in embedded mode (checkpoint) or distributed mode (consumer lag).
import type {
  DistributedReadModelStatus,
  EmbeddedReadModelStatus,
  ProjectionHealth as ReadModelHealth,
  ProjectionsAnswer,
  RebuildProgress,
} from '@ledger/projection-runner/api';

export type {
  ProjectionHealth as ReadModelHealth,
  ProjectionsAnswer,
  RebuildProgress,
} from '@ledger/projection-runner/api';

/** A row of either mode, the other mode's fields absent. */
type AnyReadModelStatus = Partial<EmbeddedReadModelStatus> &
  Partial<DistributedReadModelStatus> &
  Pick<EmbeddedReadModelStatus, 'name' | 'version'>;

export interface ReadModelRow {
  name: string;
  version: number;
  /** Events of the log applied; null when the mode does not say (distributed). */
  position: number | null;
  /** Events still to apply (embedded) or records not yet committed (Kafka); null when unknown. */
  lag: number | null;
  /** 0..100 of the log applied. */
  caughtUp: number;
  /** null in distributed mode (the consumer group's lag says it). */
  health: ReadModelHealth | null;
  rebuild: RebuildProgress | null;
}

export function readModelRows(answer: ProjectionsAnswer): ReadModelRow[] {
  const models: AnyReadModelStatus[] = answer.readModels;
  return models.map((model) => {
    const position = model.checkpoint ?? null;
    const lag = model.eventsBehind ?? model.consumerLag ?? null;
    const caughtUp =
      answer.eventLogHead === 0
        ? 100
        : position === null
          ? lag === 0
            ? 100
            : 0
          : Math.floor((position / answer.eventLogHead) * 100);
    const health: ReadModelHealth | null = model.status
      ? {
          status: model.status,
          error: model.error ?? null,
          since: model.since ?? null,
          failedPosition: model.failedPosition ?? null,
          retry: model.retry ?? null,
        }
      : null;
    return {
      name: model.name,
      version: model.version,
      position,
      lag,
      caughtUp,
      health,
      rebuild: model.rebuild ?? null,
    };
  });
}

/** Poll fast while a rebuild runs or a read model retries, slowly otherwise. */
export const pollInterval = (rows: ReadModelRow[]): number =>
  rows.some((r) => r.rebuild?.state === 'running' || r.health?.status === 'retrying') ? 500 : 3000;

/** The typed confirmation of an erasure: exactly the customer id, nothing around it. */
export const erasureConfirmed = (customerId: string, typed: string): boolean =>
  customerId.length > 0 && typed === customerId;
