// The product screen's formatters in the page's language: counts, amounts with two decimals,
// dates, and an average with the number of ratings behind it ("4.5 (2 ratings)"), "—" for none.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format/format';
import { useChartFormat } from '../dashboard/useChartFormat';
import { amountFormat, NONE, orNone } from './product-figures';

export function useProductFormat() {
  const { t } = useTranslation('products');
  const { format, rtl, language } = useChartFormat();
  return useMemo(
    () => ({
      format,
      rtl,
      amount: amountFormat(language),
      date: (instant: string | null) => orNone(instant, (at) => formatDate(at, language)),
      rated: (average: number | null, count: number) =>
        average === null
          ? NONE
          : t('withCount', {
              value: format.number(average, 2),
              count: t('ratings', { count, formatted: format.number(count) }),
            }),
    }),
    // Memo keys: t follows the language, as format does
    [format, rtl, language],
  );
}
