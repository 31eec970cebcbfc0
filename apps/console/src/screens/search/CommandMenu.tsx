// Ctrl/⌘+K anywhere: a modal search box. Escape or a click outside closes it; picking a
// customer opens their page.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CustomerSearch } from './CustomerSearch';

export default function CommandMenu({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('search');
  const dialog = useRef<HTMLDialogElement>(null);
  // The latest onClose without re-running the effect: closing and reopening the dialog on every
  // render of the shell would fire a stray 'close'.
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    // The 'close' event comes a task after Escape: a Ctrl/⌘+K pressed in between opens the same
    // dialog again (below), and the late event must not then unmount it.
    const closed = () => {
      if (!element.open) onCloseRef.current();
    };
    const reopen = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k' && !element.open) element.showModal();
    };
    element.addEventListener('close', closed);
    window.addEventListener('keydown', reopen);
    return () => {
      element.removeEventListener('close', closed);
      window.removeEventListener('keydown', reopen);
    };
  }, []);

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
