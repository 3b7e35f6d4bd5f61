import { useSyncExternalStore } from 'react';

/**
 * Hash routes (`#/servers/memory`): the desktop window loads the UI from a file, where only the
 * fragment can change without a reload; the browser gets the same URLs.
 */
export type Route =
  | { page: 'servers' }
  /** `item`: the tool, resource or prompt open in the tab (`#/servers/everything/tools/echo`). */
  | { page: 'server'; name: string; tab: string | undefined; item?: string | undefined }
  | { page: 'config' }
  | { page: 'events' }
  | { page: 'marketplace' }
  | { page: 'connect' }
  | { page: 'profiles' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'servers':
      return parts[1] ? { page: 'server', name: parts[1], tab: parts[2], item: parts[3] } : { page: 'servers' };
    case 'config':
    case 'events':
    case 'marketplace':
    case 'connect':
    case 'profiles':
      return { page: parts[0] };
    default:
      return { page: 'servers' };
  }
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'server':
      return `#/servers/${encodeURIComponent(route.name)}${route.tab ? `/${encodeURIComponent(route.tab)}` : ''}${route.tab && route.item ? `/${encodeURIComponent(route.item)}` : ''}`;
    default:
      return `#/${route.page}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
