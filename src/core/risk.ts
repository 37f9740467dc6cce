// How loud the incident history behind a piece of code is. Recent, severe incidents in
// which the code was the root cause count most; a file that changes often is louder,
// because changing fragile code is how it breaks again.
//
// score = churnFactor x sum over distinct incidents of severityWeight x roleWeight x 0.5^(ageDays / halfLifeDays)
import type { IncidentConfig, RiskThresholds } from './config';
import type { IndexedLink } from './incidentIndex';
import { anchorOf, type LensAnchor } from './lensSummary';
import { ROLES, type Incident, type Role } from './model';
import { severityRank } from './severity';
import { timeOf } from './time';

export type RiskLevel = 'none' | 'low' | 'medium' | 'high';

export interface IncidentRisk {
  incident: Incident;
  /** The strongest role (highest configured weight) the incident plays here. */
  role: Role;
  /** severityWeight x roleWeight x decay, before churn. */
  weight: number;
  /** Days since the incident; undefined when it carries no date, and then it is weighed as if it were today. */
  ageDays: number | undefined;
}

export interface Risk {
  score: number;
  level: RiskLevel;
  churnFactor: number;
  /** Each incident once, heaviest first; severities the config does not know weigh 0 and come last. */
  incidents: IncidentRisk[];
}

export interface AnchoredRisk {
  anchor: LensAnchor;
  risk: Risk;
}

/** One workspace file and every link into it, as IncidentIndex holds them. */
export interface LinkedFile {
  folder: string;
  path: string;
  links: readonly IndexedLink[];
}

export interface FileHotspot extends LinkedFile {
  risk: Risk;
  /** The file's linked symbols and ranges, highest risk first (links to the whole file count only in `risk`). */
  parts: AnchoredRisk[];
}

/** Commits touching a file in the adapter's recent window; undefined when unknown. */
export type ChurnOf = (folder: string, path: string) => number | undefined;

const DAY_MS = 86_400_000;
/** Past this many incidents in one group, strongestRoles finds an incident seen before through a map. */
const FEW_INCIDENTS = 8;

/** Churn can at most double a score: history stays the main signal, churn only sharpens it. */
export const MAX_CHURN_FACTOR = 2;

/**
 * 1 for an untouched file or unknown churn, rising with the logarithm of the commit count
 * (1 commit 1.25, 3 commits 1.5, 7 commits 1.75) and capped at 2 from 15 commits on,
 * so a generated or vendored file rewritten daily cannot drown out the history.
 */
export function churnFactor(commits: number | undefined): number {
  if (commits === undefined || Number.isNaN(commits) || commits <= 0) return 1;
  return Math.min(MAX_CHURN_FACTOR, 1 + Math.log2(1 + commits) / 4);
}

/**
 * Days since the incident started, or since it was resolved when the start is unknown.
 * Undefined without either: such an incident is weighed at full strength (no decay),
 * because silently muting a linked incident is worse than a lens that is too loud.
 * A date in the future (clock skew) counts as today.
 */
export function incidentAgeDays(incident: Incident, now: Date): number | undefined {
  const ms = timeOf(incident.startedAt) ?? timeOf(incident.resolvedAt);
  return ms === undefined ? undefined : Math.max(0, (now.getTime() - ms) / DAY_MS);
}

/** 1 today, 1/2 after one half-life, 1/4 after two. */
export function decay(ageDays: number, halfLifeDays: number): number {
  return 0.5 ** (Math.max(0, ageDays) / halfLifeDays);
}

export function riskLevel(score: number, thresholds: RiskThresholds): RiskLevel {
  if (score <= 0) return 'none';
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return score >= thresholds.low ? 'low' : 'none';
}

/** The risk of one file: every link into it, each incident once. */
export function fileRisk(links: Iterable<IndexedLink>, now: Date, config: IncidentConfig, commits?: number): Risk {
  return new RiskScale(now, config).riskOf(links, churnFactor(commits));
}

