import { ValidationFailed } from '@ledger/domain';
import { rejectUnknownParams } from './query-params';

describe('query parameters', () => {
  it('names each unknown parameter, listing the known ones, and passes a query of known ones', () => {
    const known = ['from', 'to', 'minPosition'];
    expect(() => rejectUnknownParams({ from: '2026-01-01', minPosition: '3' }, known)).not.toThrow();
    let refused: unknown;
    try {
      rejectUnknownParams({ form: '2026-01-01', to: '2026-02-01', step: 'week' }, known);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ValidationFailed);
    expect((refused as ValidationFailed).problems).toEqual([
      { field: 'form', reason: 'unknown parameter; parameters: from, to, minPosition' },
      { field: 'step', reason: 'unknown parameter; parameters: from, to, minPosition' },
    ]);
  });
});
