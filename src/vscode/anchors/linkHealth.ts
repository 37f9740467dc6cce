// Whether a stored link still finds its code, for any link (not only those in open
// editors): the tree marks stale links with it, and "Repair Stale Links" rewrites
// positions from it. Reads the code file (open document first), never an incident file.
import * as vscode from 'vscode';
import { renamedPaths, resolveInFile, splitLines, type Resolution, type SymbolNode } from '../../core/anchors';
import type { Link } from '../../core/model';
import type { GitHistory } from './gitHistory';
import { readFileInside } from '../../adapters/workspaceFiles';

/** Code files larger than this are not read to check a link (they are generated, not written). */
const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

export interface LinkCheck {
  resolution: Resolution;
  /** The file's current lines, to recompute a fingerprint on repair. */
  lines: readonly string[];
}

/**
 * The anchor chain for one link: its own file, then the files git says it was renamed to;
 * when the code changed and the link records its commit, the original lines from git
 * let the fuzzy match find it. Without history (untrusted, not in git) those steps skip.
 */
export async function checkLink(folder: vscode.Uri, link: Link, history?: GitHistory): Promise<LinkCheck> {
  const folderId = folder.toString();
  const reasons: string[] = [];
  const renames = history ? await history.renamesOf(folderId) : undefined;
  for (const path of [link.path, ...renamedPaths(link.path, renames)]) {
    const file = await readSource(folder, vscode.Uri.joinPath(folder, path), link.symbol !== undefined);
    if (!file) {
      reasons.push(`${path} does not exist`);
      continue;
    }
    const source = { path, ...file };
    let resolution = resolveInFile(link, source);
    if (resolution.kind === 'stale' && link.commit && link.lines && history) {
      const then = await history.linesAt(folderId, link.commit, link.path);
      if (then) resolution = resolveInFile(link, source, { originalLines: then.slice(link.lines.start - 1, link.lines.end) });
    }
    if (resolution.kind === 'resolved') return { resolution, lines: file.lines };
    reasons.push(resolution.reason);
  }
  return { resolution: { kind: 'stale', path: link.path, reason: reasons.join('; ') }, lines: [] };
}

/** A code file's lines (the open document's when it is open) and, when needed, its symbols. */
async function readSource(folder: vscode.Uri, uri: vscode.Uri, withSymbols: boolean): Promise<{ lines: string[]; symbols?: SymbolNode[] } | undefined> {
  // The file on disk decides whether it exists: a deleted file's document can linger open. Only a
  // regular file inside the folder, and not past MAX_SOURCE_BYTES: a link may point at /dev/zero.
  const disk = readFileInside(folder.fsPath, uri.fsPath, MAX_SOURCE_BYTES);
  if (typeof disk !== 'object' || 'skipped' in disk) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open?.isDirty ? open.getText() : disk.text;
  const symbols = withSymbols ? await symbolsOf(uri) : undefined;
  return { lines: splitLines(text), ...(symbols ? { symbols } : {}) };
}

/** Whether a resolved link points somewhere other than what the file stores. */
export function needsRepair(link: Link, resolution: Resolution): boolean {
  if (resolution.kind === 'stale') return false;
  if (resolution.path !== link.path) return true;
  if (resolution.how === 'file') return false;
  const moved = resolution.lines.start !== link.lines?.start || resolution.lines.end !== link.lines?.end;
  const renamedSymbol = resolution.symbol !== undefined && resolution.symbol !== link.symbol;
  return moved || renamedSymbol || link.fingerprint === undefined;
}

/** The document's symbols as the core's anchors read them. */
export async function symbolsOf(uri: vscode.Uri): Promise<SymbolNode[] | undefined> {
  try {
    await vscode.workspace.openTextDocument(uri);
    const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
    const toNode = (s: vscode.DocumentSymbol): SymbolNode => ({ name: s.name, startLine: s.range.start.line + 1, endLine: s.range.end.line + 1, children: s.children.map(toNode) });
    return symbols?.filter((s): s is vscode.DocumentSymbol => 'children' in s).map(toNode);
  } catch {
    return undefined;
  }
}
