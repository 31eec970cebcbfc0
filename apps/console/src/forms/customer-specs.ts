// The forms that make and maintain a customer (libs/commands dto/customer.dto.ts, campaign.dto.ts,
// interaction.dto.ts): register, edit the profile, consent, account manager, key account, merge,
// and the campaign forms. Field for field as the API takes them; e2e/forms-agree-with-api.spec.ts
// holds each to its DTO.
import { CONSENT_PURPOSES, CONTACT_CHANNELS, CUSTOMER_KINDS, GENDERS } from '../api/vocabulary';
import { latinDigits } from '../format/digits';
import type { FieldSpec, FormSpec, Values } from './spec';
import { dayOf, numberOf, textOf } from './validate';

/** The API's phone pattern (RegisterCustomerDto.phone); Persian digits are turned Latin first. */
export const PHONE_PATTERN = /^\+?[0-9 ()-]{6,20}$/;

const customer = (context: Record<string, string>) => `/customers/${encodeURIComponent(context.customerId)}`;

/** The profile's fields, optional on an update; registering asks for the name. */
const PROFILE_FIELDS: FieldSpec[] = [
  { name: 'name', kind: 'text', maxLength: 200 },
  // The API checks the address itself; its message shows on the field.
  { name: 'email', kind: 'text' },
  { name: 'phone', kind: 'text', pattern: PHONE_PATTERN, patternKey: 'validation.phone' },
  { name: 'birthDate', kind: 'date' },
  { name: 'gender', kind: 'select', options: GENDERS, optionsKey: 'genders' },
  { name: 'city', kind: 'text', maxLength: 100 },
  // A code or an English name (GB, United Kingdom); the API stores the code.
  { name: 'country', kind: 'text', maxLength: 100 },
];

const profileBody = (v: Values) => ({
  name: textOf(v.name),
  email: textOf(v.email),
  phone: textOf(latinDigits(v.phone)),
  birthDate: dayOf(v.birthDate),
  gender: textOf(v.gender),
  city: textOf(v.city),
  country: textOf(v.country),
});

export const REGISTER_CUSTOMER_FORM: FormSpec = {
  id: 'registerCustomer',
  fields: [
    {
      name: 'kind',
      kind: 'select',
      required: true,
      options: CUSTOMER_KINDS,
      optionsKey: 'customerKinds',
      initial: 'person',
    },
    ...PROFILE_FIELDS.map((field) => (field.name === 'name' ? { ...field, required: true } : field)),
    // Left empty, the API makes one.
    { name: 'customerId', kind: 'id' },
  ],
  url: () => '/customers',
  body: (v) => ({ kind: v.kind, ...profileBody(v), customerId: textOf(v.customerId) }),
};

/** PATCH with If-Match: only what is filled in is sent (the API keeps the rest). */
export const EDIT_PROFILE_FORM: FormSpec = {
  id: 'editProfile',
  fields: PROFILE_FIELDS,
  url: customer,
  method: 'PATCH',
  body: profileBody,
};

export const CONSENT_FORM: FormSpec = {
  id: 'consent',
  fields: [
    {
      name: 'channel',
      kind: 'select',
      required: true,
      options: CONTACT_CHANNELS,
      optionsKey: 'channels',
      initial: 'email',
    },
    {
      name: 'purpose',
      kind: 'select',
      required: true,
      options: CONSENT_PURPOSES,
      optionsKey: 'consentPurposes',
      initial: 'marketing',
    },
    {
      name: 'status',
      kind: 'select',
      required: true,
      options: ['given', 'withdrawn'],
      optionsKey: 'consentStatuses',
      initial: 'given',
    },
  ],
  url: (context) => `${customer(context)}/consents`,
  body: (v) => ({ channel: v.channel, purpose: v.purpose, status: v.status }),
};

/** The person's id; the panel offers the directory's active people as suggestions when it may read them. */
export const ACCOUNT_MANAGER_FORM: FormSpec = {
  id: 'accountManager',
  fields: [{ name: 'accountManagerId', kind: 'id', required: true }],
  url: (context) => `${customer(context)}/account-manager`,
  body: (v) => ({ accountManagerId: textOf(v.accountManagerId) }),
};

export const KEY_ACCOUNT_FORM: FormSpec = {
  id: 'keyAccount',
  fields: [
    { name: 'keyAccount', kind: 'select', required: true, options: ['true', 'false'], optionsKey: 'keyAccountFlag' },
    { name: 'reason', kind: 'text', maxLength: 500 },
  ],
  url: (context) => `${customer(context)}/key-account`,
  body: (v) => ({ keyAccount: v.keyAccount === 'true', reason: textOf(v.reason) }),
};

/** Merge `mergedCustomerId` into the customer of `context.customerId` (the survivor); unmerge undoes it. */
export const MERGE_FORM: FormSpec = {
  id: 'merge',
  fields: [{ name: 'mergedCustomerId', kind: 'id', required: true }],
  url: (context) => `${customer(context)}/merges`,
  body: (v) => ({ mergedCustomerId: textOf(v.mergedCustomerId) }),
};

export const UNMERGE_FORM: FormSpec = {
  ...MERGE_FORM,
  id: 'unmerge',
  url: (context) => `${customer(context)}/unmerges`,
};

export const CAMPAIGN_TOUCH_FORM: FormSpec = {
  id: 'campaignTouch',
  fields: [
    { name: 'campaignId', kind: 'id', required: true },
    {
      name: 'channel',
      kind: 'select',
      required: true,
      options: CONTACT_CHANNELS,
      optionsKey: 'channels',
      initial: 'email',
    },
    { name: 'touchId', kind: 'id' },
  ],
  path: () => 'campaign-touches',
  body: (v) => ({ campaignId: textOf(v.campaignId), channel: v.channel, touchId: textOf(v.touchId) }),
};

/** Start and end are calendar days here: the campaign runs from the start of one to the end of the other (UTC). */
export const LAUNCH_CAMPAIGN_FORM: FormSpec = {
  id: 'launchCampaign',
  fields: [
    { name: 'name', kind: 'text', required: true, maxLength: 200 },
    {
      name: 'channel',
      kind: 'select',
      required: true,
      options: CONTACT_CHANNELS,
      optionsKey: 'channels',
      initial: 'email',
    },
    { name: 'startsAt', kind: 'date', required: true },
    { name: 'endsAt', kind: 'date', required: true },
    { name: 'budget', kind: 'money', required: true, min: 0, max: 1_000_000_000 },
    { name: 'currency', kind: 'currency', required: true, initial: 'EUR' },
    { name: 'campaignId', kind: 'id' },
  ],
  url: () => '/campaigns',
  body: (v) => ({
    name: textOf(v.name),
    channel: v.channel,
    startsAt: dayOf(v.startsAt) && `${dayOf(v.startsAt)}T00:00:00Z`,
    endsAt: dayOf(v.endsAt) && `${dayOf(v.endsAt)}T23:59:59Z`,
    budget: numberOf(v.budget),
    currency: textOf(v.currency),
    campaignId: textOf(v.campaignId),
  }),
};

/** The customer a command was about: its stream is `customer-<id>`. */
export const customerOf = (streamId: string): string => streamId.replace(/^customer-/, '');
