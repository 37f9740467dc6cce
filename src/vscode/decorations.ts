// Marks linked ranges in the gutter and the overview ruler of visible editors:
// red for SEV1/SEV2, amber otherwise. Colours are theme colours (contributes.colors).
import * as vscode from 'vscode';
import type { IncidentStore } from '../adapters/incidentStore';
import { severityRank } from '../core/severity';
import { onDidChangeSettings, readSettings } from './config';
import { Disposable } from './disposable';
import type { CurrentLinks } from './anchors/currentLinks';

export class LinkedRangeDecorations extends Disposable {
  private severe!: vscode.TextEditorDecorationType;
  private minor!: vscode.TextEditorDecorationType;

  constructor(store: IncidentStore, private readonly current: CurrentLinks, private readonly media: vscode.Uri) {
    super();
    this.createTypes();
    this._register({ dispose: () => { this.severe.dispose(); this.minor.dispose(); } });
    this._register(store.onDidChange(() => this.decorateAll()));
    this._register(current.onDidChange(() => this.decorateAll()));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.decorateAll()));
    this._register(vscode.workspace.onDidChangeTextDocument((event) => {
      vscode.window.visibleTextEditors.filter((e) => e.document === event.document).forEach((e) => void this.decorate(e));
    }));
    this._register(onDidChangeSettings((affects) => {
      if (!affects('decorations')) return;
      this.severe.dispose();
      this.minor.dispose();
      this.createTypes();
      this.decorateAll();
    }));
    this.decorateAll();
  }

  private createTypes(): void {
    const { gutter, overviewRuler } = readSettings().decorations;
    const type = (name: 'severe' | 'minor', icon: string) => vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      ...(gutter ? { gutterIconPath: vscode.Uri.joinPath(this.media, icon), gutterIconSize: 'contain' } : {}),
      ...(overviewRuler ? { overviewRulerColor: new vscode.ThemeColor(`incidentLens.${name}LinkedCode.overviewRuler`), overviewRulerLane: vscode.OverviewRulerLane.Left } : {}),
    });
    this.severe = type('severe', 'linked-range.svg');
    this.minor = type('minor', 'linked-range-minor.svg');
  }

  private decorateAll(): void {
    vscode.window.visibleTextEditors.forEach((editor) => void this.decorate(editor));
  }

  private async decorate(editor: vscode.TextEditor): Promise<void> {
    const severe: vscode.Range[] = [];
    const minor: vscode.Range[] = [];
    for (const { incident, link } of (await this.current.forDocument(editor.document)).links) {
      if (!link.lines || link.lines.start > editor.document.lineCount) continue;
      const range = new vscode.Range(link.lines.start - 1, 0, Math.min(link.lines.end, editor.document.lineCount) - 1, 0);
      (severityRank(incident.severity) <= 1 ? severe : minor).push(range);
    }
    editor.setDecorations(this.severe, severe);
    editor.setDecorations(this.minor, minor);
  }
}
