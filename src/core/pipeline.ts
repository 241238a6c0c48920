// The closed list of policy stages every message passes at intake, in this order. Later issues fill
// the hooks (billing reserves balance, compliance checks opt-out, signatures, sensitive words).
import type { AppError } from './errors.ts';
import type { Message } from './message.ts';

/** A stage looks at one message about to be stored; an AppError rejects it (with that reason). */
export interface PolicyStage {
  readonly name: string;
  check(message: Message, context?: StageContext): AppError | null | Promise<AppError | null>;
}

/** What a stage may know about the request beyond the message itself. */
export interface StageContext {
  /** The platform's own opt-out confirmation: sent even though the recipient just unsubscribed. */
  skipUnsubscribe?: boolean;
}

export interface PolicyHooks {
  /** Blacklists and opt-outs (platform, account, unsubscribe, carrier). */
  compliance?: PolicyStage;
  /** Sensitive-word filter (platform and account lists). */
  content?: PolicyStage;
  billing?: PolicyStage;
}

/** Compliance and content before billing: a message that may not be sent must not cost anything. */
export function policyStages(hooks: PolicyHooks): PolicyStage[] {
  return [hooks.compliance, hooks.content, hooks.billing].filter((stage): stage is PolicyStage => stage !== undefined);
}
