// The one contract suite every EventStore adapter passes. It only assumes what the port
// promises (positions strictly increase, not that they start at 1 or have no gaps) and keeps
// each test to its own randomly prefixed streams, so it also runs against a shared server.
// Imported via `@ledger/event-store/contract`, never from index.ts: it needs jest globals.
import type { EventStore } from './event-store.port';
import { appendContract } from './contract/append.contract';
import { idempotencyContract } from './contract/idempotency.contract';
import { readContract } from './contract/read.contract';
import { subscriptionContract } from './contract/subscription.contract';
import { hashChainContract } from './contract/hash-chain.contract';

export * from './test-support/event-factory';

export interface OpenedEventStore {
  store: EventStore;
  cleanup(): Promise<void>;
}

export function eventStoreContract(adapterName: string, open: () => Promise<OpenedEventStore>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let opened: OpenedEventStore | undefined;
    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened?.cleanup();
    });
    const store = (): EventStore => {
      if (!opened) throw new Error(`the ${adapterName} event store did not open`);
      return opened.store;
    };

    describe('append', () => appendContract(store));
    describe('idempotent retries', () => idempotencyContract(store));
    describe('reads', () => readContract(store));
    describe('subscribeToAll', () => subscriptionContract(store));
    describe('hash chain', () => hashChainContract(store));
  });
}
