// `.incidents/config.yaml` text in, a configuration that is always usable out: whatever
// is missing or invalid takes its default, and every problem is reported where it stands,
// so one typo costs one setting, never the whole file.
import { LineCounter, parseDocument, YAMLParseError, type Document } from 'yaml';
import { duplicateKeys } from './yamlKeys';
import { describeSchemaError, validateConfigValue } from './incidentSchema';
import { ROLES, type Problem, type Role } from './model';
import { BUILT_IN_REFERENCE_PATTERNS, referencePatternProblem } from './references';
import { DEFAULT_PRACTICES, DEFAULT_STALE_FOLLOW_UP_DAYS, type Practice } from './review';
import { keyNodeAt, nodeAt, pointerToPath, problemAt, rangeOf, yamlErrorMessage } from './yamlProblems';

/** A configuration file is a few hundred bytes; anything near this is a mistake or an attack. */
export const MAX_CONFIG_FILE_BYTES = 256 * 1024;
const MAX_ALIASES = 64;

export interface SeverityWeight {
  readonly label: string;
  readonly weight: number;
}

/** The lowest score of each level; below `low` is 'none'. */
export interface RiskThresholds {
  readonly low: number;
  readonly medium: number;
  readonly high: number;
}

export interface IncidentConfig {
  /** Patterns (RE2 syntax, see references.ts) for incident ids in code comments; each compiles and never matches empty text. */
  readonly references: readonly string[];
  /** Service name to the path globs it owns. */
  readonly services: Readonly<Record<string, readonly string[]>>;
  /** Worst first, labels unique. */
  readonly severities: readonly SeverityWeight[];
  readonly roleWeights: Readonly<Record<Role, number>>;
  readonly halfLifeDays: number;
  readonly thresholds: RiskThresholds;
  /** Post-incident reviews: the practices they look at (defaults first) and when an open follow-up is stale. */
  readonly review: ReviewConfig;
}

export interface ReviewConfig {
  /** debuggability, blast-radius, alerting, then those config.yaml adds; a configured prompt replaces a default one. */
  readonly practices: readonly Practice[];
  readonly staleFollowUpDays: number;
}

export const DEFAULT_CONFIG: IncidentConfig = deepFreeze({
  references: BUILT_IN_REFERENCE_PATTERNS,
  services: {},
  severities: [
    { label: 'SEV1', weight: 8 },
    { label: 'SEV2', weight: 4 },
    { label: 'SEV3', weight: 2 },
    { label: 'SEV4', weight: 1 },
  ],
  roleWeights: { 'root-cause': 1, trigger: 0.8, contributing: 0.6, mitigation: 0.3, detection: 0.3, related: 0.2 },
  halfLifeDays: 180,
  // In units of "one fresh SEV4 root cause" (weight 1), with the default weights:
  // - high 6: a SEV1 root cause from the last ~75 days (8 x 0.5^(75/180) = 6), a fresh SEV1
  //   trigger, or a fresh SEV2 root cause in a file with a few recent commits (4 x 1.5);
  // - medium 3: a SEV1 root cause up to ~8 months old, a SEV2 root cause up to ~2.5 months;
  // - low 1: anything worth noticing, such as a SEV1 root cause up to 1.5 years old or a
  //   SEV3 root cause up to 6 months; a lone "related" SEV3 (0.4) stays 'none'.
  thresholds: { low: 1, medium: 3, high: 6 },
  review: { practices: DEFAULT_PRACTICES, staleFollowUpDays: DEFAULT_STALE_FOLLOW_UP_DAYS },
});

export interface ParsedConfig {
  config: IncidentConfig;
  problems: Problem[];
}

type Path = (string | number)[];
type Report = (path: Path, message: string, severity?: Problem['severity'], keyName?: string) => void;
/** True when no schema error sits at `path` or at one of its ancestors. */
type Usable = (...path: Path) => boolean;

const WHOLE_FILE: Problem = { message: '', severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 1 };

export function parseConfigFile(text: string): ParsedConfig {
  if (text.length > MAX_CONFIG_FILE_BYTES) {
    return fail(`The file is larger than ${MAX_CONFIG_FILE_BYTES / 1024} KiB; a configuration file should be a few hundred bytes. Using the defaults.`);
  }
  if (text.includes('\0')) return fail('The file is binary, not YAML. Using the defaults.');

  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
    // Checked in linear time (yamlKeys.ts), not by yaml's pairwise uniqueKeys.
    doc.errors.push(...duplicateKeys(doc).map((d) => new YAMLParseError(d.pos, 'DUPLICATE_KEY', d.message)));
  } catch (error) {
    return fail(`The file could not be parsed: ${(error as Error).message}. Using the defaults.`);
  }
  if (doc.errors.length > 0) {
    return { config: DEFAULT_CONFIG, problems: doc.errors.map((e) => problemAt(lineCounter, e.pos, yamlErrorMessage(e.message))) };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // Alias bombs end here instead of hanging the host.
    return fail(`The file could not be read: ${(error as Error).message}. Using the defaults.`);
  }
  // An empty file, or one with only comments, asks for the defaults.
  if (value === null || value === undefined) return { config: DEFAULT_CONFIG, problems: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return fail('The configuration is a YAML mapping, such as "half_life_days: 90". Using the defaults.');
  }

  const problems: Problem[] = [];
  const report: Report = (path, message, severity = 'error', keyName) => {
    const node = keyName !== undefined ? keyNodeAt(doc, path, keyName) : nodeAt(doc, path);
    problems.push(problemAt(lineCounter, rangeOf(node), message, severity));
  };

  const invalid = new Set<string>();
  for (const error of validateConfigValue(value)) {
    const path = pointerToPath(error.instancePath);
    if (error.keyword === 'additionalProperties') {
      const field = String(error.params.additionalProperty);
      const message = path[0] === 'roles'
        ? `Unknown role "${field}": expected one of ${ROLES.join(', ')}; ignored.`
        : describeSchemaError(error);
      report(path, message, 'warning', field);
      continue;
    }
    report(path, describeSchemaError(error));
    // A severity is only meaningful with both its label and weight: a bad field drops the entry.
    invalid.add(pathKey(path[0] === 'severities' ? path.slice(0, 2) : path));
  }
  const usable: Usable = (...path) => path.every((_, depth) => !invalid.has(pathKey(path.slice(0, depth + 1))));

  const raw = value as Record<string, unknown>;
  const config: IncidentConfig = {
    references: readReferences(raw.references, usable, report),
    services: readServices(raw.services, usable),
    severities: readSeverities(raw.severities, usable, report),
    roleWeights: readRoleWeights(raw.roles, usable),
    halfLifeDays: usable('half_life_days') && typeof raw.half_life_days === 'number' ? raw.half_life_days : DEFAULT_CONFIG.halfLifeDays,
    thresholds: readThresholds(raw.thresholds, usable, report),
    review: readReview(raw.review, usable),
  };
  // The schema reports in its own order; the reader expects the file's.
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { config, problems };
}

