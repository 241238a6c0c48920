// The message composer: turns what a sender asked for (a plain text, or a template with parameters)
// into exactly the text the phone shows — 【签名】 + body (+ opt-out text for marketing) — before
// intake measures encoding and segments, so segments and billing see the final text.
import { AppError } from '../errors.ts';
import type { MessageCategory } from '../message.ts';
import { withOptOut } from './opt-out-text.ts';
import { bracketed } from './signature-rules.ts';
import type { AccountTemplates, TemplateBook } from './template-book.ts';
import { renderBody } from './template-text.ts';
import { missingParameter, personalised } from './text-variables.ts';

/**
 * auto: accounts with at least one approved signature must send under one (default);
 * always: every account must; off: plain texts pass unchanged.
 */
export type SignatureEnforcement = 'auto' | 'always' | 'off';

export interface ComposeRequest {
  accountId: string;
  text?: string;
  templateId?: string;
  signatureId?: string;
  category?: MessageCategory;
  /** With a plain text: its ${name} variables are filled per recipient from these. */
  params?: unknown;
}

export type Params = Readonly<Record<string, unknown>>;

/** One request's composition: the category, and the final text for each recipient's params. */
export interface Composition {
  category: MessageCategory;
  /** The signature name the texts carry (null: none). */
  signature: string | null;
  templateCode: string | null;
  /** Set when every recipient gets the same text (plain texts): compose once, measure once. */
  fixedText: string | null;
  /** The final text for one recipient, or why it cannot be made (names the missing variables). */
  render(params: Params | undefined): { ok: true; text: string } | { ok: false; error: AppError };
}

const LEADING = /^【([^【】]*)】/u;
const TRAILING = /【([^【】]*)】$/u;

export class MessageComposer {
  constructor(
    private readonly book: TemplateBook,
    private readonly enforcement: SignatureEnforcement = 'auto',
  ) {}

  async prepare(request: ComposeRequest): Promise<Composition> {
    const view = await this.book.forAccount(request.accountId);
    if (request.templateId !== undefined) return this.fromTemplate(request, view, request.templateId);
    return this.fromText(request, view);
  }

  private async fromTemplate(request: ComposeRequest, view: AccountTemplates, code: string): Promise<Composition> {
    const template = view.templates.get(code);
    if (!template) {
      const status = await this.book.statusOfTemplate(request.accountId, code);
      if (status === null) throw new AppError('not_found', `no template ${code}`, 'templateId');
      throw new AppError('template_not_approved', `template ${code} is ${status}; only approved templates can be sent`, 'templateId');
    }
    const signature = await this.signatureFor(request, view);
    if (!signature) throw new AppError('signature_not_approved', 'the account has no approved signature; a template is sent under one', 'signatureId');
    const prefix = bracketed(signature);
    const optOut = template.category === 'marketing' ? view.settings.optOutText : '';
    return {
      category: template.category,
      signature,
      templateCode: template.code,
      fixedText: null,
      render(params) {
        const rendered = renderBody(template.body, params);
        if (!rendered.ok) return { ok: false, error: missingParameter(rendered.missing) };
        // A value may not smuggle in a second signature.
        if (/[【】]/u.test(rendered.text)) return { ok: false, error: new AppError('misplaced_brackets', 'a parameter value must not contain 【 or 】', 'params') };
        return { ok: true, text: withOptOut(prefix + rendered.text, optOut) };
      },
    };
  }

  private async fromText(request: ComposeRequest, view: AccountTemplates): Promise<Composition> {
    const category = request.category ?? 'notification';
    let text = request.text ?? '';
    let signature: string | null = null;
    // Naming a signature asks for it, whatever the enforcement.
    const enforced = request.signatureId !== undefined || this.enforcement === 'always' || (this.enforcement === 'auto' && view.signatures.size > 0);
    if (enforced) {
      const given = LEADING.exec(text) ?? TRAILING.exec(text);
      if (given) {
        if (!view.signatures.has(given[1])) throw new AppError('signature_not_approved', `the signature 【${given[1]}】 is not an approved signature of this account`, 'text');
        signature = given[1];
        const rest = given.index === 0 ? text.slice(given[0].length) : text.slice(0, given.index);
        if (/[【】]/u.test(rest)) throw new AppError('misplaced_brackets', 'only the signature may stand in 【】; the body must not contain 【 or 】', 'text');
      } else {
        if (/[【】]/u.test(text)) throw new AppError('misplaced_brackets', 'only the signature may stand in 【】 at the start of the text', 'text');
        signature = await this.signatureFor(request, view);
        if (!signature) throw new AppError('signature_not_approved', 'the account has no approved signature; submit one for review first', 'text');
        text = bracketed(signature) + text;
      }
    }
    if (category === 'marketing') text = withOptOut(text, view.settings.optOutText);
    const fixed = text;
    const composed = { category, signature, templateCode: null, fixedText: fixed, render: () => ({ ok: true, text: fixed }) as const };
    return request.params === undefined ? composed : personalised(composed);
  }

  /** The signature named by the request (must be approved), else the account's default. */
  private async signatureFor(request: ComposeRequest, view: AccountTemplates): Promise<string | null> {
    if (request.signatureId === undefined) return view.defaultSignature?.name ?? null;
    const chosen = view.signaturesById.get(request.signatureId);
    if (chosen) return chosen.name;
    const status = await this.book.statusOfSignature(request.accountId, request.signatureId);
    if (status === null) throw new AppError('not_found', `no signature ${request.signatureId}`, 'signatureId');
    throw new AppError('signature_not_approved', `signature ${request.signatureId} is ${status}; only approved signatures can be used`, 'signatureId');
  }
}
