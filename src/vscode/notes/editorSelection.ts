// The code a note can attach: the selection of the text editor the user last worked in.
// Focusing the notes panel makes it the active editor and leaves activeTextEditor undefined,
// so the last text editor is remembered for as long as it stays visible.
import * as vscode from 'vscode';
import type { IncidentFolder } from '../../adapters/incidentStore';
import type { LineRange } from '../../core/model';
import { unsafePathReason } from '../../core/paths';
import { locate } from '../workspaceFolders';

export interface CodeSelection {
  folder: IncidentFolder;
  /** Workspace-folder-relative, forward slashes. */
  path: string;
  lines: LineRange;
  /** The first non-blank selected line, trimmed and cut short, so the user recognises what is attached. */
  excerpt: string;
}

const MAX_EXCERPT = 120;

/** The non-empty selection of `editor` in a workspace file, as a code reference would store it. */
export function selectionOf(editor: vscode.TextEditor | undefined): CodeSelection | undefined {
  if (!editor || editor.selection.isEmpty) return undefined;
  const where = locate(editor.document.uri);
  if (!where || where.path === '' || unsafePathReason(where.path)) return undefined;
  const { start, end } = editor.selection;
  // A selection ending at column 0 of a later line (whole lines selected) does not include that line.
  const last = end.line > start.line && end.character === 0 ? end.line - 1 : end.line;
  let excerpt = '';
  for (let line = start.line; line <= last && !excerpt; line++) excerpt = editor.document.lineAt(line).text.trim();
  return {
    folder: where.folder,
    path: where.path,
    lines: { start: start.line + 1, end: last + 1 },
    excerpt: excerpt.length > MAX_EXCERPT ? `${excerpt.slice(0, MAX_EXCERPT - 1)}…` : excerpt,
  };
}

export class SelectionTracker implements vscode.Disposable {
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.changed,
      vscode.window.onDidChangeTextEditorSelection((event) => this.remember(event.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.remember(editor);
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        if (this.lastEditor && !editors.includes(this.lastEditor)) this.remember(undefined);
        else this.changed.fire();
      }),
    ];
  }

  /**
   * The selection a note attaches now: the active text editor's, else the last one's while it is
   * visible, else (after a reload, before any editor event) a visible file editor's with a selection.
   */
  current(): CodeSelection | undefined {
    const editor = vscode.window.activeTextEditor ?? this.lastEditor
      ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'file' && !e.selection.isEmpty);
    return selectionOf(editor);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    // Output panes and other non-file editors report selections too; they are not code.
    if (editor && editor.document.uri.scheme !== 'file') return;
    this.lastEditor = editor;
    this.changed.fire();
  }
}
