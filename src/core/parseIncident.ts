// One incident file's text in, an Incident and/or the problems found in it out.
import { LineCounter, type Document } from 'yaml';
import { decodeUtf8 } from './encoding';
import { asWrittenWarnings, parseIncidentYaml } from './incidentYaml';
import { describeSchemaError, validateIncidentValue } from './incidentSchema';
import { SEVERITIES, type CodeRef, type Incident, type LineRange, type Link, type Note, type Problem } from './model';
import { normalizePath, unsafePathReason } from './paths';
import { checkReview, DEFAULT_PRACTICES, ReviewDrops, toReview } from './review';
import { keyNodeAt, nodeAt, pointerToPath, problemAt, rangeOf } from './yamlProblems';

export const MAX_INCIDENT_FILE_BYTES = 1024 * 1024;
const MAX_ALIASES = 64;
/** Problems located per file: finding each one's node costs time, and past this many a reader learns nothing more. */
export const MAX_PROBLEMS_PER_FILE = 100;

export interface ParseOptions {
  /** Severity labels this repository uses, worst first. */
  severities?: readonly string[];
  /** Practice names review lessons may use (config.yaml review.practices); default debuggability, blast-radius, alerting. */
  practices?: readonly string[];
  /** Also answer linkLines (for a Problem on a link), from this parse rather than another on the caller's thread. */
  linkLines?: boolean;
}

export interface ParsedIncident {
  /** Absent when the file cannot stand for an incident; its problems say why. */
  incident?: Incident;
  problems: Problem[];
  /** With ParseOptions.linkLines: the 1-based line where each of `incident.links` starts in the file. */
  linkLines?: number[];
  /**
   * With ParseOptions.linkLines: the length of each of those lines (UTF-16 code units, without its
   * line break), so that a caller marks the line without splitting the file into lines itself.
   */
  linkLineWidths?: number[];
}

const WHOLE_FILE: Problem = { message: '', severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 1 };

/**
 * parseIncidentFile of a file as read: its text, or its bytes, decoded here as strict UTF-8
 * (encoding.ts), so that the parse worker decodes and not the extension host. Bytes that are not
 * UTF-8 are one whole-file problem that says why; nothing of them is parsed.
 */
export function parseIncidentSource(source: string | Uint8Array, options: ParseOptions = {}): ParsedIncident {
  if (typeof source === 'string') return parseIncidentFile(source, options);
  const decoded = decodeUtf8(source);
  return 'problem' in decoded ? { problems: [wholeFileProblem(decoded.problem)] } : parseIncidentFile(decoded.text, options);
}

/** An error on a file as a whole (its first line), as the Problems panel shows one: `message` says why. */
export function wholeFileProblem(message: string): Problem {
  return { ...WHOLE_FILE, message };
}

