// Downloads a file from the API with the session's bearer token (a plain link would carry none).
import { ApiError, tokenStore } from '../../api/client.ts';

export async function downloadFile(path: string, filename: string): Promise<void> {
  const token = tokenStore.get();
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, response.statusText);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
