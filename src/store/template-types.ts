// Store types of signatures, templates and phrases.
import type { MessageCategory } from '../core/message.ts';
import type { Page } from './types.ts';

/** Where a signature or template stands in the operator's review. */
export type ReviewStatus = 'pending' | 'approved' | 'rejected';

/** A signature (签名) an account sends under; the name is stored without 【】. */
export interface Signature {
  id: string;
  accountId: string;
  name: string;
  status: ReviewStatus;
  /** Why the operator rejected it (null otherwise). */
  reason: string | null;
  /** Prefixed to texts sent without one (one per account at most). */
  isDefault: boolean;
  /** What the submitter tells the reviewer (company, app, authorisation). */
  remark: string | null;
  createdAt: number;
  updatedAt: number;
  reviewedAt: number | null;
}

/** A message template; `code` (SMS_000123) is its stable public id, as Aliyun's TemplateCode. */
export interface Template {
  code: string;
  accountId: string;
  name: string;
  category: MessageCategory;
  /** Text with ${name} variables, without the signature. */
  body: string;
  status: ReviewStatus;
  reason: string | null;
  remark: string | null;
  createdAt: number;
  updatedAt: number;
  reviewedAt: number | null;
}

/** A saved short text (常用语) for quick insertion. */
export interface Phrase {
  id: string;
  accountId: string;
  title: string | null;
  text: string;
  createdAt: number;
  updatedAt: number;
}

/** accountId omitted = every account (operator review queues). Newest first. */
export interface ReviewListFilter {
  accountId?: string;
  status?: ReviewStatus;
  cursor?: string;
  limit: number;
}

export interface TemplateRepository {
  addSignature(signature: Signature): Promise<Signature>;
  getSignature(id: string): Promise<Signature | null>;
  listSignatures(filter: ReviewListFilter): Promise<Page<Signature>>;
  /** Writes every field of the signature with this id; false when there is none. */
  saveSignature(signature: Signature): Promise<boolean>;
  removeSignature(id: string): Promise<boolean>;
  /** Makes `id` the account's only default signature (null: none). */
  setDefaultSignature(accountId: string, id: string | null): Promise<void>;
  /** Stores a new template, giving it the next code. */
  addTemplate(template: Omit<Template, 'code'>): Promise<Template>;
  getTemplate(code: string): Promise<Template | null>;
  listTemplates(filter: ReviewListFilter & { category?: MessageCategory }): Promise<Page<Template>>;
  saveTemplate(template: Template): Promise<boolean>;
  removeTemplate(code: string): Promise<boolean>;
  addPhrase(phrase: Phrase): Promise<Phrase>;
  getPhrase(id: string): Promise<Phrase | null>;
  listPhrases(filter: { accountId: string; cursor?: string; limit: number }): Promise<Page<Phrase>>;
  savePhrase(phrase: Phrase): Promise<boolean>;
  removePhrase(id: string): Promise<boolean>;
  /** An account's approved signatures and templates (what intake may use; cached per account). */
  approved(accountId: string): Promise<{ signatures: Signature[]; templates: Template[] }>;
}
