// For channels that send many facts at once (a till closing its day, an email gateway, the
// importer). Two modes: `atomic` (the default) validates all items first — one malformed item
// and nothing is written; `partial` (`?mode=partial`) writes every valid item and reports each
// invalid one with its field and reason. In both, items are decided in order as their own
// commands and business refusals are reported per item; what they append is written in one
// group commit (BulkCommandWriter).
import { Body, Controller, HttpCode, Inject, Optional, Post, Query, Req, type OnModuleDestroy } from '@nestjs/common';
import { CLOCK, CRM_CONFIG, type Clock, type CrmConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { PERSONAL_DATA, type PersonalDataVault } from '@ledger/personal-data';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ValidationFailed } from '@ledger/domain';
import { ApiInvalidInput, InvalidInput, Metrics, Requires, type AuthenticatedRequest } from '@ledger/http';
import { BATCH_EXAMPLES, BatchDto, BatchReplyDto } from './batch.dto';
import { BatchPreparer } from './batch-preparer';
import { BulkCommandWriter } from './batch-bulk';
import type { BatchItemResult, PreparedItem } from './batch-items';
import type { BatchPreparation } from './batch-prepare';
import { CommandExecutor } from './command-executor';

export type { BatchItemResult } from './batch-items';

export const BATCH_MODES = ['atomic', 'partial'] as const;
export type BatchMode = (typeof BATCH_MODES)[number];

@ApiTags('commands')
@Controller('commands')
@Requires('write')
export class BatchController implements OnModuleDestroy {
  private readonly writer: BulkCommandWriter;
  private readonly preparer = new BatchPreparer();

  constructor(
    executor: CommandExecutor,
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PERSONAL_DATA) vault: PersonalDataVault,
    @Inject(CLOCK) clock: Clock,
    @Optional() metrics?: Metrics,
  ) {
    this.writer = new BulkCommandWriter(
      store,
      vault,
      config,
      clock,
      (command, options) => executor.execute(command, options),
      executor.customerStates(),
      (command, outcome, seconds) => metrics?.observeCommand(command, outcome, seconds),
    );
  }

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
  // `unknown`, not BatchDto: the global pipe leaves the body alone and the preparer validates it
  // (batch-envelope.ts), on its own thread for large batches.
  async batch(@Body() body: unknown, @Query('mode') mode: string | undefined, @Req() req: AuthenticatedRequest) {
    const max = this.config.maxBatchCommands;
    const preparation = await this.preparer.prepare(body, { principal: req.principal, headers: req.headers }, max);
    const { chosen, prepared } = toWrite(preparation, mode, max);
    if (chosen === 'atomic') {
      const problems = prepared.flatMap((p) => ('problems' in p ? p.problems : []));
      if (problems.length > 0) throw new ValidationFailed(problems);
    }
    const results: BatchItemResult[] = await this.writer.run(prepared);
    const failed = results.filter((r) => r.status >= 400).length;
    const reply: BatchReplyDto = { mode: chosen, succeeded: results.length - failed, failed, results };
    return reply;
  }

  async onModuleDestroy(): Promise<void> {
    await this.preparer.close();
  }
}

/**
 * The items to write, in the order of checks the endpoint has always made: the envelope, the
 * mode, the number of commands. An item whose own envelope fields are wrong (its customerId, its
 * command) fails alone in mode=partial, as an item with a bad body does.
 */
function toWrite(
  preparation: BatchPreparation,
  mode: string | undefined,
  max: number,
): { chosen: BatchMode; prepared: PreparedItem[] } {
  if ('envelope' in preparation) {
    if (mode !== 'partial' || !preparation.withItemProblems) throw new InvalidInput(preparation.envelope);
    return { chosen: 'partial', prepared: preparation.withItemProblems };
  }
  const chosen = batchMode(mode);
  if ('tooMany' in preparation) {
    throw new ValidationFailed([{ field: 'commands', reason: `at most ${max} commands per batch` }]);
  }
  return { chosen, prepared: preparation.items };
}

function batchMode(mode: string | undefined): BatchMode {
  if (mode === undefined || mode === '') return 'atomic';
  if ((BATCH_MODES as readonly string[]).includes(mode)) return mode as BatchMode;
  throw new ValidationFailed([{ field: 'mode', reason: `mode must be one of: ${BATCH_MODES.join(', ')}` }]);
}
