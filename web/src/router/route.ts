// The console's pages as hash routes (#/messages/ID): parsing and links, no router library.

export type Route =
  | { page: 'dashboard' }
  | { page: 'send' }
  | { page: 'messages' }
  | { page: 'message'; id: string }
  | { page: 'connectors' }
  | { page: 'campaigns' }
  | { page: 'campaign-new' }
  | { page: 'campaign'; id: string }
  | { page: 'users' }
  | { page: 'api-keys' }
  | { page: 'audit' }
  | { page: 'signatures' }
  | { page: 'templates' }
  | { page: 'phrases' }
  | { page: 'review' }
  | { page: 'contacts' }
  | { page: 'billing' }
  | { page: 'statistics' }
  | { page: 'received' }
  | { page: 'compliance' }
  | { page: 'consents' }
  | { page: 'sensitive-words' }
  | { page: 'blacklist' }
  | { page: 'numbers' }
  | { page: 'backup' }
  | { page: 'not-found' };

export type PageName = Route['page'];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (parts.length === 0 || (first === 'dashboard' && parts.length === 1)) return { page: 'dashboard' };
  if (first === 'send' && parts.length === 1) return { page: 'send' };
  if (first === 'connectors' && parts.length === 1) return { page: 'connectors' };
  if ((first === 'signatures' || first === 'templates' || first === 'phrases' || first === 'review') && parts.length === 1) return { page: first };
  if (first === 'contacts' && parts.length === 1) return { page: 'contacts' };
  if (first === 'billing' && parts.length === 1) return { page: 'billing' };
  if (first === 'compliance' && parts.length === 1) return { page: 'compliance' };
  if (first === 'consents' && parts.length === 1) return { page: 'consents' };
  if ((first === 'sensitive-words' || first === 'blacklist' || first === 'numbers' || first === 'backup') && parts.length === 1) return { page: first };
  if (first === 'messages' && parts.length === 1) return { page: 'messages' };
  if (first === 'campaigns' && parts.length === 1) return { page: 'campaigns' };
  if (first === 'campaigns' && second === 'new' && parts.length === 2) return { page: 'campaign-new' };
  if (first === 'campaigns' && second !== undefined && parts.length === 2) return { page: 'campaign', id: second };
  if ((first === 'users' || first === 'api-keys' || first === 'audit') && parts.length === 1) return { page: first };
  if (first === 'statistics' && parts.length === 1) return { page: 'statistics' };
  if (first === 'received' && parts.length === 1) return { page: 'received' };
  if (first === 'messages' && second !== undefined && parts.length === 2) return { page: 'message', id: second };
  return { page: 'not-found' };
}

export function hrefOf(route: Route): string {
  if (route.page === 'message') return `#/messages/${encodeURIComponent(route.id)}`;
  if (route.page === 'campaign') return `#/campaigns/${encodeURIComponent(route.id)}`;
  if (route.page === 'campaign-new') return '#/campaigns/new';
  return `#/${route.page}`;
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}
