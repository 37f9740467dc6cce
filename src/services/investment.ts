// Where to invest: the components incidents keep hitting, with what their reviews taught and
// the follow-ups still open. One answer for the Hotspots grouping, `incident-lens report` and
// the agents; vscode-free. The roll-up itself is src/core/components.ts.
import { parseSince, rollUpComponents, type ComponentRollup } from '../core/components';
import type { IncidentConfig } from '../core/config';
import type { Incident } from '../core/model';
import { isoSeconds } from '../core/time';
import { componentExperts, type ComponentExpertsRequest } from './componentExperts';
import type { Expert } from './experts';

/** The period when none is asked for: the last 90 days. */
export const DEFAULT_SINCE = '90d';

export interface InvestmentOptions {
  /** `90d`, `12w` or an ISO date; default DEFAULT_SINCE. Throws an Error with what to write instead. */
  since?: string;
  now?: Date;
}

export interface Investment {
  /** Start and end of the period, ISO 8601 in UTC, to the second. */
  since: string;
  until: string;
  /** Practice names in the order to show them (config.yaml's, then any others lessons use). */
  practices: string[];
  /** Worst first (src/core/components.ts, rollUpComponents). */
  components: ComponentInvestment[];
}

export interface ComponentInvestment extends ComponentRollup {
  /** The people to ask about it (componentExperts.ts), once withExperts has asked. */
  experts?: Expert[];
}

/** The components hit by `incidents` in the period, worst first. */
export function whereToInvest(incidents: readonly Incident[], config: IncidentConfig, options: InvestmentOptions = {}): Investment {
  const now = options.now ?? new Date();
  const since = parseSince(options.since ?? DEFAULT_SINCE, now);
  const components = rollUpComponents(incidents, config, { since, until: now });
  const practices = [...new Set([...config.review.practices.map((p) => p.name), ...components.flatMap((c) => Object.keys(c.lessons))])];
  return { since: isoSeconds(since), until: isoSeconds(now), practices, components };
}

/** `investment` with each component's experts: the people to ask about its linked code (componentExperts.ts). */
export async function withExperts(investment: Investment, request: ComponentExpertsRequest): Promise<Investment> {
  const experts = await componentExperts(investment.components, request);
  return { ...investment, components: investment.components.map((c, i) => ({ ...c, experts: experts[i] ?? [] })) };
}

/** One expert in the report's JSON: `email` is null for a responder or owner git has never seen. */
export interface ExpertJson {
  name: string;
  email: string | null;
  reasons: string[];
}

/**
 * The report's JSON: `{ since, components: [{ name, incidents, worst, lessons, openFollowUps }] }`,
 * each component with `experts` when withExperts has asked.
 */
export interface InvestmentJson {
  since: string;
  components: { name: string; incidents: number; worst: string; lessons: Record<string, number>; openFollowUps: number; experts?: ExpertJson[] }[];
}

export function investmentJson(investment: Investment): InvestmentJson {
  return {
    since: investment.since,
    components: investment.components.map((c) => ({
      name: c.name, incidents: c.incidentIds.length, worst: c.worst, lessons: { ...c.lessons }, openFollowUps: c.openFollowUps,
      ...(c.experts ? { experts: c.experts.map((e) => ({ name: e.name, email: e.email ?? null, reasons: e.reasons.map((r) => r.detail) })) } : {}),
    })),
  };
}
