// Saves an authenticated API response (a CSV export) as a file: a plain link cannot send the Bearer token.
import { ApiError, tokenStore, type Query } from './client.ts';

export async function downloadFile(path: string, query: Query, fallbackName: string): Promise<void> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const token = tokenStore.get();
  const response = await fetch(params.size ? `${path}?${params}` : path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, response.statusText);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  saveLink(url, name);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Lets the browser save what `href` points at as `name`, as a click on a download link would. */
export function saveLink(href: string, name: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}
