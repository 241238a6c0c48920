// What a template looks like on the phone before it is approved or sent: the same composition as
// sending (【签名】 + body + opt-out for marketing), with unfilled variables left visible and listed.
import type { MessageCategory } from '../message.ts';
import { billableLength, billableSegments } from './billable-length.ts';
import { withOptOut } from './opt-out-text.ts';
import { bracketed } from './signature-rules.ts';
import { renderBody, variablesOf } from './template-text.ts';

export interface PreviewInput {
  category: MessageCategory;
  body: string;
  /** Signature name without 【】; null previews the body alone. */
  signature: string | null;
  params?: Readonly<Record<string, unknown>>;
  optOutText: string;
}

export interface TemplatePreview {
  text: string;
  variables: string[];
  /** Variables the params left empty (shown as ${name} in the text). */
  missing: string[];
  billableLength: number;
  billableSegments: number;
}

export function previewTemplate(input: PreviewInput): TemplatePreview {
  const variables = variablesOf(input.body);
  const rendered = renderBody(input.body, input.params);
  let body = input.body;
  let missing: string[] = [];
  if (rendered.ok) body = rendered.text;
  else {
    missing = rendered.missing;
    // Fill what was given, leave the rest as ${name}, so the preview shows where values go.
    const filled = Object.fromEntries(variables.filter((v) => !missing.includes(v)).map((v) => [v, input.params?.[v]]));
    body = input.body.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => (name in filled ? String(filled[name]) : whole));
  }
  const prefixed = (input.signature ? bracketed(input.signature) : '') + body;
  const text = input.category === 'marketing' ? withOptOut(prefixed, input.optOutText) : prefixed;
  const length = billableLength(text);
  return { text, variables, missing, billableLength: length, billableSegments: billableSegments(length) };
}
