// The Ed25519 key that signs checkpoints: a PEM file named by CRM_CHECKPOINT_KEY, or one
// generated into the data directory on first start (trade-off in docs/audit.md), and the
// witness file every checkpoint is appended to.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { SignedCheckpoint } from '@ledger/event-store';

export const GENERATED_KEY_FILE = 'checkpoint-key.pem';

export class CheckpointKeyUnusable extends Error {
  constructor(file: string, reason: string) {
    super(`checkpoint key '${file}': ${reason}`);
    this.name = 'CheckpointKeyUnusable';
  }
}

export function readPrivateKey(file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(file));
  } catch (error) {
    throw new CheckpointKeyUnusable(file, (error as Error).message);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new CheckpointKeyUnusable(file, `an Ed25519 private key is needed, found ${String(key.asymmetricKeyType)}`);
  }
  return key;
}

/** The configured key, or the data directory's own (created, readable by the owner only, if missing). */
export function loadCheckpointKey(keyFile: string | null, dataDir: string): KeyObject {
  if (keyFile) return readPrivateKey(keyFile);
  const file = join(dataDir, GENERATED_KEY_FILE);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(dataDir, { recursive: true });
    // 'wx': two processes starting at once cannot overwrite each other's key.
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readPrivateKey(file);
}

/** Appends one checkpoint as a JSON line and fsyncs: a witness entry must survive a crash. */
export function appendToWitness(file: string, checkpoint: SignedCheckpoint): void {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a', 0o644);
  try {
    writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The checkpoints of a witness file, oldest first; a line that is not a checkpoint is an error naming it. */
export function readWitness(file: string): SignedCheckpoint[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, number }) => {
      let value: Partial<SignedCheckpoint>;
      try {
        value = JSON.parse(line) as Partial<SignedCheckpoint>;
      } catch {
        throw new Error(`${file}, line ${number}: not JSON`);
      }
      const { position, globalHash, at, publicKey, signature } = value;
      if (
        !Number.isSafeInteger(position) ||
        typeof globalHash !== 'string' ||
        typeof at !== 'string' ||
        typeof publicKey !== 'string' ||
        typeof signature !== 'string'
      ) {
        throw new Error(`${file}, line ${number}: not a checkpoint (position, globalHash, at, publicKey, signature)`);
      }
      return { position: position as number, globalHash, at, publicKey, signature };
    });
}
