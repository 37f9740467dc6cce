// Who to ask about some code: the experts of src/services/experts.ts (responded to an incident
// linked there, wrote a fix that changed it, changed these lines in the last year, owns it by
// CODEOWNERS), asked once per place and merged by person. Every front-end (trace, MCP,
// language-model tools, the stack-trace command, `incident-lens check`, the Source Control
// view) asks through this one function. Where git may not run (an untrusted workspace, no
// repository) the answer rests on the links and CODEOWNERS only; where the experts cannot be
// found at all, on the incidents' responders.
import type { IncidentConfig } from '../core/config';
import type { Fix } from '../core/gitMining';
import { worstFirst } from '../core/lensSummary';
import type { Incident, LineRange, Link } from '../core/model';
import { findExperts, repositoryHistory, type Expert, type ExpertReason } from './experts';

/** A person to ask, ranked by `score`, with reasons anyone can check (incident, commit, blame, CODEOWNERS line). */
export type PersonToAsk = Expert;
export type { ExpertReason };

/** Code someone is asking about, with the links the anchors place there now. */
export interface CodePlace {
  /** Workspace-folder-relative, forward slashes. */
  path: string;
  lines?: LineRange;
  linked: readonly { incident: Incident; link: Link }[];
}

/** What the experts read from git, where the caller already has it (the editor keeps mined fixes). */
export interface GitFacts {
  fixes?: () => Promise<readonly Fix[]>;
  renames?: () => Promise<ReadonlyMap<string, string>>;
  /** Where mined fixes are remembered between runs (see mineFixes), when they are mined here. */
  cacheFile?: string;
}

export interface AskRequest {
  /** The workspace folder's absolute path. */
  root: string;
  config: IncidentConfig;
  now: Date;
  places: readonly CodePlace[];
  /** May git run here (a trusted workspace inside a work tree)? Without it no git process starts. */
  git: boolean;
  facts?: GitFacts;
  /** At most this many people (default 10). */
  limit?: number;
}

/** A trace or a change names many places; the experts of the first ones are enough. */
const MAX_PLACES = 20;

/**
 * The people to ask about `places`, best first: each place's experts (findExperts) merged
 * by person (the same email, else the same name), their scores added and their reasons
 * listed once. Fixes and renames are read once for all places. Falls back to the
 * responders of the linked incidents when the experts cannot be found.
 */
export async function peopleToAsk(request: AskRequest): Promise<PersonToAsk[]> {
  const places = distinctPlaces(request.places).slice(0, MAX_PLACES);
  if (places.length === 0) return [];
  try {
    const history = request.git ? await gitHistory(request) : { fixes: [], renames: new Map<string, string>() };
    const found: Expert[][] = [];
    // One place at a time: each may blame its lines, and a trace can name many.
    for (const place of places) {
      found.push(await findExperts({
        root: request.root,
        path: place.path,
        lines: place.lines,
        incidents: [],
        linked: place.linked,
        references: request.config.references,
        now: request.now,
        gitAllowed: request.git,
        fixes: history.fixes,
        renames: history.renames,
      }));
    }
    return mergeExperts(found).slice(0, request.limit ?? 10);
  } catch {
    return respondersOf(places, request.config).slice(0, request.limit ?? 10);
  }
}

async function gitHistory(request: AskRequest): Promise<{ fixes: readonly Fix[]; renames: ReadonlyMap<string, string> }> {
  const facts = request.facts ?? {};
  if (facts.fixes && facts.renames) return { fixes: await facts.fixes(), renames: await facts.renames() };
  const mined = await repositoryHistory(request.root, request.config.references, facts.cacheFile);
  return { fixes: facts.fixes ? await facts.fixes() : mined.fixes, renames: facts.renames ? await facts.renames() : mined.renames };
}

/** Experts of several places as one ranking: a person found at two places counts at both. */
export function mergeExperts(lists: readonly (readonly Expert[])[]): Expert[] {
  const people: Expert[] = [];
  const byKey = new Map<string, Expert>();
  for (const list of lists) {
    for (const expert of list) {
      const keys = [expert.email ? `email:${expert.email.toLowerCase()}` : undefined, `name:${expert.name.toLowerCase()}`].filter((k): k is string => k !== undefined);
      let person = keys.map((k) => byKey.get(k)).find((p) => p !== undefined);
      if (!person) {
        person = { name: expert.name, ...(expert.email ? { email: expert.email } : {}), score: 0, reasons: [] };
        people.push(person);
      }
      person.email ??= expert.email;
      for (const key of keys) if (!byKey.has(key)) byKey.set(key, person);
      for (const reason of expert.reasons) {
        if (person.reasons.some((r) => r.kind === reason.kind && r.detail === reason.detail)) continue;
        person.reasons.push(reason);
      }
      person.score = Math.round((person.score + expert.score) * 100) / 100;
    }
  }
  return people.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}

/**
 * The responders of the incidents linked at `places` (worst incident first), each once:
 * those who responded to more of them first. Names are compared exactly as written.
 */
export function respondersOf(places: readonly CodePlace[], config: IncidentConfig): PersonToAsk[] {
  const incidents = [...new Set(places.flatMap((place) => place.linked.map((item) => item.incident)))]
    .sort(worstFirst(config.severities.map((s) => s.label)));
  const people = new Map<string, { name: string; ids: string[]; first: number }>();
  for (const incident of incidents) {
    for (const name of new Set(incident.responders)) {
      const person = people.get(name) ?? { name, ids: [], first: people.size };
      if (!person.ids.includes(incident.id)) person.ids.push(incident.id);
      people.set(name, person);
    }
  }
  return [...people.values()]
    .sort((a, b) => b.ids.length - a.ids.length || a.first - b.first)
    .map(({ name, ids }) => ({ name, score: ids.length * 3, reasons: ids.map((id): ExpertReason => ({ kind: 'responder', detail: `responded to ${id}`, incident: id })) }));
}

/** Each path and line range once, with every link found there. */
function distinctPlaces(places: readonly CodePlace[]): CodePlace[] {
  const byKey = new Map<string, CodePlace>();
  for (const place of places) {
    const key = `${place.path}\n${place.lines ? `${place.lines.start}-${place.lines.end}` : ''}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, linked: [...seen.linked, ...place.linked.filter((item) => !seen.linked.includes(item))] } : place);
  }
  return [...byKey.values()];
}

/**
 * `Priya Shah: wrote the fix for INC-142 (commit abc1234, 2026-11-14); responded to INC-142 (...)`:
 * one person on one line, at most `reasons` reasons and how many more.
 */
export function personLine(person: PersonToAsk, reasons = 3): string {
  const shown = person.reasons.slice(0, reasons).map((r) => r.detail);
  const more = person.reasons.length > reasons ? `; +${person.reasons.length - reasons} more` : '';
  return `${person.name}${person.email ? ` <${person.email}>` : ''}: ${shown.join('; ')}${more}`;
}

/** `Priya Shah (wrote the fix for INC-142 (commit abc1234, 2026-11-14) +1)`: the first reason shown, the rest counted. */
export function personSummary(person: PersonToAsk): string {
  return `${person.name} (${person.reasons[0]?.detail ?? ''}${person.reasons.length > 1 ? ` +${person.reasons.length - 1}` : ''})`;
}