function readReferences(value: unknown, usable: Usable, report: Report): readonly string[] {
  if (!Array.isArray(value) || !usable('references')) return DEFAULT_CONFIG.references;
  const kept: string[] = [];
  (value as string[]).forEach((source, i) => {
    if (!usable('references', i)) return;
    const reason = referencePatternProblem(source);
    if (reason) report(['references', i], reason);
    else kept.push(source);
  });
  // An explicit empty list turns reference detection off; a list of only mistakes does not.
  return kept.length > 0 || value.length === 0 ? kept : DEFAULT_CONFIG.references;
}

function readServices(value: unknown, usable: Usable): IncidentConfig['services'] {
  if (!isMapping(value) || !usable('services')) return DEFAULT_CONFIG.services;
  // Object.fromEntries defines own properties, so a service named "__proto__" stays a service.
  return Object.fromEntries(
    Object.entries(value as Record<string, string[]>)
      .filter(([name]) => usable('services', name))
      .map(([name, globs]) => [name, globs.filter((_, i) => usable('services', name, i))]),
  );
}

function readSeverities(value: unknown, usable: Usable, report: Report): readonly SeverityWeight[] {
  if (!Array.isArray(value) || !usable('severities')) return DEFAULT_CONFIG.severities;
  const kept: SeverityWeight[] = [];
  (value as SeverityWeight[]).forEach((item, i) => {
    if (!usable('severities', i)) return;
    if (kept.some((severity) => severity.label === item.label)) {
      report(['severities', i, 'label'], `Duplicate severity "${item.label}": it is already listed above; this entry is ignored.`);
      return;
    }
    kept.push({ label: item.label, weight: item.weight });
  });
  return kept.length > 0 ? kept : DEFAULT_CONFIG.severities;
}

function readRoleWeights(value: unknown, usable: Usable): IncidentConfig['roleWeights'] {
  const weights = { ...DEFAULT_CONFIG.roleWeights };
  if (!isMapping(value) || !usable('roles')) return weights;
  for (const role of ROLES) {
    const weight = (value as Record<string, unknown>)[role];
    if (typeof weight === 'number' && usable('roles', role)) weights[role] = weight;
  }
  return weights;
}

function readThresholds(value: unknown, usable: Usable, report: Report): RiskThresholds {
  if (!isMapping(value) || !usable('thresholds')) return DEFAULT_CONFIG.thresholds;
  const given = value as Record<string, unknown>;
  const pick = (level: keyof RiskThresholds) =>
    typeof given[level] === 'number' && usable('thresholds', level) ? (given[level] as number) : DEFAULT_CONFIG.thresholds[level];
  const thresholds = { low: pick('low'), medium: pick('medium'), high: pick('high') };
  if (thresholds.low <= thresholds.medium && thresholds.medium <= thresholds.high) return thresholds;
  report(
    [],
    `thresholds must rise, low <= medium <= high, but are low ${thresholds.low}, medium ${thresholds.medium}, high ${thresholds.high} ` +
      `(unset ones take their defaults ${Object.values(DEFAULT_CONFIG.thresholds).join(', ')}). Using the defaults.`,
    'error',
    'thresholds',
  );
  return DEFAULT_CONFIG.thresholds;
}

function readReview(value: unknown, usable: Usable): ReviewConfig {
  if (!isMapping(value) || !usable('review')) return DEFAULT_CONFIG.review;
  const given = value as { practices?: Record<string, string>; stale_follow_up_days?: unknown };
  const practices = [...DEFAULT_CONFIG.review.practices];
  if (isMapping(given.practices) && usable('review', 'practices')) {
    for (const [name, prompt] of Object.entries(given.practices)) {
      if (!usable('review', 'practices', name)) continue;
      const at = practices.findIndex((p) => p.name === name);
      if (at >= 0) practices[at] = { name, prompt };
      else practices.push({ name, prompt });
    }
  }
  const days = given.stale_follow_up_days;
  return {
    practices,
    staleFollowUpDays: typeof days === 'number' && usable('review', 'stale_follow_up_days') ? days : DEFAULT_CONFIG.review.staleFollowUpDays,
  };
}

function isMapping(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function pathKey(path: Path): string {
  // Strings throughout: the schema pointer reads a service named "2024" as the number 2024.
  return JSON.stringify(path.map(String));
}

function fail(message: string): ParsedConfig {
  return { config: DEFAULT_CONFIG, problems: [{ ...WHOLE_FILE, message }] };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
