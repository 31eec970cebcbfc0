// What happens to an embedded read model whose projection fails, and what everyone sees of it.
// A read store that is unavailable, or a projection thread that died, is retried with exponential
// backoff (the batch is fine); a projection that cannot apply an event stops there with the event
// and the error shown. Never silently: GET /admin/projections and /health/ready report both.
import type { Logger } from '@nestjs/common';
import { backoffDelay, type BackoffOptions } from '@ledger/retry';
import { ProjectionFailed, ProjectionThreadLost, ReadStoreUnavailable } from './projection-worker';
import type { ProjectionHealth } from './api';

export type { ProjectionHealth } from './api';

export const PROJECTION_RETRY_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 30_000 };

const RUNNING: ProjectionHealth = { status: 'running', error: null, since: null, failedPosition: null, retry: null };

export class ProjectionSupervisor {
  private readonly health = new Map<string, ProjectionHealth>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopping = false;

  constructor(
    /** Brings a read model back: re-reads its checkpoint, catches it up and feeds it again. */
    private readonly resume: (name: string) => Promise<void>,
    private readonly logger: Logger,
    private readonly backoff: BackoffOptions = PROJECTION_RETRY_BACKOFF,
  ) {}

  status(name: string): ProjectionHealth {
    return this.health.get(name) ?? RUNNING;
  }

  /** The read model `name` was taken off the feed because of `error` (on retry number `attempt`). */
  failed(name: string, error: unknown, attempt = 1): void {
    if (this.stopping) return;
    const message = error instanceof Error ? error.message : String(error);
    const since = this.health.get(name)?.since ?? new Date().toISOString();
    if (error instanceof ReadStoreUnavailable || error instanceof ProjectionThreadLost) {
      const delay = backoffDelay(attempt, this.backoff);
      const nextAt = new Date(Date.now() + delay).toISOString();
      this.health.set(name, { ...RUNNING, status: 'retrying', error: message, since, retry: { attempt, nextAt } });
      this.logger.warn(`projection ${name}: ${message}; retry ${attempt} in ${delay} ms`);
      const timer = setTimeout(() => void this.retry(name, attempt), delay);
      timer.unref();
      this.timers.set(name, timer);
      return;
    }
    const failedPosition = error instanceof ProjectionFailed ? error.position : null;
    this.health.set(name, { ...RUNNING, status: 'stopped', error: message, since, failedPosition });
    const stack = error instanceof Error ? (error.stack ?? message) : message;
    this.logger.error(`projection ${name} stopped: ${stack}`);
  }

  /** A rebuild replaced the read model with a fresh one: whatever was wrong is gone with it. */
  replaced(name: string): void {
    clearTimeout(this.timers.get(name));
    this.timers.delete(name);
    this.health.delete(name);
  }

  stop(): void {
    this.stopping = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async retry(name: string, attempt: number): Promise<void> {
    this.timers.delete(name);
    if (this.stopping) return;
    try {
      await this.resume(name);
      this.health.delete(name);
      this.logger.log(`projection ${name} resumed after ${attempt} retries`);
    } catch (error) {
      this.failed(name, error, attempt + 1);
    }
  }
}
