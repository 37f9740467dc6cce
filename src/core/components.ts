// Where to invest: incidents rolled up by component. A component is a service from
// config.yaml's `services` (name -> path globs) when a linked path matches one of its globs,
// else the linked file's folder. For each component, in a period: the incidents that hit it,
// their worst severity, the review's lessons by practice and the follow-ups still open.
import type { IncidentConfig } from './config';
import type { Incident } from './model';
import { practiceNames } from './review';
import { timeOf } from './time';

/** Globs longer than this are ignored: a glob is a short path pattern, never a program. */
const MAX_GLOB_LENGTH = 256;
const DAY_MS = 86_400_000;

export interface Component {
  /** A service name, or a folder path (workspace-relative, `.` for the root). */
  name: string;
  kind: 'service' | 'folder';
}

export interface ComponentRollup extends Component {
  /** Ids of the incidents in the period that hit this component, worst first. */
  incidentIds: string[];
  /** The worst severity among them (config.yaml's order, worst first). */
  worst: string;
  /** Lessons by practice: every configured practice is present, 0 when none. */
  lessons: Record<string, number>;
  openFollowUps: number;
  /** Workspace-relative paths of the linked files behind this component. */
  paths: string[];
}

/** The period a roll-up covers: incidents that started (else resolved) at or after `since` and not after `until`. */
export interface Period {
  since: Date;
  until: Date;
}

/**
 * Maps a workspace-relative path to its component. Globs are matched with picomatch (dot files
 * included), loaded only when config.yaml maps services: a chunk of its own in the extension
 * bundle (scripts/bundleBudget.mjs).
 */
export function componentMatcher(services: IncidentConfig['services']): (path: string) => Component {
  const matchers = Object.entries(services).map(([name, globs]) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    const picomatch = require('picomatch') as typeof import('picomatch');
    const usable = globs.filter((glob) => glob.length <= MAX_GLOB_LENGTH);
    return { name, match: usable.length > 0 ? picomatch(usable as string[], { dot: true }) : () => false };
  });
  return (path) => {
    const service = matchers.find((m) => m.match(path));
    if (service) return { name: service.name, kind: 'service' };
    const slash = path.lastIndexOf('/');
    return { name: slash > 0 ? path.slice(0, slash) : '.', kind: 'folder' };
  };
}

/**
 * The components hit by incidents in `period`, worst first: more incidents first, then the worse
 * worst severity, then more open follow-ups, then by name. An incident counts once per component
 * it touches: through its links' paths, and through its `services` that config.yaml names. A
 * lesson that names links counts for those links' components only; other lessons and every
 * follow-up count for all of the incident's components. Incidents without a start or resolution
 * time are outside every period.
 */
export function rollUpComponents(incidents: readonly Incident[], config: IncidentConfig, period: Period): ComponentRollup[] {
  const componentOf = componentMatcher(config.services);
  const rank = (severity: string) => {
    const at = config.severities.findIndex((s) => s.label === severity);
    return at < 0 ? config.severities.length : at;
  };
  const inPeriod = incidents.filter((incident) => {
    const at = timeOf(incident.startedAt) ?? timeOf(incident.resolvedAt);
    return at !== undefined && at >= period.since.getTime() && at <= period.until.getTime();
  });
  const practices = practiceNames(config.review.practices, inPeriod.map((i) => i.review));
  const byName = new Map<string, ComponentRollup & { ranks: Map<string, number> }>();
  const entry = (component: Component) => {
    const key = `${component.kind}:${component.name}`;
    let found = byName.get(key);
    if (!found) {
      found = { ...component, incidentIds: [], worst: '', lessons: Object.fromEntries(practices.map((p) => [p, 0])), openFollowUps: 0, paths: [], ranks: new Map() };
      byName.set(key, found);
    }
    return found;
  };

  for (const incident of inPeriod) {
    const linkComponents = incident.links.map((link) => componentOf(link.path));
    const touched = new Map<string, ReturnType<typeof entry>>();
    incident.links.forEach((link, i) => {
      const rollup = entry(linkComponents[i] as Component);
      touched.set(`${rollup.kind}:${rollup.name}`, rollup);
      if (!rollup.paths.includes(link.path)) rollup.paths.push(link.path);
    });
    for (const service of incident.services) {
      if (!Object.hasOwn(config.services, service)) continue;
      const rollup = entry({ name: service, kind: 'service' });
      touched.set(`service:${service}`, rollup);
    }
    const open = incident.review?.followUps.filter((f) => f.status === 'open').length ?? 0;
    for (const rollup of touched.values()) {
      rollup.incidentIds.push(incident.id);
      rollup.ranks.set(incident.id, rank(incident.severity));
      if (rollup.worst === '' || rank(incident.severity) < rank(rollup.worst)) rollup.worst = incident.severity;
      rollup.openFollowUps += open;
    }
    for (const lesson of incident.review?.lessons ?? []) {
      const named = (lesson.links ?? []).map((i) => linkComponents[i]).filter((c): c is Component => c !== undefined);
      const targets = named.length > 0 ? new Set(named.map((c) => touched.get(`${c.kind}:${c.name}`))) : new Set(touched.values());
      for (const rollup of targets) if (rollup) rollup.lessons[lesson.practice] = (rollup.lessons[lesson.practice] ?? 0) + 1;
    }
  }

  return [...byName.values()]
    .map(({ ranks, ...rollup }) => ({ ...rollup, incidentIds: [...rollup.incidentIds].sort((a, b) => (ranks.get(a) ?? 0) - (ranks.get(b) ?? 0) || a.localeCompare(b)) }))
    .sort((a, b) => b.incidentIds.length - a.incidentIds.length || rank(a.worst) - rank(b.worst) || b.openFollowUps - a.openFollowUps || a.name.localeCompare(b.name));
}

/**
 * A period's start from `90d`, `12w` or an ISO date (2026-01-31), relative to `now`.
 * Throws an Error saying what to write instead.
 */
export function parseSince(text: string, now: Date): Date {
  const relative = /^(\d{1,5})([dw])$/.exec(text.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * (relative[2] === 'w' ? 7 : 1) * DAY_MS);
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text.trim())) {
    const ms = Date.parse(text.trim());
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  throw new Error(`"${text}" is not a period start: write a number of days or weeks (90d, 12w) or a date (2026-01-31).`);
}
