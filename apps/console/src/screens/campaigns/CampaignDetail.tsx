// One campaign behind a clicked bar: its window, budget and channels; contacts after a touch
// and touches per channel; purchases by direct, first- and last-touch attribution.
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format/format';
import { useChartFormat } from '../dashboard/useChartFormat';
import type { ContactChannel } from '../../api/vocabulary';
import type { CampaignAttribution } from './campaign-types';

export function CampaignDetail({ campaign }: { campaign: CampaignAttribution }) {
  const { t } = useTranslation('campaigns');
  const { format, language } = useChartFormat();
  // The answer's channel records are keyed by the vocabulary's channels.
  const channels = (Object.keys(campaign.touchesByChannel) as ContactChannel[]).filter(
    (c) => campaign.touchesByChannel[c] > 0 || (campaign.contactsAfterTouch[c] ?? 0) > 0,
  );
  const money = (amount: number) => format.money(amount, campaign.currency);
  const ratio = (value: number | null) => (value === null ? '–' : format.percent(value));
  return (
    <section className="panel" aria-labelledby="campaign-detail-title" data-testid="campaign-detail">
      <h2 id="campaign-detail-title">{campaign.name ?? campaign.campaignId}</h2>
      <dl className="state-list">
        <dt>{t('window')}</dt>
        <dd>
          {campaign.window
            ? `${formatDate(campaign.window.startsAt, language)} – ${formatDate(campaign.window.endsAt, language)}`
            : '–'}
        </dd>
        <dt>{t('customersTouched')}</dt>
        <dd>{format.number(campaign.customersTouched)}</dd>
        <dt>{t('conversionRate')}</dt>
        <dd>{ratio(campaign.conversionRate)}</dd>
        <dt>{t('costPerAcquisition')}</dt>
        <dd>{campaign.costPerAcquisition === null ? '–' : money(campaign.costPerAcquisition)}</dd>
      </dl>
      <div className="split">
        <table className="data-table">
          <caption>{t('byChannel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('channel')}</th>
              <th scope="col" className="num">
                {t('measures.touches')}
              </th>
              <th scope="col" className="num">
                {t('measures.inboundAfterTouch')}
              </th>
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c}>
                <th scope="row">{t(`channels.${c}`)}</th>
                <td className="num">{format.number(campaign.touchesByChannel[c] ?? 0)}</td>
                <td className="num">{format.number(campaign.contactsAfterTouch[c] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="data-table">
          <caption>{t('attribution')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('model')}</th>
              <th scope="col" className="num">
                {t('measures.purchases')}
              </th>
              <th scope="col" className="num">
                {t('revenue')}
              </th>
              <th scope="col" className="num">
                {t('roi')}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('models.direct')}</th>
              <td className="num">{format.number(campaign.directPurchases.count)}</td>
              <td className="num">{money(campaign.directPurchases.revenue)}</td>
              <td className="num">{ratio(campaign.roi.direct)}</td>
            </tr>
            <tr>
              <th scope="row">{t('models.firstTouch')}</th>
              <td className="num">{format.number(campaign.firstTouch.purchases)}</td>
              <td className="num">{money(campaign.firstTouch.revenue)}</td>
              <td className="num">{ratio(campaign.roi.firstTouch)}</td>
            </tr>
            <tr>
              <th scope="row">{t('models.lastTouch')}</th>
              <td className="num">{format.number(campaign.lastTouch.purchases)}</td>
              <td className="num">{money(campaign.lastTouch.revenue)}</td>
              <td className="num">{ratio(campaign.roi.lastTouch)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
