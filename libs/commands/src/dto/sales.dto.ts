// Bodies of the sales commands: purchases (with order lines) and returns.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CONTACT_CHANNELS } from '@ledger/domain';
import { Amount, Currency, ID_PATTERN, Id, Instant, OneOf, Text } from './fields';

export class OrderLineDto {
  @Id(true, 'ESP-100') sku!: string;
  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt({ message: '$property must be a whole number' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(10000, { message: '$property must not exceed 10000' })
  quantity!: number;
  @Amount(true, 399) unitPrice!: number;
  @Id(false, 'espresso-machine') category?: string;
}

export class PurchaseDto {
  @Id(false, 'order-5531') orderId?: string;
  @ApiProperty({ type: [OrderLineDto] })
  @IsArray({ message: '$property must be a list of order lines' })
  @ArrayMinSize(1, { message: '$property must contain at least one line' })
  @ArrayMaxSize(200, { message: '$property must not contain more than 200 lines' })
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];
  @Amount(false, 399) amount?: number;
  @Currency() currency!: string;
  @OneOf(CONTACT_CHANNELS) channel!: (typeof CONTACT_CHANNELS)[number];
  @Id(false, 'spring-sale') campaignId?: string;
  @Instant() occurredAt?: string;
}

export class ReturnDto {
  @Id(true, 'order-5531') orderId!: string;
  @Id(false) returnId?: string;
  @Amount(true, 399) amount!: number;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(ID_PATTERN, { each: true, message: 'each of $property must be a sku (letters, digits, . _ : -)' })
  skus?: string[];
  @Text(500, false) reason?: string;
  @Instant() occurredAt?: string;
}
