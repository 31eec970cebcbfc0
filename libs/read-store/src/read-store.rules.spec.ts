import { InvalidReadStoreRequest } from './read-store.errors';
import type { ReadDocument } from './read-store.port';
import {
  newestPerId,
  validateCollectionName,
  validateCommit,
  validatePageSize,
  validatePaging,
} from './read-store.rules';

describe('read-store rules', () => {
  it('accepts ordinary collection names and refuses ones MongoDB would', () => {
    expect(() => validateCollectionName('operational_view__rebuild')).not.toThrow();
    for (const bad of ['', 'a$b', 'system.users', 'x\0y', 'x'.repeat(121), 42]) {
      expect(() => validateCollectionName(bad)).toThrow(InvalidReadStoreRequest);
    }
  });

  it('refuses documents without a string id or a finite lastPosition, naming the field', () => {
    const bad = [
      { id: 'a', lastPosition: 1 },
      { id: 'b', lastPosition: Number.NaN },
    ] as ReadDocument[];
    expect(() => validateCommit('c', bad, 1)).toThrow(expect.objectContaining({ field: 'documents[1].lastPosition' }));
    expect(() => validateCommit('c', [{ id: '', lastPosition: 1 }], 1)).toThrow(InvalidReadStoreRequest);
    expect(() => validateCommit('c', [null as never], 1)).toThrow(InvalidReadStoreRequest);
    expect(() => validateCommit('c', [], -1)).toThrow(expect.objectContaining({ field: 'checkpoint' }));
    expect(() => validateCommit('c', [{ id: 'a', lastPosition: 0 }], 0)).not.toThrow();
  });

  it('takes skip, limit and pageSize as counts', () => {
    expect(validatePaging()).toEqual({ skip: 0, limit: undefined });
    expect(validatePaging({ skip: 5, limit: 0 })).toEqual({ skip: 5, limit: 0 });
    expect(() => validatePaging({ skip: -1 })).toThrow(InvalidReadStoreRequest);
    expect(() => validatePaging({ limit: 1.5 })).toThrow(InvalidReadStoreRequest);
    expect(validatePageSize()).toBe(1000);
    expect(() => validatePageSize(0)).toThrow(InvalidReadStoreRequest);
  });
});

describe('newestPerId', () => {
  it('keeps the highest lastPosition per id, the first of equals', () => {
    const docs = [
      { id: 'a', lastPosition: 2, v: 1 },
      { id: 'b', lastPosition: 1, v: 2 },
      { id: 'a', lastPosition: 3, v: 3 },
      { id: 'a', lastPosition: 3, v: 4 },
      { id: 'a', lastPosition: 1, v: 5 },
    ];
    expect([...newestPerId(docs).values()].map((d) => d.v)).toEqual([3, 2]);
  });
});
