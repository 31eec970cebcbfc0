// The image's runtime filesystem, rebuilt under a temporary root from the Dockerfile's last
// stage, and its services started there the way a container would start them: as an
// unprivileged user, in the WORKDIR, with the image's environment, through its CMD. Paths the
// image names absolutely (WORKDIR, CRM_DATA_DIR, COPY destinations) are placed under the root.
//
// What stands in for the build stage: package.json is copied, node_modules is linked, and
// dist/ holds one-line entry points that load the TypeScript sources (compiled on load, as the
// other process tests do) instead of tsc's output. Everything the test lays out is root-owned,
// as COPY leaves it in the image, unless a RUN step of the stage changes that.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { RuntimeStage } from './dockerfile-stage';

export const REPO = join(__dirname, '..', '..');

/** The runtime user the image's USER stands for here: nobody, as on every Debian machine. */
export const UNPRIVILEGED = { uid: 65534, gid: 65534 };

export class ImageLayout {
  constructor(
    readonly root: string,
    readonly stage: RuntimeStage,
  ) {}

  /** An absolute path of the image, under the root. */
  path(imagePath: string): string {
    return join(this.root, imagePath);
  }

  /** The image's environment with its absolute paths moved under the root. */
  env(extra: Record<string, string>): Record<string, string> {
    const moved = Object.fromEntries(
      Object.entries(this.stage.env).map(([key, value]) => [key, value.startsWith('/') ? this.path(value) : value]),
    );
    return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...moved, ...extra };
  }

  /** Starts a process of the image as its user, in its WORKDIR. */
  run(argv: string[], env: Record<string, string>): ChildProcess {
    const [file = '', ...args] = argv;
    return spawn(file, args, {
      cwd: this.path(this.stage.workdir),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(this.stage.user === null ? {} : UNPRIVILEGED),
    });
  }
}

/** Lays out the stage under `root` (an empty directory). */
export function buildLayout(root: string, stage: RuntimeStage): ImageLayout {
  chmodSync(root, 0o755);
  const layout = new ImageLayout(root, stage);
  mkdirSync(layout.path(stage.workdir), { recursive: true, mode: 0o755 });
  for (const copy of stage.copies) placeCopy(layout, copy.source, copy.destination);
  for (const run of stage.runs) for (const step of run.split('&&')) applyRunStep(layout, step.trim());
  return layout;
}

function placeCopy(layout: ImageLayout, source: string, destination: string): void {
  const target = layout.path(destination);
  mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
  switch (source.split('/').pop()) {
    case 'package.json':
      copyFileSync(join(REPO, 'package.json'), target);
      chmodSync(target, 0o644);
      return;
    case 'node_modules':
      symlinkSync(join(REPO, 'node_modules'), target);
      return;
    case 'dist':
      writeEntryPoints(target);
      return;
    default:
      throw new Error(`the image-layout test does not know what the build stage's ${source} holds`);
  }
}

/** dist/apps/runtime-paths.js and dist/apps/<app>/src/main.js, loading the sources. */
function writeEntryPoints(dist: string): void {
  const write = (file: string, body: string) => {
    mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
    writeFileSync(file, body, { mode: 0o644 });
  };
  write(
    join(dist, 'apps', 'runtime-paths.js'),
    `require(${JSON.stringify(join(REPO, 'tools', 'register-ts.cjs'))});\n`,
  );
  for (const app of readdirSync(join(REPO, 'apps'))) {
    const main = join(REPO, 'apps', app, 'src', 'main.ts');
    if (existsSync(main)) write(join(dist, 'apps', app, 'src', 'main.js'), `require(${JSON.stringify(main)});\n`);
  }
}

/** The RUN steps a runtime stage may take: making directories and giving them to its user. */
function applyRunStep(layout: ImageLayout, step: string): void {
  const [command, ...args] = step.split(/\s+/);
  if (command === 'mkdir' && args[0] === '-p') {
    for (const dir of args.slice(1)) mkdirSync(layout.path(dir), { recursive: true, mode: 0o755 });
    return;
  }
  if (command === 'chown' && args.length >= 2 && !args[0]?.startsWith('-')) {
    const [owner = '', ...paths] = args;
    if (owner.split(':')[0] !== layout.stage.user) {
      throw new Error(`chown to '${owner}', not to the stage's USER '${layout.stage.user}'`);
    }
    for (const path of paths) chownSync(layout.path(path), UNPRIVILEGED.uid, UNPRIVILEGED.gid);
    return;
  }
  throw new Error(`the image-layout test cannot reproduce RUN step '${step}'`);
}
