// One segment over the twelve months up to the page's date: a segment picker, the chart, and
// the same figures as a table. A click on a month lists the segment's customers as of asOf.
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import { DIMENSIONS, type SegmentHistoryAnswer } from './analytics-types';
import { ChartFigure } from './ChartFigure';
import { EChart } from './EChart';
import { pointMonth, segmentHistoryOption } from './segment-history';
import { useChartFormat } from './useChartFormat';

export function SegmentHistoryFigure({
  asOf,
  onDrill,
}: {
  asOf: string | undefined;
  onDrill: (filters: Record<string, string>) => void;
}) {
  const { t } = useTranslation('dashboard');
  const { format, rtl } = useChartFormat();
  const [segment, setSegment] = useState<string>('at_risk');
  const pickerId = useId();
  const history = useQuery({
    queryKey: ['/segments/history', segment, asOf],
    queryFn: ({ signal }) =>
      api.get<SegmentHistoryAnswer>(`/segments/${segment}/history`, { to: asOf, step: 'month' }, { signal }),
  });
  const title = t('questions.segmentHistory', { segment: t(`segments.${segment}`) });
  const option = useMemo(
    () =>
      history.data
        ? segmentHistoryOption(
            history.data.points,
            { title, rtl, members: t('history.members'), entered: t('history.entered'), exited: t('history.exited') },
            format,
          )
        : null,
    // Memo keys: t follows the language, as format does
    [history.data, title, rtl, format],
  );
  const drill = () => onDrill({ [DIMENSIONS.rfmSegment.filter]: segment });
  const picker = (
    <label className="segment-history-picker" htmlFor={pickerId}>
      {t('dimensions.rfmSegment')}{' '}
      <select id={pickerId} value={segment} onChange={(event) => setSegment(event.target.value)}>
        {DIMENSIONS.rfmSegment.values.map((value) => (
          <option key={value} value={value}>
            {t(`segments.${value}`)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <ChartFigure
      title={title}
      chart={
        <>
          {picker}
          {history.error && <ErrorNotice error={history.error} />}
          {option ? (
            <EChart option={option} onPick={drill} testId="chart-segment-history" />
          ) : (
            !history.error && <Loading />
          )}
        </>
      }
      table={
        history.data && (
          <table className="data-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('month')}</th>
                <th scope="col">{t('history.members')}</th>
                <th scope="col">{t('history.entered')}</th>
                <th scope="col">{t('history.exited')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.points.map((point) => (
                <tr key={point.at}>
                  <th scope="row">{format.month(pointMonth(point))}</th>
                  <td>{format.number(point.members)}</td>
                  <td>{format.number(point.entered)}</td>
                  <td>{format.number(point.exited)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    />
  );
}
