import { useEffect, useRef, useState } from 'react';

export interface LeaveGuard {
  /** Where the person tried to go while there were unsaved changes; null when not asking. */
  pending: string | null;
  stay(): void;
  leave(): void;
}

/**
 * Asks before leaving unsaved work: the browser's own prompt on reload or close, and for links
 * inside the app (hash routes) a question the page shows from `pending`.
 */
export function useLeaveGuard(dirty: boolean): LeaveGuard {
  const [pending, setPending] = useState<string | null>(null);
  const isDirty = useRef(dirty);
  isDirty.current = dirty;

  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!isDirty.current) return;
      event.preventDefault();
      // Older Chromium (and so Electron) still wants returnValue set.
      event.returnValue = '';
    };
    const click = (event: MouseEvent) => {
      if (!isDirty.current || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      const link = (event.target as Element | null)?.closest?.('a[href^="#"]');
      const href = link?.getAttribute('href');
      if (!href || href === window.location.hash) return;
      event.preventDefault();
      setPending(href);
    };
    // In Electron a cancelled unload blocks closing and quitting without a word (unless the
    // shell handles will-prevent-unload); there the window outlives its page, and the drafts with it.
    const guardUnload = !window.hub;
    if (guardUnload) window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', click, true);
    return () => {
      if (guardUnload) window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
    };
  }, []);

  return {
    pending,
    stay: () => setPending(null),
    leave: () => {
      const target = pending;
      setPending(null);
      if (target) window.location.hash = target;
    },
  };
}
