// For channels that send many facts at once (a till closing its day, an email gateway, the
// importer). Two modes: `atomic` (the default) validates all items first — one malformed item
// and nothing is written; `partial` (`?mode=partial`) writes every valid item and reports each
// invalid one with its field and reason. In both, items run as their own commands (different
// customers concurrently, group-committed) and business refusals are reported per item.
import { Body, Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ValidationFailed } from '@ledger/domain';
import { ApiInvalidInput, Requires, type AuthenticatedRequest } from '@ledger/http';
import { BATCH_EXAMPLES, BatchDto, BatchReplyDto } from './batch.dto';
import { prepareItem, runItem, type BatchItemResult } from './batch-items';
import { CommandExecutor } from './command-executor';

export type { BatchItemResult } from './batch-items';

export const BATCH_MODES = ['atomic', 'partial'] as const;
export type BatchMode = (typeof BATCH_MODES)[number];

@ApiTags('commands')
@Controller('commands')
@Requires('write')
export class BatchController {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
  ) {}

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run many commands with outcomes per item',
    description:
      'Each item names the command, its target (customerId; caseId for escalations and resolutions), an optional ' +
      "idempotencyKey and the body the command's own endpoint takes. mode=atomic (default): one malformed item " +
      'refuses the whole batch with 400 and nothing is written. mode=partial: valid items are written, malformed ' +
      'ones get status 400 with their problems (field and reason) in their own result.',
  })
  @ApiQuery({ name: 'mode', required: false, enum: BATCH_MODES })
  @ApiBody({ type: BatchDto, examples: BATCH_EXAMPLES })
  @ApiOkResponse({ type: BatchReplyDto, description: 'the outcome of every item, in order' })
  @ApiInvalidInput('mode, or (atomic) any item')
  async batch(@Body() dto: BatchDto, @Query('mode') mode: string | undefined, @Req() req: AuthenticatedRequest) {
    const chosen = batchMode(mode);
    const max = this.config.maxBatchCommands;
    if (dto.commands.length > max) {
      throw new ValidationFailed([{ field: 'commands', reason: `at most ${max} commands per batch` }]);
    }
    const caller = { principal: req.principal, headers: req.headers };
    const prepared = await Promise.all(dto.commands.map((item, index) => prepareItem(item, index, caller)));
    if (chosen === 'atomic') {
      const problems = prepared.flatMap((p) => ('problems' in p ? p.problems : []));
      if (problems.length > 0) throw new ValidationFailed(problems);
    }
    const results: BatchItemResult[] = await Promise.all(
      prepared.map((p, index) => runItem(p, index, (command, options) => this.executor.execute(command, options))),
    );
    const failed = results.filter((r) => r.status >= 400).length;
    const reply: BatchReplyDto = { mode: chosen, succeeded: results.length - failed, failed, results };
    return reply;
  }
}

function batchMode(mode: string | undefined): BatchMode {
  if (mode === undefined || mode === '') return 'atomic';
  if ((BATCH_MODES as readonly string[]).includes(mode)) return mode as BatchMode;
  throw new ValidationFailed([{ field: 'mode', reason: `mode must be one of: ${BATCH_MODES.join(', ')}` }]);
}
