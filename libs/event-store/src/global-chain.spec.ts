import { generateKeyPairSync } from 'node:crypto';
import {
  GLOBAL_GENESIS,
  GlobalChainVerifier,
  checkpointSignatureValid,
  globalHash,
  signCheckpoint,
  type ChainEntry,
} from './global-chain';

function log(count: number): ChainEntry[] {
  let previous = GLOBAL_GENESIS;
  return Array.from({ length: count }, (_, i) => {
    const hash = String(i).padStart(64, 'e');
    previous = globalHash(previous, i + 1, hash);
    return { position: i + 1, streamId: `customer-${i % 3}`, revision: Math.floor(i / 3), hash, globalHash: previous };
  });
}

function walk(entries: ChainEntry[], positions: number[] = []): GlobalChainVerifier {
  const verifier = new GlobalChainVerifier(new Set(positions));
  for (const entry of entries) if (verifier.check(entry)) break;
  return verifier;
}

describe('global chain', () => {
  it('hashes `<previous>:<position>:<event hash>` (golden vector: stored hashes must never change)', () => {
    expect(globalHash(GLOBAL_GENESIS, 1, 'a'.repeat(64))).toBe(
      '86a600580ead8155c57ac47aaf9b183a3785b9ac873eea77f2b44bd7e560936b',
    );
  });

  it('verifies an intact log and matches a checkpoint taken at any position of it', () => {
    const entries = log(10);
    const verifier = walk(entries, [4, 10]);
    expect(verifier.broken).toBeNull();
    expect(verifier.head).toEqual({ position: 10, globalHash: entries[9].globalHash });
    expect(verifier.mismatch({ position: 4, globalHash: entries[3].globalHash! })).toBeNull();
    expect(verifier.mismatch({ position: 10, globalHash: entries[9].globalHash! })).toBeNull();
  });

  it('finds deleted positions, an altered global hash and a log shorter than a checkpoint', () => {
    const entries = log(10);
    expect(walk([...entries.slice(0, 3), ...entries.slice(5)]).broken).toMatchObject({
      position: 6,
      reason: 'position_gap',
    });
    const altered = entries.map((e) => (e.position === 7 ? { ...e, hash: 'f'.repeat(64) } : e));
    expect(walk(altered).broken).toMatchObject({ position: 7, reason: 'global_hash_altered' });
    const short = walk(entries.slice(0, 8), [10]);
    expect(short.broken).toBeNull();
    expect(short.mismatch({ position: 10, globalHash: entries[9].globalHash! })).toMatch(/log ends at 8/);
  });

  it('finds a log rewritten consistently (renumbered, rehashed) by the checkpoint, not by the walk', () => {
    const original = log(10);
    // Position 3 dropped, everything after renumbered and every global hash recomputed.
    let previous = GLOBAL_GENESIS;
    const rewritten = original
      .filter((e) => e.position !== 3)
      .map((e, i) => {
        previous = globalHash(previous, i + 1, e.hash);
        return { ...e, position: i + 1, globalHash: previous };
      });
    const verifier = walk(rewritten, [5]);
    expect(verifier.broken).toBeNull();
    expect(verifier.mismatch({ position: 5, globalHash: original[4].globalHash! })).toMatch(/does not hash/);
  });

  it('signs checkpoints with Ed25519; a changed field, signature or untrusted key fails', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    const checkpoint = signCheckpoint(
      { position: 5, globalHash: 'a'.repeat(64) },
      '2026-12-05T10:00:00.000Z',
      privateKey,
    );
    expect(checkpointSignatureValid(checkpoint)).toBe(true);
    expect(checkpointSignatureValid(checkpoint, checkpoint.publicKey)).toBe(true);
    expect(checkpointSignatureValid({ ...checkpoint, position: 6 })).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, at: '2026-12-06T10:00:00.000Z' })).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, signature: 'AAAA' })).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, publicKey: 'not a key' })).toBe(false);
    const forged = signCheckpoint({ position: 5, globalHash: 'a'.repeat(64) }, checkpoint.at, other.privateKey);
    expect(checkpointSignatureValid(forged)).toBe(true);
    expect(checkpointSignatureValid(forged, checkpoint.publicKey)).toBe(false);
  });
});
