// Ready-made configurations for platforms without a dedicated client, built from their
// published specs (../shared/apis/rootly/swagger.json, ../shared/apis/firehydrant/openapi.yaml).
// References get a platform prefix (RLY-, FH-) so they never collide with a repository's INC- ids.
import type { CustomProviderConfig } from './config';

/**
 * Rootly (JSON:API): Bearer auth, media type application/vnd.api+json, items in `data` as
 * {id, type, attributes}, pages by page[number]/page[size] with meta.next_page; notes are
 * incident events (POST /v1/incidents/{incident_id}/events), found again through the same list.
 */
export const ROOTLY_PRESET: CustomProviderConfig = {
  name: 'rootly',
  displayName: 'Rootly',
  baseUrl: 'https://api.rootly.com',
  auth: { header: 'Authorization', template: 'Bearer {token}' },
  headers: { Accept: 'application/vnd.api+json' },
  list: {
    path: '/v1/incidents',
    itemsPath: 'data',
    query: { sort: '-created_at' },
    pagination: { kind: 'page', pageParam: 'page[number]', sizeParam: 'page[size]', size: 100, nextPagePath: 'meta.next_page' },
    filters: {
      since: { param: 'filter[created_at][gte]' },
      statuses: { param: 'filter[status]', style: 'comma' },
      serviceIds: { param: 'filter[service_ids]', style: 'comma' },
      teamIds: { param: 'filter[team_ids]', style: 'comma' },
    },
  },
  fields: {
    id: 'id',
    reference: 'attributes.sequential_id',
    title: 'attributes.title',
    severity: 'attributes.severity.data.attributes.severity',
    status: 'attributes.status',
    startedAt: 'attributes.started_at',
    resolvedAt: 'attributes.resolved_at',
    services: 'attributes.services[].data.attributes.name',
    url: 'attributes.url',
    summary: 'attributes.summary',
  },
  referencePrefix: 'RLY-',
  // The incident_statuses enum of the spec.
  statusMap: {
    in_triage: 'triage', detected: 'triage', scheduled: 'triage', started: 'investigating', acknowledged: 'investigating',
    in_progress: 'investigating', mitigated: 'monitoring', resolved: 'resolved', completed: 'resolved',
    closed: 'closed', cancelled: 'closed',
  },
  notes: {
    path: '/v1/incidents/{incidentId}/events',
    contentType: 'application/vnd.api+json',
    body: { data: { type: 'incident_events', attributes: { event: '{text}', visibility: 'internal' } } },
    idPath: 'data.id',
    lookup: { path: '/v1/incidents/{incidentId}/events', query: { 'page[size]': '100' }, itemsPath: 'data', textPath: 'attributes.event', idPath: 'id' },
  },
};

/**
 * FireHydrant: Bearer bot token, items in `data`, pages by page/per_page (max 200) with
 * pagination.next; statuses are milestone slugs (current_milestone); notes go to
 * POST /v1/incidents/{incident_id}/notes. The spec leaves the shape of a note event in the
 * events list undefined, so there is no lookup: a note whose answer was lost may post twice.
 */
export const FIREHYDRANT_PRESET: CustomProviderConfig = {
  name: 'firehydrant',
  displayName: 'FireHydrant',
  baseUrl: 'https://api.firehydrant.io',
  auth: { header: 'Authorization', template: 'Bearer {token}' },
  list: {
    path: '/v1/incidents',
    itemsPath: 'data',
    pagination: { kind: 'page', pageParam: 'page', sizeParam: 'per_page', size: 200, nextPagePath: 'pagination.next' },
    filters: {
      since: { param: 'created_at_or_after' },
      statuses: { param: 'current_milestones', style: 'comma' },
      serviceIds: { param: 'services', style: 'comma' },
      teamIds: { param: 'teams', style: 'comma' },
    },
  },
  fields: {
    id: 'id',
    reference: 'number',
    title: 'name',
    severity: 'severity',
    status: 'current_milestone',
    startedAt: 'started_at',
    resolvedAt: 'milestones[type=resolved].occurred_at',
    services: 'services[].name',
    url: 'incident_url',
    summary: 'summary',
    responders: 'role_assignments[status=active].user.name',
  },
  referencePrefix: 'FH-',
  // FireHydrant's default milestones; organisations can add their own, which customStatus guesses.
  statusMap: {
    started: 'triage', detected: 'triage', acknowledged: 'investigating', investigating: 'investigating',
    identified: 'identified', mitigated: 'monitoring', resolved: 'resolved', retrospective_started: 'resolved',
    postmortem_started: 'resolved', retrospective_completed: 'closed', postmortem_completed: 'closed', closed: 'closed',
  },
  notes: {
    path: '/v1/incidents/{incidentId}/notes',
    body: { body: '{text}', occurred_at: '{at}', visibility: 'private_to_org' },
    idPath: 'id',
  },
};

export const PRESETS: Readonly<Record<string, CustomProviderConfig>> = {
  rootly: ROOTLY_PRESET,
  firehydrant: FIREHYDRANT_PRESET,
};

/** A preset with the user's changes on top (a base URL for a self-hosted or EU instance, say). */
export function presetWith(name: keyof typeof PRESETS | string, overrides: Partial<CustomProviderConfig> = {}): CustomProviderConfig {
  const preset = PRESETS[name];
  if (!preset) throw new Error(`no preset named "${name}" (known: ${Object.keys(PRESETS).join(', ')})`);
  return { ...structuredClone(preset), ...overrides };
}
