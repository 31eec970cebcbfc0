// Baseline: the bare node:http ceiling, swept over the same concurrencies as ingest with the same
// kind of body, so "our commands/s ÷ ceiling" compares like with like.
import { exited, forkEntry, nextMessage } from './support/child';
import { HEADERS, mixedCommand } from './support/command-mix';
import { runLoad, type LoadResult } from './support/load';

export async function measureHttpCeiling(concurrencies: number[], durationS: number): Promise<LoadResult[]> {
  const child = forkEntry('support/http-ceiling-child', {});
  try {
    const { url } = await nextMessage<{ type: string; url: string }>(child, (m) => m.type === 'ready');
    const counter = { next: 0 };
    const points: LoadResult[] = [];
    for (const connections of concurrencies) {
      points.push(
        await runLoad({
          url,
          connections,
          duration: durationS,
          requests: [
            {
              method: 'POST',
              headers: HEADERS,
              setupRequest: (request) => {
                const { path, body } = mixedCommand(1000, 'ceiling', counter);
                return { ...request, path, body: JSON.stringify(body) };
              },
            },
          ],
        }),
      );
    }
    return points;
  } finally {
    if (child.connected) child.send({ type: 'stop' });
    await exited(child);
  }
}
