// Reversible merge of duplicate customers (issue 11): the survivor's record says which customers
// it holds; nothing is moved, so an unmerge restores both. GET /duplicate-customers proposes pairs.
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires, type AuthenticatedRequest } from '@ledger/http';
import { CommandResponses } from './command-responses';
import { COMMANDS } from './command-catalogue';
import { commandOptions } from './command-request';
import { respond } from './customer-commands.controller';
import { MergeDto } from './dto/customer.dto';
import { CommandExecutor } from './command-executor';
import { IdParam } from './id-param.pipe';

@ApiTags('commands')
@Controller('customers')
@Requires('write')
@CommandResponses()
export class MergeController {
  constructor(private readonly executor: CommandExecutor) {}

  @Post(':customerId/merges')
  @ApiOperation({
    summary: 'Merge a duplicate into this customer: its history shows here; its own record stays',
    description:
      '422 with code UNKNOWN_MERGED_CUSTOMER, CUSTOMER_ERASED, MERGE_CYCLE (a circle), ALREADY_MERGED (in this ' +
      "customer's group already), MERGED_ELSEWHERE (merged into another survivor: unmerge it there first) or " +
      'SURVIVOR_MERGED_AWAY (field customerId: this customer is merged away; merge into its top survivor).',
  })
  merge(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: MergeDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('MergeCustomers', customerId, dto, req, res);
  }

  @Post(':customerId/unmerges')
  @ApiOperation({ summary: 'Undo a merge: both customers show exactly their own histories again' })
  unmerge(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: MergeDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('UnmergeCustomers', customerId, dto, req, res);
  }

  private async run(
    name: 'MergeCustomers' | 'UnmergeCustomers',
    customerId: string,
    dto: MergeDto,
    req: AuthenticatedRequest,
    res: FastifyReply,
  ): Promise<void> {
    const options = commandOptions(req, { name, params: { customerId }, dto });
    const command = COMMANDS[name].toCommand(dto, { customerId, commandId: options.commandId });
    respond(res, await this.executor.execute(command, options));
  }
}
