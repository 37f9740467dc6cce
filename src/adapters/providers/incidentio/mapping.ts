// incident.io incidents in the domain's words. Pure: wire object in, PlatformIncident out.
// incident.io lets each organisation name its statuses, severities and custom fields, so this
// reads the fixed parts (status categories, role assignments) and the usual names for the rest.
import type { Status } from '../../../core/model';
import { severityFromLabel, type PlatformIncident } from '../../../core/platform';
import type { IioCustomFieldEntry, IioError, IioIncident, IioIncidentStatus } from './wire';

export const INCIDENT_IO = 'incident.io';

/** Custom fields whose values are services, and teams, by the names organisations give them. */
const SERVICE_FIELD = /\b(services?|systems?|components?|products?|features?)\b/i;
const TEAM_FIELD = /\bteams?\b/i;

/** Categories are fixed; inside "live" the status names are the organisation's own. */
export function incidentIoStatus(status: IioIncidentStatus | undefined): Status {
  switch (status?.category) {
    case 'triage': return 'triage';
    case 'live':
    case 'paused':
      if (/monitor/i.test(status.name)) return 'monitoring';
      if (/identif|fixing|mitigat/i.test(status.name)) return 'identified';
      return 'investigating';
    case 'learning': return 'resolved';
    case 'closed':
    case 'declined':
    case 'merged':
    case 'canceled': return 'closed';
    default: return 'triage';
  }
}

/** The status_category filter values that can hold each domain status. */
export function incidentIoCategoriesFor(statuses: readonly Status[]): string[] {
  const categories = new Set<string>();
  for (const status of statuses) {
    if (status === 'triage') categories.add('triage');
    else if (status === 'resolved') categories.add('learning');
    else if (status === 'closed') ['closed', 'declined', 'merged', 'canceled'].forEach((c) => categories.add(c));
    else ['live', 'paused'].forEach((c) => categories.add(c));
  }
  return [...categories];
}

export function mapIncidentIoIncident(incident: IioIncident): PlatformIncident {
  const status = incidentIoStatus(incident.incident_status);
  const timestamps = incident.incident_timestamp_values ?? [];
  const timestamp = (name: RegExp) => timestamps.find((t) => name.test(t.incident_timestamp?.name ?? '') && t.value?.value)?.value?.value;
  const mapped: PlatformIncident = {
    id: incident.reference || incident.id,
    title: incident.name,
    severity: severityFromLabel(incident.severity?.name),
    status,
    startedAt: timestamp(/started/i) ?? incident.created_at,
    services: fieldValueNames(incident.custom_field_entries, SERVICE_FIELD),
    source: { provider: INCIDENT_IO, id: incident.id },
    responders: unique((incident.incident_role_assignments ?? []).map((a) => a.assignee?.name)),
  };
  const resolvedAt = status === 'resolved' || status === 'closed' ? timestamp(/resolved|closed/i) : undefined;
  if (resolvedAt) mapped.resolvedAt = resolvedAt;
  if (incident.permalink) mapped.url = incident.permalink;
  if (incident.summary?.trim()) mapped.summary = incident.summary.trim();
  return mapped;
}

/** incident.io has no service or team filter of its own: the ids are looked for in the matching custom fields. */
export function matchesServicesAndTeams(incident: IioIncident, serviceIds?: readonly string[], teamIds?: readonly string[]): boolean {
  const has = (ids: readonly string[] | undefined, field: RegExp) =>
    !ids?.length || fieldValueIds(incident.custom_field_entries, field).some((id) => ids.includes(id));
  return has(serviceIds, SERVICE_FIELD) && has(teamIds, TEAM_FIELD);
}

export function incidentIoErrorDetail(body: unknown): string | undefined {
  const errors = (body as IioError | undefined)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const messages = errors.map((e) => [e?.source?.field, e?.message].filter(Boolean).join(' ')).filter(Boolean);
  return messages.length ? messages.join('; ') : undefined;
}

function fieldValueNames(entries: IioCustomFieldEntry[] | undefined, field: RegExp): string[] {
  return unique(entriesNamed(entries, field).flatMap((e) => e.values ?? [])
    .map((v) => v.value_catalog_entry?.name ?? v.value_option?.value ?? v.value_text));
}

function fieldValueIds(entries: IioCustomFieldEntry[] | undefined, field: RegExp): string[] {
  return unique(entriesNamed(entries, field).flatMap((e) => e.values ?? [])
    .flatMap((v) => [v.value_catalog_entry?.id, v.value_catalog_entry?.external_id, v.value_option?.id]));
}

function entriesNamed(entries: IioCustomFieldEntry[] | undefined, field: RegExp): IioCustomFieldEntry[] {
  return (entries ?? []).filter((e) => field.test(e.custom_field?.name ?? ''));
}

function unique(values: Array<string | undefined | null>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}