/** fileRisk for many groups of links at one clock and configuration, resolving the configuration once. */
export function riskWeigher(now: Date, config: IncidentConfig): (links: Iterable<IndexedLink>, commits?: number) => Risk {
  const scale = new RiskScale(now, config);
  return (links, commits) => scale.riskOf(links, churnFactor(commits));
}

/** The risk of each linked symbol, range and the file itself, highest first. Parts of a file share its churn. */
export function anchorRisks(links: Iterable<IndexedLink>, now: Date, config: IncidentConfig, commits?: number): AnchoredRisk[] {
  return new RiskScale(now, config).byAnchor(links, churnFactor(commits));
}

/**
 * Files ranked by risk, each with its symbols and ranges ranked. Files whose incidents all
 * weigh 0 (unknown severities) are kept, last, so the tree can still show them.
 */
export function hotspots(files: Iterable<LinkedFile>, now: Date, config: IncidentConfig, churnOf?: ChurnOf): FileHotspot[] {
  const scale = new RiskScale(now, config);
  const ranked: FileHotspot[] = [];
  for (const file of files) {
    if (file.links.length === 0) continue;
    const churn = churnFactor(churnOf?.(file.folder, file.path));
    const parts = scale.byAnchor(file.links, churn).filter((part) => part.anchor.kind !== 'file');
    ranked.push({ folder: file.folder, path: file.path, links: file.links, risk: scale.riskOf(file.links, churn), parts });
  }
  return ranked.sort((a, b) => scale.compare(a.risk, b.risk) || a.folder.localeCompare(b.folder) || a.path.localeCompare(b.path));
}

/** One identity for an anchor, to group links and to match a risk to a lens. */
export function anchorId(anchor: LensAnchor): string {
  if (anchor.kind === 'lines') return `lines:${anchor.lines.start}-${anchor.lines.end}`;
  if (anchor.kind === 'symbol') return `symbol:${anchor.symbol}`;
  return 'file';
}

/** The configuration and the clock, resolved once per query. */
class RiskScale {
  private readonly severityWeights: ReadonlyMap<string, number>;
  private readonly labels: readonly string[];
  /**
   * Each incident weighed once per role it plays (most play one: that IncidentRisk, else one per
   * role): one scale weighs an incident in many groups, and reading its date is the dear part.
   */
  private readonly weighed = new Map<Incident, IncidentRisk | IncidentRisk[]>();

  constructor(private readonly now: Date, private readonly config: IncidentConfig) {
    this.severityWeights = new Map(config.severities.map((severity) => [severity.label, severity.weight]));
    this.labels = config.severities.map((severity) => severity.label);
  }

  riskOf(links: Iterable<IndexedLink>, churn: number): Risk {
    const incidents = this.strongestRoles(links);
    if (incidents.length > 1) incidents.sort(this.heaviestFirst);
    let sum = 0;
    for (let i = 0; i < incidents.length; i++) sum += (incidents[i] as IncidentRisk).weight;
    const score = churn * sum;
    return { score, level: riskLevel(score, this.config.thresholds), churnFactor: churn, incidents };
  }

  /**
   * Heavier first; on equal weights the worse severity, then the more recent. -1, 0 or 1 as the
   * differences' signs (a NaN difference falls through, as with `||`): a fractional result is a
   * number allocated at every call, thousands of calls in weighing a big change.
   */
  private readonly heaviestFirst = (a: IncidentRisk, b: IncidentRisk): number => {
    if (b.weight > a.weight) return 1;
    if (b.weight < a.weight) return -1;
    const ranks = this.rank(a.incident) - this.rank(b.incident);
    if (ranks !== 0) return ranks;
    const x = a.ageDays ?? 0;
    const y = b.ageDays ?? 0;
    return x < y ? -1 : x > y ? 1 : 0;
  };

