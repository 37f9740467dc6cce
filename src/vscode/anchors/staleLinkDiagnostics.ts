// Stale links in Problems: a link whose code moved (Repair Stale Links would rewrite it)
// or is gone is a warning at its line in the incident file, with a quick fix that repairs
// that link. Checked like the tree checks them (resolveLink through the workspace source),
// for the incidents a user is looking at: those whose file is open, those linked from a
// visible editor, and every incident while the workspace holds at most CHECK_ALL of them.
// Checking every link of a large repository on each change would read every linked file
// and run git across it; the Incidents tree and Repair Stale Links cover the rest.
import * as vscode from 'vscode';
import type { IncidentParser } from '../../adapters/incidentParser';
import type { IncidentStore } from '../../adapters/incidentStore';
import { folderOfIncidentFile, readFileBytesInside } from '../../adapters/workspaceFiles';
import { describeResolution } from '../../core/anchors';
import { MAX_INCIDENT_FILE_BYTES } from '../../core/parseIncident';
import { REPAIR_STALE_LINKS_COMMAND, type RepairLinkArgs } from '../commands/repairStaleLinks';
import { Disposable } from '../disposable';
import { locate } from '../workspaceFolders';
import type { GitHistory } from './gitHistory';
import { checkLink, checkLinks, needsRepair, workspaceSource } from './linkHealth';

/** Below this many incidents every one is checked; above, only those in view. */
const CHECK_ALL = 200;
const DEBOUNCE_MS = 400;
export const STALE_LINK_CODE = 'stale-link';

export class StaleLinkDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('Incident Lens links'));
  private timer: NodeJS.Timeout | undefined;
  private run = 0;

  /** `parser`: where an incident file is parsed to place its warnings (the parse worker: never this thread). */
  constructor(private readonly store: IncidentStore, private readonly parser: Pick<IncidentParser, 'parse'>, private readonly history?: GitHistory) {
    super();
    const schedule = () => this.schedule();
    this._register(store.onDidChange(schedule));
    if (history) this._register(history.onDidChange(schedule));
    this._register(vscode.workspace.onDidOpenTextDocument(schedule));
    this._register(vscode.workspace.onDidCloseTextDocument(schedule));
    this._register(vscode.workspace.onDidSaveTextDocument(schedule));
    this._register(vscode.window.onDidChangeVisibleTextEditors(schedule));
    // Linked code changing, in an editor or on disk.
    const linked = (uri: vscode.Uri) => {
      const where = locate(uri);
      return where !== undefined && this.store.index.linksForFile(where.folder.id, where.path).length > 0;
    };
    this._register(vscode.workspace.onDidChangeTextDocument((event) => { if (linked(event.document.uri)) schedule(); }));
    const files = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    for (const on of [files.onDidChange, files.onDidCreate, files.onDidDelete]) this._register(on((uri) => { if (linked(uri)) schedule(); }));
    this._register({ dispose: () => clearTimeout(this.timer) });
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), DEBOUNCE_MS);
  }

  /** The incident files to check: open ones, those linked from visible editors, or all in a small workspace. */
  private inView(): Set<string> {
    const entries = this.store.index.entries();
    if (entries.length <= CHECK_ALL) return new Set(entries.map((e) => e.source));
    const files = new Set<string>();
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === 'file' && this.store.index.incidentAt(document.uri.fsPath)) files.add(document.uri.fsPath);
    }
    for (const editor of vscode.window.visibleTextEditors) {
      const where = locate(editor.document.uri);
      if (!where) continue;
      for (const { incident } of this.store.index.linksForFile(where.folder.id, where.path)) this.store.index.sourcesOf(incident.id).forEach((s) => files.add(s));
    }
    return files;
  }

  private async update(): Promise<void> {
    const run = ++this.run;
    const files = this.inView();
    const found = new Map<string, vscode.Diagnostic[]>();
    for (const entry of this.store.index.entries()) {
      if (!files.has(entry.source)) continue;
      const diagnostics = await this.check(entry.source, entry.folder, entry.incident.links);
      if (run !== this.run) return;
      if (diagnostics.length > 0) found.set(entry.source, diagnostics);
    }
    this.collection.forEach((uri) => { if (!found.has(uri.fsPath)) this.collection.delete(uri); });
    for (const [file, diagnostics] of found) this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  private async check(file: string, folder: string, links: Parameters<typeof checkLink>[0][]): Promise<vscode.Diagnostic[]> {
    // Its bytes, for the parse worker to decode and place the links: this thread neither decodes nor splits the file.
    const read = readFileBytesInside(folderOfIncidentFile(file), file, MAX_INCIDENT_FILE_BYTES);
    if (typeof read !== 'object' || 'skipped' in read) return [];
    const source = workspaceSource(vscode.Uri.parse(folder), this.history, links.some((link) => link.symbol));
    const diagnostics: vscode.Diagnostic[] = [];
    let placed: { linkLines?: number[]; linkLineWidths?: number[] } | undefined;
    const checks = await checkLinks(links, source);
    for (const [i, link] of links.entries()) {
      const { resolution } = checks[i] as Awaited<ReturnType<typeof checkLink>>;
      const message = resolution.kind === 'stale'
        ? vscode.l10n.t('Stale link to {0}: {1}. Repair Stale Links cannot find it; link the code again or remove the link.', link.path, resolution.reason)
        : needsRepair(link, resolution)
          ? vscode.l10n.t('Stale link to {0}: its code is now {1} ({2}). Repair Stale Links updates the stored position.', link.path, whereNow(resolution), describeResolution(resolution, link.commit))
          : undefined;
      if (!message) continue;
      // Where each link starts: one parse of the file for all its links, in the parse worker (the
      // file as indexed; one changed since is checked again when the index takes the change).
      placed ??= await this.parser.parse(read.bytes, { linkLines: true });
      const line = placed.linkLines?.[i] ?? 1;
      const width = placed.linkLineWidths?.[i] ?? 0;
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line - 1, 0, line - 1, width), message, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'Incident Lens';
      diagnostic.code = STALE_LINK_CODE;
      diagnostics.push(diagnostic);
    }
    return diagnostics;
  }
}

function whereNow(resolution: Exclude<Awaited<ReturnType<typeof checkLink>>['resolution'], { kind: 'stale' }>): string {
  if (resolution.how === 'file') return resolution.path;
  return vscode.l10n.t('{0} lines {1}–{2}', resolution.path, resolution.lines.start, resolution.lines.end);
}

/** The quick fix on a stale link's warning: Repair Stale Links for that link only. */
export class StaleLinkQuickFix implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly parser: Pick<IncidentParser, 'parse'>) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const stale = context.diagnostics.filter((d) => d.source === 'Incident Lens' && d.code === STALE_LINK_CODE);
    // The links' lines from one parse in the parse worker (ahead of a load's files), and only when a warning asks.
    const parsed = stale.length > 0 ? await this.parser.parse(document.getText(), { linkLines: true }, true) : undefined;
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of stale) {
      const link = parsed?.linkLines?.indexOf(diagnostic.range.start.line + 1) ?? -1;
      if (link === -1) continue;
      const action = new vscode.CodeAction(vscode.l10n.t('Repair this link'), vscode.CodeActionKind.QuickFix);
      const args: RepairLinkArgs = { source: document.uri.fsPath, link };
      action.command = { title: vscode.l10n.t('Repair this link'), command: REPAIR_STALE_LINKS_COMMAND, arguments: [args] };
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}

