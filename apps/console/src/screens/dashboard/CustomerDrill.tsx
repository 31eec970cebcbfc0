// The customers behind a clicked mark: GET /customers with the drill's filters, paged and
// sortable on the server, each customer linked to their 360 and lifecycle, CSV of all pages.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { formatDate } from '../../format/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import type { CustomerPage, CustomerScore } from './analytics-types';
import { customersCsv, drillFilters, listQuery, SORT_FIELDS, withoutDrill, type SortField } from './drill';
import { useChartFormat } from './useChartFormat';

/** The label group of each drill filter's values. */
const FILTER_LABELS: Record<string, string> = {
  segment: 'segments',
  valueTier: 'tiers',
  lifecycleStage: 'stages',
  churnRisk: 'risks',
  channel: 'channels',
};

const COLUMNS: { key: SortField | 'rfmSegment' | 'lifecycleStage' | 'churnRisk'; sortable: boolean }[] = [
  { key: 'customerId', sortable: true },
  { key: 'rfm', sortable: true },
  { key: 'rfmSegment', sortable: false },
  { key: 'recencyDays', sortable: true },
  { key: 'frequency', sortable: true },
  { key: 'monetary', sortable: true },
  { key: 'lifecycleStage', sortable: false },
  { key: 'churnRisk', sortable: false },
  { key: 'churnScore', sortable: true },
];

export function CustomerDrill({ asOf }: { asOf: string | undefined }) {
  const { t } = useTranslation('dashboard');
  const { format, language } = useChartFormat();
  const [params, setParams] = useSearchParams();
  const [downloading, setDownloading] = useState(false);
  const query = listQuery(params, asOf);
  const list = useQuery({
    queryKey: ['customers', query],
    queryFn: ({ signal }) => api.get<CustomerPage>('/customers', query, { signal }),
    placeholderData: keepPreviousData,
  });

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) next.set(name, value);
    setParams(next);
  };
  const sortBy = (field: SortField) =>
    set({ sort: field, order: query.sort === field && query.order === 'desc' ? 'asc' : 'desc', page: '1' });

  const download = async () => {
    setDownloading(true);
    try {
      const items: CustomerScore[] = [];
      for (let page = 1; ; page++) {
        const answer = await api.get<CustomerPage>('/customers', { ...query, page, pageSize: 1000 });
        items.push(...answer.items);
        if (items.length >= answer.total || answer.items.length === 0) break;
      }
      const url = URL.createObjectURL(new Blob([customersCsv(items)], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `customers-${Object.values(drillFilters(params)).join('-') || 'all'}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } finally {
      setDownloading(false);
    }
  };

  const filters = drillFilters(params);
  const filterValue = (name: string, value: string): string => {
    if (name === 'asOf') return formatDate(value, language);
    if (name === 'r' || name === 'f') return format.number(Number(value));
    if (name === 'purchasedIn' || name === 'activeIn') return format.month(value);
    const group = FILTER_LABELS[name];
    return group ? t(`${group}.${value}`) : value;
  };
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const cell = (c: CustomerScore, key: (typeof COLUMNS)[number]['key']) => {
    switch (key) {
      case 'customerId':
        return <Link to={`/customer/${encodeURIComponent(c.customerId)}`}>{c.customerId}</Link>;
      case 'rfm':
        return c.rfm === null ? '–' : [...c.rfm].map((d) => format.number(Number(d))).join('');
      case 'rfmSegment':
        return t(`segments.${c.rfmSegment}`);
      case 'lifecycleStage':
        return t(`stages.${c.lifecycleStage}`);
      case 'churnRisk':
        return t(`risks.${c.churnRisk}`);
      case 'monetary':
        return format.money(c.monetary);
      case 'churnScore':
        return format.percent(c.churnScore);
      default: {
        const value = c[key];
        return value === null ? '–' : format.number(value);
      }
    }
  };

  return (
    <section className="panel drill" aria-labelledby="drill-title">
      <div className="drill-head">
        <h2 id="drill-title">
          {t('drill.title')}{' '}
          <span className="muted">
            {Object.entries(filters)
              .map(
                ([name, value]) => `${t(`drill.filter.${name}`, { defaultValue: name })}: ${filterValue(name, value)}`,
              )
              .join(' · ')}
          </span>
        </h2>
        <div className="drill-actions">
          <button type="button" onClick={() => void download()} disabled={downloading || !list.data?.total}>
            {downloading ? t('drill.downloading') : t('drill.csv')}
          </button>
          <button type="button" className="ghost" onClick={() => setParams(withoutDrill(params))}>
            {t('drill.close')}
          </button>
        </div>
      </div>
      {list.error && <ErrorNotice error={list.error} />}
      {list.data && (
        <>
          <p className="muted" aria-live="polite" data-testid="drill-total">
            {t('drill.total', { count: list.data.total, formatted: format.number(list.data.total) })}
          </p>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  {COLUMNS.map((column) => {
                    const sorted = query.sort === column.key;
                    return (
                      <th
                        key={column.key}
                        scope="col"
                        aria-sort={sorted ? (query.order === 'asc' ? 'ascending' : 'descending') : undefined}
                      >
                        {column.sortable && (SORT_FIELDS as readonly string[]).includes(column.key) ? (
                          <button type="button" className="sort" onClick={() => sortBy(column.key as SortField)}>
                            {t(`drill.columns.${column.key}`)}
                            {sorted ? (query.order === 'asc' ? ' ▲' : ' ▼') : ''}
                          </button>
                        ) : (
                          t(`drill.columns.${column.key}`)
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((c) => (
                  <tr key={c.customerId}>
                    {COLUMNS.map((column) => (
                      <td key={column.key}>{cell(c, column.key)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t('drill.pages')}>
            <button type="button" disabled={query.page <= 1} onClick={() => set({ page: String(query.page - 1) })}>
              {t('drill.previous')}
            </button>
            <span>{t('drill.page', { page: format.number(query.page), pages: format.number(pages) })}</span>
            <button type="button" disabled={query.page >= pages} onClick={() => set({ page: String(query.page + 1) })}>
              {t('drill.next')}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
