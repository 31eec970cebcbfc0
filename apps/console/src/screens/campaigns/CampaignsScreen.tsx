// Campaigns side by side as of a date: touches, inbound contacts after a touch, customers
// converted, purchases, revenue and ROI (last-touch attribution) as grouped bars and a table.
// A click on a campaign opens its channel breakdown and the customers it reached below.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/permissions';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import '../dashboard/analytics.css';
import { AsOfPicker, useAsOf } from '../dashboard/AsOfPicker';
import { ChartFigure } from '../dashboard/ChartFigure';
import { CustomerDrill } from '../dashboard/CustomerDrill';
import { withDrill } from '../dashboard/drill';
import { EChart } from '../dashboard/EChart';
import { useChartFormat } from '../dashboard/useChartFormat';
import {
  CAMPAIGN_MEASURES,
  campaignOption,
  campaignRows,
  type CampaignMeasure,
  type CampaignRow,
} from './campaign-chart';
import type { CampaignsAnswer } from './campaign-types';
import { CampaignDetail } from './CampaignDetail';
import { LaunchCampaign } from './LaunchCampaign';

export default function CampaignsScreen() {
  const { t } = useTranslation('campaigns');
  const { format, rtl } = useChartFormat();
  const asOf = useAsOf();
  const [params, setParams] = useSearchParams();
  const mayLaunch = useCan('write');
  // A campaign just launched: read again until the list has it.
  const [launched, setLaunched] = useState<string | null>(null);
  const answer = useQuery({
    queryKey: ['campaigns', asOf],
    queryFn: ({ signal }) => api.get<CampaignsAnswer>('/campaigns', { asOf }, { signal }),
    refetchInterval: (query) =>
      launched && !query.state.data?.campaigns.some((c) => c.campaignId === launched) ? 250 : false,
  });
  const rows = useMemo(() => campaignRows(answer.data?.campaigns ?? []), [answer.data]);
  const title = t('question');
  const option = useMemo(
    () =>
      campaignOption(
        rows,
        { title, rtl, measure: (m: CampaignMeasure) => t(`measures.${m}`), revenue: t('revenue'), roi: t('roi') },
        format,
      ),
    // Memo keys: t follows the language, as format does
    [rows, title, rtl, format],
  );
  const selected = params.get('campaign');
  // A campaign's bar or row: its channels and models, and the customers it reached.
  const select = (campaignId: string) => {
    const next = withDrill(params, { campaign: campaignId });
    next.set('campaign', campaignId);
    setParams(next);
  };
  const detail = answer.data?.campaigns.find((c) => c.campaignId === selected);
  const roi = (row: CampaignRow) => (row.roi === null ? '–' : format.percent(row.roi));

  return (
    <section className="page analytics-page" aria-labelledby="campaigns-title">
      <header className="page-head">
        <div>
          <h1 id="campaigns-title">{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
        <AsOfPicker />
      </header>
      {mayLaunch && (
        <LaunchCampaign
          onLaunched={(campaignId) => {
            setLaunched(campaignId);
            void answer.refetch();
          }}
        />
      )}
      {answer.error && <ErrorNotice error={answer.error} />}
      {!answer.data && !answer.error && <Loading />}
      {answer.data && rows.length === 0 && <p className="notice">{t('none')}</p>}
      {rows.length > 0 && (
        <ChartFigure
          title={title}
          chart={
            <EChart<{ row: CampaignRow }>
              option={option}
              onPick={(bar) => select(bar.row.campaignId)}
              height={380}
              testId="chart-campaigns"
            />
          }
        />
      )}
      {rows.length > 0 && (
        <section className="panel" aria-labelledby="campaign-table-title">
          <h2 id="campaign-table-title">{t('tableTitle')}</h2>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('campaign')}</th>
                  {CAMPAIGN_MEASURES.map((m) => (
                    <th key={m} scope="col" className="num">
                      {t(`measures.${m}`)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('revenue')}
                  </th>
                  <th scope="col" className="num">
                    {t('budget')}
                  </th>
                  <th scope="col" className="num">
                    {t('roi')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.campaignId} aria-current={row.campaignId === selected ? 'true' : undefined}>
                    <th scope="row">
                      <button type="button" className="link" onClick={() => select(row.campaignId)}>
                        {row.name}
                      </button>
                    </th>
                    {CAMPAIGN_MEASURES.map((m) => (
                      <td key={m} className="num">
                        {format.number(row[m])}
                      </td>
                    ))}
                    <td className="num">{format.money(row.revenue, row.currency)}</td>
                    <td className="num">{row.budget === null ? '–' : format.money(row.budget, row.currency)}</td>
                    <td className="num">{roi(row)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {detail && <CampaignDetail campaign={detail} />}
      {params.get('drill') === '1' && <CustomerDrill asOf={asOf} />}
    </section>
  );
}
