// The declarative description of an incident platform's JSON API: where incidents are listed,
// how they page, where each domain field sits in an item (paths, see mapping.ts readPath), and
// how a note is posted. Presets for Rootly and FireHydrant are in presets.ts.
import type { Status } from '../../../core/model';
import { STATUSES } from '../../../core/model';
import { PlatformError } from '../../../core/platform';

/** A JSON value; string leaves in note bodies may hold {placeholders} (see mapping.ts renderTemplate). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type CustomPagination =
  /** Pass the cursor found at `cursorPath` back as `cursorParam`; done when there is none. */
  | { kind: 'cursor'; cursorParam: string; cursorPath: string; sizeParam?: string; size?: number }
  /** Advance `offsetParam` by the items received; done on a short page, or when `morePath` is false. */
  | { kind: 'offset'; offsetParam: string; limitParam: string; limit: number; morePath?: string }
  /** Count pages from `firstPage` (default 1); done on an empty or short page, a null `nextPagePath`, or `totalPagesPath` reached. */
  | { kind: 'page'; pageParam: string; sizeParam?: string; size?: number; firstPage?: number; nextPagePath?: string; totalPagesPath?: string }
  /** Follow the URL at `nextPath` (same origin only); done when it is empty. */
  | { kind: 'next-link'; nextPath: string; sizeParam?: string; size?: number };

/** A query parameter the list takes a filter in; `comma` joins values, `repeat` sends the parameter once per value. */
export interface CustomFilterParam {
  param: string;
  style?: 'comma' | 'repeat';
}

/** Paths into one listed item; `id` and `title` are required, the rest optional. */
export interface CustomFieldPaths {
  /** The platform's id: what note paths take as {incidentId}. */
  id: string;
  /** A human number or key; shown as referencePrefix + value. */
  reference?: string;
  title: string;
  severity?: string;
  status?: string;
  startedAt?: string;
  resolvedAt?: string;
  services?: string;
  url?: string;
  summary?: string;
  responders?: string;
}

export interface CustomNotesConfig {
  /** Path template, e.g. /v1/incidents/{incidentId}/notes. */
  path: string;
  /** JSON body template; placeholders {text} {title} {at} {idempotencyKey} {incidentId}. */
  body: JsonValue;
  /** Where the created note's id is in the response. */
  idPath?: string;
  contentType?: string;
  /** True only if the API itself deduplicates on a key the body template sends. */
  idempotent?: boolean;
  /** How to list an incident's notes to find one by its marker (platforms without idempotency keys). */
  lookup?: { path: string; query?: Record<string, string>; itemsPath: string; textPath: string; idPath: string };
}

export interface CustomProviderConfig {
  /** Machine name, used as source.provider: 'rootly'. */
  name: string;
  displayName?: string;
  baseUrl: string;
  /** The credential header; `template` holds {token}, e.g. { header: 'Authorization', template: 'Bearer {token}' }. */
  auth: { header: string; template: string };
  /** Extra headers (no credentials here: they would not be redacted by name). */
  headers?: Record<string, string>;
  list: {
    path: string;
    /** Where the array of incidents is in a page, e.g. "data"; "" for a bare array. */
    itemsPath: string;
    query?: Record<string, string>;
    pagination: CustomPagination;
    filters?: {
      since?: { param: string; format?: 'iso' | 'date' };
      statuses?: CustomFilterParam;
      serviceIds?: CustomFilterParam;
      teamIds?: CustomFilterParam;
    };
  };
  fields: CustomFieldPaths;
  referencePrefix?: string;
  /** Remote severity label (any case) to SEV1..SEV4; labels not listed go through severityFromLabel. */
  severityMap?: Record<string, string>;
  /** Remote status (any case) to a domain status; also used backwards for the statuses filter. */
  statusMap?: Record<string, Status>;
  notes?: CustomNotesConfig;
}

type Problems = string[];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function need(problems: Problems, where: string, value: unknown, optional = false): void {
  if (value === undefined && optional) return;
  if (!isString(value)) problems.push(`${where} must be a non-empty string`);
}

