import { RFM_SEGMENTS, rfmSegmentOf, SEGMENT_DEFINITIONS } from './segment-definitions';

const grid = [1, 2, 3, 4, 5].flatMap((r) => [1, 2, 3, 4, 5].flatMap((f) => [1, 2, 3, 4, 5].map((m) => ({ r, f, m }))));

describe('RFM segment definitions', () => {
  it('define every segment once, with a description and a rule', () => {
    expect(SEGMENT_DEFINITIONS.map((d) => d.name)).toEqual([...RFM_SEGMENTS]);
    for (const definition of SEGMENT_DEFINITIONS) {
      expect(definition.description).not.toBe('');
      expect(definition.rule).not.toBe('');
    }
  });

  it('put every one of the 125 score combinations in exactly one segment', () => {
    for (const scores of grid) {
      const matching = SEGMENT_DEFINITIONS.filter((d) => d.matches(scores)).map((d) => d.name);
      expect({ scores, matching: matching.length }).toEqual({ scores, matching: 1 });
    }
  });

  it('reach every segment', () => {
    const reached = new Set([...grid, { r: null, f: null, m: null }].map(rfmSegmentOf));
    expect([...reached].sort()).toEqual([...RFM_SEGMENTS].sort());
  });

  it('put customers who never purchased in prospects only', () => {
    expect(rfmSegmentOf({ r: null, f: null, m: null })).toBe('prospects');
  });

  it.each([
    ['555', 'champions'],
    ['354', 'loyal'],
    ['442', 'loyal'],
    ['532', 'potential_loyalists'],
    ['511', 'new_customers'],
    ['415', 'promising'],
    ['333', 'need_attention'],
    ['225', 'about_to_sleep'],
    ['131', 'at_risk'],
    ['254', 'cannot_lose'],
    ['121', 'hibernating'],
    ['111', 'lost'],
  ])('scores %s are %s', (rfm, segment) => {
    const [r, f, m] = [...rfm].map(Number);
    expect(rfmSegmentOf({ r, f, m })).toBe(segment);
  });
});
