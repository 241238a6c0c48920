// MT routing: ordered rules with filters, a required default, and static / weighted round-robin /
// failover strategies. MO routing: longest matching destination prefix → account.
import type { MoRouteRecord, RouteFilters, RouteRecord } from '../store/types.ts';
import { AppError } from './errors.ts';

export interface RouteInput {
  accountId: string;
  recipient: string;
  sender: string | null;
  tag: string | null;
  priority: number;
  /** The recipient's carrier when the caller resolved it already (null = unknown); absent = looked up here. */
  carrier?: string | null;
}

export interface RouteChoice {
  routeId: string;
  routeName: string;
  connectorId: string;
  /** Every connector the route could use, in preference order. */
  candidates: string[];
}

export interface RouterOptions {
  /** Which carrier a number belongs to (number-segment table); null when unknown. */
  carrierOf?: (e164: string) => string | null;
  /** Whether a connector is up now, for failover. */
  isUp?: (connectorId: string) => boolean;
  /** Local time for time-window filters, in minutes since midnight. */
  minuteOfDay?: () => number;
}

interface CompiledRoute {
  record: RouteRecord;
  matches: (input: RouteInput) => boolean;
  /** Smooth weighted round robin state (one counter per connector). */
  current: number[];
}

export class MtRouter {
  private routes: CompiledRoute[] = [];

  constructor(private readonly options: RouterOptions = {}) {}

  /** Replaces the rule set; throws AppError when it has no (or more than one) enabled default route. */
  load(records: RouteRecord[]): void {
    const enabled = records.filter((r) => r.enabled);
    const defaults = enabled.filter((r) => r.isDefault);
    if (defaults.length !== 1) throw new AppError('validation_failed', `exactly one enabled default route is required, found ${defaults.length}`, 'routes');
    for (const r of enabled) {
      if (r.connectors.length === 0) throw new AppError('validation_failed', `route ${r.id} has no connectors`, `routes.${r.id}.connectors`);
    }
    const ordered = [...enabled.filter((r) => !r.isDefault).sort((a, b) => a.position - b.position), defaults[0]];
    this.routes = ordered.map((record) => ({
      record,
      matches: record.isDefault ? () => true : compileFilters(record.filters, this.options),
      current: record.connectors.map(() => 0),
    }));
  }

  /** The route and connector a message would take; throws AppError('no_route') if none can take it. */
  route(input: RouteInput): RouteChoice {
    for (const route of this.routes) {
      if (!route.matches(input)) continue;
      const candidates = this.order(route);
      if (candidates.length === 0) continue;
      return { routeId: route.record.id, routeName: route.record.name, connectorId: candidates[0], candidates };
    }
    throw new AppError('no_route', `no route for ${input.recipient}`, 'to');
  }

  private order(route: CompiledRoute): string[] {
    const { record } = route;
    const ids = record.connectors.map((c) => c.id);
    switch (record.strategy) {
      case 'static':
        return ids;
      case 'failover': {
        const isUp = this.options.isUp ?? (() => true);
        const up = ids.filter(isUp);
        // All down: keep the first, the message waits in its queue until it comes back.
        return up.length > 0 ? up : ids;
      }
      case 'round_robin': {
        const chosen = pickWeighted(route);
        return [ids[chosen], ...ids.filter((_, i) => i !== chosen)];
      }
    }
  }
}

/** Smooth weighted round robin: spreads picks evenly in proportion to the weights. */
function pickWeighted(route: CompiledRoute): number {
  const { connectors } = route.record;
  let total = 0;
  let best = 0;
  for (let i = 0; i < connectors.length; i++) {
    const weight = Math.max(0, connectors[i].weight);
    route.current[i] += weight;
    total += weight;
    if (route.current[i] > route.current[best]) best = i;
  }
  route.current[best] -= total;
  return best;
}

function compileFilters(filters: RouteFilters, options: RouterOptions): (input: RouteInput) => boolean {
  const checks: Array<(input: RouteInput) => boolean> = [];
  if (filters.accounts?.length) {
    const accounts = new Set(filters.accounts);
    checks.push((i) => accounts.has(i.accountId));
  }
  if (filters.prefixes?.length) {
    // Recipients are E.164 with '+'; the admin API also accepts prefixes without it ("86138").
    const prefixes = filters.prefixes.map((p) => (p.startsWith('+') ? p : `+${p}`));
    checks.push((i) => prefixes.some((p) => i.recipient.startsWith(p)));
  }
  if (filters.regex) {
    const regex = new RegExp(filters.regex);
    checks.push((i) => regex.test(i.recipient));
  }
  if (filters.senders?.length) {
    const senders = new Set(filters.senders);
    checks.push((i) => i.sender !== null && senders.has(i.sender));
  }
  if (filters.carriers?.length) {
    const carriers = new Set(filters.carriers);
    const carrierOf = options.carrierOf ?? (() => null);
    checks.push((i) => {
      const carrier = i.carrier !== undefined ? i.carrier : carrierOf(i.recipient);
      return carrier !== null && carriers.has(carrier);
    });
  }
  if (filters.tags?.length) {
    const tags = new Set(filters.tags);
    checks.push((i) => i.tag !== null && tags.has(i.tag));
  }
  if (filters.priorities?.length) {
    const priorities = new Set(filters.priorities);
    checks.push((i) => priorities.has(i.priority));
  }
  if (filters.timeWindow) {
    const [from, to] = parseWindow(filters.timeWindow);
    const minuteOfDay = options.minuteOfDay ?? localMinuteOfDay;
    checks.push(() => {
      const now = minuteOfDay();
      // A window like 22:00-06:00 wraps midnight.
      return from <= to ? now >= from && now < to : now >= from || now < to;
    });
  }
  return (input) => checks.every((check) => check(input));
}

function parseWindow(text: string): [number, number] {
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) throw new AppError('validation_failed', `time window '${text}' is not HH:MM-HH:MM`, 'filters.timeWindow');
  const [h1, m1, h2, m2] = match.slice(1).map(Number);
  if (h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59) throw new AppError('validation_failed', `time window '${text}' is out of range`, 'filters.timeWindow');
  return [h1 * 60 + m1, h2 * 60 + m2];
}

function localMinuteOfDay(): number {
  const now = new Date();
  return now.getHours() * 60 + now.getMinutes();
}

/** MO: the account whose pattern is the longest prefix of the destination number. */
export class MoRouter {
  private routes: MoRouteRecord[] = [];

  load(records: MoRouteRecord[]): void {
    this.routes = [...records].sort((a, b) => b.pattern.length - a.pattern.length);
  }

  /** The patterns (without '+') routing replies to an account, shortest first: its main number leads. */
  patternsOf(accountId: string): string[] {
    return this.routes
      .filter((route) => route.accountId === accountId)
      .map((route) => route.pattern.replace(/^\+/, ''))
      .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  }

  accountFor(destination: string): string | null {
    return this.match(destination)?.accountId ?? null;
  }

  /** The route whose pattern is the longest prefix of the destination, and the digits after it (the extension code). */
  match(destination: string): { accountId: string; extension: string } | null {
    const bare = destination.replace(/^\+/, '');
    for (const route of this.routes) {
      const pattern = route.pattern.replace(/^\+/, '');
      if (bare.startsWith(pattern)) return { accountId: route.accountId, extension: bare.slice(pattern.length) };
    }
    return null;
  }
}
