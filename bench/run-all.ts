// Every scenario in one run, in an order where each can use what the previous found (visibility
// loads the CRM at fractions of ingest's best durable rate). `--only=ingest,rebuild` picks some;
// `--smoke` runs each tiny (the test suite does). Figures print and land in bench/results/.
import { auditReplay } from './audit-replay';
import { emmett } from './emmett';
import { ingest } from './ingest';
import { ingestWrk } from './ingest-wrk';
import { queries } from './queries';
import { rebuild } from './rebuild';
import { search } from './search';
import { log, parseArgs, type BenchArgs } from './support/args';
import type { ScenarioReport } from './support/results';
import { validation } from './validation';
import { visibility } from './visibility';

export async function runAll(args: BenchArgs): Promise<Record<string, { report: ScenarioReport; file: string }>> {
  const only = args.options.get('only')?.split(',');
  const wanted = (name: string) => !only || only.includes(name);
  const done: Record<string, { report: ScenarioReport; file: string }> = {};
  if (wanted('ingest')) done['ingest'] = await ingest(args);
  if (wanted('ingest-wrk')) done['ingest-wrk'] = await ingestWrk(args);
  if (wanted('visibility')) {
    const max = done['ingest']?.report.figures['maxFullPerSecond'] as number | undefined;
    done['visibility'] = await visibility(args, max);
  }
  if (wanted('rebuild')) done['rebuild'] = await rebuild(args);
  if (wanted('queries')) done['queries'] = await queries(args);
  if (wanted('search')) done['search'] = await search(args);
  if (wanted('emmett')) done['emmett'] = await emmett(args);
  if (wanted('audit-replay')) done['audit-replay'] = await auditReplay(args);
  if (wanted('validation')) done['validation'] = await validation(args);
  log(
    args,
    `done: ${Object.values(done)
      .map((d) => d.file)
      .join(', ')}`,
  );
  return done;
}

if (require.main === module) {
  runAll(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
