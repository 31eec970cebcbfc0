// Builders for tests that need NewEvents and collision-free stream names. Event ids are UUIDs
// because EventStoreDB insists on them; stream prefixes are random so suites can share a server.
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@ledger/domain';

/** A prefix no other test uses, e.g. `t3f9a1c2e-`; put it in front of every stream a test touches. */
export function uniqueStreamPrefix(): string {
  return `t${randomUUID().replace(/-/g, '').slice(0, 12)}-`;
}

/** A plausible ContactRecorded event; override any envelope field. */
export function newTestEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  const commandId = randomUUID();
  return {
    eventId: randomUUID(),
    type: 'ContactRecorded',
    schemaVersion: 1,
    data: {
      customerId: 'c-1',
      contactId: randomUUID(),
      channel: 'phone',
      direction: 'inbound',
      reason: 'billing question',
      occurredAt: '2026-01-05T10:00:00.000Z',
    },
    metadata: {
      commandId,
      correlationId: commandId,
      causationId: commandId,
      actor: 'channel:test',
      channel: 'call-centre',
    },
    ...overrides,
  };
}

export function newTestEvents(count: number, overrides: Partial<NewEvent> = {}): NewEvent[] {
  return Array.from({ length: count }, () => newTestEvent(overrides));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
