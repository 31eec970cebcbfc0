// What validating a command body costs (issue 16: replace the fast path with a compiled schema, or
// show that class-validator alone is fast enough). The bench mix's bodies (support/command-mix.ts)
// are turned into their DTOs as Nest's pipe does (class-transformer), then validated by
// class-validator as the API does; the transform alone is the floor. Figures are CPU µs per body,
// in one thread, with the mix's weights; compare them with the µs of CPU a whole command costs
// (docs/benchmarks.md, ingest-wrk's cpuUsPerCommand). `provenValid` is the way batch items and the
// importer take (@ledger/http/proven-valid: class-validator's own rules called without its
// executor, nor class-transformer), falling back to the other for a body it does not prove.
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { ContactDto, ComplaintDto, FeedbackDto, PurchaseDto, RegisterCustomerDto } from '@ledger/commands';
import { VALIDATOR_OPTIONS } from '@ledger/http';
import { provenValid } from '@ledger/http/proven-valid';
import { log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { mixedCommand } from './support/command-mix';
import { runScenario } from './support/results';
import { round } from './support/stats';

type Dto = ClassConstructor<object>;

/** The DTO the command endpoint at `path` validates its body with. */
function dtoFor(path: string): Dto {
  if (path === '/customers') return RegisterCustomerDto;
  const route = path.split('/')[3];
  const dto: Record<string, Dto> = {
    contacts: ContactDto,
    purchases: PurchaseDto,
    complaints: ComplaintDto,
    feedback: FeedbackDto,
  };
  return dto[route];
}

type Way = 'transformOnly' | 'classValidator' | 'provenValid';

async function timeWay(way: Way, bodies: Array<{ dto: Dto; body: object }>): Promise<number> {
  let problems = 0;
  const start = process.cpuUsage();
  for (const { dto, body } of bodies) {
    if (way === 'provenValid' && provenValid(dto, body)) continue;
    const object = plainToInstance(dto, body);
    if (way === 'transformOnly') continue;
    problems += (await validate(object, VALIDATOR_OPTIONS)).length;
  }
  const used = process.cpuUsage(start);
  if (problems > 0) throw new Error(`the bench mix produced ${problems} validation problems`);
  return (used.user + used.system) / bodies.length;
}

export async function validation(args: BenchArgs) {
  return runScenario('validation', args, async (notes) => {
    const count = args.smoke ? 2_000 : numberOption(args, 'bodies', 200_000);
    const counter = { next: 0 };
    const bodies = Array.from({ length: count }, () => {
      const { path, body } = mixedCommand(10_000, 'validation', counter);
      return { dto: dtoFor(path), body };
    });
    const ways: Way[] = ['transformOnly', 'classValidator', 'provenValid'];
    // One warm-up pass each, then the measured pass, alternating so drift hits every way alike.
    for (const way of ways) await timeWay(way, bodies.slice(0, Math.min(count, 5_000)));
    const cpuUsPerBody: Record<string, number> = {};
    for (const way of ways) {
      cpuUsPerBody[way] = round(await timeWay(way, bodies), 2);
      log(args, `${way}: ${cpuUsPerBody[way]} µs of CPU per body`);
    }
    notes.push('bodies from the bench mix (70% contacts, 15% purchases, 5% complaints, 5% feedback, 5% registrations)');
    notes.push(
      'µs of process CPU per body in one thread; provenValid falls back to the others for a body it cannot prove',
    );
    const proven = bodies.filter(({ dto, body }) => provenValid(dto, body) !== undefined).length;
    return {
      bodies: count,
      cpuUsPerBody,
      validationUsPerBody: round(cpuUsPerBody['classValidator'] - cpuUsPerBody['transformOnly'], 2),
      provenShare: round(proven / count, 4),
    };
  });
}

if (require.main === module) {
  validation(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