function stringMap(problems: Problems, where: string, value: unknown, allowed?: readonly string[]): void {
  if (value === undefined) return;
  if (!isObject(value)) return void problems.push(`${where} must be an object`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string' || (allowed && !allowed.includes(v))) {
      problems.push(`${where}.${key} must be ${allowed ? `one of ${allowed.join(', ')}` : 'a string'}`);
    }
  }
}

function pagination(problems: Problems, p: unknown): void {
  if (!isObject(p)) return void problems.push('list.pagination must be an object');
  const where = (k: string) => `list.pagination.${k}`;
  switch (p.kind) {
    case 'cursor': need(problems, where('cursorParam'), p.cursorParam); need(problems, where('cursorPath'), p.cursorPath); break;
    case 'offset':
      need(problems, where('offsetParam'), p.offsetParam); need(problems, where('limitParam'), p.limitParam);
      if (!Number.isInteger(p.limit) || (p.limit as number) < 1) problems.push(`${where('limit')} must be a positive integer`);
      break;
    case 'page': need(problems, where('pageParam'), p.pageParam); break;
    case 'next-link': need(problems, where('nextPath'), p.nextPath); break;
    default: problems.push(`${where('kind')} must be one of cursor, offset, page, next-link`);
  }
  if (p.size !== undefined && (!Number.isInteger(p.size) || (p.size as number) < 1)) problems.push(`${where('size')} must be a positive integer`);
}

/** Every problem in `raw`, in words a settings file's author can act on; empty when it is usable. */
export function validateCustomProviderConfig(raw: unknown): string[] {
  const problems: Problems = [];
  if (!isObject(raw)) return ['the provider configuration must be an object'];
  need(problems, 'name', raw.name);
  need(problems, 'baseUrl', raw.baseUrl);
  if (!isObject(raw.auth)) problems.push('auth must be an object with header and template');
  else {
    need(problems, 'auth.header', raw.auth.header);
    if (!isString(raw.auth.template) || !raw.auth.template.includes('{token}')) problems.push('auth.template must contain {token}');
  }
  stringMap(problems, 'headers', raw.headers);
  if (!isObject(raw.list)) problems.push('list must be an object');
  else {
    need(problems, 'list.path', raw.list.path);
    if (typeof raw.list.itemsPath !== 'string') problems.push('list.itemsPath must be a string');
    stringMap(problems, 'list.query', raw.list.query);
    pagination(problems, raw.list.pagination);
  }
  if (!isObject(raw.fields)) problems.push('fields must be an object');
  else {
    need(problems, 'fields.id', raw.fields.id);
    need(problems, 'fields.title', raw.fields.title);
    for (const key of ['reference', 'severity', 'status', 'startedAt', 'resolvedAt', 'services', 'url', 'summary', 'responders']) {
      need(problems, `fields.${key}`, raw.fields[key], true);
    }
  }
  stringMap(problems, 'severityMap', raw.severityMap);
  stringMap(problems, 'statusMap', raw.statusMap, STATUSES);
  if (raw.notes !== undefined) {
    if (!isObject(raw.notes)) problems.push('notes must be an object');
    else {
      need(problems, 'notes.path', raw.notes.path);
      if (raw.notes.body === undefined) problems.push('notes.body must be a JSON body template');
      if (raw.notes.lookup !== undefined) {
        const lookup = raw.notes.lookup;
        if (!isObject(lookup)) problems.push('notes.lookup must be an object');
        else for (const key of ['path', 'textPath', 'idPath']) need(problems, `notes.lookup.${key}`, lookup[key]);
      }
    }
  }
  return problems;
}

/** The configuration, checked; a PlatformError listing every problem otherwise. */
export function parseCustomProviderConfig(raw: unknown): CustomProviderConfig {
  const problems = validateCustomProviderConfig(raw);
  if (problems.length) {
    const name = isObject(raw) && isString(raw.name) ? raw.name : 'custom provider';
    throw new PlatformError(`${name}: invalid configuration: ${problems.join('; ')}`, 'config');
  }
  return raw as unknown as CustomProviderConfig;
}
