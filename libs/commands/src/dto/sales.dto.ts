// Bodies of the sales commands: purchases (with order lines) and returns.
import { ApiProperty, ApiPropertyOptional } from './decorators';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CONTACT_CHANNELS } from '@ledger/domain';
import { Amount, Currency, Id, Instant, OneOf, PRINTABLE_PATTERN, Sku, Text } from './fields';

// Sizes here are only outer bounds against abuse; the limits that matter (lines per order,
// quantity, price decimals, SKU length) are the policy's and are checked by the domain.
export class OrderLineDto {
  @Sku(true, 'ESP-100') sku!: string;
  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt({ message: '$property must be a whole number' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(1_000_000_000, { message: '$property must not exceed 1,000,000,000' })
  quantity!: number;
  @Amount(true, 399, 6) unitPrice!: number;
  @Amount(false, 399, 6) lineTotal?: number;
  @Text(500, false, 'Espresso machine, stainless steel') description?: string;
  @Id(false, 'espresso-machine') category?: string;
}

export class PurchaseDto {
  @Id(false, 'order-5531') orderId?: string;
  @ApiProperty({ type: [OrderLineDto] })
  @IsArray({ message: '$property must be a list of order lines' })
  @ArrayMinSize(1, { message: '$property must contain at least one line' })
  @ArrayMaxSize(1_000_000, { message: '$property must not contain more than 1,000,000 lines' })
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];
  @Amount(false, 399, 4) amount?: number;
  @Currency() currency!: string;
  @OneOf(CONTACT_CHANNELS) channel!: (typeof CONTACT_CHANNELS)[number];
  @Id(false, 'spring-sale') campaignId?: string;
  @Instant() occurredAt?: string;
}

export class ReturnDto {
  @ApiPropertyOptional({
    example: 'order-5531',
    description: 'the order returned against; omit it for an order the CRM never saw (then currency is required)',
  })
  @Id(false, 'order-5531')
  orderId?: string;
  @ApiPropertyOptional({ example: 'C536379', description: "the shop's reference, e.g. the cancellation invoice" })
  @IsOptional()
  @IsString()
  @Length(1, 64, { message: '$property must be 1-64 characters' })
  @Matches(PRINTABLE_PATTERN, { message: '$property must be printable characters' })
  externalOrderRef?: string;
  @Id(false) returnId?: string;
  @Amount(true, 399, 4) amount!: number;
  @Currency(false) currency?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100_000)
  @IsString({ each: true, message: 'each of $property must be a sku' })
  @Length(1, 256, { each: true, message: 'each of $property must be 1-256 characters' })
  @Matches(PRINTABLE_PATTERN, { each: true, message: 'each of $property must be printable characters' })
  skus?: string[];
  @Text(500, false) reason?: string;
  @Instant() occurredAt?: string;
}
