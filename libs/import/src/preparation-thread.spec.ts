// The importer waits for its preparation thread to load before the first chunk is prepared: the
// thread must load what validating and mapping rows need and nothing of the HTTP layer. NestJS's
// core, rxjs, metrics, tracing and YAML (through @nestjs/swagger's index or @ledger/http's) once
// made it 1,282 modules and ~250 ms (428 and ~115 ms without them); this pins the lighter graph.
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';

jest.setTimeout(60_000); // the thread compiles the libraries from source under jest

const ROOT = join(__dirname, '..', '..', '..');
const WORKER = join(ROOT, 'libs', 'commands', 'src', 'batch-prepare-worker.ts');
const ROW_MAPPER = join(__dirname, 'row-unit-mapper.ts');

/** Node's module cache of a thread that has loaded the preparation worker and the row mapper. */
async function modulesOfThread(): Promise<string[]> {
  const bootstrap = `
    require(${JSON.stringify(join(ROOT, 'tools', 'register-ts.cjs'))});
    require(${JSON.stringify(WORKER)});
    require(${JSON.stringify(ROW_MAPPER)});
    require('node:worker_threads').parentPort.postMessage(Object.keys(require.cache));`;
  const worker = new Worker(bootstrap, { eval: true });
  try {
    return await new Promise<string[]>((resolve, reject) => {
      worker.once('message', (modules: string[]) => resolve(modules));
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

const HEAVY = [
  /\/node_modules\/@nestjs\/core\//,
  /\/node_modules\/@nestjs\/common\/index\.js$/,
  /\/node_modules\/@nestjs\/swagger\/dist\/index\.js$/,
  /\/node_modules\/rxjs\//,
  /\/node_modules\/prom-client\//,
  /\/node_modules\/@opentelemetry\//,
  /\/node_modules\/js-yaml\//,
  /\/libs\/http\/src\/index\.ts$/,
];

describe('the preparation thread', () => {
  it('loads the validation and mapping of rows, and none of NestJS, rxjs, metrics, tracing or YAML', async () => {
    const modules = await modulesOfThread();
    expect(modules.filter((file) => HEAVY.some((heavy) => heavy.test(file)))).toEqual([]);
    // Country names in the two languages read (countries.ts), not all 78.
    const languages = modules
      .filter((file) => file.includes('/i18n-iso-countries/langs/'))
      .map((file) => basename(file));
    expect(languages.sort()).toEqual(['en.json', 'ga.json']);
    // What it does need is there: the rules, the DTOs' documentation decorators, the mapper.
    expect(modules).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/node_modules\/class-validator\/cjs\/index\.js$/),
        expect.stringMatching(/\/node_modules\/@nestjs\/swagger\/dist\/decorators\/api-property\.decorator\.js$/),
        join(ROOT, 'libs', 'http', 'src', 'validation.ts'),
        ROW_MAPPER,
      ]),
    );
  });
});
