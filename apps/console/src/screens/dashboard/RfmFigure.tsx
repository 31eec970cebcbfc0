// The RFM heat map and its table: recency rows × frequency columns, each cell a button that
// drills into its customers.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfmGridAnswer } from './analytics-types';
import { ChartFigure } from './ChartFigure';
import { EChart } from './EChart';
import { rfmHeatmapOption, rfmTableRows, type RfmCellData } from './rfm-heatmap';
import { useChartFormat } from './useChartFormat';

export function RfmFigure({
  grid,
  onDrill,
}: {
  grid: RfmGridAnswer;
  onDrill: (filters: Record<string, number>) => void;
}) {
  const { t } = useTranslation('dashboard');
  const { format, rtl } = useChartFormat();
  const text = {
    title: t('questions.rfm'),
    rtl,
    recency: t('rfm.recency'),
    frequency: t('rfm.frequency'),
    customers: t('customers'),
    averageValue: t('rfm.averageValue'),
    totalValue: t('rfm.totalValue'),
  };
  // Memo keys: the texts follow the language, as format does
  const option = useMemo(() => rfmHeatmapOption(grid, text, format), [grid, format, rtl]);
  return (
    <ChartFigure
      title={text.title}
      chart={
        <>
          <EChart<RfmCellData>
            option={option}
            onPick={(cell) => onDrill({ r: cell.r, f: cell.f })}
            height={360}
            testId="chart-rfm"
          />
          <p className="muted small">
            {t('rfm.prospects', { count: grid.prospects, formatted: format.number(grid.prospects) })}
          </p>
        </>
      }
      table={
        <table className="data-table" data-testid="rfm-table">
          <caption className="visually-hidden">{t('rfm.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rfm.recencyByFrequency')}</th>
              {[1, 2, 3, 4, 5].map((f) => (
                <th key={f} scope="col">
                  {t('rfm.fScore', { score: format.number(f) })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rfmTableRows(grid).map((row) => (
              <tr key={row.r}>
                <th scope="row">{t('rfm.rScore', { score: format.number(row.r) })}</th>
                {row.cells.map((cell) => (
                  <td key={cell.f}>
                    <button
                      type="button"
                      className="link"
                      onClick={() => onDrill({ r: cell.r, f: cell.f })}
                      aria-label={t('rfm.cellLabel', {
                        r: format.number(cell.r),
                        f: format.number(cell.f),
                        customers: format.number(cell.customers),
                        value: cell.averageMonetary === null ? '–' : format.money(cell.averageMonetary),
                      })}
                    >
                      {format.number(cell.customers)}
                    </button>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
