// Filtering and grouping incidents for lists (the sidebar tree), pure and testable.
import { isLive, type Incident } from './model';
import { severityRank } from './severity';
import { timeOf } from './time';

/** What filtering and sorting read: a local incident or one synced from a platform. */
export type ListedIncident = Pick<Incident, 'id' | 'title' | 'summary' | 'severity' | 'status' | 'services' | 'responders' | 'startedAt'>;

export interface IncidentFilter {
  severities: string[];
  statuses: string[];
  services: string[];
  text: string;
}

export const NO_FILTER: IncidentFilter = { severities: [], statuses: [], services: [], text: '' };

export type GroupBy = 'none' | 'status' | 'severity' | 'service';

export interface IncidentGroup<T> {
  key: string;
  label: string;
  items: T[];
}

export function isFilterActive(filter: IncidentFilter): boolean {
  return filter.severities.length + filter.statuses.length + filter.services.length > 0 || filter.text.trim() !== '';
}

export function describeFilter(filter: IncidentFilter): string {
  const parts = [...filter.severities, ...filter.statuses, ...filter.services];
  if (filter.text.trim()) parts.push(`"${filter.text.trim()}"`);
  return parts.join(', ');
}

/** Each dimension narrows (AND); values within one dimension widen (OR). Text matches id, title, summary, services. */
export function matchesFilter(incident: ListedIncident, filter: IncidentFilter): boolean {
  if (filter.severities.length > 0 && !filter.severities.includes(incident.severity)) return false;
  if (filter.statuses.length > 0 && !filter.statuses.includes(incident.status)) return false;
  if (filter.services.length > 0 && !incident.services.some((s) => filter.services.includes(s))) return false;
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [incident.id, incident.title, incident.summary ?? '', ...incident.services, ...incident.responders].join('\n').toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** Most recent first; undated incidents last, then by id. */
export function byRecency(a: ListedIncident, b: ListedIncident): number {
  return startedMs(b) - startedMs(a) || a.id.localeCompare(b.id, undefined, { numeric: true });
}

export function liveFirst(a: Incident, b: Incident): number {
  return Number(isLive(b)) - Number(isLive(a)) || byRecency(a, b);
}

/**
 * Groups items by an incident attribute. An incident with several services appears
 * under each. Groups are ordered the way people scan them: severity worst first,
 * status in lifecycle order, services and months alphabetically / newest first.
 */
export function groupIncidents<T>(items: readonly T[], incidentOf: (item: T) => Incident, by: Exclude<GroupBy, 'none'> | 'month', severities?: readonly string[]): IncidentGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(incidentOf(item), by)) {
      const list = groups.get(key);
      if (list) list.push(item);
      else groups.set(key, [item]);
    }
  }
  const order = (a: string, b: string): number => {
    if (by === 'severity') return severityRank(a, severities) - severityRank(b, severities) || a.localeCompare(b);
    if (by === 'status') return STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b);
    if (by === 'month') return b.localeCompare(a);
    return a.localeCompare(b);
  };
  return [...groups.keys()].sort(order).map((key) => ({ key, label: labelOf(key, by), items: groups.get(key) ?? [] }));
}

const STATUS_ORDER = ['triage', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'];
const NO_SERVICE = '(no service)';
const NO_DATE = '(no date)';

function keysOf(incident: Incident, by: Exclude<GroupBy, 'none'> | 'month'): string[] {
  if (by === 'severity') return [incident.severity];
  if (by === 'status') return [incident.status];
  if (by === 'service') return incident.services.length > 0 ? [...new Set(incident.services)] : [NO_SERVICE];
  return [incident.startedAt && /^\d{4}-\d{2}/.test(incident.startedAt) ? incident.startedAt.slice(0, 7) : NO_DATE];
}

function labelOf(key: string, by: Exclude<GroupBy, 'none'> | 'month'): string {
  if (by !== 'month' || key === NO_DATE) return key;
  const [year, month] = key.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, 1)).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function startedMs(incident: ListedIncident): number {
  return timeOf(incident.startedAt) ?? Number.NEGATIVE_INFINITY;
}
