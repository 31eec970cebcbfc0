// KPIs against targets: each target's actual, target and progress bar, and one KPI month by
// month with its target line (the KPI chosen in a select, kept in the URL as ?kpi=); a click on
// a month lists the customers active in it (purchases, contacts, complaints, feedback).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatDate } from '../../format/format';
import type { KpiMonth, KpiReport, KpiTrendAnswer } from './analytics-types';
import { ChartFigure } from './ChartFigure';
import { EChart } from './EChart';
import { formatKpi, kpiTrendOption, MONTHLY_KPIS, progressPercent, type MonthlyKpi } from './kpi-trend';
import { useChartFormat } from './useChartFormat';

export function KpiTargets({ report }: { report: KpiReport }) {
  const { t } = useTranslation('dashboard');
  const { format, language } = useChartFormat();
  return (
    <section className="panel" aria-labelledby="kpi-title">
      <h2 id="kpi-title">{t('questions.kpis')}</h2>
      {report.targets.length === 0 && <p className="muted">{t('kpi.noTargets')}</p>}
      <ul className="kpi-list">
        {report.targets.map((target) => {
          const percent = progressPercent(target);
          const id = `kpi-${target.kpi}-${target.by}`;
          return (
            <li key={id} className="kpi">
              <span id={id} className="kpi-name">
                {t(`kpis.${target.kpi}`)}{' '}
                <span className="muted small">
                  {t('kpi.by', {
                    date: formatDate(target.by.length === 10 ? `${target.by}T12:00:00Z` : target.by, language),
                  })}
                </span>
              </span>
              <span className="kpi-figures">
                {target.actual === null ? t('kpi.notMeasured') : formatKpi(target.kpi, target.actual, format)}
                {' / '}
                {formatKpi(target.kpi, target.target, format)}
                {target.achieved && <span className="badge badge-ok"> {t('kpi.achieved')}</span>}
              </span>
              <progress
                aria-labelledby={id}
                max={100}
                value={percent ?? 0}
                aria-valuetext={percent === null ? t('kpi.notMeasured') : format.percent(percent / 100)}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function KpiTrendFigure({
  trend,
  onDrillMonth,
}: {
  trend: KpiTrendAnswer;
  onDrillMonth: (month: string) => void;
}) {
  const { t } = useTranslation('dashboard');
  const { format, rtl } = useChartFormat();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('kpi') ?? 'sla_compliance';
  const kpi: MonthlyKpi = wanted in MONTHLY_KPIS ? (wanted as MonthlyKpi) : 'sla_compliance';
  const target = trend.targets.find((x) => x.kpi === kpi)?.target ?? null;
  const title = t('questions.kpiTrend', { kpi: t(`kpis.${kpi}`) });
  const option = useMemo(
    () =>
      kpiTrendOption(
        trend.months,
        kpi,
        target,
        { title, rtl, kpiLabel: t(`kpis.${kpi}`), target: t('kpi.target') },
        format,
      ),
    // Memo keys: t follows the language, as format does
    [trend, kpi, target, title, rtl, format],
  );
  const choose = (value: string) => {
    const next = new URLSearchParams(params);
    next.set('kpi', value);
    setParams(next, { replace: true });
  };
  const field = MONTHLY_KPIS[kpi];
  const shown = (m: KpiMonth) => {
    const value = m[field] as number | null;
    return value === null ? '–' : formatKpi(kpi, value, format);
  };
  return (
    <ChartFigure
      title={title}
      chart={
        <>
          <label className="inline-field">
            {t('kpi.choose')}{' '}
            <select value={kpi} onChange={(e) => choose(e.target.value)}>
              {Object.keys(MONTHLY_KPIS).map((name) => (
                <option key={name} value={name}>
                  {t(`kpis.${name}`)}
                </option>
              ))}
            </select>
          </label>
          <EChart<{ month: string }> option={option} onPick={(point) => onDrillMonth(point.month)} testId="chart-kpi" />
        </>
      }
      table={
        <table className="data-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('month')}</th>
              <th scope="col">{t(`kpis.${kpi}`)}</th>
            </tr>
          </thead>
          <tbody>
            {trend.months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{format.month(m.month)}</th>
                <td>{shown(m)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
