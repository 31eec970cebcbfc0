// `npm run verify -- --data-dir data [--checkpoints witness.ndjson] [--public-key key.pem]`:
// verifies an embedded event store — stream chains, stream heads, the global chain and signed
// checkpoints — prints what it verified, and exits 1 naming the first break (2: nothing to verify
// or a usage error). It never creates or changes a store.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { commandLine } from '@ledger/config/cli-args';
import { holdsEventStore, openEventStoreToRead } from '@ledger/event-store-sqlite';
import type { EventStore, SignedCheckpoint } from '@ledger/event-store';
import { readWitness } from '../checkpoints/checkpoint-key';
import { count, isChainedLog, verifyGlobal, verifyStreamChains, type Print } from './log-verifier';

export interface VerifyOptions {
  /** Checkpoints kept outside the store (a witness file): the store must still lead to each. */
  witness?: SignedCheckpoint[];
  /** SPKI DER base64 of the only key checkpoints may be signed with. */
  trustedKey?: string;
  /** Progress every this many streams. */
  every?: number;
}

/** Verifies everything in the store; returns the exit code (0 intact, 1 broken). */
export async function verifyAll(store: EventStore, print: Print, options: VerifyOptions = {}): Promise<number> {
  const brokenStream = await verifyStreamChains(store, print, options.every ?? 1000);
  if (brokenStream) {
    brokenStream.forEach((line) => print(line));
    return 1;
  }
  if (!isChainedLog(store)) {
    print('every hash chain is intact (this store keeps no global chain: no checkpoints to verify)');
    return 0;
  }
  const report = await verifyGlobal(store, print, options.witness ?? [], options.trustedKey);
  if (report.broken) {
    report.broken.forEach((line) => print(line));
    return 1;
  }
  const latest = report.latestCheckpoint;
  print('every hash chain is intact');
  print(
    `verified ${count(report.streams)} streams, ${count(report.events)} events (the global chain up to position ${count(report.events)}), ` +
      `${count(report.checkpoints)} signed checkpoints` +
      (latest ? ` (latest at position ${count(latest.position)}, signed ${latest.at})` : ' (none yet)'),
  );
  return 0;
}

/** A PEM key file (private or public) → its public key as SPKI DER base64. */
function publicKeyOf(file: string): string {
  return createPublicKey(readFileSync(file)).export({ type: 'spki', format: 'der' }).toString('base64');
}

/** Why `dataDir` holds nothing to verify, or null when it holds an event store. */
function nothingToVerify(dataDir: string): string | null {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) return `no data directory at '${dataDir}'`;
  if (readdirSync(dataDir).length === 0) return `the data directory '${dataDir}' is empty`;
  if (!holdsEventStore(dataDir)) return `'${dataDir}' holds no event store (events.sqlite)`;
  return null;
}

const USAGE = 'usage: npm run verify -- --data-dir <dir> [--checkpoints <witness.ndjson>] [--public-key <key.pem>]';

export async function runVerifyCli(argv: string[], print: Print = console.log): Promise<number> {
  // Strict: a misspelt --checkpoints must not let the chains pass unchecked against the witness.
  const paths = ['data-dir', 'checkpoints', 'public-key'];
  const args = commandLine(argv, { options: paths, flags: [], script: 'verify', paths }, USAGE, print);
  if (typeof args === 'number') return args;
  const dataDir = args.options['data-dir'] ?? process.env['CRM_DATA_DIR'] ?? 'data';
  if (!dataDir) {
    print(USAGE);
    return 2;
  }
  const refusal = nothingToVerify(dataDir);
  if (refusal) {
    print(`verify refused: ${refusal}; nothing was verified. ${USAGE}`);
    return 2;
  }
  const witnessFile = args.options['checkpoints'];
  const keyFile = args.options['public-key'];
  if (witnessFile === '' || keyFile === '') {
    print(USAGE);
    return 2;
  }
  const witness = witnessFile ? readWitness(witnessFile) : [];
  const trustedKey = keyFile ? publicKeyOf(keyFile) : undefined;
  const store = openEventStoreToRead(dataDir);
  try {
    if ((await store.headPosition()) === 0) {
      print(`verify refused: the event store in '${dataDir}' holds no events; nothing was verified.`);
      return 2;
    }
    if (witnessFile) print(`checking ${count(witness.length)} checkpoints from ${witnessFile}`);
    return await verifyAll(store, print, { witness, trustedKey });
  } finally {
    await store.close();
  }
}
