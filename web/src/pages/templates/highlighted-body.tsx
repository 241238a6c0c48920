// A template body with its ${name} variables highlighted, so the author sees what is filled per recipient.
import { Tag } from 'antd';
import type { ReactNode } from 'react';

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]{0,31})\}/g;

export function HighlightedBody({ body }: { body: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of body.matchAll(VARIABLE)) {
    if (m.index > last) parts.push(body.slice(last, m.index));
    parts.push(
      <Tag key={m.index} color="processing" data-testid="body-variable" style={{ marginInline: 2 }}>
        {m[0]}
      </Tag>,
    );
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push(body.slice(last));
  return <div style={{ whiteSpace: 'pre-wrap', lineHeight: 2 }} data-testid="body-highlight">{parts}</div>;
}

/** The distinct variable names in a body, in order. */
export function variableNames(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE)].map((m) => m[1]))];
}
