// The console's forms check input before sending it (src/forms/specs.ts); this
// holds them to the API's own rules, read from the command DTOs' validation metadata: the same fields,
// the same required ones, lengths, ranges, pick lists and id pattern. A changed DTO fails here
// until the form follows.
import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import {
  ASSIGN_FORM,
  COMPLAINT_FORM,
  CONTACT_FORM,
  ESCALATE_FORM,
  FEEDBACK_FORM,
  INFORMATION_FORM,
  PURCHASE_FORM,
  RESOLVE_FORM,
  RETURN_FORM,
} from '../src/forms/specs';
import {
  ADD_USER_FORM,
  API_KEY_FORM,
  DEACTIVATE_USER_FORM,
  PASSWORD_FORM,
  USER_ROLES_FORM,
  USER_TEAM_FORM,
  WEBHOOK_FORM,
} from '../src/forms/admin-specs';
import {
  ACCOUNT_MANAGER_FORM,
  CAMPAIGN_TOUCH_FORM,
  CONSENT_FORM,
  EDIT_PROFILE_FORM,
  KEY_ACCOUNT_FORM,
  LAUNCH_CAMPAIGN_FORM,
  MERGE_FORM,
  PHONE_PATTERN,
  REGISTER_CUSTOMER_FORM,
  UNMERGE_FORM,
} from '../src/forms/customer-specs';
import type { FieldSpec, FormSpec } from '../src/forms/spec';
import { DERIVED_EVENT_TYPES, KEY_ROLES } from '../src/api/vocabulary';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the admin DTOs are not exported; only this check reads them
import {
  AddUserDto,
  ChangeUserRolesDto,
  ChangeUserTeamDto,
  DeactivateUserDto,
} from '../../../libs/commands/src/dto/user.dto';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import {
  AccountManagerDto,
  ConsentDto,
  KeyAccountDto,
  MergeDto,
  UpdateProfileDto,
} from '../../../libs/commands/src/dto/customer.dto';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { LaunchCampaignDto } from '../../../libs/commands/src/dto/campaign.dto';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { CampaignTouchDto } from '../../../libs/commands/src/dto/interaction.dto';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { CreateApiKeyDto } from '../../../libs/people/src/api-keys.controller';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { SetPasswordDto } from '../../../libs/people/src/sessions.controller';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { CreateWebhookDto } from '../../../libs/derived-events/src/webhooks.controller';
import { DERIVED_EVENT_TYPES as API_DERIVED_EVENT_TYPES } from '@ledger/derived-events';
import { ROLE_PERMISSIONS } from '@ledger/http';
import {
  AssignComplaintDto,
  ComplaintDto,
  ContactDto,
  EscalateComplaintDto,
  FeedbackDto,
  ID_PATTERN,
  InformationRequestDto,
  OrderLineDto,
  PurchaseDto,
  RegisterCustomerDto,
  ResolveComplaintDto,
  ReturnDto,
} from '@ledger/commands';

type Dto = new () => object;
const FORMS: [FormSpec, Dto][] = [
  [CONTACT_FORM, ContactDto],
  [PURCHASE_FORM, PurchaseDto],
  [RETURN_FORM, ReturnDto],
  [INFORMATION_FORM, InformationRequestDto],
  [COMPLAINT_FORM, ComplaintDto],
  [FEEDBACK_FORM, FeedbackDto],
  [ESCALATE_FORM, EscalateComplaintDto],
  [RESOLVE_FORM, ResolveComplaintDto],
  [ASSIGN_FORM, AssignComplaintDto],
  [ADD_USER_FORM, AddUserDto],
  [USER_ROLES_FORM, ChangeUserRolesDto],
  [USER_TEAM_FORM, ChangeUserTeamDto],
  [DEACTIVATE_USER_FORM, DeactivateUserDto],
  [PASSWORD_FORM, SetPasswordDto],
  [API_KEY_FORM, CreateApiKeyDto],
  [WEBHOOK_FORM, CreateWebhookDto],
  [REGISTER_CUSTOMER_FORM, RegisterCustomerDto],
  [EDIT_PROFILE_FORM, UpdateProfileDto],
  [CONSENT_FORM, ConsentDto],
  [ACCOUNT_MANAGER_FORM, AccountManagerDto],
  [KEY_ACCOUNT_FORM, KeyAccountDto],
  [MERGE_FORM, MergeDto],
  [UNMERGE_FORM, MergeDto],
  [CAMPAIGN_TOUCH_FORM, CampaignTouchDto],
  [LAUNCH_CAMPAIGN_FORM, LaunchCampaignDto],
];

