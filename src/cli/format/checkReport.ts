// How `incident-lens check` says what it found: text for people, JSON for tools, GitHub
// workflow commands plus a job summary, and Markdown for a review comment. Everything
// shown comes from incident files a stranger may have written: each format escapes it.
// Each touched place names the people to ask about it (src/services/changePeople.ts).
import type { TouchedCode } from '../../core/changeRisk';
import type { RiskLevel } from '../../core/risk';
import type { PeopleOfTouched } from '../../services/changePeople';
import type { ChangeCheck } from '../../services/changeRisk';
import { personSummary } from '../../services/peopleToAsk';
import { expertRow, type ExpertRow } from '../commands/experts';

const NOBODY: PeopleOfTouched = () => [];

/** The `--format json` document: exactly this shape. */
export interface CheckJson {
  risk: RiskLevel;
  touched: {
    path: string;
    /** "a-b" where to look after the change; null when the change leaves no lines (deleted, binary, renamed only). */
    lines: string | null;
    risk: RiskLevel;
    incidents: { id: string; title: string; severity: string; role: string }[];
    /** The top people to ask about this code, as `incident-lens experts --json` gives them. */
    experts: ExpertRow[];
  }[];
}

export function toJson(check: ChangeCheck, people: PeopleOfTouched = NOBODY): CheckJson {
  return {
    risk: check.risk.level,
    touched: check.touched.map((t) => ({
      path: t.path,
      lines: t.lines ? `${t.lines.start}-${t.lines.end}` : null,
      risk: t.risk.level,
      incidents: t.risk.incidents.map(({ incident, role }) => ({ id: incident.id, title: incident.title, severity: incident.severity, role })),
      experts: people(t).map(expertRow),
    })),
  };
}

/** For people at a terminal or in a hook's output. */
export function toText(check: ChangeCheck, against: string, people: PeopleOfTouched = NOBODY): string {
  const files = `${check.files} changed file${check.files === 1 ? '' : 's'} against ${against}`;
  if (check.touched.length === 0) return `No linked code touched (${files}).\n`;
  const lines = [`Incident risk: ${check.risk.level.toUpperCase()}. This change touches ${places(check.touched.length)} linked to incidents (${files}).`];
  for (const touched of check.touched) {
    lines.push(`  ${touched.risk.level.padEnd(6)}  ${where(touched)}  ${describe(touched)}`);
    for (const { incident, role } of touched.risk.incidents) lines.push(`          ${plain(incident.id)}  ${plain(incident.severity)}  ${role}  ${plain(incident.title)}`);
    const ask = askText(people(touched));
    if (ask) lines.push(`          ${plain(ask)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Workflow commands: one annotation per touched place, on the changed file and lines of the pull
 * request; `repoPrefix` (repositoryPrefix) turns the workspace's paths into the repository's.
 */
export function toGithubAnnotations(check: ChangeCheck, people: PeopleOfTouched = NOBODY, repoPrefix = ''): string {
  return check.touched.map((touched) => {
    const command = touched.risk.level === 'medium' || touched.risk.level === 'high' ? 'warning' : 'notice';
    const properties = [`file=${property(repoPrefix + touched.path)}`];
    if (touched.lines) properties.push(`line=${touched.lines.start}`, `endLine=${touched.lines.end}`);
    properties.push(`title=${property(`Incident risk: ${touched.risk.level}`)}`);
    const incidents = touched.risk.incidents.map(({ incident, role }) => `${incident.id} (${incident.severity}, ${role}): ${incident.title}`);
    const ask = askText(people(touched));
    return `::${command} ${properties.join(',')}::${message(`${describe(touched)} code linked to ${incidents.join('; ')}${ask ? `. ${ask}` : ''}`)}\n`;
  }).join('');
}

/** A review comment or job summary. */
export function toMarkdown(check: ChangeCheck, people: PeopleOfTouched = NOBODY): string {
  if (check.touched.length === 0) return `### Incident risk: none\n\nThis change touches no code linked to an incident (${check.files} changed file${check.files === 1 ? '' : 's'}).\n`;
  const rows = check.touched.map((touched) => {
    const incidents = touched.risk.incidents.map(({ incident, role }) => `**${md(incident.id)}** ${md(incident.severity)} ${role}: ${md(incident.title)}`);
    const ask = people(touched).map((person) => md(personSummary(person)));
    return `| ${md(where(touched))} (${describe(touched)}) | ${touched.risk.level} | ${incidents.join('<br>')} | ${ask.join('<br>')} |`;
  });
  return [
    `### Incident risk: ${check.risk.level}`,
    '',
    `This change touches ${places(check.touched.length)} linked to incidents. A second look where it broke before:`,
    '',
    '| Code | Risk | Incidents | Ask |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** `Ask: Priya Shah (wrote the fix for INC-1 (commit abc1234, 2026-11-28) +1), alice (...)`, or '' for nobody. */
function askText(people: ReturnType<PeopleOfTouched>): string {
  return people.length === 0 ? '' : `Ask: ${people.map(personSummary).join(', ')}`;
}

function places(count: number): string {
  return count === 1 ? '1 place' : `${count} places`;
}

function where(touched: TouchedCode): string {
  return `${plain(touched.path)}${touched.lines ? `:${touched.lines.start}-${touched.lines.end}` : ''}`;
}

function describe(touched: TouchedCode): string {
  const whole = touched.baseLines ? '' : 'whole-file ';
  if (touched.how === 'renamed') return `${whole}renamed from ${plain(touched.basePath)}`;
  if (touched.how === 'deleted') return `${whole}deleted`;
  if (touched.how === 'binary') return `${whole}binary change`;
  return touched.basePath !== touched.path ? `${whole}changed, renamed from ${plain(touched.basePath)}` : `${whole}changed`;
}

/** Control characters (a terminal escape in a title) shown as visible code points. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** GitHub's escaping for a workflow command's message. */
function message(text: string): string {
  return plain(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** GitHub's escaping for a workflow command's property value. */
function property(text: string): string {
  return message(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Markdown text that renders as itself: no links, images, HTML, mentions or table breaks from a title. */
function md(text: string): string {
  return plain(text)
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;');
}
