// Wake-up signal from an adapter's commit path to its idle subscriptions. A sequence number
// closes the lost-wake-up race: a reader notes it before reading, and waiting with that number
// returns at once if anything was committed since, even before the wait started.

export class AppendNotifier {
  private sequence = 0;
  private readonly waiters = new Set<() => void>();

  /** Note this before reading the log; pass it to `waitForAppend` after the read came back short. */
  get sequenceNumber(): number {
    return this.sequence;
  }

  /** Call after every commit that wrote events (never before: readers must see what woke them). */
  notify(): void {
    this.sequence++;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /**
   * Resolves when a commit happened after `since` was read, when `signal` aborts, or after
   * `timeoutMs` (a safety net for writers this notifier cannot hear, e.g. another process).
   */
  waitForAppend(since: number, signal: AbortSignal, timeoutMs?: number): Promise<void> {
    if (this.sequence !== since || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = (): void => {
        this.waiters.delete(wake);
        signal.removeEventListener('abort', wake);
        if (timer) clearTimeout(timer);
        resolve();
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(wake, timeoutMs);
        // An idle subscription must not keep the process alive on its own.
        timer.unref();
      }
    });
  }
}
