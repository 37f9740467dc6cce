// The timeline: every note, newest first (the latest is what a responder needs, next to the
// form), grouped by day, filtered by kind. A code reference is a button that asks the
// extension to open the code; the extension checks the path before it opens anything.
import { PANEL_NOTE_KINDS, type CodeRefView, type DeliveryView, type KindFilter, type NoteView } from '../../src/shared/protocol';
import * as l10n from '@vscode/l10n';
import { h, linesLabel, timeOf } from './dom';

export interface TimelineHandlers {
  openCode(code: CodeRefView): void;
  retryDelivery(key: string): void;
}

export function renderTimeline(notes: readonly NoteView[], filter: KindFilter, handlers: TimelineHandlers): HTMLElement {
  const shown = notes
    .map((note, index) => ({ note, index, ms: timeOf(note.at) ?? 0 }))
    .filter(({ note }) => filter === 'all' || note.kind === filter)
    .sort((a, b) => b.ms - a.ms || b.index - a.index);
  const list = h('ol', { class: 'timeline', 'aria-label': l10n.t('Incident timeline, newest first') });
  if (shown.length === 0) {
    list.appendChild(h('li', { class: 'placeholder' }, notes.length === 0 ? l10n.t('No notes yet. Log what you see, think, do and decide: it all lands in the incident file.') : l10n.t('No {0} notes.', filter)));
    return list;
  }
  let day: string | undefined;
  for (const { note, ms } of shown) {
    const noteDay = ms ? new Date(ms).toDateString() : '';
    if (noteDay !== day) {
      day = noteDay;
      list.appendChild(h('li', { class: 'day', role: 'presentation' }, dayLabel(ms)));
    }
    list.appendChild(renderNote(note, ms, handlers));
  }
  return list;
}

/** Counts per kind, for the filter's labels. */
export function kindCounts(notes: readonly NoteView[]): Record<KindFilter, number> {
  const counts = Object.fromEntries([['all', notes.length], ...PANEL_NOTE_KINDS.map((k) => [k, 0])]) as Record<KindFilter, number>;
  for (const note of notes) counts[note.kind]++;
  return counts;
}

function renderNote(note: NoteView, ms: number, handlers: TimelineHandlers): HTMLElement {
  const time = ms ? new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) : note.at;
  return h('li', { class: `note kind-${note.kind}`, 'data-kind': note.kind },
    h('div', { class: 'note-meta' },
      h('time', { datetime: note.at, title: note.at }, time),
      h('span', { class: 'kind' }, note.kind),
      note.author !== undefined && h('span', { class: 'author' }, note.author),
    ),
    h('p', { class: 'note-text' }, note.text),
    note.code && codeButton(note.code, handlers),
    note.delivery && deliveryLine(note.delivery, handlers),
  );
}

function deliveryLabel({ state, platform }: DeliveryView): string {
  switch (state) {
    case 'queued': return l10n.t('queued for {0}', platform);
    case 'sending': return l10n.t('sending to {0}', platform);
    case 'sent': return l10n.t('sent to {0}', platform);
    case 'failed': return l10n.t('not sent to {0}', platform);
  }
}

/** Where the note stands on its way to the platform's timeline; a failed one can be retried. */
function deliveryLine(delivery: DeliveryView, handlers: TimelineHandlers): HTMLElement {
  const line = h('div', { class: `delivery delivery-${delivery.state}`, 'data-delivery': delivery.state },
    h('span', { class: 'delivery-state' }, deliveryLabel(delivery)),
    delivery.error !== undefined && h('span', { class: 'delivery-error' }, delivery.error),
  );
  if (delivery.state === 'failed') {
    const retry = h('button', { class: 'delivery-retry', type: 'button' }, l10n.t('Retry'));
    retry.addEventListener('click', () => handlers.retryDelivery(delivery.key));
    line.appendChild(retry);
  }
  return line;
}

function codeButton(code: CodeRefView, handlers: TimelineHandlers): HTMLElement {
  const label = `${code.path}${linesLabel(code.lines)}`;
  const button = h('button', { class: 'code-link', type: 'button', title: code.commit ? l10n.t('Open {0} (logged at commit {1})', label, code.commit.slice(0, 7)) : l10n.t('Open {0}', label) },
    h('span', { class: 'code-path' }, label),
    code.commit !== undefined && h('span', { class: 'commit' }, code.commit.slice(0, 7)),
  );
  button.addEventListener('click', () => handlers.openCode(code));
  return button;
}

function dayLabel(ms: number): string {
  if (!ms) return l10n.t('Undated');
  const date = new Date(ms);
  const today = new Date();
  const yesterday = new Date(today.getTime() - 86_400_000);
  if (date.toDateString() === today.toDateString()) return l10n.t('Today');
  if (date.toDateString() === yesterday.toDateString()) return l10n.t('Yesterday');
  return date.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short', year: date.getFullYear() === today.getFullYear() ? undefined : 'numeric' });
}
