// Ctrl/⌘+K anywhere: a modal search box. Escape or a click outside closes it; picking a
// customer opens their page.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CustomerSearch } from './CustomerSearch';

export default function CommandMenu({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('search');
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    element.showModal();
    const closed = () => onClose();
    element.addEventListener('close', closed);
    return () => {
      element.removeEventListener('close', closed);
      if (element.open) element.close();
    };
  }, [onClose]);

  return (
    <dialog
      ref={dialog}
      className="command-menu"
      aria-label={t('menuTitle')}
      onClick={(event) => {
        if (event.target === dialog.current) dialog.current?.close();
      }}
    >
      <CustomerSearch onPicked={() => dialog.current?.close()} />
      <p className="muted small">{t('menuHint')}</p>
    </dialog>
  );
}
