// Append and look-up by event id on top of the claim index (event-id-claims.ts). The port's
// retry rules are the shared ones (resolveRetry); this file only gathers where each id is stored
// and makes sure two racing writers of one id cannot both write it. The hash chain is
// esdb-chain.ts's: a retry found stored is returned as it was chained the first time.
import { randomUUID } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '@ledger/domain';
import { backoffDelay, sleep } from '@ledger/retry';
import {
  DuplicateEventId,
  resolveRetry,
  type AppendResult,
  type ExpectedRevision,
  type ReadStreamOptions,
  type StoredEventLocation,
} from '@ledger/event-store';
import type { EsdbClient } from './esdb-client';
import { EsdbUnchainedStream, EventIdClaimPending } from './esdb-errors';
import { APPEND_RETRY_BACKOFF, appendChained, type ChainedAppendIO } from './esdb-chain';
import { versionMismatch } from './esdb-mapping';
import { claimedRevision, isStale, type ClaimState, type EventIdClaims } from './event-id-claims';

export interface AppendDeps {
  client: EsdbClient;
  claims: EventIdClaims;
  readStream(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** How old an unfulfilled claim must be before another writer may take it over. */
  claimLeaseMs: number;
  /** How long an append waits for a racing writer of the same ids before giving up with a conflict. */
  claimWaitMs: number;
  /** The clock that stamps recordedAt (hashed, so fixed before the write). */
  now(): Date;
}

interface Located {
  claim: ClaimState;
  event: RecordedEvent | null;
}

/** The stream's last event as stored, or undefined when there is no stream. */
export async function lastEventOf(
  deps: Pick<AppendDeps, 'readStream'>,
  streamId: string,
): Promise<RecordedEvent | undefined> {
  const [last] = await deps.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  return last;
}

/** Pages used when the claim does not pin the revision ('any' / 'stream_exists' appends). */
const SCAN_PAGE = 200;

/** The event with this id, or null. Cost: one claim read plus one event read (a stream scan only for 'any' appends). */
export async function locateEvent(deps: AppendDeps, eventId: string): Promise<Located> {
  const claim = await deps.claims.state(eventId);
  if (claim.kind === 'free') return { claim, event: null };
  const { streamId } = claim.claim;
  const exact = claimedRevision(claim.claim);
  if (exact !== undefined) {
    const [event] = await deps.readStream(streamId, { fromRevision: exact, maxCount: 1 });
    return { claim, event: event?.eventId === eventId ? event : null };
  }
  for (let from: number | undefined = undefined; from === undefined || from >= 0; ) {
    const page = await deps.readStream(streamId, { direction: 'backwards', fromRevision: from, maxCount: SCAN_PAGE });
    const found = page.find((event) => event.eventId === eventId);
    if (found || page.length < SCAN_PAGE) return { claim, event: found ?? null };
    from = page[page.length - 1].revision - 1;
  }
  return { claim, event: null };
}

export async function appendIdempotently(
  deps: AppendDeps,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const waitUntil = Date.now() + deps.claimWaitMs;
  for (let attempt = 1; ; attempt++) {
    const located = await Promise.all(events.map((event) => locateEvent(deps, event.eventId)));
    const retry = resolveRetry(streamId, events, expected, located.map(storedLocation));
    if (retry) return retry;

    const busy = located.findIndex(
      (l) => l.claim.kind === 'claimed' && !isStale(l.claim.claimedAt, Date.now(), deps.claimLeaseMs),
    );
    if (busy >= 0) {
      const holder = (located[busy].claim as Extract<ClaimState, { kind: 'claimed' }>).claim.streamId;
      // In flight to another stream: the id will live there, so this append could never be a retry.
      if (holder !== streamId) throw new DuplicateEventId(events[busy].eventId, holder);
      // A retry racing its original: wait for the original's outcome, then answer as a retry.
      if (Date.now() > waitUntil) throw new EventIdClaimPending(events[busy].eventId, holder);
      await sleep(backoffDelay(attempt, APPEND_RETRY_BACKOFF), undefined, true);
      continue;
    }

    const attemptId = randomUUID();
    const claimed = await claimAll(deps, streamId, events, expected, located, attemptId);
    if (!claimed) {
      await sleep(backoffDelay(attempt, APPEND_RETRY_BACKOFF), undefined, true);
      continue;
    }
    return writeClaimed(deps, streamId, events, expected, claimed, attemptId);
  }
}

function storedLocation(located: Located): StoredEventLocation | null {
  const event = located.event;
  return event ? { streamId: event.streamId, revision: event.revision, position: event.position } : null;
}

/**
 * Claims every id, the first one alone: two copies of one append race for the same first id, so
 * exactly one proceeds and the other waits for it. Any lost claim releases the won ones.
 */
async function claimAll(
  deps: AppendDeps,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  located: readonly Located[],
  attemptId: string,
): Promise<bigint[] | null> {
  const claimOne = (i: number): Promise<bigint | null> =>
    deps.claims.claim(located[i].claim, { eventId: events[i].eventId, streamId, expected, index: i, attemptId });
  const lead = await claimOne(0);
  if (lead === null) return null;
  const rest = await Promise.all(events.slice(1).map((_, i) => claimOne(i + 1)));
  const revisions = [lead, ...rest];
  if (rest.every((revision) => revision !== null)) return revisions as bigint[];
  await releaseAll(deps, events, revisions, attemptId);
  return null;
}

async function releaseAll(
  deps: AppendDeps,
  events: readonly NewEvent[],
  revisions: ReadonlyArray<bigint | null>,
  attemptId: string,
): Promise<void> {
  await Promise.all(
    revisions.flatMap((revision, i) =>
      revision === null ? [] : [deps.claims.release(events[i].eventId, revision, attemptId)],
    ),
  );
}

async function writeClaimed(
  deps: AppendDeps,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  claims: readonly bigint[],
  attemptId: string,
): Promise<AppendResult> {
  const io: ChainedAppendIO = {
    head: (stream) => lastEventOf(deps, stream),
    append: (stream, wire, wireExpected) => deps.client.append(stream, wire, wireExpected),
    now: deps.now,
  };
  const outcome = await appendChained(io, streamId, events, expected).catch(async (error: unknown) => {
    // Refused before anything was sent: the ids are free again, as after a refused append.
    if (error instanceof EsdbUnchainedStream) await releaseAll(deps, events, claims, attemptId);
    throw error;
  });
  // On any other failure (network, timeout) the claims stay: the write may have happened, and a
  // later look-up verifies the event itself. They are only released when the server said no.
  if (!outcome.ok) {
    await releaseAll(deps, events, claims, attemptId);
    throw versionMismatch(streamId, expected, outcome.actual);
  }
  const last = Number(outcome.nextRevision);
  const first = last - events.length + 1;
  // The append reply carries one position for the whole write; each event's own position is read back.
  const written = await deps.readStream(streamId, { fromRevision: first, maxCount: events.length });
  if (written.map((event) => event.eventId).join() !== events.map((event) => event.eventId).join()) {
    throw new Error(
      `EventStoreDB acknowledged an append to '${streamId}' at ${first}..${last} that reads back differently`,
    );
  }
  return { streamId, nextExpectedRevision: last, positions: written.map((e) => e.position), deduplicated: false };
}
