import { listPath, pageRange, productListView, productPath, productsQuery, withView } from './product-list';

const params = (search: string) => new URLSearchParams(search);

describe('the product list in the URL', () => {
  it('reads sort, category and page, and asks the API for that page', () => {
    const view = productListView(params('sort=quantity&category=tea&page=2'));
    expect(view).toEqual({ sort: 'quantity', category: 'tea', page: 2, pageSize: 25 });
    expect(productsQuery(view)).toEqual({ sort: 'quantity', category: 'tea', limit: 25, offset: 25 });
    expect(productsQuery(productListView(params('pageSize=2&page=3')))).toMatchObject({ limit: 2, offset: 4 });
  });

  it('falls back to the defaults for what the API would refuse', () => {
    expect(productListView(params('sort=name&page=0&pageSize=1001&category=%20'))).toEqual({
      sort: 'revenue',
      category: undefined,
      page: 1,
      pageSize: 25,
    });
    expect(productListView(params('page=1.5&pageSize=-3'))).toMatchObject({ page: 1, pageSize: 25 });
  });

  it('starts again at the first page after a new sort or category, and leaves defaults out', () => {
    const before = params('asOf=2026-11-01&sort=quantity&category=tea&page=3');
    expect(withView(before, { page: 4 }).toString()).toBe('asOf=2026-11-01&sort=quantity&category=tea&page=4');
    expect(withView(before, { sort: 'revenue' }).toString()).toBe('asOf=2026-11-01&category=tea');
    expect(withView(before, { category: undefined }).toString()).toBe('asOf=2026-11-01&sort=quantity');
    expect(withView(before, { category: 'coffee beans' }).toString()).toBe(
      'asOf=2026-11-01&sort=quantity&category=coffee+beans',
    );
    expect(withView(params('pageSize=2'), { page: 2 }).toString()).toBe('page=2&pageSize=2');
  });

  it('says which products of how many are shown, by the answer on screen', () => {
    expect(pageRange({ offset: 10, limit: 10, total: 27 }, 10)).toEqual({ first: 11, last: 20, total: 27, pages: 3 });
    expect(pageRange({ offset: 20, limit: 10, total: 27 }, 7)).toEqual({ first: 21, last: 27, total: 27, pages: 3 });
    expect(pageRange({ offset: 0, limit: 25, total: 0 }, 0)).toEqual({ first: 0, last: 0, total: 0, pages: 1 });
  });

  it('links to one product with its SKU encoded, keeping the list view for the way back', () => {
    const list = params('sort=quantity&page=2');
    expect(productPath('BANK CHARGES', list)).toBe('/product-catalogue/BANK%20CHARGES?sort=quantity&page=2');
    expect(productPath('BOX/2', params(''))).toBe('/product-catalogue/BOX%2F2');
    expect(productPath('چای', params(''))).toBe('/product-catalogue/%DA%86%D8%A7%DB%8C');
    expect(listPath(list)).toBe('/product-catalogue?sort=quantity&page=2');
    expect(listPath(params('sort=revenue'))).toBe('/product-catalogue');
  });
});
