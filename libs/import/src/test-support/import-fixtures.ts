// A temporary data directory per test and the importer run into it, as the CLI does with --data-dir.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedEventStore } from '@ledger/platform';
import type { RecordedEvent } from '@ledger/domain';
import { runImport } from '../import-runner';
import type { Mapping } from '../mapping';
import { EmbeddedSink } from '../embedded-sink';
import { formatOf } from '../sources';

export { CDNOW, ROOT, SAMPLE, SAMPLE_MAPPING } from './import-fixtures-paths';

/** A fresh directory for each test of the calling file. */
export function tempDirs(): { readonly dir: string } {
  const holder = { dir: '' };
  beforeEach(() => (holder.dir = mkdtempSync(join(tmpdir(), 'ledger-import-'))));
  afterEach(() => rmSync(holder.dir, { recursive: true, force: true }));
  return holder;
}

export async function importFile(
  dir: string,
  file: string,
  mapping: Mapping,
  extra: {
    resume?: boolean;
    dataDir?: string;
    earliestDates?: boolean;
    preparationThread?: boolean;
    writerThreads?: number;
  } = {},
) {
  const sink = EmbeddedSink.open(
    extra.dataDir ?? join(dir, 'data'),
    { CRM_LOG_LEVEL: 'silent' },
    { preparationThread: extra.preparationThread, writerThreads: extra.writerThreads },
  );
  try {
    return await runImport({
      file,
      format: mapping.format ?? formatOf(file),
      mapping,
      sink,
      rejectsFile: join(dir, 'rejects.csv'),
      stateFile: join(dir, 'state.json'),
      resume: extra.resume,
      earliestDates: extra.earliestDates,
      batchSize: 100,
      // A batch in flight per writer thread, as the CLI sends.
      ...(extra.writerThreads ? { concurrency: extra.writerThreads } : {}),
    });
  } finally {
    await sink.close();
  }
}

export async function allEvents(dataDir: string): Promise<RecordedEvent[]> {
  const store = openEmbeddedEventStore(dataDir);
  try {
    return await store.readAll({});
  } finally {
    await store.close();
  }
}

export function writeIn(dir: string, name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/**
 * The rejects file's rows in row order (rows refused before sending are written before refused
 * batches); none when the import rejected nothing (no file).
 */
export const rejectsIn = (dir: string): string[] =>
  !existsSync(join(dir, 'rejects.csv'))
    ? []
    : readFileSync(join(dir, 'rejects.csv'), 'utf8')
        .trim()
        .split('\r\n')
        .slice(1)
        .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
