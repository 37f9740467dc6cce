// The form that logs a note: kind, text, and "attach current selection" showing exactly what
// would be attached. It reports every change (the draft is kept) and submits on the button
// or Ctrl+Enter / Cmd+Enter. A counter shows the length against the limit as the user types;
// a note over it is refused here with the reason, and stays in the draft to be shortened.
import { MAX_DRAFT_TEXT, MAX_NOTE_TEXT, PANEL_NOTE_KINDS, type Draft, type PanelNoteKind, type SelectionView } from '../../src/shared/protocol';
import * as l10n from '@vscode/l10n';
import { h, linesLabel, replaceChildren } from './dom';
import type { CheckElement, ValueElement } from './toolkit';

export interface NoteFormHandlers {
  changed(draft: Draft): void;
  submit(draft: Draft): void;
}

export class NoteForm {
  readonly element: HTMLElement;
  private readonly kind: ValueElement;
  private readonly text: ValueElement;
  private readonly attach: CheckElement;
  private readonly button: ValueElement;
  private readonly attachment = h('div', { class: 'attachment', 'aria-live': 'polite' });
  private readonly status = h('div', { class: 'form-status', role: 'status' });
  private readonly counter = h('span', { id: 'note-length', class: 'char-count', 'aria-live': 'polite' });
  private readonly kept = h('span', { id: 'draft-state', class: 'draft-state' });
  private busy = false;
  private enabled = true;

  constructor(initial: Draft, private readonly handlers: NoteFormHandlers) {
    this.kind = h('vscode-dropdown', { id: 'note-kind', 'aria-label': l10n.t('Kind of note') },
      ...PANEL_NOTE_KINDS.map((kind) => h('vscode-option', { value: kind, selected: kind === initial.kind }, kind))) as ValueElement;
    this.text = h('vscode-text-area', { id: 'note-text', rows: '3', resize: 'vertical', placeholder: l10n.t('What did you see, think, do or decide?'), 'aria-label': l10n.t('Note text'), 'aria-describedby': 'note-length' }) as ValueElement;
    this.text.value = initial.text;
    this.attach = h('vscode-checkbox', { id: 'attach-selection', checked: initial.attachSelection }, l10n.t('Attach current selection')) as CheckElement;
    this.attach.checked = initial.attachSelection;
    this.button = h('vscode-button', { id: 'log-note', title: l10n.t('Log note (Ctrl+Enter)') }, l10n.t('Log note')) as ValueElement;

    this.element = h('form', { class: 'note-form', 'aria-label': l10n.t('Log a note') },
      h('div', { class: 'form-row' }, h('label', { for: 'note-kind', class: 'form-label' }, l10n.t('Kind')), this.kind),
      this.text,
      h('div', { class: 'attach-row' }, this.attach, this.attachment),
      h('div', { class: 'form-row actions' }, this.status, this.kept, this.counter, this.button),
    );
    this.setSelection(null);
    this.showLength();

    this.kind.addEventListener('change', () => this.changed());
    this.text.addEventListener('input', () => {
      this.showLength();
      this.changed();
    });
    this.attach.addEventListener('change', () => this.changed());
    this.button.addEventListener('click', () => this.trySubmit());
    this.text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.trySubmit();
      }
    });
    this.element.addEventListener('submit', (event) => event.preventDefault());
  }

  draft(): Draft {
    const kind = (PANEL_NOTE_KINDS as readonly string[]).includes(this.kind.value) ? (this.kind.value as PanelNoteKind) : 'observation';
    return { kind, text: this.text.value ?? '', attachSelection: this.attach.checked };
  }

  /** The extension kept `draft`: say so while the form still holds exactly it. */
  showKept(draft: Draft): void {
    const current = this.draft();
    const same = current.text === draft.text && current.kind === draft.kind && current.attachSelection === draft.attachSelection;
    this.kept.textContent = same && draft.text.trim() !== '' ? l10n.t('Draft saved') : '';
  }

  setDraft(draft: Draft): void {
    this.kind.value = draft.kind;
    this.text.value = draft.text;
    this.attach.checked = draft.attachSelection;
    this.showLength();
  }

  setSelection(selection: SelectionView | null): void {
    if (!selection) {
      replaceChildren(this.attachment, h('span', { class: 'muted' }, l10n.t('Nothing selected in the editor')));
      return;
    }
    replaceChildren(this.attachment,
      h('span', { class: 'code-path' }, `${selection.path}${linesLabel(selection.lines)}`),
      selection.excerpt && h('code', { class: 'excerpt' }, selection.excerpt),
    );
  }

  /** Read-only (untrusted workspace) or not showing a readable incident. */
  setEnabled(enabled: boolean, reason?: string): void {
    this.enabled = enabled;
    for (const control of [this.kind, this.text, this.attach, this.button]) control.disabled = !enabled || (control === this.button && this.busy);
    this.showStatus(enabled ? '' : reason ?? '', false);
    if (enabled) this.showLength();
  }

  /** After the extension answered: clear the text when logged, keep it and say why when not. */
  finished(result: { ok: true } | { ok: false; message: string }): void {
    this.busy = false;
    this.button.disabled = !this.enabled;
    if (result.ok) {
      this.text.value = '';
      this.showLength();
      this.showStatus(l10n.t('Logged.'), false);
      this.changed();
      this.text.focus();
    } else {
      this.showStatus(result.message, true);
    }
  }

  focus(): void {
    this.text.focus();
  }

  private changed(): void {
    this.kept.textContent = '';
    this.handlers.changed(this.draft());
  }

  private trySubmit(): void {
    if (this.busy || !this.enabled) return;
    const draft = this.draft();
    if (!draft.text.trim()) {
      this.showStatus(l10n.t('Type the note first.'), true);
      return;
    }
    const tooLong = this.tooLong(draft.text);
    if (tooLong) {
      this.showStatus(tooLong, true, true);
      return;
    }
    this.busy = true;
    this.button.disabled = true;
    this.showStatus(l10n.t('Logging…'), false);
    this.handlers.submit(draft);
  }

  /** "123 / 20,000"; past the limit, marked and explained at once, before the user presses Log note. */
  private showLength(): void {
    const length = (this.text.value ?? '').length;
    this.counter.textContent = `${format(length)} / ${format(MAX_NOTE_TEXT)}`;
    const tooLong = this.tooLong(this.text.value ?? '');
    this.counter.classList.toggle('error', tooLong !== undefined);
    if (tooLong) this.showStatus(tooLong, true, true);
    else if (this.status.classList.contains('error') && this.status.hasAttribute('data-length')) this.showStatus('', false);
  }

  private tooLong(text: string): string | undefined {
    if (text.length <= MAX_NOTE_TEXT) return undefined;
    const kept = text.length <= MAX_DRAFT_TEXT ? l10n.t('it is kept as your draft') : l10n.t('only its first {0} characters are kept as your draft', format(MAX_DRAFT_TEXT));
    const over = text.length - MAX_NOTE_TEXT;
    return over === 1
      ? l10n.t('{0} character over the {1} a note may have: shorten it before logging ({2}).', format(over), format(MAX_NOTE_TEXT), kept)
      : l10n.t('{0} characters over the {1} a note may have: shorten it before logging ({2}).', format(over), format(MAX_NOTE_TEXT), kept);
  }

  /** `length`: the text is too long, a problem that goes away as the user shortens it. */
  private showStatus(text: string, error: boolean, length = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
    this.status.toggleAttribute('data-length', length);
  }
}

function format(n: number): string {
  return n.toLocaleString('en');
}
