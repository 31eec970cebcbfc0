// Child-process entry: the no-op ceiling on our own HTTP stack. The same bootstrapService as the
// CRM (Fastify adapter, JSON-only body parser, error filter, validation pipe, API-key guard,
// storage opened) with routes shaped like the command routes that parse the body and answer at
// once: what Nest + Fastify + our request plumbing cost before any command work.
import { Body, Controller, HttpCode, Module, Param, Post } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Requires } from '@ledger/http';
import { bootstrapService } from '@ledger/platform';
import { API_KEYS_ENV } from './crm-process';

@Controller()
@Requires('write')
class NoopController {
  @Post('customers')
  register(@Body() body: Record<string, unknown>) {
    return { ok: true, received: Object.keys(body).length, position: 1 };
  }

  @Post('customers/:customerId/:kind')
  record(@Param('customerId') customerId: string, @Body() body: Record<string, unknown>) {
    return { ok: true, customerId, received: Object.keys(body).length, position: 1 };
  }

  @Post('commands/batch')
  @HttpCode(200)
  batch(@Body() body: { commands?: unknown[] }) {
    return { succeeded: body.commands?.length ?? 0, failed: 0 };
  }
}

@Module({ controllers: [NoopController] })
class NoopModule {}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-noop-'));
  const started = await bootstrapService('noop', 'no-op ceiling', [NoopModule], {
    ...process.env,
    CRM_PORT: '0',
    CRM_HOST: '127.0.0.1',
    CRM_DATA_DIR: dataDir,
    CRM_LOG_LEVEL: 'error',
    CRM_API_KEYS: API_KEYS_ENV,
  });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stop') void started.app.close().then(() => process.exit(0));
  });
  process.send?.({ type: 'ready', url: started.url });
}

main().catch((error: Error) => {
  console.error(`no-op child failed: ${error.stack}`);
  process.exit(1);
});
