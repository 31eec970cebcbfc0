// The one contract suite every ReadStore adapter passes (embedded now, MongoDB later). Each
// test uses its own collections, so it also runs against a shared server.
// Imported via `@ledger/read-store/contract`, never from index.ts: it needs jest globals.
import type { ReadStore } from './read-store.port';
import { documentsContract } from './contract/documents.contract';
import { findContract } from './contract/find.contract';
import { dropContract, renameContract, scanContract } from './contract/lifecycle.contract';

export { uniqueCollection, scanAll } from './contract/support';

export interface OpenedReadStore {
  store: ReadStore;
  cleanup(): Promise<void>;
}

export function readStoreContract(adapterName: string, open: () => Promise<OpenedReadStore>): void {
  describe(`ReadStore contract: ${adapterName}`, () => {
    let opened: OpenedReadStore | undefined;
    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened?.cleanup();
    });
    const store = (): ReadStore => {
      if (!opened) throw new Error(`the ${adapterName} read store did not open`);
      return opened.store;
    };

    describe('documents and checkpoints', () => documentsContract(store));
    describe('find and count', () => findContract(store));
    describe('scan', () => scanContract(store));
    describe('drop', () => dropContract(store));
    describe('rename', () => renameContract(store));
  });
}
