// Personalised plain texts (campaigns, API sends with params): each ${name} is filled from one
// recipient's values. Unlike template bodies, names may be in any script (a CSV column 姓名 gives ${姓名}).
import { AppError } from '../errors.ts';
import type { Composition, Params } from './message-composer.ts';

const VARIABLE = /\$\{([\p{L}\p{N}_]+)\}/gu;

export function hasVariables(text: string): boolean {
  VARIABLE.lastIndex = 0;
  return VARIABLE.test(text);
}

export type FillResult = { ok: true; text: string } | { ok: false; error: AppError };

/** The text with each ${name} replaced; a variable with no value is an error naming it (an empty value is a value). */
export function fillVariables(text: string, params: Params | undefined): FillResult {
  const missing: string[] = [];
  const filled = text.replace(VARIABLE, (whole, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) {
      if (!missing.includes(name)) missing.push(name);
      return whole;
    }
    return String(value);
  });
  return missing.length === 0 ? { ok: true, text: filled } : { ok: false, error: missingParameter(missing) };
}

/** The error for variables without a value, naming each (templates and personalised texts alike). */
export function missingParameter(missing: string[]): AppError {
  const names = missing.map((n) => `\${${n}}`).join(', ');
  return new AppError('missing_parameter', `no value for ${names}`, 'params', missing.map((variable) => ({ variable })));
}

/**
 * A composed plain text whose variables are filled per recipient. Under a signature a value may not
 * bring in a second 【…】.
 */
export function personalised(composition: Composition & { fixedText: string }): Composition {
  const { fixedText } = composition;
  const names = composition.signature === null ? [] : [...new Set(Array.from(fixedText.matchAll(VARIABLE), (m) => m[1]!))];
  return {
    ...composition,
    fixedText: null,
    render(params) {
      if (names.some((name) => /[【】]/u.test(String(params?.[name] ?? '')))) {
        return { ok: false, error: new AppError('misplaced_brackets', 'a parameter value must not contain 【 or 】', 'params') };
      }
      return fillVariables(fixedText, params);
    },
  };
}
