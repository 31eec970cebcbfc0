// The admin's forms, field for field as the API takes them: the directory (libs/commands
// dto/user.dto.ts), passwords (libs/people sessions.controller), API keys (api-keys.controller),
// webhooks (libs/derived-events webhooks.controller) and fitting the customer-value model.
import { CONTACT_CHANNELS, DERIVED_EVENT_TYPES, KEY_ROLES, STAFF_ROLES } from '../api/vocabulary';
import { chosen, type FormSpec } from './spec';
import { dayOf, textOf } from './validate';

const user = (context: Record<string, string>) => `/admin/users/${encodeURIComponent(context.userId)}`;
const roles = {
  name: 'roles',
  kind: 'choices',
  required: true,
  options: STAFF_ROLES,
  optionsKey: 'roles',
} as const;

export const ADD_USER_FORM: FormSpec = {
  id: 'addUser',
  fields: [
    { name: 'name', kind: 'text', required: true, maxLength: 200 },
    // The API checks the address itself; its message shows on the field.
    { name: 'email', kind: 'text', required: true, maxLength: 254 },
    { ...roles, initial: 'agent' },
    { name: 'team', kind: 'text', maxLength: 100 },
  ],
  url: () => '/admin/users',
  body: (v) => ({ name: textOf(v.name), email: textOf(v.email), roles: chosen(v.roles), team: textOf(v.team) }),
};

export const USER_ROLES_FORM: FormSpec = {
  id: 'userRoles',
  fields: [roles],
  url: (context) => `${user(context)}/roles`,
  method: 'PATCH',
  body: (v) => ({ roles: chosen(v.roles) }),
};

/** Without a team the person leaves their team. */
export const USER_TEAM_FORM: FormSpec = {
  id: 'userTeam',
  fields: [{ name: 'team', kind: 'text', maxLength: 100 }],
  url: (context) => `${user(context)}/team`,
  method: 'PATCH',
  body: (v) => ({ team: textOf(v.team) }),
};

export const DEACTIVATE_USER_FORM: FormSpec = {
  id: 'deactivateUser',
  fields: [{ name: 'reason', kind: 'text', maxLength: 500 }],
  url: (context) => `${user(context)}/deactivate`,
  body: (v) => ({ reason: textOf(v.reason) }),
};

export const REACTIVATE_USER_FORM: FormSpec = {
  id: 'reactivateUser',
  fields: [],
  url: (context) => `${user(context)}/reactivate`,
  body: () => ({}),
};

export const PASSWORD_FORM: FormSpec = {
  id: 'password',
  // 12-256 characters (libs/people passwords.ts); sent exactly as typed, spaces included.
  fields: [{ name: 'password', kind: 'password', required: true, minLength: 12, maxLength: 256 }],
  url: (context) => `${user(context)}/password`,
  method: 'PUT',
  body: (v) => ({ password: v.password }),
};

export const API_KEY_FORM: FormSpec = {
  id: 'apiKey',
  fields: [
    { name: 'name', kind: 'text', required: true, maxLength: 100 },
    { name: 'role', kind: 'select', required: true, options: KEY_ROLES, optionsKey: 'roles', initial: 'channel' },
    // None chosen: the key may write as any channel.
    { name: 'channels', kind: 'choices', options: CONTACT_CHANNELS, optionsKey: 'channels' },
  ],
  url: () => '/admin/api-keys',
  body: (v) => ({
    name: textOf(v.name),
    role: v.role,
    channels: chosen(v.channels).length > 0 ? chosen(v.channels) : undefined,
  }),
};

export const WEBHOOK_FORM: FormSpec = {
  id: 'webhook',
  fields: [
    // The API checks the address (http or https); its message shows on the field.
    { name: 'url', kind: 'text', required: true, maxLength: 2048 },
    {
      name: 'eventTypes',
      kind: 'choices',
      required: true,
      options: DERIVED_EVENT_TYPES,
      optionsKey: 'derivedEvents',
    },
    // Left empty, the API makes one and shows it once.
    { name: 'secret', kind: 'password', minLength: 16, maxLength: 256 },
  ],
  url: () => '/admin/webhooks',
  body: (v) => ({
    url: textOf(v.url),
    eventTypes: chosen(v.eventTypes),
    secret: v.secret === '' ? undefined : v.secret,
  }),
};

/** asOf is a query parameter: the fit reads the purchases up to the end of that day. */
export const FIT_MODEL_FORM: FormSpec = {
  id: 'fitModel',
  fields: [{ name: 'asOf', kind: 'date' }],
  url: (_context, v) => {
    const asOf = dayOf(v.asOf);
    return asOf ? `/admin/models/customer-value/fit?asOf=${asOf}` : '/admin/models/customer-value/fit';
  },
  body: () => ({}),
};
