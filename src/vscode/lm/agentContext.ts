// The agent tools' view of the editor's state: every file workspace folder over the one
// loaded index (no second load), each folder's config, git churn as the Hotspots view has
// it, the active selection, files read from open editors first (so answers match what the
// user sees, unsaved edits included), and git's history (renames, mined fixes, blame for
// the people to ask) only in a trusted workspace.
import * as vscode from 'vscode';
import type { ConfigStore } from '../../adapters/configStore';
import type { IncidentStore } from '../../adapters/incidentStore';
import { splitLines } from '../../core/anchors';
import type { Clock } from '../../core/ports';
import type { AgentContext, AgentFolder, NoteToLog } from '../../services/agentTools';
import { indexWorkspaceFiles } from '../../services/stackTraceFiles';
import { diskLinkSource, type LinkSource } from '../../services/workspace';
import type { GitHistory } from '../anchors/gitHistory';
import type { FixHistory } from '../experts/fixHistory';
import { selectionOf } from '../notes/editorSelection';
import { fileFolders, locate } from '../workspaceFolders';

export interface AgentContextDeps {
  store: IncidentStore;
  configs: ConfigStore;
  clock: Clock;
  history: GitHistory;
  /** The fixes mined from git history, for the people to ask; mined per call when absent. */
  fixes?: FixHistory;
  /** Present when notes may be written (the caller checks trust again at the moment of writing). */
  logNote?: (note: NoteToLog) => Promise<string>;
}

/** Built per tool call: folders, trust and the selection may have changed since the last. */
export function agentContext(deps: AgentContextDeps): AgentContext {
  const trusted = vscode.workspace.isTrusted;
  const folders: AgentFolder[] = fileFolders().map((folder) => {
    let files: ReturnType<typeof indexWorkspaceFiles> | undefined;
    return {
      root: folder.root,
      folder,
      index: deps.store.index,
      config: deps.configs.configOf(folder.id),
      source: editorFirst(folder.root, diskLinkSource(folder.root, trusted)),
      // The people to ask: git (blame, mined fixes, renames) only in a trusted workspace.
      git: trusted,
      facts: {
        renames: () => deps.history.renamesOf(folder.id),
        ...(deps.fixes ? { fixes: () => (deps.fixes as FixHistory).current(folder.id) } : {}),
      },
      files: () => (files ??= indexWorkspaceFiles(folder.root)),
    };
  });
  return {
    folders,
    now: deps.clock.now(),
    churnOf: (folder, path) => deps.history.churnOf(folder, path),
    activeLocation: () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      const selected = selectionOf(editor);
      if (selected) return { folderId: selected.folder.id, path: selected.path, lines: selected.lines };
      const where = locate(editor.document.uri);
      if (!where) return undefined;
      const line = editor.selection.active.line + 1;
      return { folderId: where.folder.id, path: where.path, lines: { start: line, end: line } };
    },
    ...(trusted && deps.logNote ? { logNote: deps.logNote } : {}),
  };
}

/** Reads an open, possibly unsaved, document's text instead of the disk's. */
function editorFirst(root: string, disk: LinkSource): LinkSource {
  return {
    ...disk,
    read: async (path) => {
      const uri = vscode.Uri.joinPath(vscode.Uri.file(root), path);
      const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
      return open ? { path, lines: splitLines(open.getText()) } : disk.read(path);
    },
  };
}
