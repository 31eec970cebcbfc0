// The one way this code base waits and tries again: exponential backoff with jitter, bounded or
// not, stoppable. Used by the relay and the read-model feed while a broker or read store is down,
// by the EventStoreDB adapter (reconnects, racing appends) and by read-your-writes polling.
// Jitter spreads the retries of many processes that failed together (a broker restart), so they
// do not all come back in the same millisecond; it only ever shortens a delay, never lengthens it.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Share of each delay drawn at random, 0..1: the delay lies in [(1 − jitter)·d, d]. Default 0.5. */
  jitter?: number;
}

export const DEFAULT_JITTER = 0.5;

/** Delay before retry `attempt` (1-based): initial, 2×, 4×… capped at maxMs, less up to `jitter` of it. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const { initialMs, maxMs, jitter = DEFAULT_JITTER } = options;
  const exponent = Math.max(0, Math.min(attempt - 1, 30)); // 2^30 already exceeds any sensible cap
  const ceiling = Math.min(maxMs, initialMs * 2 ** exponent);
  const share = Math.min(1, Math.max(0, jitter));
  return Math.round(ceiling * (1 - share * random()));
}

/** Resolves after `ms`, or at once when `signal` aborts. `unref`: never keeps the process alive on its own. */
export function sleep(ms: number, signal?: AbortSignal, unref = false): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (unref) timer.unref();
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * The network error codes that mean nothing answers at an address (yet): refused, not resolved,
 * no route. A request that failed so was not received; what a caller makes of it is its own
 * (the query service's forwards answer 503, the importer waits out a CRM that is restarting).
 */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Retrying stopped because its signal aborted; `lastError` is the failure it was waiting out. */
export class RetryAborted extends Error {
  constructor(readonly lastError: unknown) {
    super(`retry aborted${lastError instanceof Error ? ` after: ${lastError.message}` : ''}`);
    this.name = 'RetryAborted';
  }
}

export interface RetryOptions {
  backoff: BackoffOptions;
  /** Attempts in all, the first included; the last failure is rethrown. Default: unbounded. */
  maxAttempts?: number;
  /** Stops the retrying (RetryAborted), also in the middle of a wait. */
  signal?: AbortSignal;
  /** Whether a failure is worth another attempt; a failure that is not is rethrown at once. */
  retryable?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait, e.g. to log it or to keep a lease alive. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void | Promise<void>;
  /** Let the process exit while waiting (a library's background loop). */
  unref?: boolean;
  random?: () => number;
}

/** Runs `operation` until it succeeds, waiting a growing, jittered delay after each failure. */
export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { maxAttempts = Infinity, signal, retryable = () => true, random = Math.random } = options;
  let lastError: unknown = undefined;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new RetryAborted(lastError);
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= maxAttempts || !retryable(error, attempt)) throw error;
      lastError = error;
      const delay = backoffDelay(attempt, options.backoff, random);
      await options.onRetry?.(error, attempt, delay);
      await sleep(delay, signal, options.unref);
    }
  }
}

export interface PollOptions {
  backoff: BackoffOptions;
  /** Gives up after this long (the last check may run a little after it). */
  timeoutMs: number;
  signal?: AbortSignal;
  random?: () => number;
  now?: () => number;
}

/** Checks `condition` until it holds (true) or the time is up (false), backing off between checks. */
export async function pollUntil(condition: () => Promise<boolean>, options: PollOptions): Promise<boolean> {
  const { signal, random = Math.random, now = Date.now } = options;
  const deadline = now() + options.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    if (await condition()) return true;
    const left = deadline - now();
    if (left <= 0 || signal?.aborted) return false;
    await sleep(Math.min(left, backoffDelay(attempt, options.backoff, random)), signal);
  }
}
