// Assertions the contract cases share. Positions are only promised to increase strictly:
// an EventStoreDB adapter has gaps (commit positions), the SQLite one has none.
import { DomainError, ExpectedVersionMismatch } from '@ledger/domain';
import type { EventStore } from '../event-store.port';

export function expectStrictlyIncreasing(positions: readonly number[]): void {
  positions.forEach((position, i) => {
    expect(Number.isSafeInteger(position) && position > 0).toBe(true);
    if (i > 0) expect(position).toBeGreaterThan(positions[i - 1]);
  });
}

/** Settles `promise` and returns what it rejected with; fails the test if it fulfilled. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    (value) => ({ fulfilled: true as const, value }),
    (error: unknown) => ({ fulfilled: false as const, error }),
  );
  if (outcome.fulfilled) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

/** A conflict the HTTP layer maps to 409: ExpectedVersionMismatch, DuplicateEventId, … */
export async function expectConflict(promise: Promise<unknown>): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).kind).toBe('conflict');
}

export async function expectVersionMismatch(
  promise: Promise<unknown>,
  streamId: string,
  expected: ExpectedVersionMismatch['expected'],
  actual: ExpectedVersionMismatch['actual'],
): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ExpectedVersionMismatch);
  expect(error).toMatchObject({ streamId, expected, actual });
}

/** None of these ids may be stored anywhere: proof that a rejected append wrote nothing. */
export async function expectNotStored(store: EventStore, eventIds: readonly string[]): Promise<void> {
  for (const eventId of eventIds) expect(await store.readEvent(eventId)).toBeNull();
}
