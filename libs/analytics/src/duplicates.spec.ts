import { findDuplicates, normalisedName, normalisedPhone, type DuplicateCandidate } from './duplicates';

const customer = (customerId: string, fields: Partial<DuplicateCandidate>): DuplicateCandidate => ({
  customerId,
  name: null,
  email: null,
  phone: null,
  city: null,
  birthDate: null,
  ...fields,
});

describe('duplicate customers', () => {
  it('normalises names, phones and emails as people write them', () => {
    expect(normalisedName('Lovelace, Ada')).toBe(normalisedName('ADA  Lovelace'));
    expect(normalisedName('Zoë Brontë')).toBe('bronte zoe');
    expect(normalisedPhone('+44 20 7946 0018')).toBe(normalisedPhone('020-7946-0018'));
  });

  it('pairs customers by email, phone or similar name, strongest first, with the reasons', () => {
    const pairs = findDuplicates([
      customer('web-1', { name: 'Ada Lovelace', email: 'Ada@Example.com', city: 'London' }),
      customer('cc-7', { name: 'Lovelace, Ada', email: 'ada@example.com ', phone: '+44 20 7946 0018', city: 'London' }),
      customer('shop-3', { name: 'A. King', phone: '020 7946 0018' }),
      customer('x-1', { name: 'Bob Stone' }),
      customer('x-2', { name: 'Bob Stone' }),
      customer('x-3', { name: 'Carol' }),
    ]);
    expect(pairs).toEqual([
      { customerIds: ['cc-7', 'web-1'], reasons: ['same_email', 'similar_name'], score: 1 },
      { customerIds: ['cc-7', 'shop-3'], reasons: ['same_phone'], score: 0.5 },
      { customerIds: ['x-1', 'x-2'], reasons: ['similar_name'], score: 0.3 },
    ]);
  });

  it('ignores erased customers and very common values', () => {
    const many = Array.from({ length: 25 }, (_, i) => customer(`c${i}`, { email: 'info@shop.example' }));
    expect(findDuplicates([...many, customer('e1', {}), customer('e2', {})])).toEqual([]);
  });
});
