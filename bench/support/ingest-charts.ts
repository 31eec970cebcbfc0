// The ingest charts: latency against throughput for the CRM (FULL and NORMAL), and p99 against
// concurrency beside the node:http ceiling (on one throughput axis the ceiling's 40k req/s
// squashes the CRM's curve into the corner).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from './load';
import { lineChart } from './svg-chart';

export interface IngestSweeps {
  full: LoadResult[];
  normal: LoadResult[];
  httpCeiling: LoadResult[];
}

export function writeIngestCharts(sweeps: IngestSweeps, dir: string): string[] {
  const { full, normal, httpCeiling } = sweeps;
  const latency = lineChart(
    [
      { name: 'FULL p50', points: full.map((p) => [p.perSecond, p.latencyMs.p50]) },
      { name: 'FULL p99', points: full.map((p) => [p.perSecond, p.latencyMs.p99]) },
      { name: 'NORMAL p50', points: normal.map((p) => [p.perSecond, p.latencyMs.p50]) },
      { name: 'NORMAL p99', points: normal.map((p) => [p.perSecond, p.latencyMs.p99]) },
    ],
    { title: 'Ingest: command latency against load', xLabel: 'commands / s', yLabel: 'latency (ms)' },
  );
  const ceiling = lineChart(
    [
      { name: 'CRM FULL p99', points: full.map((p) => [p.connections, p.latencyMs.p99]) },
      { name: 'node:http p99', points: httpCeiling.map((p) => [p.connections, p.latencyMs.p99]) },
    ],
    { title: 'Ingest p99 against concurrency', xLabel: 'connections', yLabel: 'p99 latency (ms)' },
  );
  const files = [join(dir, 'benchmarks-ingest-latency.svg'), join(dir, 'benchmarks-ingest-vs-http.svg')];
  writeFileSync(files[0], latency);
  writeFileSync(files[1], ceiling);
  return files;
}
