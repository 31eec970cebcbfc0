// The admin's read-model table: position against the log head, lag, and rebuild progress, as
// GET /admin/projections answers in embedded mode (checkpoint) or distributed mode (consumer lag).
export interface RebuildProgress {
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt?: string;
  processedUpTo: number;
  target: number;
  percent: number;
  eventsPerSecond?: number;
  error?: string;
}

export interface ReadModelStatus {
  name: string;
  version: number;
  checkpoint?: number;
  eventsBehind?: number;
  consumerLag?: number | null;
  rebuild?: RebuildProgress | null;
}

export interface ProjectionsAnswer {
  eventLogHead: number;
  mode?: 'kafka';
  readModels: ReadModelStatus[];
}

export interface ReadModelRow {
  name: string;
  version: number;
  /** Events of the log applied; null when the mode does not say (distributed). */
  position: number | null;
  /** Events still to apply (embedded) or records not yet committed (Kafka); null when unknown. */
  lag: number | null;
  /** 0..100 of the log applied. */
  caughtUp: number;
  rebuild: RebuildProgress | null;
}

export function readModelRows(answer: ProjectionsAnswer): ReadModelRow[] {
  return answer.readModels.map((model) => {
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
    return { name: model.name, version: model.version, position, lag, caughtUp, rebuild: model.rebuild ?? null };
  });
}

/** Poll fast while a rebuild runs, slowly otherwise. */
export const pollInterval = (rows: ReadModelRow[]): number =>
  rows.some((r) => r.rebuild?.state === 'running') ? 500 : 3000;

/** The typed confirmation of an erasure: exactly the customer id, nothing around it. */
export const erasureConfirmed = (customerId: string, typed: string): boolean =>
  customerId.length > 0 && typed === customerId;
