// Template bodies: the ${name} variables they hold and filling them from one recipient's params.

/** `${name}`: a letter or underscore first, then letters, digits, underscores (Aliyun/Tencent style). */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]{0,31})\}/g;

/** One variable occurrence in a body, by UTF-16 offsets (for highlighting and the adjacency rule). */
export interface VariableSpan {
  name: string;
  start: number;
  end: number;
}

export function variableSpans(body: string): VariableSpan[] {
  const spans: VariableSpan[] = [];
  for (const m of body.matchAll(VARIABLE)) spans.push({ name: m[1], start: m.index, end: m.index + m[0].length });
  return spans;
}

/** The distinct variable names of a body, in order of first use. */
export function variablesOf(body: string): string[] {
  return [...new Set(variableSpans(body).map((s) => s.name))];
}

export type RenderResult = { ok: true; text: string } | { ok: false; missing: string[] };

/** Fills every `${name}`; a variable with no (or an empty) parameter is reported, never left in the text. */
export function renderBody(body: string, params: Readonly<Record<string, unknown>> | undefined): RenderResult {
  const missing: string[] = [];
  const text = body.replace(VARIABLE, (whole, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') {
      if (!missing.includes(name)) missing.push(name);
      return whole;
    }
    return String(value);
  });
  return missing.length > 0 ? { ok: false, missing } : { ok: true, text };
}
