// The closed list of policy stages every message passes at intake, in this order. Later issues fill
// the hooks (billing reserves balance, compliance checks opt-out, signatures, sensitive words).
import type { AppError } from './errors.ts';
import type { Message, MessageCategory } from './message.ts';

/** A stage looks at one message about to be stored; an AppError rejects it (with that reason). */
export interface PolicyStage {
  readonly name: string;
  /**
   * Called once per request before its messages are checked, with all its (valid) recipients: a stage
   * that reads the store per recipient looks them all up at once here and keeps the answers in
   * `context.lookups` under its name, so they live exactly as long as the request.
   */
  prepare?(batch: StageBatch, context: StageContext): void | Promise<void>;
  check(message: Message, context?: StageContext): AppError | null | Promise<AppError | null>;
}

/** One intake request's recipients, as `prepare` sees them. */
export interface StageBatch {
  accountId: string;
  category: MessageCategory;
  /** E.164, the numbers that passed normalisation. */
  recipients: string[];
}

/** What a stage may know about the request beyond the message itself. */
export interface StageContext {
  /** The platform's own opt-out confirmation: sent even though the recipient just unsubscribed. */
  skipUnsubscribe?: boolean;
  /** What stages looked up in `prepare` for this request, by stage name. */
  lookups?: Map<string, unknown>;
}

export interface PolicyHooks {
  /** Blacklists and opt-outs (platform, account, unsubscribe, carrier). */
  compliance?: PolicyStage;
  /** Marketing to numbers without a current consent grant (accounts that require it). */
  consent?: PolicyStage;
  /** Sensitive-word filter (platform and account lists). */
  content?: PolicyStage;
  /** Per-recipient frequency limits; counts the message when it passes. */
  frequency?: PolicyStage;
  /** Marketing sending hours: never refuses, may defer (sets state 'scheduled', scheduledAt, nextAttemptAt). */
  hours?: PolicyStage;
  billing?: PolicyStage;
}

/**
 * Every refusing stage before billing: a message that may not be sent must not cost anything.
 * Frequency comes after the other refusals so a message refused for another reason is not counted
 * against the recipient's limit; hours only defers, so it sits last before billing.
 */
export function policyStages(hooks: PolicyHooks): PolicyStage[] {
  return [hooks.compliance, hooks.consent, hooks.content, hooks.frequency, hooks.hours, hooks.billing].filter((stage): stage is PolicyStage => stage !== undefined);
}
