import { useEffect } from 'react';

/** Each page has its own title, first in the tab and in screen readers' announcement of the page. */
export function usePageTitle(pageTitle: string): void {
  useEffect(() => {
    document.title = pageTitle === 'Gradins' ? pageTitle : `${pageTitle} — Gradins`;
  }, [pageTitle]);
}
