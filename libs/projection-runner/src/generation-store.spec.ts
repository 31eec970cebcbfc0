// Compare-and-set on the generation pointer through the read-store port (the embedded adapter
// here; the distributed end-to-end tests run it on MongoDB-wire): racing instances never lose a
// change and never create two builds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { GENERATION_CLAIMS, GenerationStore, PointerContention } from './generation-store';
import { GENERATIONS, flip, forgetRetired, initialPointer, retiredDue, startBuild } from './generations';

describe('GenerationStore', () => {
  let dir: string;
  let reads: EmbeddedReadStore;
  let store: GenerationStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-generations-'));
    reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    store = new GenerationStore(reads);
    await store.init();
  });

  afterEach(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the pointer once, whoever asks first', async () => {
    const [a, b] = await Promise.all([
      store.ensure('kpis', () => initialPointer('kpis', 1)),
      store.ensure('kpis', () => initialPointer('kpis', 1)),
    ]);
    expect(a).toEqual(b);
    expect(await store.all()).toEqual(new Map([['kpis', initialPointer('kpis', 1)]]));
  });

  it('lets one of two racing rebuild requests start the build; the other joins it', async () => {
    await store.ensure('kpis', () => initialPointer('kpis', 1));
    const request = (at: string) =>
      store.update('kpis', (current) => startBuild(current ?? initialPointer('kpis', 1), 1, 'requested', at));
    const [a, b] = await Promise.all([request('2026-01-01T00:00:00.000Z'), request('2026-01-01T00:00:01.000Z')]);
    expect(a?.building).toEqual(b?.building);
    expect(await store.get('kpis')).toMatchObject({ lastPosition: 2, generations: 1, building: { generation: 1 } });
  });

  it('applies a change again on top of a racing one instead of overwriting it', async () => {
    const at = '2026-01-01T00:00:00.000Z';
    await store.ensure('kpis', () => flip(startBuild(initialPointer('kpis', 1), 1, 'requested', at), at));
    const later = '2026-01-02T00:00:00.000Z';
    await Promise.all([
      store.update('kpis', (current) => current && forgetRetired(current, retiredDue(current, later, 0))),
      store.update('kpis', (current) => current && startBuild(current, 1, 'requested', later)),
    ]);
    // Both changes landed: generation 0 forgotten, generation 2 building.
    expect(await store.get('kpis')).toMatchObject({
      live: 1,
      retired: [],
      building: { generation: 2 },
      lastPosition: 5,
    });
    expect(await reads.checkpoint(GENERATIONS)).toBe(0);
  });

  it('gives up on a pointer that changes under every attempt', async () => {
    await store.ensure('kpis', () => initialPointer('kpis', 1));
    // A rival writer gets its change in just before every write of this one.
    const commit = reads.commit.bind(reads);
    reads.commit = async (collection, documents, checkpoint) => {
      const current = await store.get('kpis');
      if (current) await commit(GENERATIONS, [{ ...current, lastPosition: current.lastPosition + 1 }], 0);
      return commit(collection, documents, checkpoint);
    };
    const update = store.update('kpis', (current) => current && startBuild(current, 1, 'requested', 'x'));
    await expect(update).rejects.toThrow(PointerContention);
  });

  it('moves the pointer only for the instance whose claim on the revision stands', async () => {
    const pointer = await store.ensure('kpis', () => initialPointer('kpis', 1));
    // Another instance claimed the next revision a moment ago and is about to write it.
    const claim = { id: 'kpis@2', lastPosition: 1, by: 'other', at: Date.now() };
    await reads.commit(GENERATION_CLAIMS, [claim], 0);
    const update = store.update('kpis', (current) => current && startBuild(current, 1, 'requested', 'x'));
    await expect(update).rejects.toThrow(PointerContention);
    expect(await store.get('kpis')).toEqual(pointer);
  });

  it('skips a revision whose claimant stopped before writing it', async () => {
    await store.ensure('kpis', () => initialPointer('kpis', 1));
    const abandoned = { id: 'kpis@2', lastPosition: 1, by: 'gone', at: Date.now() - 60_000 };
    await reads.commit(GENERATION_CLAIMS, [abandoned], 0);
    const started = await store.update('kpis', (current) => current && startBuild(current, 1, 'requested', 'x'));
    expect(started).toMatchObject({ lastPosition: 3, building: { generation: 1 } });
    expect(await store.get('kpis')).toEqual(started);
  });
});
