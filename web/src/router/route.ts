// The console's pages as hash routes (#/messages/ID): parsing and links, no router library.

export type Route =
  | { page: 'dashboard' }
  | { page: 'send' }
  | { page: 'messages' }
  | { page: 'message'; id: string }
  | { page: 'connectors' }
  | { page: 'compliance' }
  | { page: 'consents' }
  | { page: 'not-found' };

export type PageName = Route['page'];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (parts.length === 0 || (first === 'dashboard' && parts.length === 1)) return { page: 'dashboard' };
  if (first === 'send' && parts.length === 1) return { page: 'send' };
  if (first === 'connectors' && parts.length === 1) return { page: 'connectors' };
  if (first === 'compliance' && parts.length === 1) return { page: 'compliance' };
  if (first === 'consents' && parts.length === 1) return { page: 'consents' };
  if (first === 'messages' && parts.length === 1) return { page: 'messages' };
  if (first === 'messages' && second !== undefined && parts.length === 2) return { page: 'message', id: second };
  return { page: 'not-found' };
}

export function hrefOf(route: Route): string {
  return route.page === 'message' ? `#/messages/${encodeURIComponent(route.id)}` : `#/${route.page}`;
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}
