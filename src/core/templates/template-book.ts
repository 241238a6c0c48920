// This node's copy of each account's approved signatures and templates and its composing settings,
// so composing a message costs Map lookups, not store queries. Loaded on first use, dropped at once on
// a local edit (invalidate) and re-read after a few seconds, which carries edits made on other nodes.
import type { ReviewStatus, Signature, Store, Template, TemplateRepository } from '../../store/types.ts';
import { DEFAULT_OPT_OUT_TEXT } from './opt-out-text.ts';

/** Per account: what marketing messages end with ("" = nothing appended). */
export interface ComposeSettings {
  optOutText: string;
}

export interface AccountTemplates {
  /** Approved signatures by name (without 【】). */
  signatures: Map<string, Signature>;
  signaturesById: Map<string, Signature>;
  /** The account's default, else its oldest approved signature; null when none is approved. */
  defaultSignature: Signature | null;
  /** Approved templates by code. */
  templates: Map<string, Template>;
  settings: ComposeSettings;
}

/** The settings key holding an account's ComposeSettings as JSON. */
export const composeSettingsKey = (accountId: string) => `compose:${accountId}`;

interface Entry {
  at: number;
  value: Promise<AccountTemplates>;
  /** The last loaded view, served while a newer one loads (no message waits for a periodic re-read). */
  loaded?: AccountTemplates;
}

export class TemplateBook {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(
    private readonly store: { templates: TemplateRepository; settings: Store['settings'] },
    private readonly ttlMs = 5000,
    now?: () => number,
  ) {
    this.now = now ?? Date.now;
  }

  /** The account's cached view; concurrent first uses share one load. */
  forAccount(accountId: string): Promise<AccountTemplates> {
    const entry = this.entries.get(accountId);
    const now = this.now();
    if (entry && now - entry.at < this.ttlMs) return entry.loaded ? Promise.resolve(entry.loaded) : entry.value;
    const next: Entry = { at: now, value: this.load(accountId), loaded: entry?.loaded };
    this.entries.set(accountId, next);
    next.value.then(
      (view) => {
        next.loaded = view;
      },
      // A failed load is not cached: the next message tries again.
      () => {
        if (this.entries.get(accountId) === next) this.entries.delete(accountId);
      },
    );
    // After an expiry the old view answers at once; after invalidate() there is none, so the edit is seen.
    return next.loaded ? Promise.resolve(next.loaded) : next.value;
  }

  /** Forgets an account after an edit through this node, so its next message sees the change. */
  invalidate(accountId: string): void {
    this.entries.delete(accountId);
  }

  /** Where a template stands when it is not among the approved (for a clear error); null = none of this account's. */
  async statusOfTemplate(accountId: string, code: string): Promise<ReviewStatus | null> {
    const t = await this.store.templates.getTemplate(code);
    return t && t.accountId === accountId ? t.status : null;
  }

  async statusOfSignature(accountId: string, id: string): Promise<ReviewStatus | null> {
    const s = await this.store.templates.getSignature(id);
    return s && s.accountId === accountId ? s.status : null;
  }

  private async load(accountId: string): Promise<AccountTemplates> {
    const [{ signatures, templates }, raw] = await Promise.all([this.store.templates.approved(accountId), this.store.settings.get(composeSettingsKey(accountId))]);
    return {
      signatures: new Map(signatures.map((s) => [s.name, s])),
      signaturesById: new Map(signatures.map((s) => [s.id, s])),
      defaultSignature: signatures.find((s) => s.isDefault) ?? signatures[0] ?? null,
      templates: new Map(templates.map((t) => [t.code, t])),
      settings: parseComposeSettings(raw),
    };
  }
}

export function parseComposeSettings(raw: string | null): ComposeSettings {
  try {
    const value = raw ? (JSON.parse(raw) as Partial<ComposeSettings>) : {};
    return { optOutText: typeof value.optOutText === 'string' ? value.optOutText : DEFAULT_OPT_OUT_TEXT };
  } catch {
    return { optOutText: DEFAULT_OPT_OUT_TEXT };
  }
}
