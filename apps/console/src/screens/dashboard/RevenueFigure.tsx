// Revenue by month; a click on a month lists the customers who bought in it.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiTrendAnswer } from './analytics-types';
import { ChartFigure } from './ChartFigure';
import { EChart } from './EChart';
import { revenueOption } from './revenue';
import { useChartFormat } from './useChartFormat';

export function RevenueFigure({
  trend,
  onDrillMonth,
}: {
  trend: KpiTrendAnswer;
  onDrillMonth: (month: string) => void;
}) {
  const { t } = useTranslation('dashboard');
  const { format, rtl } = useChartFormat();
  const title = t('questions.revenue');
  const option = useMemo(
    () => revenueOption(trend.months, { title, rtl, revenue: t('revenue'), contacts: t('contacts') }, format),
    // Memo keys: t follows the language, as format does
    [trend, title, rtl, format],
  );
  return (
    <ChartFigure
      title={title}
      chart={
        <EChart<{ month: string }> option={option} onPick={(bar) => onDrillMonth(bar.month)} testId="chart-revenue" />
      }
      table={
        <table className="data-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('month')}</th>
              <th scope="col">{t('revenue')}</th>
              <th scope="col">{t('contacts')}</th>
            </tr>
          </thead>
          <tbody>
            {trend.months.map((m) => (
              <tr key={m.month}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => onDrillMonth(m.month)}>
                    {format.month(m.month)}
                  </button>
                </th>
                <td>{format.money(m.revenue)}</td>
                <td>{format.number(m.contacts)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
