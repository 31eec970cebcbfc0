// Customers per value of one dimension: bars, and the same counts as a table whose values are
// buttons, so the drill-down works from the keyboard too.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DIMENSIONS, type Dimension } from './analytics-types';
import { ChartFigure } from './ChartFigure';
import { distributionBars, distributionOption, type DistributionBar } from './distribution';
import { EChart } from './EChart';
import { useChartFormat } from './useChartFormat';

const LABEL_GROUP: Record<Dimension, string> = {
  rfmSegment: 'segments',
  valueTier: 'tiers',
  lifecycleStage: 'stages',
  churnRisk: 'risks',
  channelAffinity: 'channels',
};

export function DistributionFigure({
  dimension,
  counts,
  onDrill,
}: {
  dimension: Dimension;
  counts: Record<string, number>;
  onDrill: (filters: Record<string, string>) => void;
}) {
  const { t } = useTranslation('dashboard');
  const { format, rtl } = useChartFormat();
  const { values, filter } = DIMENSIONS[dimension];
  const title = t(`questions.${dimension}`);
  const label = (value: string) => t(`${LABEL_GROUP[dimension]}.${value}`);
  const option = useMemo(
    () => distributionOption(counts, values, { title, rtl, customers: t('customers'), label }, format),
    // Memo keys: label and t change with the language, as format does
    [counts, values, title, rtl, format],
  );
  const drill = (key: string) => onDrill({ [filter]: key });
  return (
    <ChartFigure
      title={title}
      chart={
        <EChart<DistributionBar>
          option={option}
          onPick={(bar) => drill(bar.key)}
          height={Math.max(160, values.length * 28 + 60)}
          testId={`chart-${dimension}`}
        />
      }
      table={
        <table className="data-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t(`dimensions.${dimension}`)}</th>
              <th scope="col">{t('customers')}</th>
              <th scope="col">{t('share')}</th>
            </tr>
          </thead>
          <tbody>
            {distributionBars(counts, values).map((bar) => (
              <tr key={bar.key}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => drill(bar.key)}>
                    {label(bar.key)}
                  </button>
                </th>
                <td>{format.number(bar.value)}</td>
                <td>{format.percent(bar.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
