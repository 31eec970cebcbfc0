// The holdout evaluation: fit on purchases up to the calibration end, forecast each customer's
// spend up to the holdout end, and score it against what they spent — the fitted model beside
// the baselines (past spend, the lifecycle heuristic), as a figure and as a table.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';
import { FormField } from '../../forms/FormField';
import type { FieldSpec } from '../../forms/spec';
import { dayOf, validateField } from '../../forms/validate';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import { ChartFigure } from '../dashboard/ChartFigure';
import { EChart } from '../dashboard/EChart';
import { useChartFormat } from '../dashboard/useChartFormat';
import { evaluationOption } from './evaluation-chart';
import { FORECASTS, type Evaluation } from './value-model-types';

const FIELDS: FieldSpec[] = [
  { name: 'calibrationEnd', kind: 'date', required: true },
  { name: 'holdoutEnd', kind: 'date', required: true },
];

export function EvaluationPanel() {
  const { t } = useTranslation('valueModel');
  const { t: tf } = useTranslation('forms');
  const { format, rtl } = useChartFormat();
  const [values, setValues] = useState<Record<string, string>>({ calibrationEnd: '', holdoutEnd: '' });
  const [asked, setAsked] = useState<{ calibrationEnd: string; holdoutEnd: string } | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const evaluation = useQuery({
    queryKey: ['cv-evaluation', asked],
    queryFn: ({ signal }) => api.get<Evaluation>('/analytics/customer-value/evaluation', asked ?? {}, { signal }),
    enabled: asked !== null,
    staleTime: Infinity,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const field of FIELDS) {
      const problem = validateField(field, values[field.name]);
      if (problem) found[field.name] = tf(problem.key, problem.values ?? {});
    }
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    const next = { calibrationEnd: dayOf(values.calibrationEnd) ?? '', holdoutEnd: dayOf(values.holdoutEnd) ?? '' };
    // The same dates again (after a refusal, say): ask again rather than show the cached answer.
    if (asked && asked.calibrationEnd === next.calibrationEnd && asked.holdoutEnd === next.holdoutEnd) {
      void evaluation.refetch();
    } else setAsked(next);
  };
  // The API's words on the field it names (holdoutEnd before calibrationEnd, too few buyers).
  const refused = evaluation.error instanceof ApiError ? evaluation.error : null;
  const problem = (name: string) => local[name] || refused?.problemFor(name);
  const data = evaluation.data;
  const text = useMemo(
    () => ({
      title: t('evaluation.chartTitle'),
      rtl,
      forecast: Object.fromEntries(FORECASTS.map((f) => [f, t(`forecasts.${f}`)])) as Record<
        (typeof FORECASTS)[number],
        string
      >,
      predicted: t('evaluation.predicted'),
      actual: t('evaluation.actual'),
      error: t('evaluation.totalError'),
    }),
    [t, rtl],
  );
  const option = useMemo(() => (data ? evaluationOption(data, text, format) : null), [data, text, format]);

  return (
    <section className="panel" aria-labelledby="evaluation-title">
      <h2 id="evaluation-title">{t('evaluation.title')}</h2>
      <p className="muted">{t('evaluation.explain')}</p>
      <form onSubmit={submit} noValidate aria-label={t('evaluation.title')}>
        <div className="form-row">
          {FIELDS.map((field) => (
            <FormField
              key={field.name}
              id={`evaluation-${field.name}`}
              field={field}
              label={t(`evaluation.${field.name}`)}
              value={values[field.name]}
              error={problem(field.name)}
              onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
            />
          ))}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={evaluation.isFetching}>
            {evaluation.isFetching ? t('evaluation.running') : t('evaluation.run')}
          </button>
        </div>
      </form>
      {evaluation.isFetching && <Loading />}
      {evaluation.error && !(refused && (refused.problemFor('calibrationEnd') || refused.problemFor('holdoutEnd'))) && (
        <ErrorNotice error={evaluation.error} />
      )}
      {data && option && (
        <>
          <p data-testid="evaluation-summary">
            {t('evaluation.summary', {
              customers: format.number(data.customers),
              weeks: format.number(data.holdoutWeeks, 1),
              actual: format.number(data.purchases.actual),
              predicted: format.number(data.purchases.predicted, 1),
            })}
          </p>
          <ChartFigure
            title={t('evaluation.chartTitle')}
            chart={<EChart option={option} testId="evaluation-chart" />}
          />
          <div className="table-scroll">
            <table className="data-table" data-testid="evaluation-scores">
              <caption className="visually-hidden">{t('evaluation.tableTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('evaluation.forecast')}</th>
                  {(['spearman', 'topDecile', 'mae', 'rmse', 'predicted', 'actual', 'totalError'] as const).map(
                    (column) => (
                      <th key={column} scope="col" className="num">
                        {t(`evaluation.${column}`)}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody>
                {FORECASTS.map((forecast) => {
                  const score = data.scores[forecast];
                  return (
                    <tr key={forecast} data-testid={`score-${forecast}`}>
                      <th scope="row">{t(`forecasts.${forecast}`)}</th>
                      <td className="num">{format.number(score.spearman, 3)}</td>
                      <td className="num">{format.percent(score.topDecileCapture)}</td>
                      <td className="num">{format.number(score.meanAbsoluteError, 2)}</td>
                      <td className="num">{format.number(score.rootMeanSquaredError, 2)}</td>
                      <td className="num">{format.number(score.predictedTotal)}</td>
                      <td className="num">{format.number(score.actualTotal)}</td>
                      <td className="num">{format.percent(score.totalError)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
