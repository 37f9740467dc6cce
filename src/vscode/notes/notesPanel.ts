// One notes panel: the webview of one incident file. It re-posts the incident whenever the
// store reports that file changed (a note from the palette, another window, git, a hand
// edit), follows the editor selection for "attach current selection", keeps the unsent draft
// with the extension, and does what the panel asks only after checking the message.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { isPanelToExtension, noteTextProblem, type Draft, type ExtensionToPanel, type PanelToExtension } from '../../shared/protocol';
import type { Incident } from '../../core/model';
import { Disposable } from '../disposable';
import { toIncidentFolder } from '../workspaceFolders';
import { incidentReferences, openCodeAt, resolveCodeTarget } from './codeTarget';
import type { DraftStore } from './draftStore';
import type { SelectionTracker } from './editorSelection';
import { toIncidentView } from './incidentView';
import type { NoteDelivery } from '../platforms/noteDelivery';
import type { NoteLogger } from './noteLogger';
import { ReviewPart, type ReviewDeps } from '../review/reviewPart';
import { notesHtml, notesWebviewOptions } from './notesHtml';

export const NOTES_VIEW_TYPE = 'incidentLens.notes';
const SELECTION_DELAY_MS = 150;

export interface NotesPanelDeps {
  store: IncidentStore;
  logger: NoteLogger;
  selections: SelectionTracker;
  drafts: DraftStore;
  extensionUri: vscode.Uri;
  /** Delivery to the incident's platform, when notes are posted to one. */
  delivery?: NoteDelivery;
  /** The Review section: where its edits are written. */
  review?: ReviewDeps;
}

export class NotesPanel extends Disposable {
  private selectionTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly closedEmitter = new vscode.EventEmitter<void>();
  private readonly review: ReviewPart | undefined;
  readonly onDidDispose = this.closedEmitter.event;

  constructor(readonly panel: vscode.WebviewPanel, readonly source: string, private readonly deps: NotesPanelDeps) {
    super();
    this.review = deps.review && new ReviewPart(source, deps.review, (message) => this.post(message));
    this._register(this.closedEmitter);
    panel.webview.options = notesWebviewOptions(deps.extensionUri);
    panel.iconPath = {
      light: vscode.Uri.joinPath(deps.extensionUri, 'media', 'incident-lens-light.svg'),
      dark: vscode.Uri.joinPath(deps.extensionUri, 'media', 'incident-lens-dark.svg'),
    };
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
    this._register(deps.store.onDidChange((files) => {
      if (files.includes(source)) this.postIncident();
    }));
    this._register(deps.selections.onDidChange(() => this.scheduleSelection()));
    if (deps.delivery) this._register(deps.delivery.onDidChange(() => this.postIncident()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.postIncident()));
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register({ dispose: () => clearTimeout(this.selectionTimer) });
    this.updateTitle();
    panel.webview.html = notesHtml(panel.webview, deps.extensionUri);
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  override dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.closedEmitter.fire();
    super.dispose();
    this.panel.dispose();
  }

  private entry(): { incident: Incident; folder: string } | undefined {
    const incident = this.deps.store.index.incidentAt(this.source);
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(this.source));
    return incident && folder ? { incident, folder: toIncidentFolder(folder).id } : undefined;
  }

  private post(message: ExtensionToPanel): void {
    void this.panel.webview.postMessage(message);
  }

  private postIncident(): void {
    const entry = this.entry();
    this.updateTitle();
    if (!entry) {
      this.post({ type: 'missing', source: this.source, message: vscode.l10n.t('{0} is not a readable incident right now: it was deleted, renamed, or has errors (see the Problems panel).', vscode.workspace.asRelativePath(this.source)) });
      return;
    }
    this.post({ type: 'incident', source: this.source, incident: toIncidentView(entry.incident, this.deps.delivery && ((incident, note) => this.deps.delivery?.of(incident, note))), canWrite: vscode.workspace.isTrusted });
    this.review?.show(entry.incident, entry.folder, vscode.workspace.isTrusted);
  }

  private postSelection(): void {
    const selection = this.deps.selections.current();
    const entry = this.entry();
    // Only code of the incident's own workspace folder can be attached to it.
    const usable = selection && (!entry || selection.folder.id === entry.folder) ? selection : undefined;
    this.post({ type: 'selection', selection: usable ? { path: usable.path, lines: usable.lines, excerpt: usable.excerpt } : null });
  }

  private scheduleSelection(): void {
    clearTimeout(this.selectionTimer);
    this.selectionTimer = setTimeout(() => this.postSelection(), SELECTION_DELAY_MS);
  }

  private updateTitle(): void {
    const id = this.entry()?.incident.id;
    this.panel.title = id ? vscode.l10n.t('{0} Notes', id) : vscode.l10n.t('Incident Notes');
  }

  private async receive(message: unknown): Promise<void> {
    // The page renders repository text; whatever it posts is checked before anything happens.
    if (!isPanelToExtension(message)) {
      // A note the extension cannot take is answered, never left on "Logging…".
      if ((message as { type?: unknown } | null)?.type === 'logNote') this.post({ type: 'logFailed', message: vscode.l10n.t('The note could not be read by the extension; it was not logged and is kept here.') });
      return;
    }
    if (await this.review?.receive(message)) return;
    switch (message.type) {
      case 'ready':
        return this.onReady(message.hasDraft);
      case 'draftChanged':
        await this.deps.drafts.set(this.source, message.draft);
        return this.post({ type: 'draftKept', draft: message.draft });
      case 'logNote':
        return this.logNote(message);
      case 'openCode':
        return this.openCode(message);
      case 'retryDelivery':
        return this.deps.delivery?.retry(message.key);
    }
  }

  private async onReady(hasDraft: boolean): Promise<void> {
    this.postIncident();
    this.postSelection();
    const kept: Draft | undefined = this.deps.drafts.get(this.source);
    if (!hasDraft && kept) this.post({ type: 'restoreDraft', draft: kept });
  }

  private async logNote(message: Extract<PanelToExtension, { type: 'logNote' }>): Promise<void> {
    const entry = this.entry();
    if (!entry) {
      this.post({ type: 'logFailed', message: vscode.l10n.t('The incident file cannot be read right now; your note is kept here.') });
      return;
    }
    const tooLong = noteTextProblem(message.text);
    if (tooLong) {
      this.post({ type: 'logFailed', message: vscode.l10n.t('{0} Your text is kept here.', tooLong) });
      return;
    }
    const selection = message.attachSelection ? this.deps.selections.current() : undefined;
    try {
      await this.deps.logger.log({ source: this.source, folder: entry.folder }, { kind: message.kind, text: message.text, ...(selection ? { selection } : {}) });
      await this.deps.drafts.delete(this.source);
      this.post({ type: 'logged' });
    } catch (error) {
      const text = (error as Error).message;
      this.post({ type: 'logFailed', message: text });
      void vscode.window.showErrorMessage(vscode.l10n.t('The note was not logged: {0}', text));
    }
  }

  private async openCode(message: Extract<PanelToExtension, { type: 'openCode' }>): Promise<void> {
    const entry = this.entry();
    if (!entry || !incidentReferences(entry.incident, message.path)) return;
    const target = resolveCodeTarget(vscode.Uri.parse(entry.folder), message.path);
    if (typeof target === 'string') {
      void vscode.window.showWarningMessage(target);
      return;
    }
    await openCodeAt(target, message.lines, this.panel.viewColumn);
  }
}
