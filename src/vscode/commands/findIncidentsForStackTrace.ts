// "Find Incidents for Stack Trace…": the trace from the argument, the clipboard, the editor
// selection or a paste box; its frames mapped to workspace files and the incidents linked at
// those lines (src/services/stackTrace.ts); shown as a quick pick of frames (each opens the
// code at the frame), the incidents (each opens its file) and the people to ask.
import * as vscode from 'vscode';
import { parseStackTrace } from '../../core/stackTrace/parse';
import { traceInFolders, type AgentContext } from '../../services/agentTools';
import { cite, incidentHeadline } from '../../services/agentText';
import type { TraceReport } from '../../services/stackTrace';
import type { Command } from './command';

export const FIND_INCIDENTS_FOR_STACK_TRACE = 'incidentLens.findIncidentsForStackTrace';

interface Row extends vscode.QuickPickItem {
  open?: () => Thenable<unknown>;
}

/** What the command showed, returned for scripts and tests: the report and the rows' labels and descriptions. */
export interface StackTraceShown {
  report: TraceReport;
  rows: { label: string; description?: string }[];
}

export class FindIncidentsForStackTraceCommand implements Command {
  readonly id = FIND_INCIDENTS_FOR_STACK_TRACE;

  constructor(private readonly context: () => AgentContext) {}

  async execute(arg?: unknown): Promise<StackTraceShown | undefined> {
    const text = await this.traceText(arg);
    if (text === undefined) return undefined;
    const context = this.context();
    if (context.folders.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open the repository the trace comes from first: frames are looked up in its files.'));
      return undefined;
    }
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Looking up the stack trace') }, () => traceInFolders(text, context));
    if (report.frames.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No stack frames found. Copy the whole trace as printed (JavaScript, Python, Java/Kotlin, Go, .NET or Ruby) and run the command again.'));
      return { report, rows: [] };
    }
    const rows = this.rows(report, context);
    const pick = vscode.window.createQuickPick<Row>();
    pick.title = vscode.l10n.t('Stack trace: {0} on {1} of {2} frames', report.incidents.length === 1 ? vscode.l10n.t('1 incident') : vscode.l10n.t('{0} incidents', report.incidents.length), report.frames.filter((f) => f.linked.length > 0).length, report.frames.length);
    pick.placeholder = vscode.l10n.t('Open the code at a frame, or an incident');
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.items = rows;
    pick.onDidAccept(() => {
      const row = pick.selectedItems[0];
      if (row?.open) void row.open();
      pick.hide();
    });
    pick.onDidHide(() => pick.dispose());
    pick.show();
    return { report, rows: rows.filter((r) => r.kind !== vscode.QuickPickItemKind.Separator).map((r) => ({ label: r.label, ...(r.description ? { description: r.description } : {}) })) };
  }

  private rows(report: TraceReport, context: AgentContext): Row[] {
    const folderOf = (path: string) => context.folders.find((f) => f.index.linksForFile(f.folder.id, path).length > 0) ?? context.folders[0];
    const rows: Row[] = [{ label: vscode.l10n.t('Frames'), kind: vscode.QuickPickItemKind.Separator }];
    report.frames.forEach((item, i) => {
      const name = item.frame.function ?? vscode.l10n.t('(anonymous)');
      if (!item.path) {
        rows.push({ label: `$(circle-slash) ${name}`, description: `#${i + 1} ${item.frame.file ?? ''}${item.frame.line ? `:${item.frame.line}` : ''}`, detail: vscode.l10n.t('Skipped: {0}', item.skipped ?? vscode.l10n.t('not in the workspace')) });
        return;
      }
      const path = item.path;
      const line = item.frame.line;
      const ids = [...new Set(item.linked.map((l) => l.incident.id))];
      const folder = folderOf(path);
      rows.push({
        label: `${ids.length ? '$(flame)' : '$(debug-stackframe)'} ${name}`,
        description: `#${i + 1} ${cite(path, line ? { start: line, end: line } : undefined)}${ids.length ? ` · ${ids.join(', ')}` : ''}`,
        ...(item.linked.length ? { detail: [...new Set(item.linked.map((l) => `${l.incident.id} ${l.incident.severity} ${l.link.role}${l.link.note ? `: ${l.link.note}` : ''}`))].join(' · ') } : {}),
        ...(folder ? { open: () => openAt(vscode.Uri.joinPath(vscode.Uri.file(folder.root), path), line, item.frame.column) } : {}),
      });
    });
    if (report.incidents.length > 0) {
      rows.push({ label: vscode.l10n.t('Incidents'), kind: vscode.QuickPickItemKind.Separator });
      for (const incident of report.incidents) {
        const source = context.folders.map((f) => f.index.sourcesOf(incident.id)[0]).find(Boolean);
        rows.push({
          label: `$(issues) ${incident.id}: ${incident.title}`,
          description: incidentHeadline(incident, context.now).split(' · ').slice(1).join(' · '),
          ...(incident.summary ? { detail: incident.summary } : {}),
          ...(source ? { open: () => vscode.window.showTextDocument(vscode.Uri.file(source)) } : {}),
        });
      }
      rows.push({ label: vscode.l10n.t('People to ask'), kind: vscode.QuickPickItemKind.Separator });
      for (const person of report.people) rows.push({ label: `$(person) ${person.name}`, description: person.reasons.join('; ') });
      if (report.people.length === 0) rows.push({ label: vscode.l10n.t('$(person) No responders recorded'), description: vscode.l10n.t('The incidents list no responders') });
    }
    return rows;
  }

  /** The argument, else the clipboard when it holds frames, else the editor selection when it does, else a paste box. */
  private async traceText(arg: unknown): Promise<string | undefined> {
    if (typeof arg === 'string' && arg.trim()) return arg;
    const clipboard = await vscode.env.clipboard.readText();
    if (parseStackTrace(clipboard).frames.length > 0) return clipboard;
    const editor = vscode.window.activeTextEditor;
    const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
    if (parseStackTrace(selected).frames.length > 0) return selected;
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Find Incidents for Stack Trace'),
      prompt: vscode.l10n.t('The clipboard holds no stack trace. Paste a frame here, or copy the whole trace (or select it in an editor) and run the command again.'),
      placeHolder: 'at PaymentService.charge (/srv/app/src/payments/charge.ts:51:13)', // l10n-ignore: a stack frame as printed
      ignoreFocusOut: true,
    });
    return typed?.trim() ? typed : undefined;
  }
}

async function openAt(uri: vscode.Uri, line: number | undefined, column: number | undefined): Promise<void> {
  const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (column ?? 1) - 1));
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
}
