// The hash chain (DESIGN rule 9) as this adapter writes it. The server computes nothing, so each
// event's recordedAt and hash are fixed here, linked to the stream's head as read just before,
// and stored in the event's metadata. The append's expected revision is what makes the link
// safe: if the head moved after it was read, the server refuses the append and nothing
// mislinked is stored.
import type { NewEvent, RecordedEvent } from '@ledger/domain';
import { backoffDelay, sleep, type BackoffOptions } from '@ledger/retry';
import {
  GENESIS_HASH,
  expectedRevisionHolds,
  linkEvents,
  type ExpectedRevision,
  type StreamRevision,
} from '@ledger/event-store';
import type { WireAppendOutcome, WireEvent, WireExpectedRevision } from './esdb-client';
import { EsdbUnchainedStream } from './esdb-errors';
import { toWireEvent, toWireExpectedRevision } from './esdb-mapping';

/** An event with everything the store adds before writing it (its position comes from the server). */
export interface ChainedEvent {
  event: NewEvent;
  revision: number;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

/** The head of a stream that does not exist yet. */
const NEW_STREAM = { revision: 'no_stream', hash: GENESIS_HASH } as const;

export type ChainPlan =
  /** Append these, expecting exactly the head they were linked to. */
  | { kind: 'append'; expected: StreamRevision; events: ChainedEvent[] }
  /** The caller's expected revision does not hold: nothing is written. */
  | { kind: 'conflict'; actual: StreamRevision };

/**
 * Checks the caller's expectation against `head` (the stream's last event as stored; undefined:
 * no stream) and pins it to the head's revision, so 'any' and 'stream_exists' appends cannot
 * link to a head that another writer has just replaced.
 */
export function planChainedAppend(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  head: RecordedEvent | undefined,
  now: Date,
): ChainPlan {
  const actual: StreamRevision = head ? head.revision : 'no_stream';
  if (!expectedRevisionHolds(expected, actual)) return { kind: 'conflict', actual };
  return { kind: 'append', expected: actual, events: chainEvents(streamId, events, head, now) };
}

/**
 * Links `events` to `head`. recordedAt is `now`, but never earlier than the head's: record time
 * stays ordered within a stream even when the clocks of several command services disagree.
 */
export function chainEvents(
  streamId: string,
  events: readonly NewEvent[],
  head: RecordedEvent | undefined,
  now: Date,
): ChainedEvent[] {
  if (head && !head.hash) throw new EsdbUnchainedStream(streamId, head.revision);
  // ISO-8601 UTC strings of one length order as the instants they name.
  const recordedAt = head && head.recordedAt > now.toISOString() ? head.recordedAt : now.toISOString();
  const chainHead = head?.hash ? { revision: head.revision, hash: head.hash } : NEW_STREAM;
  const links = linkEvents(streamId, events, chainHead, recordedAt);
  return links.map((link, i): ChainedEvent => ({ event: events[i], recordedAt, ...link }));
}

export interface ChainedAppendIO {
  /** The stream's last event as stored, or undefined. */
  head(streamId: string): Promise<RecordedEvent | undefined>;
  append(streamId: string, events: WireEvent[], expected: WireExpectedRevision): Promise<WireAppendOutcome>;
  now(): Date;
}

/** Between attempts of one append (claims busy, a chained append racing another writer). */
export const APPEND_RETRY_BACKOFF: BackoffOptions = { initialMs: 5, maxMs: 200 };

/**
 * Reads the head, chains, appends. A refusal means the head moved and nothing was written:
 * a caller who expected an exact revision ('no_stream' or a number) gets it back as the
 * conflict; for 'any' and 'stream_exists' the expectation may still hold, so the head is read
 * again and the events are re-chained onto it. Every refusal means another append to this
 * stream succeeded, so the loop ends as soon as contention does.
 */
export async function appendChained(
  io: ChainedAppendIO,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<WireAppendOutcome> {
  for (let attempt = 1; ; attempt++) {
    const plan = planChainedAppend(streamId, events, expected, await io.head(streamId), io.now());
    if (plan.kind === 'conflict') {
      return { ok: false, actual: plan.actual === 'no_stream' ? plan.actual : BigInt(plan.actual) };
    }
    const outcome = await io.append(streamId, plan.events.map(toWireEvent), toWireExpectedRevision(plan.expected));
    if (outcome.ok || typeof expected === 'number' || expected === 'no_stream') return outcome;
    await sleep(backoffDelay(attempt, APPEND_RETRY_BACKOFF), undefined, true);
  }
}
