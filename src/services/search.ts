// "Which incidents match?": the sidebar's filter (core/incidentQuery.ts: text, services,
// severities, statuses) plus a time window, over one or more loaded indexes, most recent
// first. The agents' search tool and the MCP server present this.
import { byRecency, matchesFilter, type IncidentFilter } from '../core/incidentQuery';
import type { IncidentIndex } from '../core/incidentIndex';
import type { Incident } from '../core/model';
import { timeOf } from '../core/time';

export interface IncidentSearch {
  /** Words that must all appear in the id, title, summary, services or responders (case-insensitive). */
  text?: string;
  /** Any of these services (exact names). */
  services?: string[];
  /** Any of these severities (labels as configured, e.g. SEV1). */
  severities?: string[];
  /** Any of these statuses. */
  statuses?: string[];
  /** Started (else resolved) at or after this ISO date or date-time. */
  since?: string;
  /** Started (else resolved) at or before this ISO date or date-time; a date alone includes that whole day. */
  until?: string;
  /** At most this many results (default 20). */
  limit?: number;
}

export interface SearchHit {
  incident: Incident;
  /** The incident file it was read from. */
  source: string;
  folder: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Matches before `limit`. */
  total: number;
}

export const DEFAULT_SEARCH_LIMIT = 20;

/**
 * The incidents of `indexes` that match `query`, most recent first. An undated incident
 * never matches a time window. Throws an Error naming the field when `since` or `until`
 * is not a date, so an agent can correct its call.
 */
export function searchIncidents(indexes: readonly IncidentIndex[], query: IncidentSearch): SearchResult {
  const filter: IncidentFilter = { text: query.text ?? '', services: query.services ?? [], severities: query.severities ?? [], statuses: query.statuses ?? [] };
  const since = boundary('since', query.since, false);
  const until = boundary('until', query.until, true);
  const hits: SearchHit[] = [];
  for (const index of indexes) {
    for (const entry of index.entries()) {
      if (!matchesFilter(entry.incident, filter)) continue;
      if (since !== undefined || until !== undefined) {
        const at = timeOf(entry.incident.startedAt) ?? timeOf(entry.incident.resolvedAt);
        if (at === undefined || (since !== undefined && at < since) || (until !== undefined && at > until)) continue;
      }
      hits.push({ incident: entry.incident, source: entry.source, folder: entry.folder });
    }
  }
  hits.sort((a, b) => byRecency(a.incident, b.incident));
  const limit = Math.max(1, Math.floor(query.limit ?? DEFAULT_SEARCH_LIMIT));
  return { hits: hits.slice(0, limit), total: hits.length };
}

function boundary(name: string, value: string | undefined, endOfDay: boolean): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
  const ms = timeOf(dateOnly ? `${value.trim()}T00:00:00Z` : value.trim());
  if (ms === undefined) throw new Error(`${name} "${value}" is not a date: write an ISO date such as 2026-03-02 or 2026-03-02T14:05:00Z.`);
  return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}
