// Bodies of the customer-profile commands: register, update profile, consent, account manager, key account.
import { ApiProperty, ApiPropertyOptional } from './decorators';
import { IsBoolean, IsEmail, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CONSENT_PURPOSES, CONTACT_CHANNELS, CUSTOMER_KINDS, GENDERS } from '@ledger/domain';
import { CalendarDate, Id, Instant, OneOf, Text } from './fields';

// `name` is declared by each command, not here: class-validator merges a parent's IsOptional into
// a subclass that redeclares the property, so a required name here would stay optional.
class ProfileFields {
  @ApiPropertyOptional({ example: 'ada@example.com' })
  @IsOptional()
  @IsEmail({}, { message: '$property must be an email address' })
  email?: string;
  @ApiPropertyOptional({ example: '+44 20 7946 0018' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: '$property must be a phone number such as +44 20 7946 0018' })
  phone?: string;
  @CalendarDate() birthDate?: string;
  @OneOf(GENDERS, false) gender?: (typeof GENDERS)[number];
  @Text(100, false, 'London') city?: string;
  @ApiPropertyOptional({
    example: 'GB',
    maxLength: 100,
    description:
      'ISO 3166 code or English name (United Kingdom, USA, EIRE); stored as the alpha-2 code, an unknown value as given with a warning',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: '$property must be 1-100 characters' })
  country?: string;
  @Instant() occurredAt?: string;
}

export class RegisterCustomerDto extends ProfileFields {
  @Id(false) customerId?: string;
  @OneOf(CUSTOMER_KINDS) kind!: (typeof CUSTOMER_KINDS)[number];
  @Text(200, true, 'Ada Lovelace') name!: string;
}

export class UpdateProfileDto extends ProfileFields {
  @Text(200, false, 'Ada Lovelace') name?: string;
}

export class ConsentDto {
  @OneOf(CONTACT_CHANNELS) channel!: (typeof CONTACT_CHANNELS)[number];
  @OneOf(CONSENT_PURPOSES) purpose!: (typeof CONSENT_PURPOSES)[number];
  @OneOf(['given', 'withdrawn']) status!: 'given' | 'withdrawn';
  @Instant() occurredAt?: string;
}

export class AccountManagerDto {
  @Id(true, 'am-7') accountManagerId!: string;
  @Instant() occurredAt?: string;
}

export class KeyAccountDto {
  @ApiProperty({ example: true })
  @IsBoolean({ message: '$property must be true or false' })
  keyAccount!: boolean;
  @Text(500, false) reason?: string;
  @Instant() occurredAt?: string;
}

export class ErasureDto {
  @Text(500, true, 'GDPR art. 17 request of 2026-03-01') reason!: string;
  @Instant() occurredAt?: string;
}

export class MergeDto {
  @Id(true, 'cc-7') mergedCustomerId!: string;
  @Instant() occurredAt?: string;
}
