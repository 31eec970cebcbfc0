import { ADD_USER_FORM, FIT_MODEL_FORM, PASSWORD_FORM, WEBHOOK_FORM } from './admin-specs';
import { chosen, initialValues } from './spec';
import { validate, validateField } from './validate';

const field = (spec: { fields: { name: string }[] }, name: string) =>
  spec.fields.find((f) => f.name === name) as Parameters<typeof validateField>[0];

describe('admin form checks', () => {
  it('takes several roles as a comma-joined choice, refuses none and any the API does not know', () => {
    const roles = field(ADD_USER_FORM, 'roles');
    expect(validateField(roles, 'agent,admin')).toBeNull();
    expect(validateField(roles, '')).toEqual({ key: 'validation.required' });
    expect(validateField(roles, 'agent,owner')).toEqual({ key: 'validation.oneOf' });
    expect(chosen('agent,admin')).toEqual(['agent', 'admin']);
    expect(chosen('')).toEqual([]);
  });

  it('sends what the API takes: roles as a list, an empty team left out', () => {
    const values = { ...initialValues(ADD_USER_FORM), name: ' Ada ', email: 'ada@example.com' };
    expect(validate(ADD_USER_FORM, values)).toEqual({});
    expect(ADD_USER_FORM.body(values)).toEqual({
      name: 'Ada',
      email: 'ada@example.com',
      roles: ['agent'],
      team: undefined,
    });
  });

  it('asks for 12 to 256 characters of password and sends it exactly as typed', () => {
    const password = field(PASSWORD_FORM, 'password');
    expect(validateField(password, 'short')).toEqual({ key: 'validation.tooShort', values: { min: 12 } });
    expect(validateField(password, 'x'.repeat(257))).toEqual({ key: 'validation.tooLong', values: { max: 256 } });
    expect(PASSWORD_FORM.body({ password: ' twelve chars ' })).toEqual({ password: ' twelve chars ' });
    expect(PASSWORD_FORM.method).toBe('PUT');
  });

  it('leaves a webhook secret out when empty, so the API makes one', () => {
    expect(validateField(field(WEBHOOK_FORM, 'secret'), '')).toBeNull();
    expect(WEBHOOK_FORM.body({ url: 'https://x.test/h', eventTypes: 'CustomerLeftSegment', secret: '' })).toEqual({
      url: 'https://x.test/h',
      eventTypes: ['CustomerLeftSegment'],
      secret: undefined,
    });
  });

  it('fits as of a day typed in either script, or now when none is given', () => {
    const asOf = field(FIT_MODEL_FORM, 'asOf');
    expect(validateField(asOf, '۲۰۲۵-۰۴-۳۰')).toBeNull();
    expect(validateField(asOf, '2025-13-40')).toEqual({ key: 'validation.date' });
    expect(FIT_MODEL_FORM.url?.({}, { asOf: '۲۰۲۵-۰۴-۳۰' })).toBe('/admin/models/customer-value/fit?asOf=2025-04-30');
    expect(FIT_MODEL_FORM.url?.({}, { asOf: '' })).toBe('/admin/models/customer-value/fit');
  });
});
