// Fits the customer-value models on a schedule (CRM_VALUE_FIT_INTERVAL), as the actor
// `system:scheduler`. The schedule lives in the log, not in memory: the next fit is due one
// interval after the last recorded fit, whoever made it, so a restart neither refits at once nor
// forgets. Replicas each run the timer; the model stream's expected revision lets only one of
// two concurrent fits be recorded.
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { BusinessRuleViolation, ExpectedVersionMismatch } from '@ledger/domain';
import { CLOCK, CRM_CONFIG, type Clock, type CrmConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { CustomerValueService } from './customer-value.service';
import type { FittedModelEvent } from './model-stream';

export const SCHEDULER_ACTOR = 'system:scheduler';

/**
 * A fit sees everything recorded before it only when its cut-off is its own time; a fit as of a
 * past date (a backtest) leaves purchases out, so the next scheduled fit does not count as
 * "nothing changed". An hour covers the time a fit takes between its cut-off and its record.
 */
const CURRENT_FIT_TOLERANCE_MS = 3_600_000;
const SCAN_PAGE = 1000;
/** setTimeout's ceiling (about 24.8 days); a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type ScheduledFitOutcome =
  | { outcome: 'not_due'; nextDueAt: string }
  | { outcome: 'unchanged'; nextDueAt: string; lastModelId: string }
  | { outcome: 'fitted'; nextDueAt: string; modelId: string; position: number }
  /** Another fit was recorded while this one ran (another replica, an admin): that one stands. */
  | { outcome: 'refused'; nextDueAt: string; reason: string }
  | { outcome: 'too_few_customers'; nextDueAt: string; reason: string };

/** When the next fit is due: at once without a fit, else one interval after the last one was recorded. */
export function nextFitDueMs(lastFit: FittedModelEvent | null, intervalMs: number, nowMs: number): number {
  return lastFit ? Date.parse(lastFit.data.occurredAt) + intervalMs : nowMs;
}

@Injectable()
export class CustomerValueFitScheduler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CustomerValueFitScheduler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ScheduledFitOutcome> | null = null;
  private stopped = false;

  constructor(
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly models: CustomerValueService,
  ) {}

  onModuleInit(): void {
    if (this.config.valueFitIntervalMs !== null) this.wake(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One look at the schedule now: fits when due and something changed. One at a time per process. */
  tick(): Promise<ScheduledFitOutcome> {
    this.running ??= this.check().finally(() => (this.running = null));
    return this.running;
  }

  private async check(): Promise<ScheduledFitOutcome> {
    const intervalMs = this.config.valueFitIntervalMs;
    if (intervalMs === null) throw new Error('scheduled fitting is off (CRM_VALUE_FIT_INTERVAL)');
    const now = this.clock.now();
    const nowMs = Date.parse(now);
    const later = new Date(nowMs + intervalMs).toISOString();
    const fits = await this.models.fits();
    const last = fits.length > 0 ? fits[fits.length - 1] : null;
    const dueMs = nextFitDueMs(last, intervalMs, nowMs);
    if (dueMs > nowMs) return { outcome: 'not_due', nextDueAt: new Date(dueMs).toISOString() };
    if (last && !(await this.changedSince(last))) {
      return { outcome: 'unchanged', nextDueAt: later, lastModelId: last.data.modelId };
    }
    try {
      const { position, event } = await this.models.fit({ asOf: now, actor: SCHEDULER_ACTOR });
      return { outcome: 'fitted', nextDueAt: later, modelId: event.data.modelId, position };
    } catch (error) {
      if (error instanceof ExpectedVersionMismatch) {
        return { outcome: 'refused', nextDueAt: later, reason: error.message };
      }
      if (error instanceof BusinessRuleViolation) {
        return { outcome: 'too_few_customers', nextDueAt: later, reason: error.message };
      }
      throw error;
    }
  }

  /** A purchase recorded after the last fit, or a last fit that did not look up to its own time. */
  private async changedSince(last: FittedModelEvent): Promise<boolean> {
    if (Date.parse(last.data.asOf) < Date.parse(last.data.occurredAt) - CURRENT_FIT_TOLERANCE_MS) return true;
    let from = last.position;
    for (;;) {
      const page = await this.events.readAll({
        fromPosition: from,
        maxCount: SCAN_PAGE,
        streamPrefixes: ['customer-'],
      });
      if (page.some((event) => event.type === 'PurchaseRecorded')) return true;
      if (page.length < SCAN_PAGE) return false;
      from = page[page.length - 1].position;
    }
  }

  private wake(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.tick()
          .then((result) => {
            if (result.outcome !== 'not_due')
              this.logger.log(`scheduled customer-value fit: ${JSON.stringify(result)}`);
            this.wake(Math.max(1000, Date.parse(result.nextDueAt) - Date.parse(this.clock.now())));
          })
          .catch((error: Error) => {
            this.logger.error(`scheduled customer-value fit failed: ${error.message}`);
            this.wake(this.config.valueFitIntervalMs ?? MAX_TIMER_MS);
          });
      },
      Math.min(delayMs, MAX_TIMER_MS),
    );
    this.timer.unref();
  }
}
