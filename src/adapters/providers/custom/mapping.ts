// Reading a configured platform's items by path, and filling note templates. Pure.
//
// Paths are dotted keys with three bracket forms:
//   attributes.title                       a value
//   services[].name                        every element of an array
//   milestones[type=resolved].occurred_at  every element whose `type` is "resolved"
//   items[0].id                            one element by index
import type { Status } from '../../../core/model';
import { STATUSES } from '../../../core/model';
import { severityFromLabel, type PlatformIncident } from '../../../core/platform';
import { pathSegment } from '../http';
import type { CustomProviderConfig, JsonValue } from './config';

const SEGMENT = /^([^[\]]*)(?:\[([^\]]*)\])?$/;

/** Every value `path` reaches in `value`, arrays under `[]` or a filter flattened; "" is the value itself. */
export function readPath(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const segment of path === '' ? [] : path.split('.')) {
    const [, key = '', bracket] = SEGMENT.exec(segment) ?? [];
    const next: unknown[] = [];
    for (const item of current) {
      const child = key === '' ? item : isRecord(item) ? item[key] : undefined;
      if (bracket === undefined) next.push(child);
      else if (Array.isArray(child)) next.push(...selectElements(child, bracket));
    }
    current = next.filter((v) => v !== undefined && v !== null);
  }
  return current;
}

/** The first value at `path` as text (numbers too), or undefined. */
export function readText(value: unknown, path: string | undefined): string | undefined {
  if (!path) return undefined;
  const found = readPath(value, path).find((v) => typeof v === 'string' || typeof v === 'number');
  return found === undefined || found === '' ? undefined : String(found);
}

export function readTexts(value: unknown, path: string | undefined): string[] {
  if (!path) return [];
  const texts = readPath(value, path).filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
  return [...new Set(texts.filter((t) => t !== ''))];
}

function selectElements(array: unknown[], bracket: string): unknown[] {
  if (bracket === '') return array;
  if (/^\d+$/.test(bracket)) return [array[Number(bracket)]];
  const eq = bracket.indexOf('=');
  if (eq < 0) return [];
  const key = bracket.slice(0, eq);
  const wanted = bracket.slice(eq + 1);
  return array.filter((e) => isRecord(e) && String(e[key]) === wanted);
}

/**
 * A remote status in domain words: the configured map first, then a domain status spelled
 * the same, then the usual words (resolved, mitigated, ...); unknown statuses count as live.
 */
export function customStatus(remote: string | undefined, map: Record<string, Status> | undefined): Status {
  if (remote === undefined) return 'triage';
  const text = remote.trim().toLowerCase();
  const mapped = Object.entries(map ?? {}).find(([k]) => k.toLowerCase() === text)?.[1];
  if (mapped) return mapped;
  if ((STATUSES as readonly string[]).includes(text)) return text as Status;
  if (/clos|cancel|declin|complete/.test(text)) return 'closed';
  if (/resolv|postmortem|retro/.test(text)) return 'resolved';
  if (/monitor|mitigat/.test(text)) return 'monitoring';
  if (/identif/.test(text)) return 'identified';
  if (/triag|detect|new|open/.test(text)) return 'triage';
  return 'investigating';
}

/** The remote statuses the configured map sends to any of `statuses`; empty means no filter can be sent. */
export function remoteStatusesFor(statuses: readonly Status[], map: Record<string, Status> | undefined): string[] {
  return Object.entries(map ?? {}).filter(([, s]) => statuses.includes(s)).map(([remote]) => remote);
}

/** One listed item as a PlatformIncident; undefined when it has no id. */
export function mapCustomIncident(item: unknown, config: CustomProviderConfig): PlatformIncident | undefined {
  const { fields } = config;
  const id = readText(item, fields.id);
  if (id === undefined) return undefined;
  const reference = readText(item, fields.reference);
  const severityLabel = readText(item, fields.severity);
  const mappedSeverity = severityLabel === undefined ? undefined
    : Object.entries(config.severityMap ?? {}).find(([k]) => k.toLowerCase() === severityLabel.toLowerCase())?.[1];
  const incident: PlatformIncident = {
    id: reference === undefined ? id : `${config.referencePrefix ?? ''}${reference}`,
    title: readText(item, fields.title) ?? id,
    severity: mappedSeverity ?? severityFromLabel(severityLabel),
    status: customStatus(readText(item, fields.status), config.statusMap),
    services: readTexts(item, fields.services),
    source: { provider: config.name, id },
    responders: readTexts(item, fields.responders),
  };
  const optional = { startedAt: fields.startedAt, resolvedAt: fields.resolvedAt, url: fields.url, summary: fields.summary } as const;
  for (const [key, path] of Object.entries(optional) as Array<[keyof typeof optional, string | undefined]>) {
    const text = readText(item, path)?.trim();
    if (text) incident[key] = text;
  }
  return incident;
}

export type TemplateVars = Record<string, string>;

/** `{name}` replaced in every string of a JSON template; unknown names stay as written. */
export function renderTemplate(template: JsonValue, vars: TemplateVars): JsonValue {
  if (typeof template === 'string') return fill(template, vars, (v) => v);
  if (Array.isArray(template)) return template.map((t) => renderTemplate(t, vars));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderTemplate(v, vars)]));
  }
  return template;
}

/** A path template with each value one encoded path segment (never '.' or '..'), so an id cannot change the endpoint. */
export function renderPath(template: string, vars: TemplateVars, platform = 'the platform'): string {
  return fill(template, vars, (value) => pathSegment(value, platform));
}

function fill(template: string, vars: TemplateVars, encode: (value: string) => string): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? encode(vars[name] as string) : whole));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
