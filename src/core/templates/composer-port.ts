// What intake needs from the message composer, and the composition of a plain text when none is wired.
import { AppError } from '../errors.ts';
import type { SubmitRequest } from '../intake-port.ts';
import type { Composition } from './message-composer.ts';
import { personalised } from './text-variables.ts';

export type { Composition };

export interface Composer {
  prepare(request: SubmitRequest): Promise<Composition>;
}

/** The text as given (intake without a composer, e.g. in unit tests). */
export function plainComposition(request: SubmitRequest): Composition {
  if (request.templateId !== undefined) throw new AppError('template_not_approved', 'templates are not available on this platform', 'templateId');
  const text = request.text ?? '';
  const composed = { category: request.category ?? 'notification', signature: null, templateCode: null, fixedText: text, render: () => ({ ok: true, text }) as const };
  return request.params === undefined ? composed : personalised(composed);
}
