import { backoffDelay, pollUntil, retry, RetryAborted, sleep } from './retry';

const fast = { initialMs: 1, maxMs: 4 };

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap when there is no jitter', () => {
    const options = { initialMs: 100, maxMs: 1000, jitter: 0 };
    expect([1, 2, 3, 4, 5, 50, 5000].map((attempt) => backoffDelay(attempt, options))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });

  it('takes up to the jitter share off each delay, never adds to it', () => {
    const options = { initialMs: 100, maxMs: 1000 };
    expect(backoffDelay(4, options, () => 0)).toBe(800);
    expect(backoffDelay(4, options, () => 0.999999)).toBe(400);
    expect(backoffDelay(4, { ...options, jitter: 0.2 }, () => 0.5)).toBe(720);
    for (let i = 0; i < 1000; i++) {
      const delay = backoffDelay(3, options);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });

  it('spreads the delays of processes that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(6, { initialMs: 100, maxMs: 5000 })));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('retry', () => {
  it('returns the first success, after waiting out the failures before it', async () => {
    const waits: number[] = [];
    const attempts: number[] = [];
    const result = await retry(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw new Error(`down ${attempt}`);
        return 'up';
      },
      { backoff: { ...fast, jitter: 0 }, onRetry: (_error, _attempt, delay) => void waits.push(delay) },
    );
    expect(result).toBe('up');
    expect(attempts).toEqual([1, 2, 3]);
    expect(waits).toEqual([1, 2]);
  });

  it('gives up after maxAttempts with the last failure', async () => {
    let calls = 0;
    const failing = retry(
      async (attempt) => {
        calls++;
        throw new Error(`failure ${attempt}`);
      },
      { backoff: fast, maxAttempts: 4 },
    );
    await expect(failing).rejects.toThrow('failure 4');
    expect(calls).toBe(4);
  });

  it('rethrows at once a failure that is not worth another attempt', async () => {
    let calls = 0;
    const failing = retry(
      async () => {
        calls++;
        throw new TypeError('a bug, not an outage');
      },
      { backoff: fast, retryable: (error) => !(error instanceof TypeError) },
    );
    await expect(failing).rejects.toBeInstanceOf(TypeError);
    expect(calls).toBe(1);
  });

  it('stops in the middle of a long wait when aborted', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const failing = retry(
      async () => {
        throw new Error('broker down');
      },
      { backoff: { initialMs: 60_000, maxMs: 60_000 }, signal: stop.signal },
    );
    setTimeout(() => stop.abort(), 10);
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryAborted);
    expect((error as RetryAborted).lastError).toEqual(new Error('broker down'));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not start when already aborted', async () => {
    const stop = new AbortController();
    stop.abort();
    let calls = 0;
    await expect(retry(async () => ++calls, { backoff: fast, signal: stop.signal })).rejects.toBeInstanceOf(
      RetryAborted,
    );
    expect(calls).toBe(0);
  });
});

describe('pollUntil', () => {
  it('answers true as soon as the condition holds', async () => {
    let checks = 0;
    expect(await pollUntil(async () => ++checks === 3, { backoff: fast, timeoutMs: 5_000 })).toBe(true);
    expect(checks).toBe(3);
  });

  it('answers false once the time is up, without waiting past it', async () => {
    const started = Date.now();
    expect(await pollUntil(async () => false, { backoff: { initialMs: 50, maxMs: 1_000 }, timeoutMs: 30 })).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('sleep', () => {
  it('resolves at once when aborted', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, stop.signal, true);
    stop.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
