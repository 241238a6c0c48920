// An account's approved signatures (by name) and templates (by code) for the cloud-style APIs, which
// name a signature by its text and need a template's variables to place Tencent's ordered parameters.
import { variablesOf } from '../../core/templates/template-text.ts';
import type { Signature, Template } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';

export interface ApprovedCatalog {
  signatures: ReadonlyMap<string, Signature>;
  templates: ReadonlyMap<string, Template>;
}

/** Intake's cached view when the API has it (the same one sending uses), else read from the store. */
export async function approvedCatalog(deps: ApiDeps, accountId: string): Promise<ApprovedCatalog> {
  if (deps.templates) return deps.templates.forAccount(accountId);
  const approved = await deps.store.templates.approved(accountId);
  return { signatures: new Map(approved.signatures.map((s) => [s.name, s])), templates: new Map(approved.templates.map((t) => [t.code, t])) };
}

/** Tencent's numeric template ids ("1234") name our codes (SMS_001234); our own codes pass as they are. */
export function templateCodeOf(templateId: string): string {
  return /^\d{1,6}$/.test(templateId) ? `SMS_${templateId.padStart(6, '0')}` : templateId;
}

/** Tencent's TemplateParamSet fills the template's variables in order of first use. */
export function paramsFromSet(template: Template, values: readonly string[]): Record<string, string> | null {
  const names = variablesOf(template.body);
  if (names.length !== values.length) return null;
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}
