// Messages between the extension and the notes panel. Both sides import this file; every
// message is a member of a discriminated union and is checked on arrival, on both sides: the
// panel renders text from a repository file, so neither side trusts what the other posts.
// No imports: the webview bundle takes this file alone.

export const PANEL_NOTE_KINDS = ['observation', 'hypothesis', 'action', 'decision', 'resolution'] as const;
export type PanelNoteKind = (typeof PANEL_NOTE_KINDS)[number];
export type KindFilter = PanelNoteKind | 'all';

/** Longest note text that is logged; a note is a few lines, this is a pasted log at most. The panel shows it as a counter. */
export const MAX_NOTE_TEXT = 20_000;
/**
 * Longest text a draft keeps (in the panel's state and the extension's copy): more than a note
 * may hold, so that an oversize paste is kept to be shortened rather than lost.
 */
export const MAX_DRAFT_TEXT = 1_000_000;
const MAX_PATH = 1024;

export interface LinesView {
  start: number;
  end: number;
}

export interface CodeRefView {
  /** Workspace-folder-relative, forward slashes. */
  path: string;
  lines?: LinesView;
  commit?: string;
}

export const DELIVERY_STATES = ['queued', 'sending', 'sent', 'failed'] as const;

/** How a note is getting to the incident's platform, for incidents synced from one. */
export interface DeliveryView {
  key: string;
  state: (typeof DELIVERY_STATES)[number];
  /** The platform's name, e.g. PagerDuty. */
  platform: string;
  /** Why the last attempt failed, in the user's terms. */
  error?: string;
}

export interface NoteView {
  at: string;
  author?: string;
  kind: PanelNoteKind;
  text: string;
  code?: CodeRefView;
  delivery?: DeliveryView;
}

export interface IncidentView {
  id: string;
  title: string;
  severity: string;
  status: string;
  startedAt?: string;
  resolvedAt?: string;
  services: string[];
  notes: NoteView[];
  live: boolean;
}

/** What "attach current selection" would attach, as the panel shows it. */
export interface SelectionView {
  path: string;
  lines: LinesView;
  /** The first selected line, trimmed, for recognition. */
  excerpt: string;
}

export interface Draft {
  kind: PanelNoteKind;
  text: string;
  attachSelection: boolean;
}

/** What the panel keeps with setState, and what the serializer gets back after a reload. */
export interface PanelState {
  /** The incident file the panel shows. */
  source: string;
  draft: Draft;
  filter: KindFilter;
}

export type ExtensionToPanel =
  | { type: 'incident'; source: string; incident: IncidentView; canWrite: boolean }
  | { type: 'missing'; source: string; message: string }
  | { type: 'selection'; selection: SelectionView | null }
  /** The draft the extension kept, for a panel that has none of its own. */
  | { type: 'restoreDraft'; draft: Draft }
  /** The extension's copy of the draft now holds `draft`: the panel says "Draft saved" while it is unchanged. */
  | { type: 'draftKept'; draft: Draft }
  | { type: 'logged' }
  | { type: 'logFailed'; message: string }
  /** The Review section (resolved incidents, or any incident that has a review); null hides it. */
  | { type: 'review'; review: ReviewView | null; canWrite: boolean }
  | { type: 'reviewSaved' }
  | { type: 'reviewFailed'; message: string };

export type PanelToExtension =
  | { type: 'ready'; hasDraft: boolean }
  | { type: 'draftChanged'; draft: Draft }
  | { type: 'logNote'; kind: PanelNoteKind; text: string; attachSelection: boolean }
  | { type: 'openCode'; path: string; lines?: LinesView }
  | { type: 'retryDelivery'; key: string }
  | { type: 'addLesson'; practice: string; text: string }
  | { type: 'addFollowUp'; title: string; owner: string }
  | { type: 'setFollowUpStatus'; index: number; title: string; status: FollowUpStatusView };

export const EMPTY_DRAFT: Draft = { kind: 'observation', text: '', attachSelection: true };

/** Why `text` cannot be a note (too long), in the user's words; undefined when it can. */
export function noteTextProblem(text: string): string | undefined {
  if (text.length <= MAX_NOTE_TEXT) return undefined;
  const format = (n: number) => n.toLocaleString('en');
  return `The note is ${format(text.length)} characters, over the ${format(MAX_NOTE_TEXT)} a note may have. Shorten it, or put a long log in a file and attach its code instead.`;
}

export function isPanelToExtension(value: unknown): value is PanelToExtension {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return typeof value.hasDraft === 'boolean';
    case 'draftChanged':
      return isDraft(value.draft);
    case 'logNote':
      // Longer than a note may be is still a request, answered with why it was not logged.
      return isKind(value.kind) && isText(value.text, MAX_DRAFT_TEXT) && typeof value.attachSelection === 'boolean';
    case 'openCode':
      return isText(value.path, MAX_PATH) && (value.lines === undefined || isLines(value.lines));
    case 'retryDelivery':
      return isText(value.key, 128);
    case 'addLesson':
      return isText(value.practice, 64) && isText(value.text, MAX_REVIEW_TEXT);
    case 'addFollowUp':
      return isText(value.title, MAX_REVIEW_TEXT) && isText(value.owner, 256);
    case 'setFollowUpStatus':
      return Number.isInteger(value.index) && (value.index as number) >= 0 && isText(value.title, MAX_REVIEW_TEXT) && isFollowUpStatus(value.status);
    default:
      return false;
  }
}

