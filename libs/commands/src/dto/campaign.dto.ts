// Body of LaunchCampaign.
import { CONTACT_CHANNELS } from '@ledger/domain';
import { Amount, Currency, Id, Instant, OneOf, Text } from './fields';

export class LaunchCampaignDto {
  @Id(false, 'spring-sale') campaignId?: string;
  @Text(200, true, 'Spring sale') name!: string;
  @OneOf(CONTACT_CHANNELS) channel!: (typeof CONTACT_CHANNELS)[number];
  @Instant(true) startsAt!: string;
  @Instant(true) endsAt!: string;
  @Amount(true, 25000) budget!: number;
  @Currency() currency!: string;
  @Instant() occurredAt?: string;
}
