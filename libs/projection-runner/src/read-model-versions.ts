// Which version (document shape) of each projection its embedded read model was built by: a
// read model built by an older version is rebuilt from the log, one built by a newer release
// is refused.
import type { Logger } from '@nestjs/common';
import type { Projection } from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { publicName } from './projections.catalogue';

export const VERSIONS = 'projection_versions';

/**
 * Stored as the lastPosition of a small document, so the read store's commit guard only ever
 * moves it forward.
 */
export async function recordVersion(reads: ReadStore, projection: Projection): Promise<void> {
  await reads.commit(VERSIONS, [{ id: projection.name, lastPosition: projection.version }], 0);
}

/** A projection whose document shape changed since it was built starts again from position 0. */
export async function resetIfShapeChanged(reads: ReadStore, projection: Projection, logger: Logger): Promise<void> {
  const stored = await reads.get<{ id: string; lastPosition: number }>(VERSIONS, projection.name);
  if (stored?.lastPosition === projection.version) return;
  if (stored && stored.lastPosition > projection.version) {
    throw new Error(
      `${publicName(projection)} was built by a newer release (v${stored.lastPosition}); refusing to run`,
    );
  }
  if (stored) {
    logger.warn(
      `${publicName(projection)} changed shape (v${stored.lastPosition} → v${projection.version}): rebuilding from the log`,
    );
  }
  await reads.drop(projection.name);
  await recordVersion(reads, projection);
}
