// Erasure on disk: a document replaced or dropped must not stay readable in the read store's
// files (the main file's free space, nor the WAL) once scrubFreedSpace() has run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnDisk } from '@ledger/testing';
import { EmbeddedReadStore } from './embedded-read-store';

const SECRETS = ['Zebulon Quillfeather', 'zq@quill.example'];

describe('EmbeddedReadStore on disk', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'ledger-scrub-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('leaves a replaced or dropped document readable in the WAL until scrubbed, and nowhere after', async () => {
    const store = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    await store.commit('customers', [{ id: 'c1', lastPosition: 1, name: SECRETS[0] } as never], 1);
    await store.commit('scratch', [{ id: 'c1', lastPosition: 1, email: SECRETS[1] } as never], 1);
    await store.commit('customers', [{ id: 'c1', lastPosition: 2, name: null } as never], 2);
    await store.drop('scratch');
    // Without the scrub the old versions are still in the file set: the test would catch a no-op.
    expect(findOnDisk(dir, SECRETS).length).toBeGreaterThan(0);
    await store.scrubFreedSpace();
    expect(findOnDisk(dir, SECRETS)).toEqual([]);
    await store.close();
    expect(findOnDisk(dir, SECRETS)).toEqual([]);
    const reopened = EmbeddedReadStore.open({ file: join(dir, 'reads.sqlite') });
    expect(await reopened.get('customers', 'c1')).toMatchObject({ name: null });
    await reopened.close();
  });
});
