// docker/compose.yml as Docker Compose itself reads it: loaded by compose-go (the loader of
// `docker compose`, built by docker/lint-compose.sh; schema, interpolation, references), then
// checked for what the distributed mode needs to start: every service of the image present and
// configured so its configuration loads, state on volumes, start-up ordered on health, and the
// Kafka topics made to keep the whole log. No engine runs here, so nothing is started.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { runtimeStage } from './test-support/dockerfile-stage';
import { REPO } from './test-support/image-layout';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | null>;
  volumes?: Array<{ type: string; source?: string; target: string }>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  command?: string[] | null;
  restart?: string;
}

interface ComposeProject {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const haveGo = spawnSync('go', ['version']).status === 0;
const stage = runtimeStage(readFileSync(join(REPO, 'docker', 'Dockerfile'), 'utf8'));
/** The split services: every app with a server entry point except the all-in-one `crm`. */
const SERVICE_APPS = readdirSync(join(REPO, 'apps'))
  .filter((app) => app !== 'crm' && existsSync(join(REPO, 'apps', app, 'src', 'main.ts')))
  .sort();

(haveGo ? describe : describe.skip)('docker/compose.yml', () => {
  let project: ComposeProject;
  const crmServices = () => Object.entries(project.services).filter(([, service]) => service.build);
  const environment = (service: ComposeService) =>
    Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, value ?? '']));

  beforeAll(() => {
    // Building the linter on first use takes Go a while on a fresh machine.
    const json = execFileSync('bash', [join(REPO, 'docker', 'lint-compose.sh'), '-json'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    project = JSON.parse(json) as ComposeProject;
  }, 300_000);

  it('runs every split service from the image, each with its configuration complete', () => {
    const apps = crmServices().map(([, service]) => service.environment?.['APP']);
    expect(apps.sort()).toEqual(SERVICE_APPS);
    for (const [name, service] of crmServices()) {
      expect(service.build?.dockerfile).toBe('docker/Dockerfile');
      const config = loadConfig({ ...stage.env, ...environment(service) });
      expect({ name, dataDir: config.dataDir }).toEqual({ name, dataDir: stage.env['CRM_DATA_DIR'] });
      expect(config.eventStore).not.toBeNull();
      expect(config.kafka).not.toBeNull();
      expect(config.mongodb).not.toBeNull();
      // The shared key store: the same database for every service, never the read models'.
      expect(config.keyStore?.database).toBe(`${config.mongodb?.database}_keys`);
    }
    const labelKeys = new Set(crmServices().map(([, service]) => service.environment?.['CRM_ACTOR_LABEL_KEY']));
    expect(labelKeys.size).toBe(1);
  });

  it('keeps every stateful service on a volume', () => {
    for (const [name, service] of Object.entries(project.services)) {
      if (service.restart === 'no') continue; // one-shot jobs keep nothing
      const mounts = (service.volumes ?? []).filter((volume) => volume.type === 'volume');
      if (name === 'projection-service') {
        // Scaled out: each replica gets the anonymous volume the image declares, not a shared one.
        expect(mounts).toEqual([]);
        expect(stage.volumes).toContain(stage.env['CRM_DATA_DIR']);
        continue;
      }
      expect({ name, mounts: mounts.length > 0 }).toEqual({ name, mounts: true });
      if (service.build) expect(mounts.map((volume) => volume.target)).toContain(stage.env['CRM_DATA_DIR']);
    }
  });

  it('starts each service only after what it depends on is healthy (or done)', () => {
    for (const [name, service] of Object.entries(project.services)) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, target, condition }).toEqual({
          name,
          target,
          condition: expect.stringMatching(/^service_(healthy|completed_successfully)$/) as unknown,
        });
        const dependency = project.services[target];
        if (condition !== 'service_healthy' || !dependency) continue;
        // A health check of its own, or the image's HEALTHCHECK for services built from it.
        const checked = dependency.healthcheck?.test?.length || (dependency.build && stage.healthcheck);
        expect({ target, checked: Boolean(checked) }).toEqual({ target, checked: true });
      }
    }
    // Every split service opens MongoDB at start (key store, relay checkpoint, read models);
    // all but the projection service open the event store (the projection service never does).
    for (const [name, service] of crmServices()) {
      const env = environment(service);
      const needs = [new URL(env['MONGODB_URI'] ?? '').hostname];
      if (env['APP'] !== 'projection-service') needs.push(new URL(env['EVENTSTORE_CONNECTION_STRING'] ?? '').hostname);
      for (const host of needs) {
        expect({ name, host, condition: service.depends_on?.[host]?.condition }).toEqual({
          name,
          host,
          condition: 'service_healthy',
        });
      }
    }
  });

  it('creates the log topics before the relay and projections start, keeping every record', () => {
    const kafka = loadConfig({ KAFKA_BROKERS: 'kafka:9092' }).kafka;
    const job = Object.values(project.services).find((service) =>
      service.command?.join(' ').includes('kafka-topics.sh'),
    );
    const script = job?.command?.join(' ') ?? '';
    const partitions = project.services['relay']?.environment?.['CRM_KAFKA_PARTITIONS'];
    expect(script).toContain(`${kafka?.topic}:${partitions}`);
    expect(script).toContain(`${kafka?.logTopic}:1`);
    expect(script).toContain('retention.ms=-1');
    expect(script).toContain('retention.bytes=-1');
    const jobName = Object.entries(project.services).find(([, service]) => service === job)?.[0] ?? '';
    for (const consumer of ['relay', 'projection-service']) {
      expect(project.services[consumer]?.depends_on?.[jobName]?.condition).toBe('service_completed_successfully');
    }
  });

  it('is refused by the loader when it refers to something undefined', () => {
    const broken = readFileSync(join(REPO, 'docker', 'compose.yml'), 'utf8').replace(
      '- relay-data:/var/lib/ledger',
      '- relay-dat:/var/lib/ledger',
    );
    const dir = mkdtempSync(join(tmpdir(), 'ledger-compose-'));
    try {
      writeFileSync(join(dir, 'compose.yml'), broken);
      const result = spawnSync('bash', [join(REPO, 'docker', 'lint-compose.sh'), join(dir, 'compose.yml')], {
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('undefined volume relay-dat');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

if (!haveGo) {
  describe.skip('docker/compose.yml', () => {
    it('skipped: no Go toolchain to build docker/lint-compose.sh (compose-go, Docker Compose’s loader)', () =>
      undefined);
  });
}
