// Address-book calls of the console: JSON through api(), the file upload and the downloads with the token.
import { api, ApiError, tokenStore, type Query } from '../../api/client.ts';
import type { Contact, ContactGroup, ContactImportJob } from '../../api/types.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Calls scoped to one account: an admin names it, an account user's own is implied (undefined). */
export function contactsApi(accountId: string | undefined) {
  const q = (query: Query = {}): Query => ({ ...query, accountId });
  return {
    list: (query: Query) => api<Page<Contact>>('/v1/contacts', { query: q(query) }),
    create: (body: Partial<Contact>) => api<Contact>('/v1/contacts', { method: 'POST', body, query: q() }),
    update: (id: string, body: Partial<Contact>) => api<Contact>(`/v1/contacts/${id}`, { method: 'PATCH', body, query: q() }),
    remove: (id: string) => api<unknown>(`/v1/contacts/${id}`, { method: 'DELETE', query: q() }),
    groups: () => api<{ items: ContactGroup[] }>('/v1/contact-groups', { query: q() }),
    createGroup: (body: { name: string; filter?: ContactGroup['filter'] }) => api<ContactGroup>('/v1/contact-groups', { method: 'POST', body, query: q() }),
    removeGroup: (id: string) => api<unknown>(`/v1/contact-groups/${id}`, { method: 'DELETE', query: q() }),
    addMembers: (id: string, contactIds: string[]) => api<{ added: number }>(`/v1/contact-groups/${id}/members`, { method: 'POST', body: { contactIds }, query: q() }),
    members: (id: string) => api<Page<Contact>>(`/v1/contact-groups/${id}/members`, { query: q({ limit: 100 }) }),
    job: (id: string) => api<ContactImportJob>(`/v1/contacts/imports/${id}`, { query: q() }),
    upload: (file: File, options: { mode: string; group?: string }) => upload(file, q({ mode: options.mode, group: options.group, fileName: file.name })),
    download: (path: string, query: Query, name: string) => download(path, q(query), name),
  };
}

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  return `${path}?${params.toString()}`;
}

const authHeader = (): Record<string, string> => ({ Authorization: `Bearer ${tokenStore.get() ?? ''}` });

function typeOf(file: File): string {
  if (/\.xlsx$/i.test(file.name)) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return /\.txt$/i.test(file.name) ? 'text/plain' : 'text/csv';
}

/** The file goes as the raw request body with its own content type (no multipart). */
async function upload(file: File, query: Query): Promise<ContactImportJob> {
  const response = await fetch(withQuery('/v1/contacts/imports', query), { method: 'POST', headers: { ...authHeader(), 'Content-Type': typeOf(file) }, body: file });
  const body = (await response.json().catch(() => null)) as (ContactImportJob & { error?: { code: string; message: string; field?: string } }) | null;
  if (!response.ok) throw new ApiError(response.status, body?.error?.code ?? `http_${response.status}`, body?.error?.message ?? response.statusText, body?.error?.field);
  return body!;
}

/** Fetches with the token and hands the file to the browser's download. */
async function download(path: string, query: Query, name: string): Promise<void> {
  const response = await fetch(withQuery(path, query), { headers: authHeader() });
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, response.statusText);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
