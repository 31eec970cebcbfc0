// The right to be forgotten (DESIGN rule 8): records CustomerErased, then destroys the customer's
// data keys (their own, and the pooled ones their events name). The event goes first so the log
// says when and why; a crash in between is healed by a retry (the decider answers "already erased"
// and the keys are destroyed then).
import { Body, Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires, type AuthenticatedRequest } from '@ledger/http';
import { CommandResponses } from './command-responses';
import { PERSONAL_DATA, type PersonalDataVault } from '@ledger/personal-data';
import { CommandExecutor } from './command-executor';
import { commandOptions } from './command-request';
import { respond } from './customer-commands.controller';
import { ErasureDto } from './dto/customer.dto';
import { IdParam } from './id-param.pipe';

@ApiTags('commands')
@Controller('customers')
@Requires('admin')
@CommandResponses()
export class ErasureController {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(PERSONAL_DATA) private readonly vault: PersonalDataVault,
  ) {}

  @Post(':customerId/erasure')
  @ApiOperation({ summary: "Erase a customer's personal data (crypto-shredding); admin only" })
  async erase(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: ErasureDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const options = commandOptions(req, { name: 'EraseCustomer', customerId, dto });
    const command = {
      type: 'EraseCustomer' as const,
      data: { customerId, reason: dto.reason, occurredAt: dto.occurredAt },
    };
    const result = await this.executor.execute(command, options);
    await this.vault.erase(customerId, await this.executor.storedEventsOf(customerId));
    this.executor.forgetCustomer(customerId);
    // A merged customer is the same person: their own stream is erased with the survivor's.
    for (const mergedId of await this.executor.mergedCustomersOf(customerId)) {
      const merged = { type: 'EraseCustomer' as const, data: { ...command.data, customerId: mergedId } };
      const mergedOptions = { ...options, commandId: `${options.commandId}:merged:${mergedId}`.slice(0, 128) };
      await this.executor.execute(merged, mergedOptions);
      await this.vault.erase(mergedId, await this.executor.storedEventsOf(mergedId));
      this.executor.forgetCustomer(mergedId);
    }
    respond(res, result);
  }
}
