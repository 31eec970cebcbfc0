// `npm run users -- add-admin --email <email> --name <name> [--data-dir data]`: the first admin
// of a fresh deployment (there is no default password). The password is read from stdin (piped,
// or typed at a prompt that does not echo). Run it with the CRM stopped: it writes the event
// store and sign-in.sqlite directly.
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandExecutor, CommandsModule } from '@ledger/commands';
import { loadConfig } from '@ledger/config';
import { commandLine } from '@ledger/config/cli-args';
import { ACTOR_LABEL_KEY, normalizeEmail, userIdOf } from '@ledger/http';
import { PeopleModule, SignInService, checkPassword } from '@ledger/people';
import { StorageModule } from '@ledger/platform';

@Module({})
class UsersCliModule {}

export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
}

const USAGE = 'usage: users add-admin --email <email> --name <name> [--data-dir <dir>]  (password on stdin)';

/** One line from stdin; at a terminal, asked for without echoing it. */
async function readPassword(io: CliIo): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: Boolean(io.stdin.isTTY) });
  if (io.stdin.isTTY) {
    io.stdout.write('Password (not shown): ');
    // Silence readline's echo of what is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
    if (io.stdin.isTTY) io.stdout.write('\n');
  }
}

export async function runUsersCli(
  args: string[],
  env: Record<string, string | undefined> = process.env,
  io: CliIo = process,
): Promise<number> {
  const parsed = commandLine(
    args,
    { options: ['email', 'name', 'data-dir'], flags: [], positionals: 1, script: 'users', paths: ['data-dir'] },
    USAGE,
    (line) => io.stderr.write(`${line}\n`),
    env,
  );
  if (typeof parsed === 'number') return parsed;
  const [command] = parsed.positional;
  const { email, name } = parsed.options;
  if (command !== 'add-admin' || !email || !name || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const dataDir = parsed.options['data-dir'];
  const config = loadConfig({ ...env, ...(dataDir ? { CRM_DATA_DIR: dataDir } : {}), CRM_LOG_LEVEL: 'silent' });
  const password = checkPassword(await readPassword(io));
  const app = await NestFactory.createApplicationContext(
    { module: UsersCliModule, imports: [StorageModule.forRoot(config), CommandsModule, PeopleModule] },
    { logger: false },
  );
  try {
    const userId = userIdOf(email, app.get<Buffer>(ACTOR_LABEL_KEY));
    const result = await app.get(CommandExecutor).execute(
      { type: 'AddUser', data: { userId, name, email: normalizeEmail(email), roles: ['admin'] } },
      {
        commandId: `cli-add-admin-${userId}`,
        idempotencyKeyGiven: true,
        actor: 'cli:users',
        channel: 'cli',
        requestHash: userId,
      },
    );
    await app.get(SignInService).setPassword(userId, password);
    io.stdout.write(`${result.replayed ? 'admin already added; password set' : 'admin added'}: ${userId}\n`);
    return 0;
  } finally {
    await app.close();
  }
}
