// Exponential backoff shared by retries everywhere: the ESDB subscription's reconnects and append claim
// waits, and the embedded projections' retries while the read store is unavailable.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/** Delay before attempt `attempt` (1-based): initial, 2×, 4×… capped at maxMs. */
export function backoffDelay(attempt: number, { initialMs, maxMs }: BackoffOptions): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30)); // 2^30 already exceeds any sensible cap
  return Math.min(maxMs, initialMs * 2 ** exponent);
}

/**
 * The same delay with "equal jitter": half of it fixed, the other half drawn at random, so many
 * clients failing together (webhook receivers behind one outage) do not all retry at one instant.
 */
export function jitteredBackoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const delay = backoffDelay(attempt, options);
  return Math.round(delay / 2 + random() * (delay / 2));
}

/** Resolves after `ms`, or at once when `signal` aborts. Never keeps the process alive on its own. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal?.addEventListener('abort', done, { once: true });
  });
}
