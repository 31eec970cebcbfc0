// The customer-value model for analysts and admins: the fits recorded so far (each an event, so
// every forecast can be traced to the fit it came from), fitting now as of a date (admins), and
// the holdout evaluation against the baselines.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/permissions';
import { formatDate, formatDateTime } from '../../format/format';
import { FIT_MODEL_FORM } from '../../forms/admin-specs';
import { CommandForm } from '../../forms/CommandForm';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import '../dashboard/analytics.css';
import { useChartFormat } from '../dashboard/useChartFormat';
import { EvaluationPanel } from './EvaluationPanel';
import type { FittedModel } from './value-model-types';

const QUERY = ['cv-models'];

export default function ValueModelScreen() {
  const { t, i18n } = useTranslation('valueModel');
  const { format } = useChartFormat();
  const client = useQueryClient();
  const mayFit = useCan('admin');
  const models = useQuery({
    queryKey: QUERY,
    queryFn: ({ signal }) => api.get<{ models: FittedModel[] }>('/analytics/customer-value/models', {}, { signal }),
  });
  // Newest first: the one in force now is at the top.
  const fits = models.data ? [...models.data.models].reverse() : [];
  const n = (value: number) => format.number(value, 4);

  return (
    <section className="page analytics-page" aria-labelledby="value-model-title">
      <header className="page-head">
        <div>
          <h1 id="value-model-title">{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
      </header>
      {mayFit && (
        <section className="panel" aria-labelledby="fit-title">
          <h2 id="fit-title">{t('fit.title')}</h2>
          <p className="muted">{t('fit.explain')}</p>
          <CommandForm<FittedModel>
            spec={FIT_MODEL_FORM}
            onDone={() => void client.invalidateQueries({ queryKey: QUERY })}
          />
        </section>
      )}
      <section className="panel" aria-labelledby="fits-title">
        <h2 id="fits-title">{t('fits.title')}</h2>
        {models.error && <ErrorNotice error={models.error} onRetry={() => void models.refetch()} />}
        {!models.data && !models.error && <Loading />}
        {models.data && fits.length === 0 && <p className="muted">{t('fits.none')}</p>}
        {fits.length > 0 && (
          <div className="table-scroll">
            <table className="data-table" data-testid="fits">
              <thead>
                <tr>
                  <th scope="col">{t('fits.asOf')}</th>
                  <th scope="col">{t('fits.fittedAt')}</th>
                  <th scope="col" className="num">
                    {t('fits.customers')}
                  </th>
                  <th scope="col" className="num">
                    {t('fits.repeatBuyers')}
                  </th>
                  <th scope="col">{t('fits.purchases')}</th>
                  <th scope="col">{t('fits.spend')}</th>
                  <th scope="col">{t('fits.library')}</th>
                </tr>
              </thead>
              <tbody>
                {fits.map((fit) => (
                  <tr key={fit.modelId} data-testid="fit">
                    <th scope="row">{formatDate(fit.asOf, i18n.language)}</th>
                    <td>{formatDateTime(fit.fittedAt, i18n.language)}</td>
                    <td className="num">{format.number(fit.populationSize)}</td>
                    <td className="num">{format.number(fit.repeatBuyers)}</td>
                    <td className="mono small">
                      r {n(fit.bgNbd.r)} · α {n(fit.bgNbd.alpha)} · a {n(fit.bgNbd.a)} · b {n(fit.bgNbd.b)}
                    </td>
                    <td className="mono small">
                      p {n(fit.gammaGamma.p)} · q {n(fit.gammaGamma.q)} · v {n(fit.gammaGamma.v)}
                    </td>
                    <td className="mono small">{fit.libraryVersion}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <EvaluationPanel />
    </section>
  );
}
