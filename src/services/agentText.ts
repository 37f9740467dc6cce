// The text the agents get back (language-model tools and the MCP server alike): compact,
// one fact per line, every claim citable by an incident id or a `path:line`.
import type { Incident, LineRange, Note } from '../core/model';
import type { FileHotspot, Risk } from '../core/risk';
import { formatAge, timeOf } from '../core/time';
import type { IncidentsHere } from './incidentsAt';
import { personLine, type PersonToAsk } from './peopleToAsk';
import type { SearchResult } from './search';
import type { TraceReport } from './stackTrace';

const MAX_NOTES = 5;
const MAX_TEXT = 300;

/** `src/a.ts:12`, `src/a.ts:12-30`, or the path alone. */
export function cite(path: string, lines?: LineRange): string {
  if (!lines) return path;
  return lines.end === lines.start ? `${path}:${lines.start}` : `${path}:${lines.start}-${lines.end}`;
}

/** `INC-142 · SEV1 · resolved · started 2026-11-13 (17 days ago) · resolved 2026-11-13` */
export function incidentHeadline(incident: Incident, now: Date): string {
  const parts = [incident.id, incident.severity, incident.status];
  const started = timeOf(incident.startedAt);
  if (started !== undefined) parts.push(`started ${incident.startedAt?.slice(0, 10)} (${formatAge(started, now)})`);
  if (incident.resolvedAt) parts.push(`resolved ${incident.resolvedAt.slice(0, 10)}`);
  return parts.join(' · ');
}

const MAX_PEOPLE = 5;

/** `People to ask:` then one person a line with their reasons (the best MAX_PEOPLE), or why nobody is named. */
export function peopleLine(people: readonly PersonToAsk[]): string {
  if (people.length === 0) return 'People to ask: nobody found (no responders, fixes, recent changes or CODEOWNERS rule for this code).';
  const more = people.length > MAX_PEOPLE ? [`  … ${people.length - MAX_PEOPLE} more`] : [];
  return ['People to ask:', ...people.slice(0, MAX_PEOPLE).map((person) => `  ${personLine(person)}`), ...more].join('\n');
}

/** What `incidentsAt` found at `where`, with the notes that point at this code and the people to ask. */
export function renderIncidentsHere(where: string, here: IncidentsHere, people: readonly PersonToAsk[], now: Date, asked?: { path: string; lines?: LineRange }): string {
  const out: string[] = [];
  const byId = new Map<string, IncidentsHere['linked']>();
  for (const item of here.linked) byId.set(item.incident.id, [...(byId.get(item.incident.id) ?? []), item]);
  out.push(byId.size === 0 ? `No incidents are linked at ${where}.` : `${byId.size === 1 ? '1 incident is' : `${byId.size} incidents are`} linked at ${where}:`);
  for (const items of byId.values()) {
    const { incident } = items[0] as IncidentsHere['linked'][number];
    out.push('', incidentHeadline(incident, now), `  Title: ${short(incident.title)}`);
    for (const { link, place } of items) {
      const at = place.kind === 'lines' ? cite(place.path, place.lines) : `${place.path} (whole file)`;
      out.push(`  Linked: ${link.role} at ${at}${link.symbol ? ` (symbol ${link.symbol})` : ''}${link.note ? ` — ${short(link.note)}` : ''}`);
    }
    if (incident.summary) out.push(`  Summary: ${short(incident.summary)}`);
    const notes = asked ? notesAt(incident.notes, asked) : [];
    for (const note of notes.slice(0, MAX_NOTES)) out.push(`  Note ${note.at} ${note.author ?? 'unknown'} ${note.kind} (${cite(note.code?.path ?? '', note.code?.lines)}): ${short(note.text)}`);
    if (notes.length > MAX_NOTES) out.push(`  … ${notes.length - MAX_NOTES} more notes at this code`);
    if (incident.services.length > 0) out.push(`  Services: ${incident.services.join(', ')}`);
  }
  if (byId.size > 0) out.push('', peopleLine(people));
  for (const { incident, reason } of here.stale) out.push(`Stale link: ${incident.id} was linked to ${where.split(':')[0]}, but ${reason}.`);
  return out.join('\n');
}

