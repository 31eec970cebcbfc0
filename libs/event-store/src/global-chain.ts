// The global chain: one hash per log position linking it to the previous position, so that a
// signed checkpoint (position, global hash) pins the whole log up to that position. A stream's
// tail deleted, a whole stream deleted, or an older copy of the store restored no longer leads
// to the checkpointed hash. Pure: hashing and signatures only, no I/O, no clock.
import { createPublicKey, hash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { GENESIS_HASH } from './hash-chain';

/** The global hash before position 1. */
export const GLOBAL_GENESIS = GENESIS_HASH;

/** SHA-256 hex of `<previous>:<position>:<event hash>`; the event hash covers the content. */
export function globalHash(previous: string, position: number, eventHash: string): string {
  return hash('sha256', `${previous}:${position}:${eventHash}`, 'hex');
}

/** One position of the log as the global chain sees it. */
export interface ChainEntry {
  position: number;
  streamId: string;
  revision: number;
  /** The event's own hash (its stream chain). */
  hash: string;
  /** Stored global hash; null in a store that has not written one. */
  globalHash: string | null;
}

/** The log's head as the global chain holds it. */
export interface GlobalHead {
  position: number;
  globalHash: string;
}

/** A signed statement "the log up to `position` hashes to `globalHash`", made at `at`. */
export interface SignedCheckpoint extends GlobalHead {
  at: string;
  /** Ed25519 public key, SPKI DER in base64. */
  publicKey: string;
  /** Ed25519 signature of checkpointPayload(), base64. */
  signature: string;
}

const PAYLOAD_FORMAT = 'ledger-crm/checkpoint/v1';

/** The bytes that are signed: format tag, position, global hash and time, canonically. */
export function checkpointPayload(head: GlobalHead, at: string): Buffer {
  return Buffer.from(
    canonicalJson({ format: PAYLOAD_FORMAT, position: head.position, globalHash: head.globalHash, at }),
    'utf8',
  );
}

export function signCheckpoint(head: GlobalHead, at: string, privateKey: KeyObject): SignedCheckpoint {
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  const signature = sign(null, checkpointPayload(head, at), privateKey).toString('base64');
  return { position: head.position, globalHash: head.globalHash, at, publicKey, signature };
}

/** True when the signature is the checkpoint's key's (and, when given, that key is `trusted`). */
export function checkpointSignatureValid(checkpoint: SignedCheckpoint, trusted?: string): boolean {
  if (trusted !== undefined && checkpoint.publicKey !== trusted) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(checkpoint.publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, checkpointPayload(checkpoint, checkpoint.at), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    // Not a key, or not Ed25519: an invalid checkpoint, not a crash.
    return false;
  }
}

export type GlobalBreakReason = 'position_gap' | 'global_hash_missing' | 'global_hash_altered';

export interface GlobalBreak {
  position: number;
  reason: GlobalBreakReason;
  message: string;
}

/**
 * Walks the log in position order (page by page, constant memory), recomputing the global chain
 * from the events' hashes and comparing it with the stored one and with checkpoints.
 */
export class GlobalChainVerifier {
  private expectedPosition = 1;
  private previous = GLOBAL_GENESIS;
  private failure: GlobalBreak | null = null;
  /** Recomputed global hash at each checkpointed position reached so far. */
  private readonly seen = new Map<number, string>();

  constructor(private readonly checkpointPositions: ReadonlySet<number> = new Set()) {}

  get broken(): GlobalBreak | null {
    return this.failure;
  }

  /** Positions verified (the head of the verified prefix). */
  get head(): GlobalHead {
    return { position: this.expectedPosition - 1, globalHash: this.previous };
  }

  check(entry: ChainEntry): GlobalBreak | null {
    if (this.failure) return this.failure;
    const fail = (reason: GlobalBreakReason, message: string) =>
      (this.failure = { position: entry.position, reason, message });
    if (entry.position !== this.expectedPosition) {
      return fail(
        'position_gap',
        `expected position ${this.expectedPosition}, found ${entry.position}: events were deleted from the log`,
      );
    }
    if (!entry.globalHash) return fail('global_hash_missing', `position ${entry.position} has no global hash`);
    const recomputed = globalHash(this.previous, entry.position, entry.hash);
    if (recomputed !== entry.globalHash) {
      return fail(
        'global_hash_altered',
        `position ${entry.position} (${entry.streamId} revision ${entry.revision}) does not follow from the log before it`,
      );
    }
    if (this.checkpointPositions.has(entry.position)) this.seen.set(entry.position, recomputed);
    this.previous = recomputed;
    this.expectedPosition++;
    return null;
  }

  /** After the walk: why the log does not match `checkpoint`, or null when it does. */
  mismatch(checkpoint: GlobalHead): string | null {
    const head = this.head.position;
    if (checkpoint.position > head) {
      return (
        `a checkpoint attests position ${checkpoint.position}, but the log ends at ${head}: ` +
        'events were deleted from its end, or an older copy of the store was restored'
      );
    }
    const at = this.seen.get(checkpoint.position);
    if (at !== checkpoint.globalHash) {
      return (
        `the log up to position ${checkpoint.position} does not hash to the checkpointed value: ` +
        'events before it were deleted, replaced or reordered, or a different copy of the store was restored'
      );
    }
    return null;
  }
}
