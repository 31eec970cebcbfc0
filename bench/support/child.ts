// Starts a harness entry point in its own process, so the load generator never shares an event
// loop with the system under test. Works from dist/ (compiled, `node -r runtime-paths`) and from
// the TypeScript sources (the smoke test under jest, through register-ts.cjs).
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './results';

const compiled = __filename.endsWith('.js');

/** `entry` is relative to bench/, without extension, e.g. 'support/crm-child'. */
export function forkEntry(entry: string, env: Record<string, string>, args: string[] = []): ChildProcess {
  const root = repoRoot();
  const file = compiled ? join(root, 'dist', 'bench', `${entry}.js`) : join(root, 'bench', `${entry}.ts`);
  const preload = compiled ? join(root, 'dist', 'apps', 'runtime-paths.js') : join(root, 'tools', 'register-ts.cjs');
  return fork(file, args, {
    cwd: root,
    env: { ...embeddedOnly(process.env), ...env },
    execArgv: ['-r', preload, ...(process.env['BENCH_CHILD_NODE_OPTIONS']?.split(' ').filter(Boolean) ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Resolves with the first IPC message matching `predicate`; rejects if the child exits first. */
export function nextMessage<T>(child: ChildProcess, predicate: (m: T) => boolean, timeoutMs = 120_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no message from child within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: unknown) => {
      if (predicate(message as T)) done(undefined, message as T);
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(new Error(`child exited (code ${code}, signal ${signal}) before answering`));
    function done(error?: Error, value?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * The benchmarks measure the embedded CRM. CI exports the distributed-mode variables for the
 * server suites; a child inheriting them would silently run against Kafka and MongoDB instead.
 */
function embeddedOnly(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of ['KAFKA_BROKERS', 'MONGODB_URI', 'EVENTSTORE_CONNECTION_STRING']) delete copy[name];
  return copy;
}
