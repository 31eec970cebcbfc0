import { ValidationFailed } from '@ledger/domain';
import { assertNestingWithin, assertShapeWithin, formatPath, queryProblems } from './input-guard';
import { RefusedRequest } from './refused-request';

const limits = { maxDepth: 4, maxListLength: 3 };

describe('assertNestingWithin', () => {
  it('accepts nesting up to the limit and counts brackets inside strings as text', () => {
    expect(() => assertNestingWithin('{"a":[{"b":[1]}]}', 4)).not.toThrow();
    expect(() => assertNestingWithin('{"a":"[[[[[[[[\\"[[[["}', 4)).not.toThrow();
  });

  it('refuses one level more, before any parsing', () => {
    expect(() => assertNestingWithin('{"a":[{"b":[[1]]}]}', 4)).toThrow(RefusedRequest);
    expect(() => assertNestingWithin('['.repeat(100_000), 32)).toThrow(/more than 32 levels/);
  });
});

describe('assertShapeWithin', () => {
  it('accepts lists up to the limit', () => {
    expect(() => assertShapeWithin({ lines: [1, 2, 3] }, limits)).not.toThrow();
  });

  it('refuses a longer list, naming where it is', () => {
    expect(() => assertShapeWithin({ lines: [{ skus: [1, 2, 3, 4] }] }, limits)).toThrow(
      /lines\[0\]\.skus has 4 items; a list may have at most 3/,
    );
  });

  it('reports every prototype key with its path', () => {
    const body = JSON.parse('{"__proto__":{},"lines":[{"constructor":{"prototype":1}}],"ok":{"prototype":2}}');
    let thrown: unknown;
    try {
      assertShapeWithin(body, limits);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationFailed);
    expect((thrown as ValidationFailed).problems.map((p) => p.field)).toEqual([
      '__proto__',
      'lines[0].constructor',
      'ok.prototype',
    ]);
  });
});

describe('queryProblems', () => {
  it('names repeated parameters and prototype keys; single values pass', () => {
    // As the query-string parser builds it: no prototype, so `__proto__` is an own key.
    const query = Object.assign(Object.create(null), { country: ['GB', 'DE'], asOf: '2026-01-01' });
    query['__proto__'] = 'x';
    expect(queryProblems(query).map((p) => p.field)).toEqual(['country', '__proto__']);
    expect(queryProblems({ asOf: '2026-01-01' })).toEqual([]);
  });

  it('formats paths as validation problems do', () =>
    expect(formatPath(['lines', 2, 'unitPrice'])).toBe('lines[2].unitPrice'));
});
