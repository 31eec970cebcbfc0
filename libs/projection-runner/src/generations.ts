// Read-model generations in distributed mode, as pure functions: one small pointer document per
// read model names the live generation (its collection and consumer group) and any generation
// being built beside it. A rebuild is a new generation fed by a fresh consumer group from the
// start of the topic; when it has caught up, the pointer flips and every instance follows.
// Time is passed in; I/O lives in generation-store.ts and kafka-projection-runner.ts.
import { DomainError } from '@ledger/domain';
import type { PartitionLag } from '@ledger/messaging';
import type { ReadDocument } from '@ledger/read-store';
import type { BuildReason, BuildRecord } from './api';

export type { BuildReason, BuildRecord } from './api';

/** The read-store collection holding one pointer per read model (id = the projection's name). */
export const GENERATIONS = 'read_model_generations';

export interface RetiredGeneration {
  generation: number;
  /** When it stopped being live (or was abandoned): its collection is dropped a grace period later. */
  since: string;
}

/**
 * `lastPosition` is the pointer's revision: every transition writes a higher one (revision + 1,
 * or more after an abandoned claim), and only the instance that claimed that revision writes it,
 * so two instances racing to change the pointer cannot both win (generation-store.ts).
 */
export interface GenerationPointer extends ReadDocument {
  live: number;
  /** The projection version the live generation was built with. */
  version: number;
  building: BuildRecord | null;
  lastBuild: BuildRecord | null;
  retired: RetiredGeneration[];
  /** Highest generation ever created. Never reused: a consumer group keeps its committed offsets. */
  generations: number;
}

/** Generation 0 keeps the names read models had before generations existed. */
export const generationCollection = (name: string, generation: number): string =>
  generation === 0 ? name : `${name}__g${generation}`;

export const generationGroup = (baseGroup: string, generation: number): string =>
  generation === 0 ? baseGroup : `${baseGroup}-g${generation}`;

/**
 * The first pointer of a read model. A deployment that ran before generations existed has its
 * read model in generation 0 with no recorded version; it is taken to be the running one.
 */
export function initialPointer(name: string, version: number): GenerationPointer {
  return { id: name, lastPosition: 1, live: 0, version, building: null, lastBuild: null, retired: [], generations: 0 };
}

/** A running release meets a read model built (or being built) by a newer one: it must not write it. */
export class BuiltByNewerRelease extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'READ_MODEL_NEWER_VERSION';
  constructor(name: string, theirs: number, ours: number) {
    super(`${name} is built by a newer release (v${theirs}; this instance runs v${ours}): upgrade this instance`);
  }
}

/** Rebuilding from Kafka needs the whole log in the topic and the group lag to know when it caught up. */
export class CannotRebuildFromTopic extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'REBUILD_IMPOSSIBLE';
}

const next = (pointer: GenerationPointer, change: Partial<GenerationPointer>): GenerationPointer => ({
  ...pointer,
  ...change,
  lastPosition: pointer.lastPosition + 1,
});

/**
 * Starts generation n+1 written by `version`, or returns the pointer unchanged when a build by
 * that version is already running (a second request joins it). A build by an older version is
 * abandoned for the newer one; a newer live or building version is refused.
 */
export function startBuild(
  pointer: GenerationPointer,
  version: number,
  reason: BuildReason,
  now: string,
): GenerationPointer {
  if (pointer.version > version) throw new BuiltByNewerRelease(pointer.id, pointer.version, version);
  const building = pointer.building;
  if (building && building.version > version) throw new BuiltByNewerRelease(pointer.id, building.version, version);
  if (building?.version === version) return pointer;
  const generation = pointer.generations + 1;
  return next(pointer, {
    building: { generation, version, reason, startedAt: now },
    generations: generation,
    retired: building ? [...pointer.retired, { generation: building.generation, since: now }] : pointer.retired,
  });
}

