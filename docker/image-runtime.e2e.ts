// The image starts: each service, laid out as docker/Dockerfile's runtime stage lays it out and
// started as its unprivileged user with its environment and CMD, answers /health/ready, the
// image's HEALTHCHECK says healthy (and unhealthy once it stopped), and it writes only to its
// data directory. The image as it was (no CRM_DATA_DIR, root-owned WORKDIR) is started the same
// way and must die with EACCES: that is the bug this test exists for. No Docker engine runs
// here, so the layout is rebuilt under a temporary root (test-support/image-layout.ts).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { runtimeStage, type RuntimeStage } from './test-support/dockerfile-stage';
import { REPO, UNPRIVILEGED, buildLayout, type ImageLayout } from './test-support/image-layout';

/** The runtime stage before the fix (issue 14): kept so the test proves it catches the bug. */
const RUNTIME_STAGE_BEFORE_FIX = `
FROM node:20-slim
ENV NODE_ENV=production CRM_HOST=0.0.0.0 CRM_PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["sh", "-c", "exec node -r ./dist/apps/runtime-paths.js dist/apps/\${APP}/src/main.js"]
`;

/** Services that start on the embedded stores; the relay needs Kafka (below). */
const EMBEDDED_APPS = ['command-service', 'query-service', 'projection-service', 'audit-service'];
const distributed = process.env['KAFKA_BROKERS'] && process.env['MONGODB_URI'];
const asRoot = process.getuid?.() === 0;
/** The sources stand in for dist/, so the unprivileged user must be able to read the checkout. */
const readableByUser =
  asRoot &&
  spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(join(REPO, 'package.json'))})`], {
    ...UNPRIVILEGED,
  }).status === 0;
const SKIP_REASON = !asRoot
  ? 'skipped: needs root — the layout is root-owned like the image and the services run as nobody (CI runs as root)'
  : `skipped: nobody cannot read the checkout (${REPO}); the test runs the sources as that user`;
const runnable = asRoot && readableByUser;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  env: Record<string, string>;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(layout: ImageLayout, app: string, extra: Record<string, string> = {}): Promise<Started> {
  const env = layout.env({
    APP: app,
    CRM_PORT: String(await freePort()),
    CRM_API_KEYS: 'image-test-admin-key:admin',
    CRM_LOG_LEVEL: 'error',
    ...extra,
  });
  const child = layout.run(layout.stage.command, env);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, env, output: () => output, exited };
}

/** 'ready', or 'exited' when the process ended first. */
async function readyOrExited(service: Started, timeoutMs = 90_000): Promise<'ready' | 'exited'> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) return 'exited';
    const status = await fetch(`http://127.0.0.1:${service.env['CRM_PORT']}/health/ready`).then(
      (reply) => reply.status,
      () => 0,
    );
    if (status === 200) return 'ready';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not ready within ${timeoutMs} ms:\n${service.output()}`);
}

/** Runs the image's HEALTHCHECK as Docker would (as the image's user, with the container's env). */
function healthcheck(layout: ImageLayout, env: Record<string, string>): Promise<number | null> {
  if (!layout.stage.healthcheck) throw new Error('the Dockerfile has no HEALTHCHECK');
  const probe = layout.run(layout.stage.healthcheck, env);
  return new Promise((resolve) => probe.once('exit', (code) => resolve(code)));
}

async function stop(service: Started): Promise<void> {
  if (service.child.exitCode === null) service.child.kill('SIGTERM');
  await service.exited;
}

(runnable ? describe : describe.skip)('the image as built from docker/Dockerfile', () => {
  if (!runnable) it(SKIP_REASON, () => undefined);
  const roots: string[] = [];
  const running: Started[] = [];
  jest.setTimeout(180_000);

  function layoutOf(stage: RuntimeStage): ImageLayout {
    const root = mkdtempSync(join(tmpdir(), 'ledger-image-'));
    roots.push(root);
    return buildLayout(root, stage);
  }

  afterEach(async () => {
    await Promise.all(running.splice(0).map(stop));
  });
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('as it was before the fix, a service dies with EACCES creating its data directory', async () => {
    const layout = layoutOf(runtimeStage(RUNTIME_STAGE_BEFORE_FIX));
    const service = await start(layout, 'command-service');
    running.push(service);
    expect(await readyOrExited(service)).toBe('exited');
    expect(await service.exited).not.toBe(0);
    expect(service.output()).toContain('EACCES');
    expect(service.output()).toContain(layout.path('/app/data'));
  });

  it('declares a data directory outside the code, its user, a volume and a health check', () => {
    const stage = runtimeStage(readFileSync(join(REPO, 'docker', 'Dockerfile'), 'utf8'));
    const dataDir = stage.env['CRM_DATA_DIR'] ?? '';
    expect(dataDir).toMatch(/^\//);
    expect(dataDir.startsWith(`${stage.workdir}/`)).toBe(false);
    expect(stage.user).not.toBeNull();
    expect(stage.user).not.toBe('root');
    expect(stage.volumes).toContain(dataDir);
    expect(stage.healthcheck).not.toBeNull();
    // No curl in node:20-slim: the check must run on what the image has.
    expect(stage.healthcheck?.[0]).toBe('node');
  });

  it.each(EMBEDDED_APPS)(
    '%s starts as an unprivileged user, is healthy, and writes only its data directory',
    async (app) => {
      const stage = runtimeStage(readFileSync(join(REPO, 'docker', 'Dockerfile'), 'utf8'));
      const layout = layoutOf(stage);
      const service = await start(layout, app);
      running.push(service);
      const state = await readyOrExited(service);
      if (state === 'exited') throw new Error(`${app} exited while starting:\n${service.output()}`);
      expect(await healthcheck(layout, service.env)).toBe(0);

      const dataDir = layout.path(stage.env['CRM_DATA_DIR'] ?? '');
      const written = readdirSync(dataDir);
      expect(written.length).toBeGreaterThan(0);
      for (const name of written) expect(statSync(join(dataDir, name)).uid).toBe(UNPRIVILEGED.uid);
      expect(readdirSync(layout.path(stage.workdir)).sort()).toEqual(['dist', 'node_modules', 'package.json']);

      await stop(service);
      expect(await healthcheck(layout, service.env)).not.toBe(0);
    },
  );

  (distributed ? it : it.skip)(
    distributed
      ? 'the relay starts on Kafka and MongoDB as an unprivileged user and is healthy'
      : 'the relay: skipped — KAFKA_BROKERS and MONGODB_URI not set (start .ci/services/kafka.sh and ferretdb.sh)',
    async () => {
      const stage = runtimeStage(readFileSync(join(REPO, 'docker', 'Dockerfile'), 'utf8'));
      const layout = layoutOf(stage);
      const run = randomUUID().slice(0, 8);
      const service = await start(layout, 'relay', {
        KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '',
        MONGODB_URI: process.env['MONGODB_URI'] ?? '',
        MONGODB_DATABASE: `image_${run}`,
        CRM_KAFKA_TOPIC: `image-${run}.customer-events`,
        CRM_KAFKA_LOG_TOPIC: `image-${run}.log`,
        CRM_KAFKA_PARTITIONS: '2',
      });
      running.push(service);
      try {
        const state = await readyOrExited(service);
        if (state === 'exited') throw new Error(`the relay exited while starting:\n${service.output()}`);
        expect(await healthcheck(layout, service.env)).toBe(0);
        expect(readdirSync(layout.path(stage.workdir)).sort()).toEqual(['dist', 'node_modules', 'package.json']);
      } finally {
        await stop(service);
        const mongo = await MongoClient.connect(process.env['MONGODB_URI'] ?? '');
        await mongo.db(`image_${run}`).dropDatabase();
        await mongo.close();
      }
    },
  );
});
