// One fact on the timeline in a sentence: what happened, through which channel, when, and the
// details an agent asks about (reason, amount, severity, score…).
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineItem } from '../../api/types';
import { formatDateTime, formatMoney, formatNumber } from '../../format/format';
import { Icon } from '../../ui/Icon';

/** Contacts show their channel; other facts their kind. */
const TYPE_ICONS: Record<string, string> = {
  CustomerRegistered: 'customer',
  CustomerProfileUpdated: 'customer',
  PurchaseRecorded: 'purchase',
  PurchaseReturned: 'return',
  ComplaintOpened: 'complaint',
  ComplaintEscalated: 'escalate',
  ComplaintResolved: 'resolved',
  ComplaintAssigned: 'escalate',
  FeedbackGiven: 'feedback',
  OfferMade: 'offer',
  CampaignTouchDelivered: 'campaign',
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function useDetail(item: TimelineItem): string {
  const { t, i18n } = useTranslation('customer');
  const d = item.data;
  const language = i18n.language;
  switch (item.type) {
    case 'ContactRecorded':
      return [
        t(`directions.${text(d.direction)}`),
        text(d.reason),
        d.outcome ? t(`outcomes.${text(d.outcome)}`) : '',
        typeof d.durationSeconds === 'number'
          ? t('timeline.minutes', { n: formatNumber(d.durationSeconds / 60, language, 1) })
          : '',
      ]
        .filter(Boolean)
        .join(' · ');
    case 'PurchaseRecorded':
    case 'PurchaseReturned':
      return `${formatMoney(Number(d.amount), text(d.currency) || null, language)} · ${text(d.orderId)}`;
    case 'ComplaintOpened':
      return `${t(`severities.${text(d.severity)}`)} · ${text(d.category)} · ${text(d.description)}`;
    case 'ComplaintEscalated':
      return `${t('timeline.level', { level: formatNumber(Number(d.level), language) })} · ${text(d.reason)}`;
    case 'ComplaintResolved':
      return text(d.resolution);
    case 'FeedbackGiven':
      return [`${String(d.kind).toUpperCase()} ${formatNumber(Number(d.score), language)}`, text(d.comment)]
        .filter(Boolean)
        .join(' · ');
    case 'InformationRequested':
      return [text(d.topic), text(d.answer)].filter(Boolean).join(' · ');
    case 'OfferMade':
      return `${text(d.description)} (${text(d.sku)})`;
    case 'CampaignTouchDelivered':
      return text(d.campaignId);
    case 'ConsentGiven':
    case 'ConsentWithdrawn':
      return `${t(`channels.${text(d.channel)}`)} · ${t(`consent.purposes.${text(d.purpose)}`)}`;
    case 'AccountManagerAssigned':
      return text(d.accountManagerId);
    default:
      return '';
  }
}

export const TimelineEntry = memo(function TimelineEntry({ item }: { item: TimelineItem }) {
  const { t, i18n } = useTranslation('customer');
  const detail = useDetail(item);
  const icon =
    item.type === 'ContactRecorded' || item.type === 'InformationRequested'
      ? (item.channel ?? 'other')
      : (TYPE_ICONS[item.type] ?? 'other');
  return (
    <article className="timeline-entry">
      <span className={`timeline-icon icon-${icon}`}>
        <Icon name={icon} />
      </span>
      <div className="timeline-body">
        <h3>
          {t(`events.${item.type}`, { defaultValue: item.type })}
          {item.channel && <span className="muted small"> · {t(`channels.${item.channel}`)}</span>}
        </h3>
        {detail && (
          <p dir="auto" className="timeline-detail">
            {detail}
          </p>
        )}
        <p className="small muted">
          <time dateTime={item.occurredAt}>{formatDateTime(item.occurredAt, i18n.language)}</time>
        </p>
      </div>
    </article>
  );
});