export function isExtensionToPanel(value: unknown): value is ExtensionToPanel {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'incident':
      return typeof value.source === 'string' && isIncidentView(value.incident) && typeof value.canWrite === 'boolean';
    case 'missing':
      return typeof value.source === 'string' && typeof value.message === 'string';
    case 'selection':
      return value.selection === null || isSelection(value.selection);
    case 'restoreDraft':
      return isDraft(value.draft);
    case 'logged':
      return true;
    case 'logFailed':
    case 'reviewFailed':
      return typeof value.message === 'string';
    case 'reviewSaved':
      return true;
    case 'draftKept':
      return isDraft(value.draft);
    case 'review':
      return (value.review === null || isReviewView(value.review)) && typeof value.canWrite === 'boolean';
    default:
      return false;
  }
}

export function isPanelState(value: unknown): value is PanelState {
  return isRecord(value) && isText(value.source, 4096) && isDraft(value.draft) && (value.filter === 'all' || isKind(value.filter));
}

export function isDraft(value: unknown): value is Draft {
  return isRecord(value) && isKind(value.kind) && isText(value.text, MAX_DRAFT_TEXT) && typeof value.attachSelection === 'boolean';
}

function isIncidentView(value: unknown): value is IncidentView {
  return isRecord(value)
    && ['id', 'title', 'severity', 'status'].every((key) => typeof value[key] === 'string')
    && optionalString(value.startedAt) && optionalString(value.resolvedAt)
    && Array.isArray(value.services) && value.services.every((s) => typeof s === 'string')
    && Array.isArray(value.notes) && value.notes.every(isNoteView)
    && typeof value.live === 'boolean';
}

function isNoteView(value: unknown): value is NoteView {
  return isRecord(value) && typeof value.at === 'string' && optionalString(value.author) && isKind(value.kind)
    && typeof value.text === 'string' && (value.code === undefined || isCodeRef(value.code))
    && (value.delivery === undefined || isDelivery(value.delivery));
}

function isDelivery(value: unknown): value is DeliveryView {
  return isRecord(value) && typeof value.key === 'string' && typeof value.platform === 'string' && optionalString(value.error)
    && typeof value.state === 'string' && (DELIVERY_STATES as readonly string[]).includes(value.state);
}

function isCodeRef(value: unknown): value is CodeRefView {
  return isRecord(value) && typeof value.path === 'string' && (value.lines === undefined || isLines(value.lines)) && optionalString(value.commit);
}

function isSelection(value: unknown): value is SelectionView {
  return isRecord(value) && typeof value.path === 'string' && isLines(value.lines) && typeof value.excerpt === 'string';
}

function isLines(value: unknown): value is LinesView {
  return isRecord(value) && Number.isInteger(value.start) && Number.isInteger(value.end)
    && (value.start as number) >= 1 && (value.end as number) >= (value.start as number);
}

function isKind(value: unknown): value is PanelNoteKind {
  return typeof value === 'string' && (PANEL_NOTE_KINDS as readonly string[]).includes(value);
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The Review section of the panel (src/vscode/review/reviewPart.ts, webview/src/reviewSection.ts).

export const FOLLOW_UP_STATUS_VIEWS = ['open', 'done', 'dropped'] as const;
export type FollowUpStatusView = (typeof FOLLOW_UP_STATUS_VIEWS)[number];
/** Longest lesson or follow-up title the panel sends. */
export const MAX_REVIEW_TEXT = 4_000;

export interface ReviewView {
  /** Each practice the review looks at, with its question. */
  practices: { name: string; prompt: string }[];
  lessons: { practice: string; text: string }[];
  /** In file order: a follow-up's index is its place here. */
  followUps: { title: string; owner?: string; status: FollowUpStatusView; url?: string; stale: boolean }[];
}

function isReviewView(value: unknown): value is ReviewView {
  return isRecord(value)
    && Array.isArray(value.practices) && value.practices.every((p) => isRecord(p) && typeof p.name === 'string' && typeof p.prompt === 'string')
    && Array.isArray(value.lessons) && value.lessons.every((l) => isRecord(l) && typeof l.practice === 'string' && typeof l.text === 'string')
    && Array.isArray(value.followUps) && value.followUps.every((f) => isRecord(f) && typeof f.title === 'string' && optionalString(f.owner)
      && isFollowUpStatus(f.status) && optionalString(f.url) && typeof f.stale === 'boolean');
}

function isFollowUpStatus(value: unknown): value is FollowUpStatusView {
  return typeof value === 'string' && (FOLLOW_UP_STATUS_VIEWS as readonly string[]).includes(value);
}

// The page's translations: the extension's `vscode.l10n.bundle` (English source text to the
// display language's text; none in English), written into the page's `data-l10n` attribute by
// src/vscode/notes/notesHtml.ts so the first paint is translated, and checked here on arrival.

/** A bundle as @vscode/l10n's `config({ contents })` takes it: at most 5,000 messages of 10,000 characters. */
export type L10nBundle = Record<string, string | { message: string; comment: string[] }>;

export function isL10nBundle(value: unknown): value is L10nBundle {
  if (!isRecord(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= 5_000 && entries.every(([key, message]) => key.length <= 10_000 && (isText(message, 10_000)
    || (isRecord(message) && isText(message.message, 10_000) && Array.isArray(message.comment) && message.comment.every((c) => typeof c === 'string'))));
}
