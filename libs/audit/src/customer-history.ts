// Reads a customer's history from the event store itself, never from read models: page by page
// (constant memory), decrypted (erased customers' personal fields read as null) and upcast.
import { Inject, Injectable } from '@nestjs/common';
import { UnknownCustomer, customerStream, upcast, type RecordedEvent } from '@ledger/domain';
import { StreamVerifier, EVENT_STORE, missingTail, type EventStore } from '@ledger/event-store';
import { PERSONAL_DATA, type PersonalDataVault } from '@ledger/personal-data';
import type { VerificationReport } from './api';

export const HISTORY_PAGE = 500;

export type { VerificationReport } from './api';

@Injectable()
export class CustomerHistory {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly vault: PersonalDataVault,
  ) {}

  /** Stored events as they are on disk (ciphertext included): what the hash chain covers. */
  async *raw(customerId: string, fromRevision = 0): AsyncGenerator<RecordedEvent> {
    const streamId = customerStream(customerId);
    for (let next = fromRevision; ; ) {
      const page = await this.store.readStream(streamId, { fromRevision: next, maxCount: HISTORY_PAGE });
      yield* page;
      if (page.length < HISTORY_PAGE) return;
      next = page[page.length - 1].revision + 1;
    }
  }

  /**
   * Events as readers see them: personal fields decrypted, data at the current schema version.
   * Keys are read from the key store for every page (`fresh`), never from a cache that an
   * erasure on another host could not have reached yet: an auditor never sees erased data.
   */
  async *events(customerId: string, fromRevision = 0): AsyncGenerator<RecordedEvent> {
    const streamId = customerStream(customerId);
    for (let next = fromRevision; ; ) {
      const page = await this.store.readStream(streamId, { fromRevision: next, maxCount: HISTORY_PAGE });
      for (const event of await this.vault.openAll(page, { fresh: true })) yield readable(event);
      if (page.length < HISTORY_PAGE) return;
      next = page[page.length - 1].revision + 1;
    }
  }

  /** The whole readable history in memory: for replays (state, diff, provenance, export). */
  async all(customerId: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.events(customerId)) events.push(event);
    if (events.length === 0) throw new UnknownCustomer(customerId);
    return events;
  }

  async verify(customerId: string): Promise<VerificationReport> {
    return verifyStream(this.store, customerStream(customerId), true);
  }
}

/** Walks one stream's chain; `mustExist` turns an empty stream into UnknownCustomer. */
export async function verifyStream(
  store: EventStore,
  streamId: string,
  mustExist = false,
): Promise<VerificationReport> {
  const verifier = new StreamVerifier(streamId);
  let lastHash: string | null = null;
  for (let next = 0; ; ) {
    const page = await store.readStream(streamId, { fromRevision: next, maxCount: HISTORY_PAGE });
    for (const event of page) {
      if (verifier.check(event)) break;
      lastHash = event.hash ?? null;
    }
    if (verifier.broken || page.length < HISTORY_PAGE) break;
    next = page[page.length - 1].revision + 1;
  }
  if (mustExist && verifier.verified === 0 && !verifier.broken) {
    throw new UnknownCustomer(streamId.replace(/^customer-/, ''));
  }
  // A chain cut at its end still links: the store's own record of the head tells it is short.
  const broken = verifier.broken ?? missingTail(streamId, verifier.verified, await store.streamRevision(streamId));
  return { streamId, verified: verifier.verified, intact: broken === null, lastHash, firstBrokenLink: broken };
}

function readable(event: RecordedEvent): RecordedEvent {
  const current = upcast(event);
  return current === event ? event : ({ ...event, ...current } as RecordedEvent);
}
