// The shapes of the read-model admin answers (GET /admin/projections, rebuilds) in embedded and
// distributed mode. Types only, free of NestJS and storage, so the console imports them
// (`@ledger/projection-runner/api`, erased from its bundle) instead of copying them.

/** How a worker orders what it applies: the whole log, or per key (one customer's stream). */
export type Ordering = 'log' | 'per-key';

/** Embedded mode: a failing read model is retried or stopped, never silently (ProjectionSupervisor). */
export interface ProjectionHealth {
  status: 'running' | 'retrying' | 'stopped';
  error: string | null;
  /** When it stopped or started retrying. */
  since: string | null;
  /** Position of the event a stopped projection could not apply (null when not known). */
  failedPosition: number | null;
  retry: { attempt: number; nextAt: string } | null;
}

/** Embedded mode: a blue-green rebuild replaying the log into a copy. */
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

export type BuildReason = 'requested' | 'version';

/** Distributed mode: a generation being built beside the live one. */
export interface BuildRecord {
  generation: number;
  /** The projection version whose code writes this generation. */
  version: number;
  reason: BuildReason;
  startedAt: string;
  finishedAt?: string;
}

/** Distributed mode: a read model's live generation and the build beside it. */
export interface ConsumerStatus {
  /** The live generation's group and collection (what queries read). */
  groupId: string;
  topic: string;
  ordering: Ordering;
  generation: number;
  collection: string;
  version: number;
  building: BuildRecord | null;
  /** Generations this instance consumes: the live one, and the build when it runs this version. */
  writing: number[];
}

/** GET /admin/projections in embedded mode: each read model's checkpoint against the log head. */
export interface EmbeddedReadModelStatus extends ProjectionHealth {
  name: string;
  version: number;
  checkpoint: number;
  eventsBehind: number;
  rebuild: RebuildProgress | null;
}

/** GET /admin/projections in distributed mode: each read model's consumer group and its lag. */
export type DistributedReadModelStatus = {
  name: string;
  version: number;
  consumerLag: number | null;
} & Partial<ConsumerStatus>;

export type ProjectionsAnswer =
  | { eventLogHead: number; readModels: EmbeddedReadModelStatus[] }
  | { eventLogHead: number; mode: 'kafka'; readModels: DistributedReadModelStatus[] };
