// Makes a signed checkpoint of the global chain every N events or T seconds (whichever comes
// first, checked a few times a second), stores it beside the log, appends it to the witness
// file, and makes a last one at shutdown. Runs only over a store that keeps a global chain.
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { type CrmConfig, CLOCK, CRM_CONFIG, type Clock } from '@ledger/config';
import {
  isChainedLog,
  signCheckpoint,
  type ChainedLog,
  type EventStore,
  type SignedCheckpoint,
  EVENT_STORE,
} from '@ledger/event-store';
import { appendToWitness, loadCheckpointKey } from './checkpoint-key';

const MAX_TICK_MS = 250;

@Injectable()
export class Checkpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Checkpoints');
  private readonly log: ChainedLog | null;
  private key: KeyObject | null = null;
  private publicKeyBase64: string | null = null;
  private last: SignedCheckpoint | null = null;
  private lastAtMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.log = isChainedLog(store) ? store : null;
  }

  get enabled(): boolean {
    return this.log !== null;
  }

  /** The checkpoints' public key (SPKI DER, base64), once started. */
  get publicKey(): string | null {
    return this.publicKeyBase64;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.log) return;
    this.key = loadCheckpointKey(this.config.checkpoints.keyFile, this.config.dataDir);
    this.publicKeyBase64 = createPublicKey(this.key).export({ type: 'spki', format: 'der' }).toString('base64');
    const stored = await this.latestStored();
    this.last = stored;
    // No checkpoint yet: the interval counts from this start, not from 1970.
    this.lastAtMs = stored ? Date.parse(stored.at) : Date.parse(this.clock.now());
    const { intervalMs } = this.config.checkpoints;
    this.timer = setInterval(() => void this.tick(), Math.min(intervalMs, MAX_TICK_MS));
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    // The log's head at a normal stop is checkpointed: a backup or copy made now verifies to it.
    if (this.log) await this.checkpointNow().catch((error: Error) => this.logger.error(error.message));
  }

  /** Signs the current head if it moved since the last checkpoint; returns the latest checkpoint. */
  async checkpointNow(): Promise<SignedCheckpoint | null> {
    if (!this.log || !this.key) return null;
    const head = await this.log.globalHead();
    if (head.position === 0 || head.position <= (this.last?.position ?? 0)) return this.last;
    const checkpoint = signCheckpoint(head, this.clock.now(), this.key);
    await this.log.saveCheckpoint(checkpoint);
    if (this.config.checkpoints.witnessFile) appendToWitness(this.config.checkpoints.witnessFile, checkpoint);
    this.last = checkpoint;
    this.lastAtMs = Date.parse(checkpoint.at);
    return checkpoint;
  }

  private tick(): Promise<void> {
    this.running ??= this.due()
      .then((due) => (due ? this.checkpointNow() : null))
      .then(
        () => undefined,
        (error: Error) => this.logger.error(`checkpoint failed: ${error.message}`),
      )
      .finally(() => (this.running = null));
    return this.running;
  }

  private async due(): Promise<boolean> {
    if (!this.log) return false;
    const { everyEvents, intervalMs } = this.config.checkpoints;
    const { position } = await this.log.globalHead();
    const since = position - (this.last?.position ?? 0);
    return since >= everyEvents || (since > 0 && Date.parse(this.clock.now()) - this.lastAtMs >= intervalMs);
  }

  private async latestStored(): Promise<SignedCheckpoint | null> {
    if (!this.log) return null;
    // Checkpoints are few (one per N events): paging to the last one is cheap.
    let last: SignedCheckpoint | null = null;
    for (let page = await this.log.checkpoints(0, 1000); page.length > 0; ) {
      last = page[page.length - 1];
      if (page.length < 1000) break;
      page = await this.log.checkpoints(last.position, 1000);
    }
    return last;
  }
}
