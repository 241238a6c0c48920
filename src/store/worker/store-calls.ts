// The messages between the platform and the thread that owns the SQLite store.

/** One store method call: `namespace.method(...args)`, or `method(...args)` on the store itself. */
export interface StoreCall {
  id: number;
  namespace: string | null;
  method: string;
  args: unknown[];
}

/** An error as it crosses the thread boundary: its code is kept, so callers can still classify it. */
export interface CallError {
  name: string;
  message: string;
  code?: string;
  /** Set for an AppError (e.g. an invalid cursor), rebuilt as one on the other side. */
  field?: string;
}

export type StoreAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: CallError };

/** The repositories of a Store, each a set of async methods. */
export const STORE_NAMESPACES = ['accounts', 'users', 'credentials', 'connectors', 'routes', 'messages', 'mo', 'receipts', 'outbox', 'settings', 'carriers', 'sensitiveWords', 'blacklist', 'campaigns', 'audit', 'templates', 'contacts', 'billing', 'stats', 'compliance'] as const;
