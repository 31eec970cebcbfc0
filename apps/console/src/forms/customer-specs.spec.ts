import { KEY_ACCOUNT_FORM, LAUNCH_CAMPAIGN_FORM, REGISTER_CUSTOMER_FORM, customerOf } from './customer-specs';
import { initialValues } from './spec';
import { validate, validateField } from './validate';

const phone = REGISTER_CUSTOMER_FORM.fields.find((f) => f.name === 'phone')!;

describe('customer form checks', () => {
  it('checks a phone number as the API does, Persian digits included', () => {
    expect(validateField(phone, '+44 20 7946 0018')).toBeNull();
    expect(validateField(phone, '۰۹۱۲ ۳۴۵ ۶۷۸۹')).toBeNull();
    expect(validateField(phone, 'call me')).toEqual({ key: 'validation.phone' });
    expect(validateField(phone, '12')).toEqual({ key: 'validation.phone' });
  });

  it('registers with a kind and a name, sending Latin digits and leaving empty fields out', () => {
    const values = { ...initialValues(REGISTER_CUSTOMER_FORM), name: 'شیرین', phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹' };
    expect(validate(REGISTER_CUSTOMER_FORM, values)).toEqual({});
    expect(JSON.parse(JSON.stringify(REGISTER_CUSTOMER_FORM.body(values)))).toEqual({
      kind: 'person',
      name: 'شیرین',
      phone: '0912 345 6789',
    });
    expect(validate(REGISTER_CUSTOMER_FORM, { ...values, name: ' ' })).toEqual({
      name: { key: 'validation.required' },
    });
  });

  it('sends the key-account flag as a boolean and campaign days as instants', () => {
    expect(KEY_ACCOUNT_FORM.body({ keyAccount: 'false', reason: '' })).toEqual({ keyAccount: false });
    const campaign = LAUNCH_CAMPAIGN_FORM.body({
      ...initialValues(LAUNCH_CAMPAIGN_FORM),
      name: 'Spring',
      startsAt: '۲۰۲۶-۰۳-۰۱',
      endsAt: '2026-03-31',
      budget: '2500',
    });
    expect(campaign).toMatchObject({ startsAt: '2026-03-01T00:00:00Z', endsAt: '2026-03-31T23:59:59Z', budget: 2500 });
  });

  it("reads the customer's id from the command's stream", () => {
    expect(customerOf('customer-c-1001')).toBe('c-1001');
  });
});
