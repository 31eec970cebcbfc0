// The chart formatters and text direction of the page's current language.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isRtl } from '../../i18n';
import { chartFormat } from './chart-format';

export function useChartFormat() {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => ({ format: chartFormat(language), rtl: isRtl(language), language }), [language]);
}
