import { prefill } from './prefill';

describe('prefill of the new-customer form from a search', () => {
  it('puts an address in the email, a number in the phone and anything else in the name', () => {
    expect(prefill(' ada@example.com ')).toEqual({ email: 'ada@example.com' });
    expect(prefill('+44 20 7946 0018')).toEqual({ phone: '+44 20 7946 0018' });
    expect(prefill('شیرین رضایی')).toEqual({ name: 'شیرین رضایی' });
    expect(prefill('')).toEqual({});
  });

  it('reads a number typed with Persian digits as a phone, in Latin digits', () => {
    expect(prefill('۰۹۱۲ ۳۴۵ ۶۷۸۹')).toEqual({ phone: '0912 345 6789' });
  });

  it('keeps a short number (an order or customer id) out of the phone', () => {
    expect(prefill('12345')).toEqual({ name: '12345' });
  });
});
