// The analyst's dashboard: the shape of the customer base as of a date (RFM heat map, segments,
// value tiers, lifecycle stages, churn risk, channel affinity), KPIs against targets, revenue
// by month, one segment's last twelve months; every mark drills into the customers behind it.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import './analytics.css';
import type { Dimension, KpiReport, KpiTrendAnswer, RfmGridAnswer, SegmentsAnswer } from './analytics-types';
import { AsOfPicker, useAsOf } from './AsOfPicker';
import { CustomerDrill } from './CustomerDrill';
import { DistributionFigure } from './DistributionFigure';
import { withDrill } from './drill';
import { KpiTargets, KpiTrendFigure } from './KpiPanel';
import { lastYearWithSales } from './quiet-period';
import { QuietPeriodNotice } from './QuietPeriodNotice';
import { RevenueFigure } from './RevenueFigure';
import { RfmFigure } from './RfmFigure';
import { SegmentHistoryFigure } from './SegmentHistoryFigure';
import { useChartFormat } from './useChartFormat';

const DISTRIBUTIONS: Dimension[] = ['rfmSegment', 'valueTier', 'lifecycleStage', 'churnRisk', 'channelAffinity'];

export default function DashboardScreen() {
  const { t } = useTranslation('dashboard');
  const asOf = useAsOf();
  const { format } = useChartFormat();
  const [params, setParams] = useSearchParams();
  const get = <T,>(path: string, query: Record<string, string | number | undefined> = {}) => ({
    queryKey: [path, asOf, query],
    queryFn: ({ signal }: { signal: AbortSignal }) => api.get<T>(path, { asOf, ...query }, { signal }),
  });
  const grid = useQuery(get<RfmGridAnswer>('/segments/rfm-grid'));
  const segments = useQuery(get<SegmentsAnswer>('/segments'));
  const kpis = useQuery(get<KpiReport>('/kpis'));
  const trend = useQuery(get<KpiTrendAnswer>('/kpis/monthly', { months: 12 }));

  const drill = (filters: Record<string, string | number>) => {
    setParams(withDrill(params, filters));
    // The list opens above the charts, maybe out of view: take the reader there.
    requestAnimationFrame(() => document.getElementById('drill-title')?.scrollIntoView({ block: 'start' }));
  };
  const buyersIn = (month: string) => drill({ purchasedIn: month });
  const activeIn = (month: string) => drill({ activeIn: month });
  const error = grid.error ?? segments.error ?? kpis.error ?? trend.error;
  const lastYearSold = kpis.data && trend.data ? lastYearWithSales(kpis.data, trend.data) : undefined;

  return (
    <section className="page analytics-page" aria-labelledby="dashboard-title">
      <header className="page-head">
        <div>
          <h1 id="dashboard-title">{t('title')}</h1>
          <p className="muted">
            {segments.data
              ? t('intro', { count: segments.data.customers, formatted: format.number(segments.data.customers) })
              : t('introLoading')}
          </p>
        </div>
        <AsOfPicker />
      </header>
      {error && <ErrorNotice error={error} />}
      {lastYearSold && <QuietPeriodNotice year={lastYearSold} />}
      {params.get('drill') === '1' && <CustomerDrill asOf={asOf} />}
      <div className="chart-grid">
        {grid.data ? <RfmFigure grid={grid.data} onDrill={drill} /> : !error && <Loading />}
        {kpis.data && <KpiTargets report={kpis.data} />}
        {trend.data && <RevenueFigure trend={trend.data} onDrillMonth={buyersIn} />}
        {trend.data && <KpiTrendFigure trend={trend.data} onDrillMonth={activeIn} />}
        <SegmentHistoryFigure asOf={asOf} onDrill={drill} />
        {segments.data &&
          DISTRIBUTIONS.map((dimension) => (
            <DistributionFigure
              key={dimension}
              dimension={dimension}
              counts={segments.data.counts[dimension]}
              onDrill={drill}
            />
          ))}
      </div>
    </section>
  );
}
