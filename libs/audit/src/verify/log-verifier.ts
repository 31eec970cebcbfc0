// Everything `verify` checks in an event store, pass by pass: each stream's hash chain, each
// stream's recorded head against its actual last event, the global chain position by position,
// and every signed checkpoint (stored, or from a witness file) against that chain.
import type { EventStore, SignedCheckpoint } from '@ledger/event-store';
import { GlobalChainVerifier, checkpointSignatureValid, isChainedLog, type ChainedLog } from '@ledger/event-store';
import { verifyStream } from '../customer-history';

const PAGE = 1000;
const CHAIN_PAGE = 5000;
export const count = (n: number): string => n.toLocaleString('en-US');

export type Print = (line: string) => void;

/** What was verified; `broken` is the first failure found (verification stops there). */
export interface LogReport {
  streams: number;
  events: number;
  checkpoints: number;
  latestCheckpoint: SignedCheckpoint | null;
  broken: string[] | null;
}

async function streamsWith(store: EventStore, prefix: string): Promise<string[]> {
  if (!store.listStreams) throw new Error('this event store cannot list its streams');
  const ids: string[] = [];
  for (let page = await store.listStreams(prefix, { limit: PAGE }); page.length > 0; ) {
    ids.push(...page);
    if (page.length < PAGE) break;
    page = await store.listStreams(prefix, { after: page[page.length - 1], limit: PAGE });
  }
  return ids;
}

/** Pass 1: every customer and campaign stream's own chain. */
export async function verifyStreamChains(store: EventStore, print: Print, every: number): Promise<string[] | null> {
  for (const [prefix, noun] of [
    ['customer-', 'customers'],
    ['campaign-', 'campaigns'],
  ] as const) {
    const ids = await streamsWith(store, prefix);
    let done = 0;
    for (const streamId of ids) {
      const report = await verifyStream(store, streamId);
      done++;
      const broken = report.firstBrokenLink;
      if (broken) {
        return [
          `BROKEN: ${noun.slice(0, -1)} ${streamId.slice(prefix.length)}, revision ${broken.revision}: ${broken.message}`,
          `  reason ${broken.reason}; expected ${broken.expected}, stored ${broken.stored ?? 'nothing'}`,
        ];
      }
      if (done % every === 0 || done === ids.length) print(`verified ${count(done)} of ${count(ids.length)} ${noun}…`);
    }
    if (ids.length === 0) print(`no ${noun} to verify`);
  }
  return null;
}

/** Pass 2: every stream's recorded head (revision, last hash) is its actual last event. */
async function verifyStreamHeads(
  store: EventStore & ChainedLog,
): Promise<{ streams: number; broken: string[] | null }> {
  let streams = 0;
  for (let page = await store.streamHeads('', PAGE); page.length > 0; ) {
    for (const head of page) {
      streams++;
      const [last] = await store.readStream(head.streamId, { direction: 'backwards', maxCount: 1 });
      if (last?.revision !== head.revision || last.hash !== head.lastHash) {
        const actual = last ? `revision ${last.revision}` : 'no event';
        return {
          streams,
          broken: [
            `BROKEN: stream ${head.streamId}: the store records revision ${head.revision} as its last, but it ends at ${actual}`,
            '  reason tail_missing: events were deleted from the end of the stream, or its head was edited',
          ],
        };
      }
    }
    if (page.length < PAGE) break;
    page = await store.streamHeads(page[page.length - 1].streamId, PAGE);
  }
  return { streams, broken: null };
}

async function storedCheckpoints(store: ChainedLog): Promise<SignedCheckpoint[]> {
  const all: SignedCheckpoint[] = [];
  for (let page = await store.checkpoints(0, PAGE); page.length > 0; ) {
    all.push(...page);
    if (page.length < PAGE) break;
    page = await store.checkpoints(page[page.length - 1].position, PAGE);
  }
  return all;
}

/** Passes 2-4 over a store with a global chain; `witness` checkpoints are checked with the stored ones. */
export async function verifyGlobal(
  store: EventStore & ChainedLog,
  print: Print,
  witness: SignedCheckpoint[],
  trustedKey?: string,
): Promise<LogReport> {
  const report: LogReport = { streams: 0, events: 0, checkpoints: 0, latestCheckpoint: null, broken: null };
  const heads = await verifyStreamHeads(store);
  report.streams = heads.streams;
  if ((report.broken = heads.broken)) return report;

  // A witness usually repeats stored checkpoints: each distinct one is checked (and counted) once.
  const distinct = new Map<string, SignedCheckpoint>();
  for (const c of [...(await storedCheckpoints(store)), ...witness]) distinct.set(`${c.position}/${c.signature}`, c);
  const checkpoints = [...distinct.values()];
  for (const checkpoint of checkpoints) {
    if (!checkpointSignatureValid(checkpoint, trustedKey)) {
      const why = trustedKey && checkpoint.publicKey !== trustedKey ? 'not signed by the trusted key' : 'bad signature';
      report.broken = [`BROKEN: checkpoint at position ${checkpoint.position} (${checkpoint.at}): ${why}`];
      return report;
    }
  }
  const verifier = new GlobalChainVerifier(new Set(checkpoints.map((c) => c.position)));
  for (let from = 0; ; ) {
    const page = await store.readChain(from, CHAIN_PAGE);
    for (const entry of page) if (verifier.check(entry)) break;
    if (verifier.broken || page.length < CHAIN_PAGE) break;
    from = page[page.length - 1].position;
    if (from % (CHAIN_PAGE * 20) === 0) print(`verified the global chain up to position ${count(from)}…`);
  }
  report.events = verifier.head.position;
  if (verifier.broken) {
    report.broken = [`BROKEN: global chain at position ${verifier.broken.position}: ${verifier.broken.message}`];
    return report;
  }
  for (const checkpoint of checkpoints) {
    const mismatch = verifier.mismatch(checkpoint);
    if (mismatch) {
      report.broken = [`BROKEN: checkpoint at position ${checkpoint.position} (${checkpoint.at}): ${mismatch}`];
      return report;
    }
    report.checkpoints++;
    if (checkpoint.position >= (report.latestCheckpoint?.position ?? 0)) report.latestCheckpoint = checkpoint;
  }
  return report;
}

export { isChainedLog };
