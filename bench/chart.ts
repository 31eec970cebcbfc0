// Redraws the ingest charts from a results file, without re-running the benchmark:
// `node -r ./dist/apps/runtime-paths.js dist/bench/chart.js bench/results/ingest-<date>.json [outDir]`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeIngestCharts, type IngestSweeps } from './support/ingest-charts';
import { repoRoot } from './support/results';

const [file, out = join(repoRoot(), 'docs')] = process.argv.slice(2);
if (!file) {
  console.error('usage: chart <ingest results json> [output dir]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as { figures: IngestSweeps };
console.log(writeIngestCharts(report.figures, out).join('\n'));
