// Live preview of a template body (POST /v1/templates/preview, debounced) and its rule check.
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { MessageCategory, RuleViolation, TemplatePreview } from '../../api/types.ts';
import { useDebouncedValue } from '../../hooks/use-debounced-value.ts';

const DEBOUNCE_MS = 250;

export function useTemplatePreview(accountId: string | undefined, category: MessageCategory, body: string, params: Record<string, string>, enabled = true) {
  const key = useDebouncedValue(JSON.stringify({ accountId, category, body, params }), DEBOUNCE_MS);
  const [preview, setPreview] = useState<TemplatePreview>();
  const [violations, setViolations] = useState<RuleViolation[]>([]);

  useEffect(() => {
    const input = JSON.parse(key) as { accountId?: string; category: MessageCategory; body: string; params: Record<string, string> };
    if (!enabled || !input.body) {
      setPreview(undefined);
      setViolations([]);
      return;
    }
    const controller = new AbortController();
    const filled = Object.fromEntries(Object.entries(input.params).filter(([, v]) => v !== ''));
    const quiet = { signal: controller.signal, quiet: true, method: 'POST' as const };
    api<TemplatePreview>('/v1/templates/preview', { ...quiet, query: { accountId: input.accountId }, body: { category: input.category, body: input.body, params: filled } }).then(setPreview, () => undefined);
    api<{ violations: RuleViolation[] }>('/v1/templates/check', { ...quiet, body: { category: input.category, body: input.body } }).then((r) => setViolations(r.violations), () => undefined);
    return () => controller.abort();
  }, [key, enabled]);

  return { preview, violations };
}
