// Bodies of the interaction commands: contacts, information requests, feedback, campaign touches.
import { ApiPropertyOptional, ApiProperty } from './decorators';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, DIRECTIONS, FEEDBACK_KINDS } from '@ledger/domain';
import { Id, Instant, OneOf, Sku, Text } from './fields';

type Channel = (typeof CONTACT_CHANNELS)[number];

export class ContactDto {
  @Id(false, 'call-889') contactId?: string;
  @OneOf(CONTACT_CHANNELS) channel!: Channel;
  @OneOf(DIRECTIONS) direction!: (typeof DIRECTIONS)[number];
  @Text(200, true, 'billing question') reason!: string;
  @Id(false, 'agent-12') agentId?: string;
  @Id(false, 'spring-sale') campaignId?: string;
  @ApiPropertyOptional({ example: 240, minimum: 0, maximum: 86400 })
  @IsOptional()
  @IsInt({ message: '$property must be a whole number of seconds' })
  @Min(0, { message: '$property must not be negative' })
  @Max(86400, { message: '$property must not exceed 86400 (one day)' })
  durationSeconds?: number;
  @OneOf(CONTACT_OUTCOMES, false) outcome?: (typeof CONTACT_OUTCOMES)[number];
  @Instant() occurredAt?: string;
}

export class InformationRequestDto {
  @Id(false) requestId?: string;
  @Text(200, true, 'delivery times') topic!: string;
  @OneOf(CONTACT_CHANNELS) channel!: Channel;
  @Text(2000, false) answer?: string;
  @Instant() occurredAt?: string;
}

export class FeedbackDto {
  @Id(false) feedbackId?: string;
  @OneOf(FEEDBACK_KINDS) kind!: (typeof FEEDBACK_KINDS)[number];
  @ApiProperty({ example: 4, description: 'CSAT 1-5 or NPS 0-10' })
  @IsInt({ message: '$property must be a whole number' })
  @Min(0, { message: '$property must not be negative' })
  @Max(10, { message: '$property must not exceed 10' })
  score!: number;
  @Text(2000, false) comment?: string;
  @Sku(false, 'ESP-100') product?: string;
  @OneOf(CONTACT_CHANNELS) channel!: Channel;
  @Instant() occurredAt?: string;
}

export class CampaignTouchDto {
  @Id(false) touchId?: string;
  @Id(true, 'spring-sale') campaignId!: string;
  @OneOf(CONTACT_CHANNELS) channel!: Channel;
  @Instant() occurredAt?: string;
}
