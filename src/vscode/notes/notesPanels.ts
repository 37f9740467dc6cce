// Every open notes panel, one per incident file, and their return after a window reload:
// the serializer gets back the state the page kept (which incident, the unsent draft, the
// filter) and rebuilds the panel around it.
import * as vscode from 'vscode';
import { isPanelState } from '../../shared/protocol';
import { Disposable } from '../disposable';
import type { IncidentEntry } from '../tree/incidentNodes';
import { notesWebviewOptions } from './notesHtml';
import { NOTES_VIEW_TYPE, NotesPanel, type NotesPanelDeps } from './notesPanel';

export class NotesPanels extends Disposable implements vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, NotesPanel>();

  constructor(private readonly deps: NotesPanelDeps) {
    super();
    this._register(vscode.window.registerWebviewPanelSerializer(NOTES_VIEW_TYPE, this));
    this._register({ dispose: () => [...this.panels.values()].forEach((panel) => panel.dispose()) });
  }

  /** Shows the incident's panel, creating it beside the editor the first time. */
  open(entry: Pick<IncidentEntry, 'source'>, options: { preserveFocus?: boolean } = {}): NotesPanel {
    const existing = this.panels.get(entry.source);
    if (existing) {
      existing.reveal(options.preserveFocus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      NOTES_VIEW_TYPE,
      vscode.l10n.t('Incident Notes'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? false },
      // No retainContextWhenHidden: the page keeps its state with setState and rebuilds from it.
      { enableFindWidget: true, ...notesWebviewOptions(this.deps.extensionUri) },
    );
    return this.track(new NotesPanel(panel, entry.source, this.deps));
  }

  /** The panel showing `source`, if one is open. */
  panelOf(source: string): NotesPanel | undefined {
    return this.panels.get(source);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    // The state was written by the page; it is checked like any message from it.
    if (!isPanelState(state) || this.panels.has(state.source)) {
      panel.dispose();
      return;
    }
    this.track(new NotesPanel(panel, state.source, this.deps));
  }

  private track(panel: NotesPanel): NotesPanel {
    this.panels.set(panel.source, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(panel.source) === panel) this.panels.delete(panel.source);
    });
    return panel;
  }
}
