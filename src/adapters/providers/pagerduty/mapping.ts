// PagerDuty incidents in the domain's words. Pure: wire object in, PlatformIncident out.
import type { Status } from '../../../core/model';
import { severityFromLabel, type PlatformIncident } from '../../../core/platform';
import type { PdError, PdIncident, PdStatus } from './wire';

export const PAGERDUTY = 'pagerduty';

const STATUS: Record<PdStatus, Status> = {
  triggered: 'triage',
  acknowledged: 'investigating',
  resolved: 'resolved',
};

/** PagerDuty has three statuses; each domain status asks for the one it comes from. */
export function pagerDutyStatusesFor(statuses: readonly Status[]): PdStatus[] {
  const wanted = new Set<PdStatus>();
  for (const status of statuses) {
    if (status === 'triage') wanted.add('triggered');
    else if (status === 'resolved' || status === 'closed') wanted.add('resolved');
    else wanted.add('acknowledged');
  }
  return [...wanted];
}

/**
 * Severity comes from the priority (P1..P5, an account may rename them; P5 folds into SEV4).
 * Without priorities, PagerDuty only knows urgency: high reads as SEV2, low as SEV4.
 */
export function pagerDutySeverity(incident: PdIncident): string {
  const urgencyFallback = incident.urgency === 'low' ? 'SEV4' : 'SEV2';
  const priority = incident.priority?.summary ?? incident.priority?.name;
  return priority ? severityFromLabel(priority, urgencyFallback) : urgencyFallback;
}

export function mapPagerDutyIncident(incident: PdIncident): PlatformIncident {
  const responders = unique([
    ...(incident.assignments ?? []).map((a) => a.assignee?.summary),
    ...(incident.acknowledgements ?? []).map((a) => a.acknowledger?.summary),
    ...(incident.incidents_responders ?? []).filter((r) => r.state !== 'declined' && r.state !== 'user_cancelled').map((r) => r.user?.summary),
  ]);
  const details = incident.body?.details;
  const mapped: PlatformIncident = {
    id: incident.incident_number !== undefined ? `PD-${incident.incident_number}` : incident.id,
    title: incident.title ?? incident.summary ?? incident.id,
    severity: pagerDutySeverity(incident),
    status: STATUS[incident.status] ?? 'triage',
    services: unique([incident.service?.summary]),
    source: { provider: PAGERDUTY, id: incident.id },
    responders,
  };
  if (incident.created_at) mapped.startedAt = incident.created_at;
  if (incident.resolved_at) mapped.resolvedAt = incident.resolved_at;
  if (incident.html_url) mapped.url = incident.html_url;
  if (typeof details === 'string' && details.trim()) mapped.summary = details.trim();
  return mapped;
}

export function pagerDutyErrorDetail(body: unknown): string | undefined {
  const error = (body as PdError | undefined)?.error;
  if (!error || typeof error !== 'object') return undefined;
  const parts = [error.message, ...(Array.isArray(error.errors) ? error.errors : [])].filter((s): s is string => typeof s === 'string' && s !== '');
  return parts.length ? parts.join('; ') : undefined;
}

function unique(values: Array<string | undefined | null>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}
