import { rfmGrid } from './rfm-grid';

describe('rfmGrid', () => {
  it('counts customers and sums their net value per recency × frequency cell', () => {
    const grid = rfmGrid([
      { r: 5, f: 5, monetary: 300 },
      { r: 5, f: 5, monetary: 100.25 },
      { r: 1, f: 2, monetary: -20 },
      { r: null, f: null, monetary: 0 },
    ]);
    expect(grid.cells).toHaveLength(25);
    expect(grid.prospects).toBe(1);
    expect(grid.cells.find((c) => c.r === 5 && c.f === 5)).toEqual({
      r: 5,
      f: 5,
      customers: 2,
      monetary: 400.25,
      averageMonetary: 200.13,
    });
    expect(grid.cells.find((c) => c.r === 1 && c.f === 2)).toMatchObject({ customers: 1, monetary: -20 });
    expect(grid.cells.find((c) => c.r === 3 && c.f === 3)).toEqual({
      r: 3,
      f: 3,
      customers: 0,
      monetary: 0,
      averageMonetary: null,
    });
    expect(grid.cells.reduce((n, c) => n + c.customers, 0)).toBe(3);
  });
});
