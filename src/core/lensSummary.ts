// What one CodeLens says: the incidents behind a linked range, symbol or file.
import type { IndexedLink } from './incidentIndex';
import type { Incident, LineRange } from './model';
import { severityRank } from './severity';
import { formatAge, timeOf } from './time';

export type LensAnchor =
  | { kind: 'file' }
  | { kind: 'lines'; lines: LineRange }
  | { kind: 'symbol'; symbol: string };

export interface LensGroup {
  anchor: LensAnchor;
  /** Worst first, then most recent. */
  incidents: Incident[];
  /** The links behind the lens, to weigh its risk. */
  links: IndexedLink[];
  title: string;
}

export function anchorOf(link: IndexedLink['link']): LensAnchor {
  if (link.lines) return { kind: 'lines', lines: link.lines };
  if (link.symbol) return { kind: 'symbol', symbol: link.symbol };
  return { kind: 'file' };
}

/** One group per distinct anchor, in file order (file-level first). */
export function summarizeLinks(links: readonly IndexedLink[], now: Date, severities?: readonly string[]): LensGroup[] {
  // A hot file can hold thousands of links: sets, not array scans, keep this linear.
  const groups = new Map<string, { anchor: LensAnchor; incidents: Set<Incident>; links: IndexedLink[] }>();
  for (const indexed of links) {
    const anchor = anchorOf(indexed.link);
    const key = anchorKey(anchor);
    const group = groups.get(key) ?? { anchor, incidents: new Set<Incident>(), links: [] };
    group.incidents.add(indexed.incident);
    group.links.push(indexed);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ anchor, incidents, links: groupLinks }) => {
      const sorted = [...incidents].sort(worstFirst(severities));
      return { anchor, incidents: sorted, links: groupLinks, title: lensTitle(sorted, now) };
    })
    .sort((a, b) => anchorLine(a.anchor) - anchorLine(b.anchor));
}

/** Most severe first, then most recent: the order lenses, picks and hovers list incidents in. */
export function worstFirst(severities?: readonly string[]): (a: Incident, b: Incident) => number {
  return (a, b) => severityRank(a.severity, severities) - severityRank(b.severity, severities) || startedMs(b) - startedMs(a);
}

// Sorting calls this n log n times; parse each incident's date once.
const startedCache = new WeakMap<Incident, number>();

/** `3 incidents · last 12 days ago · SEV1 INC-142` */
export function lensTitle(incidents: readonly Incident[], now: Date): string {
  const worst = incidents[0];
  if (!worst) return '';
  const count = incidents.length === 1 ? '1 incident' : `${incidents.length} incidents`;
  const latest = Math.max(...incidents.map(startedMs));
  const parts = [count];
  if (Number.isFinite(latest) && latest > 0) parts.push(`${incidents.length > 1 ? 'last ' : ''}${formatAge(latest, now)}`);
  parts.push(`${worst.severity} ${worst.id}`);
  return parts.join(' · ');
}

function startedMs(incident: Incident): number {
  let ms = startedCache.get(incident);
  if (ms === undefined) {
    ms = timeOf(incident.startedAt) ?? 0;
    startedCache.set(incident, ms);
  }
  return ms;
}

function anchorKey(anchor: LensAnchor): string {
  if (anchor.kind === 'lines') return `lines:${anchor.lines.start}-${anchor.lines.end}`;
  if (anchor.kind === 'symbol') return `symbol:${anchor.symbol}`;
  return 'file';
}

function anchorLine(anchor: LensAnchor): number {
  return anchor.kind === 'lines' ? anchor.lines.start : anchor.kind === 'file' ? 0 : Number.MAX_SAFE_INTEGER;
}