function rules(dto: Dto, property: string): Map<string, unknown[]> {
  const found = getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .filter((m: ValidationMetadata) => m.propertyName === property);
  return new Map(found.map((m) => [m.name ?? m.type, m.constraints ?? []]));
}

/** The DTO and property a form field is checked against (`lines.0.sku` → OrderLineDto.sku). */
function target(dto: Dto, field: FieldSpec): [Dto, string] {
  const path = field.apiField ?? field.name;
  return path.startsWith('lines.') ? [OrderLineDto, path.split('.')[2]] : [dto, path];
}

describe('console forms mirror the API', () => {
  describe.each(FORMS.map(([form, dto]) => [form.id, form, dto] as const))('%s', (_id, form, dto) => {
    it.each(form.fields.map((field) => [field.name, field] as const))('%s', (_name, field) => {
      const [owner, property] = target(dto, field);
      const api = rules(owner, property);
      expect(api.size).toBeGreaterThan(0);
      const apiRequires = !api.has('isOptional');
      expect([field.name, field.required === true]).toEqual([field.name, apiRequires]);
      if (api.has('isLength')) expect(field.maxLength).toBe(api.get('isLength')![1]);
      if (api.has('isLength') && (api.get('isLength')![0] as number) > 1) {
        expect(field.minLength).toBe(api.get('isLength')![0]);
      }
      if (api.has('maxLength')) expect(field.maxLength).toBe(api.get('maxLength')![0]);
      if (api.has('min')) expect(field.min).toBe(api.get('min')![0]);
      if (api.has('max')) expect(field.max).toBe(api.get('max')![0]);
      if (api.has('isIn')) expect([...(field.options ?? [])]).toEqual(api.get('isIn')![0]);
      if (field.pattern) expect((api.get('matches')![0] as RegExp).source).toBe(field.pattern.source);
      if (field.kind === 'id') expect((api.get('matches')![0] as RegExp).source).toBe(ID_PATTERN.source);
    });

    it('asks for every field the API requires', () => {
      const required = new Set(
        getMetadataStorage()
          .getTargetValidationMetadatas(dto, '', true, false)
          .map((m) => m.propertyName)
          .filter((property) => !rules(dto, property).has('isOptional')),
      );
      const asked = new Set(form.fields.map((field) => (field.apiField ?? field.name).split('.')[0]));
      expect([...required].filter((property) => !asked.has(property))).toEqual([]);
    });
  });

  it('requires the name when registering, as the API does (and not when editing a profile)', () => {
    expect(rules(RegisterCustomerDto, 'name').has('isOptional')).toBe(false);
    expect(rules(UpdateProfileDto, 'name').has('isOptional')).toBe(true);
  });

  it('checks phone numbers with the pattern the API uses', () => {
    expect(PHONE_PATTERN.source).toBe((rules(RegisterCustomerDto, 'phone').get('matches')![0] as RegExp).source);
  });

  it('offers the roles an API key may have and the events a webhook may carry', () => {
    expect([...KEY_ROLES]).toEqual(Object.keys(ROLE_PERMISSIONS));
    expect([...DERIVED_EVENT_TYPES]).toEqual([...API_DERIVED_EVENT_TYPES]);
  });
});
