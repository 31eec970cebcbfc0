// The request and reply shapes of POST /commands/batch, with the examples OpenAPI shows.
import { ApiProperty, ApiPropertyOptional } from './dto/decorators';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { COMMAND_NAMES, type CommandName } from './command-catalogue';
import type { BatchItemResult } from './batch-items';
import { ID_PATTERN } from './dto/fields';

export class BatchItemDto {
  @ApiProperty({ enum: COMMAND_NAMES, example: 'RecordPurchase' })
  @IsIn(COMMAND_NAMES, { message: `$property must be one of: ${COMMAND_NAMES.join(', ')}` })
  command!: CommandName;
  @ApiPropertyOptional({
    example: 'c-1001',
    pattern: ID_PATTERN.source,
    description:
      'the customer the command is about; required by every command except RegisterCustomer and LaunchCampaign',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: '$property must be a customer id' })
  customerId?: string;
  @ApiPropertyOptional({
    example: 'case-77',
    description: 'required by EscalateComplaint, AssignComplaint and ResolveComplaint',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: '$property must be a complaint case id' })
  caseId?: string;
  @ApiPropertyOptional({
    example: 'shop-2026-11-23-row-17',
    description: 'a retry with the same key returns the first result; defaults to `<batch Idempotency-Key>:<index>`',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: '$property must be 1-128 characters: letters, digits, . _ : -' })
  idempotencyKey?: string;
  @ApiProperty({
    description: "the same body as the command's own endpoint (e.g. RecordPurchase: POST /customers/{id}/purchases)",
    example: {
      orderId: 'order-5531',
      lines: [{ sku: 'ESP-100', quantity: 1, unitPrice: 399 }],
      currency: 'EUR',
      channel: 'web',
    },
  })
  @IsObject({ message: '$property must be an object' })
  body!: Record<string, unknown>;
}

export class BatchDto {
  @ApiProperty({ type: [BatchItemDto] })
  @IsArray()
  @ArrayMinSize(1, { message: '$property must contain at least one command' })
  // ValidateNested walks into an item that is itself a list and finds nothing wrong with an
  // empty one, so every item must be an object before any of it is read.
  @IsObject({ each: true, message: ({ value }) => `${describeNonObjects(value)} must be a command object` })
  @ValidateNested({ each: true })
  @Type(() => BatchItemDto)
  commands!: BatchItemDto[];
}

export class BatchReplyDto {
  @ApiProperty({ enum: ['atomic', 'partial'] }) mode!: 'atomic' | 'partial';
  @ApiProperty({ description: 'items with status 200 or 201' }) succeeded!: number;
  @ApiProperty({ description: 'items with status 4xx (their `error` says why)' }) failed!: number;
  @ApiProperty({
    description: 'one per item, in request order: { index, status, result? (as a single command returns), error? }',
  })
  results!: BatchItemResult[];
}

export const BATCH_EXAMPLES = {
  'register and buy': {
    summary: 'register a customer, then record a purchase and a contact for them',
    value: {
      commands: [
        {
          command: 'RegisterCustomer',
          idempotencyKey: 'till-7:reg-c-1001',
          body: { customerId: 'c-1001', kind: 'person', name: 'Ada Lovelace', country: 'United Kingdom' },
        },
        {
          command: 'RecordPurchase',
          customerId: 'c-1001',
          idempotencyKey: 'till-7:order-5531',
          body: {
            orderId: 'order-5531',
            lines: [{ sku: 'BANK CHARGES', quantity: 1, unitPrice: 0.001, description: 'Bank charges' }],
            currency: 'GBP',
            channel: 'in_person',
          },
        },
        {
          command: 'RecordContact',
          customerId: 'c-1001',
          body: { channel: 'phone', direction: 'inbound', reason: 'delivery date' },
        },
      ],
    },
  },
  'cancellation of an order the CRM never saw': {
    summary: 'a return without a known original order (mode=partial)',
    value: {
      commands: [
        {
          command: 'RecordReturn',
          customerId: 'c-1001',
          body: { externalOrderRef: 'C536379', amount: 27.5, currency: 'GBP', skus: ['D'], reason: 'cancelled' },
        },
      ],
    },
  },
};

/** Names the items of `commands` that are not objects, e.g. `commands[1], commands[3]`. */
function describeNonObjects(items: unknown): string {
  if (!Array.isArray(items)) return 'commands';
  const bad = items.flatMap((item, index) =>
    item !== null && typeof item === 'object' && !Array.isArray(item) ? [] : [`commands[${index}]`],
  );
  return bad.join(', ') || 'commands';
}
