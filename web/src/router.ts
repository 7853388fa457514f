import { useEffect, useState } from 'preact/hooks';

/** History routing under /app/: a page is the path after it ('' = the dashboard). */
export const BASE = '/app/';

export function currentPage(): string {
  return location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length).replace(/\/$/, '') : '';
}

export function navigate(page: string): void {
  history.pushState(null, '', BASE + page);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function usePage(): string {
  const [page, setPage] = useState(currentPage());
  useEffect(() => {
    const on = () => setPage(currentPage());
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return page;
}
