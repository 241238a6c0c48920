// Fills a campaign text's ${name} variables from one recipient's values.
import { AppError } from '../errors.ts';

const VARIABLE = /\$\{([\p{L}\p{N}_]+)\}/gu;

/** Whether the text has any variable (if not, a whole page goes to intake as one request). */
export function hasVariables(text: string): boolean {
  VARIABLE.lastIndex = 0;
  return VARIABLE.test(text);
}

/** The text with each ${name} replaced; a missing value is an error naming the variable. */
export function personalize(text: string, params: Record<string, string>): string {
  return text.replace(VARIABLE, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new AppError('validation_failed', `no value for \${${name}} for this recipient`, `params.${name}`);
    return value;
  });
}