/** The generation being built becomes live; the old live one is retired. */
export function flip(pointer: GenerationPointer, now: string): GenerationPointer {
  const building = pointer.building;
  if (!building) return pointer;
  return next(pointer, {
    live: building.generation,
    version: building.version,
    building: null,
    lastBuild: { ...building, finishedAt: now },
    retired: [...pointer.retired, { generation: pointer.live, since: now }],
  });
}

/** Retired generations whose grace period is over: their collections may be dropped. */
export function retiredDue(pointer: GenerationPointer, now: string, graceMs: number): number[] {
  const at = Date.parse(now);
  // Never the live or building generation, whatever the list says.
  const inUse = [pointer.live, pointer.building?.generation];
  return pointer.retired
    .filter((r) => at - Date.parse(r.since) >= graceMs && !inUse.includes(r.generation))
    .map((r) => r.generation);
}

/** After their collections were dropped. */
export function forgetRetired(pointer: GenerationPointer, dropped: number[]): GenerationPointer {
  const remaining = pointer.retired.filter((r) => !dropped.includes(r.generation));
  return remaining.length === pointer.retired.length ? pointer : next(pointer, { retired: remaining });
}

export interface Duties {
  /** Generations this instance consumes and writes: only those built with its own version. */
  write: number[];
  /** The live generation has an older shape and no build of this version runs: start one. */
  build: boolean;
  /** Why this instance writes nothing (the live generation has a newer release's shape), or null. */
  conflict: BuiltByNewerRelease | null;
}

/** What an instance running `version` of the projection does with this pointer. */
export function duties(pointer: GenerationPointer, version: number): Duties {
  const write: number[] = [];
  if (pointer.version === version) write.push(pointer.live);
  const building = pointer.building;
  if (building?.version === version) write.push(building.generation);
  // A newer release's build running beside an older live generation: keep writing the live one.
  const newerBuild = building !== null && building.version > version;
  return {
    write,
    build: pointer.version < version && !newerBuild && building?.version !== version,
    conflict: pointer.version > version ? new BuiltByNewerRelease(pointer.id, pointer.version, version) : null,
  };
}

/** The offset a group has reached in a partition (the start of the partition if it never committed). */
const reached = (p: PartitionLag): number => (p.committed >= 0 ? p.committed : p.highWatermark - p.lag);

/**
 * The build may go live once it has nothing left to consume, or once it has reached, in every
 * partition, at least the offset the live generation had committed (sampled before the build's,
 * so queries never see the read model step back). A live group that never committed anything
 * (a fresh deployment, or a topic that changed) proves nothing: then only lag 0 counts.
 */
export function caughtUp(build: PartitionLag[], live: PartitionLag[] | null): boolean {
  if (build.every((p) => p.lag === 0)) return true;
  if (!live || live.every((p) => p.committed < 0)) return false;
  const liveAt = new Map(live.map((p) => [p.partition, reached(p)]));
  return build.every((p) => reached(p) >= (liveAt.get(p.partition) ?? 0));
}

export interface BuildProgress {
  /** Records of the topic the new generation has applied. */
  processed: number;
  /** Records in the topic (all of them: the topic keeps the whole log). */
  total: number;
  percent: number;
}

export function buildProgress(build: PartitionLag[]): BuildProgress {
  const total = build.reduce((sum, p) => sum + p.highWatermark, 0);
  const processed = build.reduce((sum, p) => sum + Math.max(0, p.highWatermark - p.lag), 0);
  return { processed, total, percent: total === 0 ? 100 : Math.floor((processed / total) * 100) };
}

/**
 * Partitions whose oldest records are gone (retention deleted them), seen through a group that
 * never committed: its lag is then high − low, so low > 0 shows as lag < high watermark. A
 * generation built from such a topic would silently miss the deleted events.
 */
export function truncatedPartitions(fresh: PartitionLag[]): number[] {
  return fresh.filter((p) => p.committed < 0 && p.lag < p.highWatermark).map((p) => p.partition);
}
