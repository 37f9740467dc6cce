// The notes panel front-end. It talks to the extension only through the typed protocol in
// src/shared, checks every message it receives, renders incident text with textContent only,
// and keeps which incident it shows, the unsent draft and the filter with setState, so a
// reload or a hidden tab brings it back as it was.
import {
  EMPTY_DRAFT, isExtensionToPanel, isPanelState, MAX_DRAFT_TEXT, PANEL_NOTE_KINDS,
  type Draft, type ExtensionToPanel, type IncidentView, type KindFilter, type PanelState, type PanelToExtension,
} from '../../src/shared/protocol';
import * as l10n from '@vscode/l10n';
import { h, replaceChildren } from './dom';
import { renderHeader } from './header';
import { NoteForm } from './noteForm';
import { ReviewSection } from './reviewSection';
import { kindCounts, renderTimeline } from './timeline';
import { registerToolkit, type ValueElement } from './toolkit';
import { loadTranslations } from './l10n';

interface VsCodeApi {
  postMessage(message: PanelToExtension): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const DRAFT_DELAY_MS = 300;
const TICK_MS = 15_000;

registerToolkit();
// Before the first string is built.
loadTranslations(document.getElementById('app'));
const vscode = acquireVsCodeApi();
const saved = vscode.getState();
const restored = isPanelState(saved) ? saved : undefined;

let source = restored?.source;
let filter: KindFilter = restored?.filter ?? 'all';
let incident: IncidentView | undefined;
/** The note a deep link asked for: highlighted and scrolled to whenever the timeline is drawn. */
let focused: number | undefined;
let scrollToFocused = false;
let draftTimer: ReturnType<typeof setTimeout> | undefined;

const post = (message: PanelToExtension) => vscode.postMessage(message);

const form = new NoteForm(restored?.draft ?? EMPTY_DRAFT, {
  changed(draft) {
    persist();
    // The extension keeps a copy too, so that a closed and reopened panel has it back.
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => post({ type: 'draftChanged', draft: keptDraft(draft) }), DRAFT_DELAY_MS);
  },
  submit(draft) {
    post({ type: 'logNote', kind: draft.kind, text: draft.text, attachSelection: draft.attachSelection });
  },
});

const headerSlot = h('div', { class: 'header-slot' });
const countBadge = h('span', { id: 'note-count', class: 'count-badge', 'aria-label': l10n.t('Number of notes') }, '0');
const filterBox = h('vscode-dropdown', { id: 'kind-filter', 'aria-label': l10n.t('Show notes of kind') },
  ...(['all', ...PANEL_NOTE_KINDS] as KindFilter[]).map((kind) => h('vscode-option', { value: kind, selected: kind === filter }, kind === 'all' ? l10n.t('All kinds') : kind))) as ValueElement;
const timelineSlot = h('div', { class: 'timeline-slot' });
const review = new ReviewSection(post);

filterBox.addEventListener('change', () => {
  const value = filterBox.value as KindFilter;
  filter = value === 'all' || (PANEL_NOTE_KINDS as readonly string[]).includes(value) ? value : 'all';
  persist();
  renderNotes();
});

const app = document.getElementById('app') as HTMLElement;
replaceChildren(app,
  headerSlot,
  h('vscode-divider', { role: 'separator' }),
  h('section', { class: 'form-section', 'aria-labelledby': 'form-heading' }, h('h2', { id: 'form-heading' }, l10n.t('Log a note')), form.element),
  h('vscode-divider', { role: 'separator' }),
  h('section', { class: 'timeline-section', 'aria-labelledby': 'timeline-heading' },
    h('div', { class: 'timeline-heading' }, h('h2', { id: 'timeline-heading' }, l10n.t('Timeline')), countBadge, h('span', { class: 'spacer' }), h('label', { for: 'kind-filter', class: 'form-label' }, l10n.t('Show')), filterBox),
    timelineSlot,
  ),
  review.element,
);
form.setEnabled(false, l10n.t('Loading the incident…'));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // The page shows repository text: a message that is not exactly what the protocol says is dropped.
  if (isExtensionToPanel(event.data)) receive(event.data);
});
setInterval(refreshHeader, TICK_MS);
post({ type: 'ready', hasDraft: (restored?.draft.text ?? '').trim() !== '' });