/** Notes whose code reference is in `asked.path` and overlaps `asked.lines` (any line when none were asked). */
export function notesAt(notes: readonly Note[], asked: { path: string; lines?: LineRange }): Note[] {
  return notes.filter((note) => {
    const code = note.code;
    if (!code || code.path !== asked.path) return false;
    if (!asked.lines || !code.lines) return true;
    return code.lines.start <= asked.lines.end && asked.lines.start <= code.lines.end;
  });
}

export function renderSearch(result: SearchResult, now: Date): string {
  if (result.total === 0) return 'No incidents match.';
  const out = [result.total > result.hits.length ? `${result.hits.length} of ${result.total} matching incidents (most recent first):` : `${result.total} matching incident${result.total === 1 ? '' : 's'} (most recent first):`];
  for (const { incident } of result.hits) {
    out.push(`${incidentHeadline(incident, now)} — ${short(incident.title)}${incident.services.length ? ` [${incident.services.join(', ')}]` : ''}`);
    const links = incident.links.slice(0, 5).map((link) => cite(link.path, link.lines));
    if (links.length > 0) out.push(`  Linked code: ${links.join(', ')}${incident.links.length > 5 ? `, … ${incident.links.length - 5} more` : ''}`);
  }
  return out.join('\n');
}

export function renderHotspots(ranked: readonly FileHotspot[], now: Date): string {
  if (ranked.length === 0) return 'No linked code: no incident links to a file of this workspace yet.';
  const out = [`${ranked.length} riskiest linked file${ranked.length === 1 ? '' : 's'} (risk = severity x role x age, times churn):`];
  ranked.forEach((spot, i) => {
    out.push(`${i + 1}. ${spot.path} — ${riskLine(spot.risk)}`);
    for (const part of spot.parts.slice(0, 3)) {
      const where = part.anchor.kind === 'lines' ? cite(spot.path, part.anchor.lines) : part.anchor.kind === 'symbol' ? `${spot.path} symbol ${part.anchor.symbol}` : spot.path;
      out.push(`   ${where}: ${part.risk.level}, ${part.risk.incidents.map((r) => r.incident.id).join(', ')}`);
    }
    for (const item of spot.risk.incidents.slice(0, 5)) {
      const age = item.ageDays === undefined ? 'undated' : formatAge(now.getTime() - item.ageDays * 86_400_000, now);
      out.push(`   ${item.incident.id} ${item.incident.severity} ${item.role}, ${age} — ${short(item.incident.title)}`);
    }
  });
  return out.join('\n');
}

function riskLine(risk: Risk): string {
  const churn = risk.churnFactor !== 1 ? `, churn x${risk.churnFactor.toFixed(2)}` : '';
  return `risk ${risk.level} (score ${risk.score.toFixed(1)}${churn}), ${risk.incidents.length} incident${risk.incidents.length === 1 ? '' : 's'}`;
}

export function renderTrace(report: TraceReport, now: Date): string {
  if (report.frames.length === 0) return 'No stack frames found: paste the trace as printed (JavaScript, Python, Java/Kotlin, Go, .NET or Ruby).';
  const hits = report.frames.filter((f) => f.linked.length > 0).length;
  const out = [`${report.frames.length} frames (${report.languages.join(', ')}), ${hits} on linked code${report.truncated ? '; the trace was cut at the size limit' : ''}:`];
  report.frames.forEach((item, i) => {
    const fn = item.frame.function ? ` ${item.frame.function}` : '';
    if (!item.path) {
      out.push(`#${i + 1}${fn} ${item.frame.file ?? ''}${item.frame.line ? `:${item.frame.line}` : ''} — skipped: ${item.skipped ?? 'not in the workspace'}`);
      return;
    }
    const at = cite(item.path, item.frame.line ? { start: item.frame.line, end: item.frame.line } : undefined);
    const ids = [...new Set(item.linked.map((l) => `${l.incident.id} ${l.incident.severity} ${l.link.role}`))];
    out.push(`#${i + 1}${fn} ${at}${ids.length ? ` → ${ids.join('; ')}` : ''}`);
  });
  if (report.incidents.length === 0) {
    out.push('', 'No incidents are linked at these frames.');
    return out.join('\n');
  }
  out.push('', 'Incidents:');
  for (const incident of report.incidents) out.push(`${incidentHeadline(incident, now)} — ${short(incident.title)}${incident.summary ? `\n  Summary: ${short(incident.summary)}` : ''}`);
  out.push('', peopleLine(report.people));
  return out.join('\n');
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat;
}

/** `an observation`, `a decision`. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
