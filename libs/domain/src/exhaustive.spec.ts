import { assertNever } from './exhaustive';

describe('assertNever', () => {
  it('names the unhandled discriminant and nothing else of the value', () => {
    const slipped = { type: 'SomethingNew', data: { name: 'Ada Lovelace' } } as never;
    expect(() => assertNever(slipped)).toThrow(/^unhandled case: SomethingNew$/);
  });

  it('names an unhandled discriminant passed on its own', () => {
    expect(() => assertNever('SomethingNew' as never)).toThrow(/^unhandled case: SomethingNew$/);
  });

  it('names the kind of a value without a discriminant', () => {
    expect(() => assertNever(42 as never)).toThrow('unhandled case: number');
  });
});
