// Reads the runtime (last) stage of a Dockerfile into what the image-layout test reproduces:
// environment, working directory, copies from the build stage, the RUN steps, volumes, user,
// health check and command. An instruction the test cannot reproduce is an error, so a change
// to the Dockerfile that the test would silently ignore fails it instead.

export interface StageCopy {
  /** The build stage copied from. */
  from: string;
  /** Path in that stage, e.g. /app/dist. */
  source: string;
  /** Absolute destination in the image. */
  destination: string;
}

export interface RuntimeStage {
  env: Record<string, string>;
  workdir: string;
  copies: StageCopy[];
  /** Each RUN's shell command. */
  runs: string[];
  volumes: string[];
  /** USER, or null (root). */
  user: string | null;
  /** HEALTHCHECK's command as an argv (shell form becomes `/bin/sh -c …`), or null. */
  healthcheck: string[] | null;
  /** CMD as an argv. */
  command: string[];
}

/** Instructions that change nothing the runtime layout test looks at. */
const IGNORED = new Set(['EXPOSE', 'LABEL', 'ARG']);

export function runtimeStage(dockerfile: string): RuntimeStage {
  const instructions = logicalLines(dockerfile);
  const lastFrom = instructions.map(([keyword]) => keyword).lastIndexOf('FROM');
  if (lastFrom < 0) throw new Error('the Dockerfile has no FROM');
  const stage: RuntimeStage = {
    env: {},
    workdir: '/',
    copies: [],
    runs: [],
    volumes: [],
    user: null,
    healthcheck: null,
    command: [],
  };
  for (const [keyword, rest] of instructions.slice(lastFrom + 1)) {
    switch (keyword) {
      case 'ENV':
        Object.assign(stage.env, parseEnv(rest));
        break;
      case 'WORKDIR':
        stage.workdir = absolute(stage.workdir, rest);
        break;
      case 'COPY':
        stage.copies.push(parseCopy(rest, stage.workdir));
        break;
      case 'RUN':
        stage.runs.push(rest);
        break;
      case 'VOLUME':
        stage.volumes.push(...(rest.startsWith('[') ? jsonArgv(rest) : rest.split(/\s+/)));
        break;
      case 'USER':
        stage.user = rest;
        break;
      case 'HEALTHCHECK':
        stage.healthcheck = parseHealthcheck(rest);
        break;
      case 'CMD':
        stage.command = rest.startsWith('[') ? jsonArgv(rest) : ['/bin/sh', '-c', rest];
        break;
      default:
        if (!IGNORED.has(keyword)) throw new Error(`the image-layout test cannot reproduce ${keyword} ${rest}`);
    }
  }
  return stage;
}

/** Continuation lines joined, comments and blank lines dropped: [KEYWORD, arguments]. */
function logicalLines(dockerfile: string): Array<[string, string]> {
  const joined = dockerfile
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = ''] = line.split(/\s+/);
      return [keyword.toUpperCase(), line.slice(keyword.length).trim()];
    });
}

function parseEnv(rest: string): Record<string, string> {
  const pairs = [...rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S+)/g)];
  if (pairs.length === 0) {
    // Legacy `ENV KEY value with spaces`.
    const [key = '', ...value] = rest.split(/\s+/);
    return { [key]: value.join(' ') };
  }
  return Object.fromEntries(
    pairs.map(([, key, value = '']) => [key, value.startsWith('"') ? (JSON.parse(value) as string) : value]),
  );
}

function parseCopy(rest: string, workdir: string): StageCopy {
  const words = rest.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  const unknown = flags.filter((flag) => !flag.startsWith('--from='));
  if (!from || paths.length !== 2 || unknown.length > 0) {
    throw new Error(`the image-layout test reproduces COPY --from=<stage> <path> <dest> only, not COPY ${rest}`);
  }
  const [source = '', destination = ''] = paths;
  const base = destination.endsWith('/') ? `${destination}${source.split('/').pop() ?? ''}` : destination;
  return { from, source, destination: absolute(workdir, base) };
}

function parseHealthcheck(rest: string): string[] | null {
  if (/^NONE$/i.test(rest)) return null;
  const at = rest.search(/\bCMD\b/);
  if (at < 0) throw new Error(`HEALTHCHECK without CMD: ${rest}`);
  const command = rest.slice(at + 3).trim();
  return command.startsWith('[') ? jsonArgv(command) : ['/bin/sh', '-c', command];
}

function jsonArgv(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`not a JSON array of strings: ${text}`);
  }
  return parsed;
}

function absolute(base: string, path: string): string {
  const joined = path.startsWith('/') ? path : `${base.replace(/\/$/, '')}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
