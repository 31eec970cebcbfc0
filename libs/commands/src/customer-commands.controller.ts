// One endpoint per command. Each validates its body, runs the command through the executor and
// answers with the new stream revision and the global position (read-your-writes token).
import { Body, Controller, HttpStatus, Param, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Requires, type AuthenticatedRequest } from '@ledger/http';
import { CommandResponses } from './command-responses';
import { COMMANDS, type CommandName } from './command-catalogue';
import { commandOptions } from './command-request';
import { CommandExecutor, type CommandOptions, type CommandResult, type DomainCommand } from './command-executor';
import {
  AccountManagerDto,
  ConsentDto,
  KeyAccountDto,
  RegisterCustomerDto,
  UpdateProfileDto,
} from './dto/customer.dto';
import { CampaignTouchDto, ContactDto, FeedbackDto, InformationRequestDto } from './dto/interaction.dto';
import { PurchaseDto, ReturnDto } from './dto/sales.dto';
import { AssignComplaintDto, ComplaintDto, EscalateComplaintDto, ResolveComplaintDto } from './dto/service.dto';
import { LaunchCampaignDto } from './dto/campaign.dto';
import { IdParam } from './id-param.pipe';

@ApiTags('commands')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'a retry with the same key returns the first result',
})
@ApiHeader({ name: 'If-Match', required: false, description: 'expected stream revision; 409 when it moved on' })
@Controller()
@Requires('write')
@CommandResponses()
export class CustomerCommandsController {
  constructor(private readonly executor: CommandExecutor) {}

  @Post('customers')
  @ApiOperation({ summary: 'Register a customer (person or organisation)' })
  register(@Body() dto: RegisterCustomerDto, @Req() req: AuthenticatedRequest, @Res() res: FastifyReply) {
    return this.run('RegisterCustomer', dto, {}, req, res);
  }

  @Patch('customers/:customerId')
  @ApiOperation({ summary: "Update a customer's profile" })
  updateProfile(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: UpdateProfileDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('UpdateCustomerProfile', dto, { customerId }, req, res);
  }

  @Post('customers/:customerId/consents')
  @ApiOperation({ summary: 'Give or withdraw consent for a channel and purpose' })
  consent(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: ConsentDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('ChangeConsent', dto, { customerId }, req, res);
  }

  @Post('customers/:customerId/account-manager')
  @ApiOperation({ summary: 'Assign the account manager' })
  accountManager(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: AccountManagerDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('AssignAccountManager', dto, { customerId }, req, res);
  }

  @Post('customers/:customerId/key-account')
  @ApiOperation({ summary: 'Flag or unflag the customer as a key account' })
  keyAccount(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: KeyAccountDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('FlagKeyAccount', dto, { customerId }, req, res);
  }

  @Post('customers/:customerId/contacts')
  @ApiOperation({ summary: 'Record a contact (call, visit, email, chat…)' })
  contact(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: ContactDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('RecordContact', dto, { customerId }, req, res);
  }

  @Post('customers/:customerId/purchases')
  @ApiOperation({ summary: 'Record a purchase; matching cross-sell rules make offers' })
  purchase(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: PurchaseDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('RecordPurchase', dto, { customerId }, req, res);
  }

  @Post('customers/:customerId/returns')
  @ApiOperation({ summary: 'Record a return against an order' })
  returns(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: ReturnDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('RecordReturn', dto, { customerId }, req, res);
  }

  @Post('customers/:customerId/information-requests')
  @ApiOperation({ summary: 'Record an information request' })
  information(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: InformationRequestDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('RequestInformation', dto, { customerId }, req, res);
  }

  @Post('customers/:customerId/complaints')
  @ApiOperation({ summary: 'Open a complaint; its SLA due time follows the severity policy' })
  complaint(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: ComplaintDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('OpenComplaint', dto, { customerId }, req, res);
  }