export function parseIncidentFile(text: string, options: ParseOptions = {}): ParsedIncident {
  if (text.length > MAX_INCIDENT_FILE_BYTES) {
    return fail(`The file is larger than ${MAX_INCIDENT_FILE_BYTES / 1024 / 1024} MiB; an incident file should be a few kilobytes.`);
  }
  if (text.includes('\0')) return fail('The file is binary, not YAML.');

  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    // Every value as written: `id: 0042` is the text 0042 (incidentYaml.ts).
    doc = parseIncidentYaml(text, lineCounter);
  } catch (error) {
    return fail(`The file could not be parsed: ${(error as Error).message}`);
  }
  if (doc.errors.length > 0) {
    // A million commas in a flow list are a million errors: the first few say enough.
    const problems = doc.errors.slice(0, MAX_PROBLEMS_PER_FILE).map((e) => problemAt(lineCounter, e.pos, firstLine(e.message)));
    const unlisted = doc.errors.length - problems.length;
    if (unlisted > 0) problems.push({ ...WHOLE_FILE, severity: 'warning', message: `${unlisted} more problems in this file are not listed.` });
    return { problems };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // Alias bombs and runaway nesting end here instead of hanging the host.
    return fail(`The file could not be read: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('An incident file is a YAML mapping with at least id, title, severity and status.');
  }

  const problems: Problem[] = [];
  const dropped = { links: new Set<number>(), notes: new Set<number>() };
  const reviewDrops = new ReviewDrops();
  let fatal = false;
  let unlisted = 0;
  const report = (path: (string | number)[], message: string, severity: Problem['severity'], keyName?: string) => {
    if (problems.length < MAX_PROBLEMS_PER_FILE) {
      const node = keyName !== undefined ? keyNodeAt(doc, path, keyName) : nodeAt(doc, path);
      problems.push(problemAt(lineCounter, rangeOf(node), message, severity));
    } else unlisted++;
    if (severity === 'warning') return;
    if (reviewDrops.take(path)) return; // a bad review entry costs only that entry
    // A bad link or note costs only that entry; anything else costs the incident.
    const [list, index] = path;
    if ((list === 'links' || list === 'notes') && typeof index === 'number') dropped[list].add(index);
    else fatal = true;
  };

  for (const error of validateIncidentValue(value)) {
    const path = pointerToPath(error.instancePath);
    if (error.keyword === 'additionalProperties') {
      report(path, describeSchemaError(error), 'warning', String(error.params.additionalProperty));
    } else {
      report(path, describeSchemaError(error), 'error');
    }
  }

  const raw = value as RawIncident;
  const severities = options.severities ?? SEVERITIES;
  if (typeof raw.severity === 'string' && !severities.includes(raw.severity)) {
    report(['severity'], `Unknown severity "${raw.severity}": expected one of ${severities.join(', ')} (see .incidents/config.yaml).`, 'error');
  }
  for (const { node, message } of asWrittenWarnings(doc)) problems.push(problemAt(lineCounter, rangeOf(node), message, 'warning'));
  checkPaths(raw, report);
  checkRanges(raw, report);
  if (unlisted > 0) problems.push({ ...WHOLE_FILE, severity: 'warning', message: `${unlisted} more problems in this file are not listed.` });
  checkReview(raw.review, asArray(raw.links).length, options.practices ?? DEFAULT_PRACTICES.map((p) => p.name), report);

  if (fatal) return { problems };
  const incident = toIncident(raw, dropped);
  const review = toReview(raw.review, reviewDrops, asArray(raw.links).length, (path) => {
    const { line, column, endLine, endColumn } = problemAt(lineCounter, rangeOf(nodeAt(doc, path)), '');
    return { line, column, endLine, endColumn };
  });
  if (review) incident.review = review;
  if (!options.linkLines) return { incident, problems };
  const linkLines = asArray(raw.links).flatMap((link, i) => (link && !dropped.links.has(i) ? [lineCounter.linePos(rangeOf(nodeAt(doc, ['links', i]))[0]).line] : []));
  return { incident, problems, linkLines, linkLineWidths: linkLines.map((line) => lineWidth(text, lineCounter.lineStarts, line)) };
}

/** The length of 1-based `line` of `text` (its start offsets from the parse), without its line break. */
function lineWidth(text: string, lineStarts: readonly number[], line: number): number {
  const start = lineStarts[line - 1] ?? text.length;
  let end = lineStarts[line] ?? text.length;
  if (text[end - 1] === '\n' && end > start) end--;
  if (text[end - 1] === '\r' && end > start) end--;
  return end - start;
}

type Report = (path: (string | number)[], message: string, severity: Problem['severity']) => void;

function checkPaths(raw: RawIncident, report: Report): void {
  const check = (path: unknown, at: (string | number)[]) => {
    if (typeof path !== 'string') return;
    const reason = unsafePathReason(path);
    if (reason) report(at, `The path "${path}" ${reason}.`, 'error');
  };
  asArray(raw.links).forEach((link, i) => check(link?.path, ['links', i, 'path']));
  asArray(raw.notes).forEach((note, i) => check(note?.code?.path, ['notes', i, 'code', 'path']));
}

function checkRanges(raw: RawIncident, report: Report): void {
  const check = (lines: unknown, at: (string | number)[]) => {
    const range = parseLines(lines);
    if (range && range.end < range.start) report(at, `The range ${String(lines)} ends before it starts.`, 'error');
  };
  asArray(raw.links).forEach((link, i) => check(link?.lines, ['links', i, 'lines']));
  asArray(raw.notes).forEach((note, i) => check(note?.code?.lines, ['notes', i, 'code', 'lines']));
}

export function parseLines(lines: unknown): LineRange | undefined {
  if (typeof lines === 'number' && Number.isInteger(lines) && lines >= 1) return { start: lines, end: lines };
  if (typeof lines !== 'string') return undefined;
  const match = /^(\d+)(?:-(\d+))?$/.exec(lines);
  if (!match) return undefined;
  const start = Number(match[1]);
  return { start, end: match[2] === undefined ? start : Number(match[2]) };
}

interface RawCode { path?: string; lines?: unknown; commit?: unknown }
interface RawIncident {
  id: string; title: string; severity: string; status: Incident['status'];
  started_at?: string; resolved_at?: string; services?: string[]; url?: string;
  source?: { provider: string; id: string | number }; summary?: string; responders?: string[];
  links?: ({ path: string; symbol?: string; lines?: unknown; fingerprint?: unknown; commit?: unknown; role: Link['role']; note?: string } | null)[];
  notes?: ({ at: string; author?: string; kind: Note['kind']; text: string; code?: RawCode } | null)[];
  review?: unknown;
}

function toIncident(raw: RawIncident, dropped: { links: Set<number>; notes: Set<number> }): Incident {
  const incident: Incident = {
    id: raw.id,
    title: raw.title,
    severity: raw.severity,
    status: raw.status,
    services: raw.services ?? [],
    responders: raw.responders ?? [],
    links: [],
    notes: [],
  };
  if (raw.started_at) incident.startedAt = raw.started_at;
  if (raw.resolved_at) incident.resolvedAt = raw.resolved_at;
  if (raw.url) incident.url = raw.url;
  if (raw.source) incident.source = { provider: raw.source.provider, id: String(raw.source.id) };
  if (raw.summary) incident.summary = raw.summary;

  asArray(raw.links).forEach((link, i) => {
    if (!link || dropped.links.has(i)) return;
    const out: Link = { path: normalizePath(link.path), role: link.role };
    if (link.symbol) out.symbol = link.symbol;
    const lines = parseLines(link.lines);
    if (lines) out.lines = lines;
    if (link.fingerprint !== undefined) out.fingerprint = String(link.fingerprint);
    if (link.commit !== undefined) out.commit = String(link.commit);
    if (link.note) out.note = link.note;
    incident.links.push(out);
  });
  asArray(raw.notes).forEach((note, i) => {
    if (!note || dropped.notes.has(i)) return;
    const out: Note = { at: note.at, kind: note.kind, text: note.text };
    if (note.author) out.author = note.author;
    if (note.code) out.code = toCodeRef(note.code);
    incident.notes.push(out);
  });
  return incident;
}

function toCodeRef(code: RawCode): CodeRef {
  const out: CodeRef = { path: normalizePath(String(code.path)) };
  const lines = parseLines(code.lines);
  if (lines) out.lines = lines;
  if (code.commit !== undefined) out.commit = String(code.commit);
  return out;
}

function asArray<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

function fail(message: string): ParsedIncident {
  return { problems: [{ ...WHOLE_FILE, message }] };
}

/** The message without yaml's own "at line 2, column 8:" and code excerpt: the Problems panel shows where. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
