// Fetch wrapper for the REST API: bearer token, JSON in and out, errors as ApiError, 401 → sign-in.

const TOKEN_KEY = 'kuaixin.token';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string): void => localStorage.setItem(TOKEN_KEY, token),
  clear: (): void => localStorage.removeItem(TOKEN_KEY),
};

type Listener<T> = (value: T) => void;
let onUnauthorized: Listener<ApiError> = () => {};
let onError: Listener<ApiError> = () => {};

/** The UI registers how to leave the session (401) and how to show any other failure. */
export function setApiListeners(listeners: { unauthorized: Listener<ApiError>; error: Listener<ApiError> }): void {
  onUnauthorized = listeners.unauthorized;
  onError = listeners.error;
}

export type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** Do not report a failure to the UI; the caller shows it itself. */
  quiet?: boolean;
  signal?: AbortSignal;
}

function urlOf(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function errorOf(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const error = (body as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
  return new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? response.statusText, error?.field);
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = tokenStore.get();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    const error = new ApiError(0, 'network', String(cause));
    if (!options.quiet) onError(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  if (response.ok) return (await response.json()) as T;

  const error = await errorOf(response);
  // A 401 with a token means the session is over; without one (sign-in) it is a wrong password.
  if (error.status === 401 && token) {
    tokenStore.clear();
    onUnauthorized(error);
  } else if (!options.quiet) {
    onError(error);
  }
  throw error;
}
