// The review block of an incident file, read: what each incident taught by practice
// (debuggability, blast radius, alerting, and any practice config.yaml adds) and the
// follow-ups it asked for. The schema (schemas/incident.schema.json, definitions review,
// lesson, followUp) says what is valid; a broken lesson or follow-up costs only that entry,
// a broken review block only the review, never the incident.
import type { FollowUp, Incident, Lesson, Problem, Review } from './model';
import { timeOf } from './time';

/** A practice a review looks at, with the question the review asks about it. */
export interface Practice {
  readonly name: string;
  readonly prompt: string;
}

/** The three practices every review looks at; config.yaml's review.practices adds more. */
export const DEFAULT_PRACTICES: readonly Practice[] = Object.freeze([
  { name: 'debuggability', prompt: 'Was it hard to see what was wrong? What would have shown it sooner?' },
  { name: 'blast-radius', prompt: 'Did a non-essential part take a critical one down? What would have contained it?' },
  { name: 'alerting', prompt: 'Did the signal lead straight to the cause? What alert was missing, late or noisy?' },
]);

/** An open follow-up older than this many days is stale (config.yaml review.stale_follow_up_days). */
export const DEFAULT_STALE_FOLLOW_UP_DAYS = 30;

type Path = (string | number)[];
type Report = (path: Path, message: string, severity: 'error' | 'warning') => void;

/** Which review entries schema errors cost: a lesson, a follow-up, or the whole block. */
export class ReviewDrops {
  private readonly lessons = new Set<number>();
  private readonly followUps = new Set<number>();
  private whole = false;

  /** Records an error at `path`; true when it lies inside the review (and so costs only review entries). */
  take(path: readonly (string | number)[]): boolean {
    if (path[0] !== 'review') return false;
    const [, list, index] = path;
    if (list === 'lessons' && typeof index === 'number') this.lessons.add(index);
    else if (list === 'follow_ups' && typeof index === 'number') this.followUps.add(index);
    else this.whole = true;
    return true;
  }

  /** @internal */
  has(list: 'lessons' | 'follow_ups' | 'review', index = -1): boolean {
    if (this.whole || list === 'review') return this.whole;
    return (list === 'lessons' ? this.lessons : this.followUps).has(index);
  }
}

interface RawLesson { practice?: unknown; text?: unknown; links?: unknown }
interface RawFollowUp { title?: unknown; owner?: unknown; status?: unknown; url?: unknown; opened_at?: unknown }
interface RawReview { lessons?: (RawLesson | null)[]; follow_ups?: (RawFollowUp | null)[] }

/**
 * Checks what the schema cannot: a practice this repository does not know (a warning: the
 * lesson still counts, under its own name) and a lesson's link index past the incident's links
 * (a warning: that index is ignored). Runs on the file's value after schema validation.
 */
export function checkReview(review: unknown, linkCount: number, practices: readonly string[], report: Report): void {
  if (!isMapping(review)) return;
  asArray((review as RawReview).lessons).forEach((lesson, i) => {
    if (!isMapping(lesson)) return;
    if (typeof lesson.practice === 'string' && !practices.includes(lesson.practice)) {
      report(['review', 'lessons', i, 'practice'], `Unknown practice "${lesson.practice}": expected one of ${practices.join(', ')} (config.yaml review.practices adds more). Counted under its own name.`, 'warning');
    }
    asArray(lesson.links as unknown[]).forEach((value, j) => {
      const index = linkIndex(value);
      if (index !== undefined && index >= linkCount) {
        report(['review', 'lessons', i, 'links', j], `Link ${index} does not exist: this incident has ${linkCount} link${linkCount === 1 ? '' : 's'} (numbered from 0). Ignored.`, 'warning');
      }
    });
  });
}