  @Post('customers/:customerId/complaints/:caseId/escalate')
  @ApiOperation({ summary: 'Escalate an open complaint' })
  escalate(
    @Param('customerId', IdParam) customerId: string,
    @Param('caseId', IdParam) caseId: string,
    @Body() dto: EscalateComplaintDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('EscalateComplaint', dto, { customerId, caseId }, req, res);
  }

  @Post('customers/:customerId/complaints/:caseId/assign')
  @ApiOperation({
    summary: 'Assign an open complaint to the person who will work it (permission write: channel, agent, admin)',
    description:
      'Records ComplaintAssigned. Assigning the case to its current assignee records nothing (200). ' +
      'The note is free text and is encrypted as personal data.',
  })
  @ApiCreatedResponse({ description: 'assigned: the stream revision and global position of ComplaintAssigned' })
  @ApiOkResponse({ description: 'already assigned to that person (nothing written), or an idempotent replay' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: assigneeId, note, occurredAt or a path id is malformed' })
  @ApiNotFoundResponse({ description: 'UNKNOWN_CUSTOMER or UNKNOWN_COMPLAINT' })
  @ApiConflictResponse({ description: 'EXPECTED_VERSION_MISMATCH: the If-Match revision is stale' })
  @ApiUnprocessableEntityResponse({ description: 'COMPLAINT_RESOLVED: a resolved case cannot be assigned' })
  assign(
    @Param('customerId', IdParam) customerId: string,
    @Param('caseId', IdParam) caseId: string,
    @Body() dto: AssignComplaintDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('AssignComplaint', dto, { customerId, caseId }, req, res);
  }

  @Post('customers/:customerId/complaints/:caseId/resolve')
  @ApiOperation({ summary: 'Resolve an open complaint' })
  resolve(
    @Param('customerId', IdParam) customerId: string,
    @Param('caseId', IdParam) caseId: string,
    @Body() dto: ResolveComplaintDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('ResolveComplaint', dto, { customerId, caseId }, req, res);
  }

  @Post('customers/:customerId/feedback')
  @ApiOperation({ summary: 'Record feedback (CSAT 1-5 or NPS 0-10)' })
  feedback(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: FeedbackDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('GiveFeedback', dto, { customerId }, req, res);
  }

  @Post('customers/:customerId/campaign-touches')
  @ApiOperation({ summary: 'Record that a campaign reached the customer' })
  touch(
    @Param('customerId', IdParam) customerId: string,
    @Body() dto: CampaignTouchDto,
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
  ) {
    return this.run('DeliverCampaignTouch', dto, { customerId }, req, res);
  }

  @Post('campaigns')
  @ApiOperation({ summary: 'Launch a campaign' })
  campaign(@Body() dto: LaunchCampaignDto, @Req() req: AuthenticatedRequest, @Res() res: FastifyReply) {
    return this.run('LaunchCampaign', dto, {}, req, res);
  }

  private async run(
    name: CommandName,
    dto: object,
    params: { customerId?: string; caseId?: string },
    req: AuthenticatedRequest,
    res: FastifyReply,
  ): Promise<void> {
    const options = commandOptions(req, { name, params, dto });
    const toCommand = COMMANDS[name].toCommand as (dto: object, target: object) => DomainCommand;
    const warnings: NonNullable<CommandOptions['warnings']> = [];
    const command = toCommand(dto, { ...params, commandId: options.commandId, warnings });
    if (warnings.length > 0) options.warnings = warnings;
    const result = await this.executor.execute(command, options);
    respond(res, result);
  }
}

/**
 * Sends a command's result. The reply is sent here, not by Nest, because the status depends on
 * the outcome (a replay is 200, not the 201 Nest would set for every POST).
 */
export function respond(res: FastifyReply, result: CommandResult, extra: Record<string, string> = {}): void {
  res.status(result.replayed || result.events.length === 0 ? HttpStatus.OK : HttpStatus.CREATED);
  res.header('ETag', `"${result.revision}"`);
  if (result.replayed) res.header('Idempotent-Replayed', 'true');
  void res.send({ ...result, ...extra });
}