  byAnchor(links: Iterable<IndexedLink>, churn: number): AnchoredRisk[] {
    const groups = new Map<string, { anchor: LensAnchor; links: IndexedLink[] }>();
    for (const item of links) {
      const anchor = anchorOf(item.link);
      const id = anchorId(anchor);
      const group = groups.get(id) ?? { anchor, links: [] };
      group.links.push(item);
      groups.set(id, group);
    }
    return [...groups.values()]
      .map((group) => ({ anchor: group.anchor, risk: this.riskOf(group.links, churn) }))
      .sort((a, b) => this.compare(a.risk, b.risk));
  }

  /** Higher score first; on a tie the worse top severity, then more incidents. */
  compare(a: Risk, b: Risk): number {
    const worst = (risk: Risk) => Math.min(...risk.incidents.map((item) => this.rank(item.incident)));
    return b.score - a.score || worst(a) - worst(b) || b.incidents.length - a.incidents.length;
  }

  /**
   * Each incident weighed once, keyed by id (an incident linked several times, or loaded twice,
   * counts once with its strongest role), in the order the incidents first appear.
   */
  private strongestRoles(links: Iterable<IndexedLink>): IncidentRisk[] {
    // Indexed: a change check runs once per process, mostly before V8 optimises it, where each step of an iterator is an object.
    const list: readonly IndexedLink[] = Array.isArray(links) ? links : [...links];
    // One link, as most places of a change hold: a one-slot array rather than one grown by push.
    if (list.length === 1) {
      const { incident, link } = list[0] as IndexedLink;
      return [this.weigh(incident, link.role)];
    }
    const weighed: IncidentRisk[] = [];
    // Most places hold a few links: looking along them costs less than a map, which takes over past a few.
    let at: Map<string, number> | undefined;
    for (let k = 0; k < list.length; k++) {
      const { incident, link } = list[k] as IndexedLink;
      let seen = at?.get(incident.id);
      for (let i = 0; !at && seen === undefined && i < weighed.length; i++) if ((weighed[i] as IncidentRisk).incident.id === incident.id) seen = i;
      if (seen === undefined) {
        if (!at && weighed.length >= FEW_INCIDENTS) at = new Map(weighed.map((item, i) => [item.incident.id, i]));
        at?.set(incident.id, weighed.length);
        weighed.push(this.weigh(incident, link.role));
      } else if (this.isStronger(link.role, (weighed[seen] as IncidentRisk).role)) {
        weighed[seen] = this.weigh(incident, link.role);
      }
    }
    return weighed;
  }

  /** Higher configured weight; on equal weights the earlier in ROLES, root-cause strongest. */
  private isStronger(role: Role, than: Role): boolean {
    const weights = this.config.roleWeights;
    return weights[role] > weights[than] || (weights[role] === weights[than] && ROLES.indexOf(role) < ROLES.indexOf(than));
  }

  /** The incident in this role, weighed once per scale (read-only: groups share it). */
  private weigh(incident: Incident, role: Role): IncidentRisk {
    const known = this.weighed.get(incident);
    if (known !== undefined && !Array.isArray(known) && known.role === role) return known;
    const roles = known === undefined ? [] : Array.isArray(known) ? known : [known];
    const same = roles.find((item) => item.role === role);
    if (same) return same;
    const ageDays = roles.length > 0 ? (roles[0] as IncidentRisk).ageDays : incidentAgeDays(incident, this.now);
    const severity = this.severityWeights.get(incident.severity) ?? 0;
    const weight = severity * (this.config.roleWeights[role] ?? 0) * decay(ageDays ?? 0, this.config.halfLifeDays);
    const weighed: IncidentRisk = { incident, role, weight, ageDays };
    this.weighed.set(incident, roles.length > 0 ? [...roles, weighed] : weighed);
    return weighed;
  }

  private rank(incident: Incident): number {
    return severityRank(incident.severity, this.labels);
  }
}
