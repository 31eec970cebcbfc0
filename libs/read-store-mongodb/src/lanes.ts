// A few requests in flight at once, never more: reads and capped write commands of one call
// share the service's small connection pool (MAX_CONNECTIONS) with everything else it does.

/**
 * Runs `work` on every item, at most `lanes` at a time, each lane taking the next item when it
 * is done. Waits for every lane before it throws the first failure, so nothing is still writing
 * when the caller hears of it.
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(lanes, items.length) }, lane));
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}