/** The review as the model holds it, or undefined when the file has none (or it was unusable). */
export function toReview(value: unknown, drops: ReviewDrops, linkCount: number, positionOf?: (path: Path) => FollowUp['position']): Review | undefined {
  if (!isMapping(value) || drops.has('review')) return undefined;
  const raw = value as RawReview;
  const lessons: Lesson[] = [];
  asArray(raw.lessons).forEach((lesson, i) => {
    if (!isMapping(lesson) || drops.has('lessons', i)) return;
    const out: Lesson = { practice: String(lesson.practice), text: String(lesson.text) };
    const links = asArray(lesson.links as unknown[]).map(linkIndex).filter((n): n is number => n !== undefined && n < linkCount);
    if (links.length > 0) out.links = links;
    lessons.push(out);
  });
  const followUps: FollowUp[] = [];
  asArray(raw.follow_ups).forEach((item, i) => {
    if (!isMapping(item) || drops.has('follow_ups', i)) return;
    const out: FollowUp = { title: String(item.title), status: item.status as FollowUp['status'] };
    if (typeof item.owner === 'string') out.owner = item.owner;
    if (typeof item.url === 'string') out.url = item.url;
    if (typeof item.opened_at === 'string') out.openedAt = item.opened_at;
    const position = positionOf?.(['review', 'follow_ups', i]);
    if (position) out.position = position;
    followUps.push(out);
  });
  return { lessons, followUps };
}

/** A link index as written (`0`, or `"0"` where values are read as text), or undefined. */
function linkIndex(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^(0|[1-9]\d{0,5})$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Whether an open follow-up is stale at `now`: opened (its opened_at, else the incident's
 * resolution, else its start) more than `staleDays` days ago. Done, dropped and undated ones never are.
 */
export function isStaleFollowUp(followUp: FollowUp, incident: { resolvedAt?: string; startedAt?: string }, staleDays: number, now: Date): boolean {
  if (followUp.status !== 'open') return false;
  const opened = timeOf(followUp.openedAt) ?? timeOf(incident.resolvedAt) ?? timeOf(incident.startedAt);
  return opened !== undefined && now.getTime() - opened > staleDays * 86_400_000;
}

/**
 * A warning at each open follow-up of `incident` older than `staleDays` (config.yaml
 * review.stale_follow_up_days) at `now`, where the parser found it in the file.
 */
export function staleFollowUpProblems(incident: Pick<Incident, 'review' | 'resolvedAt' | 'startedAt'>, staleDays: number, now: Date): Problem[] {
  return (incident.review?.followUps ?? []).filter((f) => isStaleFollowUp(f, incident, staleDays, now)).map((followUp) => {
    const opened = timeOf(followUp.openedAt) ?? timeOf(incident.resolvedAt) ?? timeOf(incident.startedAt) ?? now.getTime();
    const days = Math.floor((now.getTime() - opened) / 86_400_000);
    const where = followUp.position ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const message = `Follow-up "${followUp.title.slice(0, 80)}" has been open for ${days} days (more than ${staleDays}, review.stale_follow_up_days in config.yaml): do it, drop it, or give it an owner and a date.`;
    return { message, severity: 'warning', ...where };
  });
}

/** Practice names in the order reviews list them: the configured ones, then any others the lessons use. */
export function practiceNames(practices: readonly Practice[], reviews: readonly (Review | undefined)[] = []): string[] {
  const names = practices.map((p) => p.name);
  for (const review of reviews) for (const lesson of review?.lessons ?? []) if (!names.includes(lesson.practice)) names.push(lesson.practice);
  return names;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asArray<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

/** The open follow-ups of `incidents`, each with its incident, in the incidents' order then the file's. */
export function openFollowUpsOf<T extends Pick<Incident, 'review'>>(incidents: readonly T[]): { incident: T; followUp: FollowUp }[] {
  return incidents.flatMap((incident) => (incident.review?.followUps ?? []).filter((f) => f.status === 'open').map((followUp) => ({ incident, followUp })));
}
