import { GroupCommitQueue, type Outcome } from './group-commit-queue';

/** A writer that records every batch it was given and answers each request with `answer`. */
function recordingWriter(answer: (request: number) => Outcome<string> = (n) => ({ ok: true, result: `#${n}` })) {
  const batches: number[][] = [];
  return { batches, write: (batch: number[]) => (batches.push([...batch]), batch.map(answer)) };
}

describe('GroupCommitQueue', () => {
  it('writes the requests of one turn of the event loop as one batch, and settles each with its own result', async () => {
    const writer = recordingWriter();
    const queue = new GroupCommitQueue(writer.write, 100);
    const results = await Promise.all([1, 2, 3].map((n) => queue.enqueue(n)));
    expect(results).toEqual(['#1', '#2', '#3']);
    expect(writer.batches).toEqual([[1, 2, 3]]);
  });

  it('does not settle anything before the batch is written', async () => {
    const writer = recordingWriter();
    const queue = new GroupCommitQueue(writer.write, 100);
    let settled = false;
    const pending = queue.enqueue(1).then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(writer.batches).toEqual([]);
    await pending;
    expect(settled).toBe(true);
  });

  it('splits at maxBatch, the rest going in the next turn', async () => {
    const writer = recordingWriter();
    const queue = new GroupCommitQueue(writer.write, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => queue.enqueue(n)));
    expect(writer.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects only the requests the writer refused', async () => {
    const refused = new Error('refused');
    const writer = recordingWriter((n) => (n === 2 ? { ok: false, error: refused } : { ok: true, result: `#${n}` }));
    const queue = new GroupCommitQueue(writer.write, 100);
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => queue.enqueue(n)));
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: '#1' },
      { status: 'rejected', reason: refused },
      { status: 'fulfilled', value: '#3' },
    ]);
  });

  it('rejects the whole batch when the write throws (nothing committed)', async () => {
    const failure = new Error('disk full');
    const queue = new GroupCommitQueue<number, string>(() => {
      throw failure;
    }, 100);
    const outcomes = await Promise.allSettled([queue.enqueue(1), queue.enqueue(2)]);
    expect(outcomes).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
  });

  it('writes everything still queued on flushAll, synchronously', async () => {
    const writer = recordingWriter();
    const queue = new GroupCommitQueue(writer.write, 2);
    const pending = [1, 2, 3].map((n) => queue.enqueue(n));
    queue.flushAll();
    expect(writer.batches).toEqual([[1, 2], [3]]);
    await expect(Promise.all(pending)).resolves.toEqual(['#1', '#2', '#3']);
  });

  it('refuses a maxBatch that is not a positive integer', () => {
    expect(() => new GroupCommitQueue(recordingWriter().write, 0)).toThrow(RangeError);
    expect(() => new GroupCommitQueue(recordingWriter().write, 1.5)).toThrow(RangeError);
  });

  it('with an asynchronous writer, writes one batch at a time; what arrives meanwhile goes together next', async () => {
    const batches: number[][] = [];
    const commits: Array<() => void> = [];
    const queue = new GroupCommitQueue<number, string>(
      (batch) =>
        new Promise((resolve) => {
          batches.push([...batch]);
          commits.push(() => resolve(batch.map((n) => ({ ok: true, result: `#${n}` }))));
        }),
      100,
    );
    const settled: string[] = [];
    const first = queue.enqueue(1).then((r) => settled.push(r));
    await new Promise((resolve) => setImmediate(resolve));
    const rest = Promise.all([queue.enqueue(2), queue.enqueue(3)]).then((r) => settled.push(...r));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
    expect(settled).toEqual([]);
    commits[0]();
    await first;
    expect(settled).toEqual(['#1']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2, 3]]);
    commits[1]();
    await rest;
    expect(settled).toEqual(['#1', '#2', '#3']);
  });

  it('with an asynchronous writer, rejects the batch it failed and drain() waits for every answer', async () => {
    const failure = new Error('disk full');
    let calls = 0;
    const queue = new GroupCommitQueue<number, string>(async (batch) => {
      calls += 1;
      if (calls === 1) throw failure;
      return batch.map((n) => ({ ok: true, result: `#${n}` }));
    }, 2);
    const outcomes = Promise.allSettled([1, 2, 3, 4, 5].map((n) => queue.enqueue(n)));
    await queue.drain();
    expect(calls).toBe(3);
    expect(await outcomes).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
      { status: 'fulfilled', value: '#3' },
      { status: 'fulfilled', value: '#4' },
      { status: 'fulfilled', value: '#5' },
    ]);
  });
});
