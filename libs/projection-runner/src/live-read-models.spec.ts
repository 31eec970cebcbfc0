// Queries read each read model under its own name; behind it, the live generation's collection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import type { ReadDocument } from '@ledger/read-store';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { GENERATIONS, flip, initialPointer, startBuild, type GenerationPointer } from './generations';
import { LiveReadModels, ReadModelGenerations } from './live-read-models';

const doc = (id: string, lastPosition: number, generation: string): ReadDocument & { generation: string } => ({
  id,
  lastPosition,
  generation,
});

describe('LiveReadModels', () => {
  let dir: string;
  let reads: EmbeddedReadStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-live-'));
    reads = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    await reads.commit('operational_view', [doc('ada', 3, 'g0')], 3);
    await reads.commit('operational_view__g1', [doc('ada', 3, 'g1'), doc('bob', 4, 'g1')], 4);
  });

  afterEach(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const setPointer = (pointer: GenerationPointer) => reads.commit(GENERATIONS, [pointer], 0);
  const liveOne = () => flip(startBuild(initialPointer('operational_view', 1), 1, 'requested', 'a'), 'b');

  it('reads the live generation in distributed mode', async () => {
    await setPointer(liveOne());
    const config = loadConfig({ KAFKA_BROKERS: 'k:1', MONGODB_URI: 'mongodb://m/' });
    const live = new LiveReadModels(reads, new ReadModelGenerations(config, reads));
    expect(await live.get('operational_view', 'ada')).toEqual(doc('ada', 3, 'g1'));
    expect((await live.getMany('operational_view', ['ada', 'bob'])).size).toBe(2);
    expect(await live.count('operational_view')).toBe(2);
    expect(await live.checkpoint('operational_view')).toBe(4);
    expect(await live.find('operational_view', { filter: { id: 'bob' } })).toEqual([doc('bob', 4, 'g1')]);
    const scanned: ReadDocument[] = [];
    for await (const page of live.scan('operational_view')) scanned.push(...page);
    expect(scanned.map((d) => d.id)).toEqual(['ada', 'bob']);
    // Collections without a pointer are read as named.
    expect(await live.checkpoint('operational_view__g1')).toBe(4);
  });

  it('reads plain names before any rebuild and in embedded mode', async () => {
    const distributed = loadConfig({ KAFKA_BROKERS: 'k:1' });
    const noPointer = new LiveReadModels(reads, new ReadModelGenerations(distributed, reads));
    expect(await noPointer.get('operational_view', 'ada')).toEqual(doc('ada', 3, 'g0'));
    await setPointer(liveOne());
    const embedded = new LiveReadModels(reads, new ReadModelGenerations(loadConfig({}), reads));
    expect(await embedded.get('operational_view', 'ada')).toEqual(doc('ada', 3, 'g0'));
  });

  it('trusts a pointer it read for cacheMs, then follows the flip', async () => {
    const config = loadConfig({ KAFKA_BROKERS: 'k:1' });
    const generations = new ReadModelGenerations(config, reads, { cacheMs: 100, pollMs: 100, graceMs: 1000 });
    const live = new LiveReadModels(reads, generations);
    expect(await live.get('operational_view', 'ada')).toEqual(doc('ada', 3, 'g0'));
    await setPointer(liveOne());
    expect(await generations.collection('operational_view')).toBe('operational_view'); // cached
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await generations.collection('operational_view')).toBe('operational_view__g1');
    expect(await live.get('operational_view', 'ada')).toEqual(doc('ada', 3, 'g1'));
  });
});
