// Maps each command the HTTP API accepts to its body class and to the domain command.
// Shared by the one-endpoint-per-command controllers and the batch endpoint.
import type { Type } from '@nestjs/common';
import { ValidationFailed, type CampaignCommand, type CustomerCommand, type FieldProblem } from '@ledger/domain';
import {
  AccountManagerDto,
  ConsentDto,
  KeyAccountDto,
  MergeDto,
  RegisterCustomerDto,
  UpdateProfileDto,
} from './dto/customer.dto';
import { CampaignTouchDto, ContactDto, FeedbackDto, InformationRequestDto } from './dto/interaction.dto';
import { PurchaseDto, ReturnDto } from './dto/sales.dto';
import { AssignComplaintDto, ComplaintDto, EscalateComplaintDto, ResolveComplaintDto } from './dto/service.dto';
import { LaunchCampaignDto } from './dto/campaign.dto';
import { withIsoCountry } from './countries';
import { derivedId } from './ids';

/** Where a command's target ids come from: path parameters (or, in a batch, the item). */
export interface Target {
  customerId?: string;
  caseId?: string;
  commandId: string;
  /** Filled by the mapping with input kept as given but worth a look (reported in the result). */
  warnings?: FieldProblem[];
}

interface Entry<D> {
  dto: Type<D>;
  toCommand(dto: D, target: Target): CustomerCommand | CampaignCommand;
}

const entry = <D>(dto: Type<D>, toCommand: Entry<D>['toCommand']): Entry<D> => ({ dto, toCommand });

function required(value: string | undefined, field: string): string {
  if (!value) throw new ValidationFailed([{ field, reason: `${field} is required` }]);
  return value;
}

export const COMMANDS = {
  RegisterCustomer: entry(RegisterCustomerDto, (dto, t) => ({
    type: 'RegisterCustomer',
    data: { ...withIsoCountry(dto, t.warnings), customerId: dto.customerId ?? derivedId('cust', t.commandId) },
  })),
  UpdateCustomerProfile: entry(UpdateProfileDto, (dto, t) => {
    const { occurredAt, ...changes } = withIsoCountry(dto, t.warnings);
    if (Object.keys(changes).length === 0) {
      throw new ValidationFailed([{ field: 'body', reason: 'name at least one profile field to change' }]);
    }
    return {
      type: 'UpdateCustomerProfile',
      data: { customerId: required(t.customerId, 'customerId'), changes, occurredAt },
    };
  }),
  ChangeConsent: entry(ConsentDto, (dto, t) => ({
    type: dto.status === 'given' ? 'GiveConsent' : 'WithdrawConsent',
    data: {
      customerId: required(t.customerId, 'customerId'),
      channel: dto.channel,
      purpose: dto.purpose,
      occurredAt: dto.occurredAt,
    },
  })),
  AssignAccountManager: entry(AccountManagerDto, (dto, t) => ({
    type: 'AssignAccountManager',
    data: { ...dto, customerId: required(t.customerId, 'customerId') },
  })),
  FlagKeyAccount: entry(KeyAccountDto, (dto, t) => ({
    type: 'FlagKeyAccount',
    data: { ...dto, customerId: required(t.customerId, 'customerId') },
  })),
  RecordContact: entry(ContactDto, (dto, t) => ({
    type: 'RecordContact',
    data: {
      ...dto,
      customerId: required(t.customerId, 'customerId'),
      contactId: dto.contactId ?? derivedId('contact', t.commandId),
    },
  })),
  RecordPurchase: entry(PurchaseDto, (dto, t) => {
    const orderId = dto.orderId ?? derivedId('order', t.commandId);
    return {
      type: 'RecordPurchase',
      data: {
        ...dto,
        lines: dto.lines.map((line) => ({ ...line })),
        customerId: required(t.customerId, 'customerId'),
        orderId,
        offerIdPrefix: `offer-${orderId}`,
      },
    };
  }),
  RecordReturn: entry(ReturnDto, (dto, t) => ({
    type: 'RecordReturn',
    data: {
      ...dto,
      customerId: required(t.customerId, 'customerId'),
      returnId: dto.returnId ?? derivedId('return', t.commandId),
    },
  })),
  RequestInformation: entry(InformationRequestDto, (dto, t) => ({
    type: 'RequestInformation',
    data: {
      ...dto,
      customerId: required(t.customerId, 'customerId'),
      requestId: dto.requestId ?? derivedId('info', t.commandId),
    },
  })),
  OpenComplaint: entry(ComplaintDto, (dto, t) => ({
    type: 'OpenComplaint',
    data: {
      ...dto,
      customerId: required(t.customerId, 'customerId'),
      caseId: dto.caseId ?? derivedId('case', t.commandId),
    },
  })),
  EscalateComplaint: entry(EscalateComplaintDto, (dto, t) => ({
    type: 'EscalateComplaint',
    data: { ...dto, customerId: required(t.customerId, 'customerId'), caseId: required(t.caseId, 'caseId') },
  })),
  AssignComplaint: entry(AssignComplaintDto, (dto, t) => ({
    type: 'AssignComplaint',
    data: { ...dto, customerId: required(t.customerId, 'customerId'), caseId: required(t.caseId, 'caseId') },
  })),
  ResolveComplaint: entry(ResolveComplaintDto, (dto, t) => ({
    type: 'ResolveComplaint',
    data: { ...dto, customerId: required(t.customerId, 'customerId'), caseId: required(t.caseId, 'caseId') },
  })),
  GiveFeedback: entry(FeedbackDto, (dto, t) => ({
    type: 'GiveFeedback',
    data: {
      ...dto,
      customerId: required(t.customerId, 'customerId'),
      feedbackId: dto.feedbackId ?? derivedId('feedback', t.commandId),
    },
  })),
  DeliverCampaignTouch: entry(CampaignTouchDto, (dto, t) => ({
    type: 'DeliverCampaignTouch',
    data: {
      ...dto,
      customerId: required(t.customerId, 'customerId'),
      touchId: dto.touchId ?? derivedId('touch', t.commandId),
    },
  })),
  MergeCustomers: entry(MergeDto, (dto, t) => ({
    type: 'MergeCustomers',
    data: { ...dto, customerId: required(t.customerId, 'customerId') },
  })),
  UnmergeCustomers: entry(MergeDto, (dto, t) => ({
    type: 'UnmergeCustomers',
    data: { ...dto, customerId: required(t.customerId, 'customerId') },
  })),
  LaunchCampaign: entry(LaunchCampaignDto, (dto, t) => ({
    type: 'LaunchCampaign',
    data: { ...dto, campaignId: dto.campaignId ?? derivedId('campaign', t.commandId) },
  })),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry pairs its own DTO type with its mapper
} satisfies Record<string, Entry<any>>;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
