// One autocannon run, with every response's latency kept (autocannon's own histogram has no
// p95) and non-2xx answers counted, so a failing command never passes as throughput.
import autocannon, { type AutocannonOptions } from 'autocannon';
import { summarise, type LatencySummary } from './stats';

export interface LoadResult {
  connections: number;
  durationS: number;
  ok: number;
  failed: number;
  errors: number;
  perSecond: number;
  latencyMs: LatencySummary;
}

export async function runLoad(options: AutocannonOptions): Promise<LoadResult> {
  const samples: number[] = [];
  let failed = 0;
  const instance = autocannon({ timeout: 30, ...options });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) samples.push(responseTimeMs);
    else failed++;
  });
  const result = await instance;
  return {
    connections: options.connections ?? 10,
    durationS: result.duration,
    ok: samples.length,
    failed,
    errors: result.errors,
    perSecond: Math.round(samples.length / Math.max(result.duration, 1e-3)),
    latencyMs: summarise(samples),
  };
}