function receive(message: ExtensionToPanel): void {
  switch (message.type) {
    case 'incident':
      source = message.source;
      incident = message.incident;
      app.removeAttribute('aria-busy');
      form.setEnabled(message.canWrite, l10n.t('This workspace is not trusted: notes are read-only here.'));
      refreshHeader();
      renderNotes();
      persist();
      return;
    case 'missing':
      source = message.source;
      incident = undefined;
      replaceChildren(headerSlot, h('p', { class: 'missing', role: 'alert' }, message.message));
      form.setEnabled(false, l10n.t('The incident cannot be read right now; your draft is kept.'));
      renderNotes();
      persist();
      return;
    case 'selection':
      form.setSelection(message.selection);
      return;
    case 'restoreDraft':
      form.setDraft(message.draft);
      persist();
      return;
    case 'draftKept':
      form.showKept(message.draft);
      return;
    case 'logged':
      form.finished({ ok: true });
      return;
    case 'logFailed':
      form.finished({ ok: false, message: message.message });
      return;
    case 'review':
      review.render(message.review, message.canWrite);
      return;
    case 'reviewSaved':
      review.finished({ ok: true });
      return;
    case 'reviewFailed':
      review.finished({ ok: false, message: message.message });
      return;
    case 'focusNote':
      focused = message.index;
      scrollToFocused = true;
      // Every kind is shown: the link asked for this note, whatever the filter hid.
      if (filter !== 'all') {
        filter = 'all';
        filterBox.value = 'all';
        persist();
      }
      renderNotes();
      return;
  }
}

/** Marks the focused note; the first time it is drawn after the link, brings it into view and moves focus to it. */
function revealFocused(): void {
  if (focused === undefined) return;
  const note = timelineSlot.querySelector<HTMLElement>(`[data-note-index="${focused}"]`);
  if (!note) return;
  note.classList.add('focused');
  note.setAttribute('aria-current', 'true');
  if (scrollToFocused) {
    scrollToFocused = false;
    note.scrollIntoView({ block: 'center' });
    note.focus({ preventScroll: true });
  }
}

function refreshHeader(): void {
  if (incident) replaceChildren(headerSlot, renderHeader(incident, Date.now()));
}

function renderNotes(): void {
  const notes = incident?.notes ?? [];
  const counts = kindCounts(notes);
  countBadge.textContent = String(notes.length);
  for (const option of Array.from(filterBox.querySelectorAll('vscode-option'))) {
    const kind = option.getAttribute('value') as KindFilter;
    option.textContent = `${kind === 'all' ? l10n.t('All kinds') : kind} (${counts[kind] ?? 0})`;
  }
  replaceChildren(timelineSlot, renderTimeline(notes, filter, {
    openCode: (code) => post({ type: 'openCode', path: code.path, ...(code.lines ? { lines: code.lines } : {}) }),
    retryDelivery: (key) => post({ type: 'retryDelivery', key }),
  }));
  revealFocused();
}

function persist(): void {
  if (source === undefined) return;
  const draft: Draft = keptDraft(form.draft());
  vscode.setState({ source, draft, filter });
}

/**
 * The draft as it is kept (this panel's state, the extension's copy): its first MAX_DRAFT_TEXT
 * characters, as the form tells the user. A longer text would make the state invalid, and the
 * panel would come back after a reload without its incident or any draft.
 */
function keptDraft(draft: Draft): Draft {
  return draft.text.length <= MAX_DRAFT_TEXT ? draft : { ...draft, text: draft.text.slice(0, MAX_DRAFT_TEXT) };
}
