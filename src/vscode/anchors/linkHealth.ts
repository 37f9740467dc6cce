// The editor's LinkSource: code files as they are now (an open document's unsaved text
// first), their symbols from the language's provider, and, through GitHistory in a trusted
// git workspace, files at a link's commit and git's renames. The tree, Repair Stale Links
// and the open editor's lenses all resolve through `resolveLink` with this source.
import * as vscode from 'vscode';
import { resolveLink, splitLines, type LinkSource, type Resolution, type SourceFile, type SymbolNode } from '../../core/anchors';
import { cachedSource } from '../../core/anchors/cachedSource';
import type { Link } from '../../core/model';
import type { GitHistory } from './gitHistory';
import { readFileInside } from '../../adapters/workspaceFiles';
import { resolveInSlices } from '../../services/resolveLinks';

/** Code files larger than this are not read to check a link (they are generated, not written). */
const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

export interface LinkCheck {
  resolution: Resolution;
  /** The resolved file's current lines, to recompute a fingerprint on repair (empty when stale). */
  lines: readonly string[];
}

/**
 * A source for the links of one workspace folder, asking each question once (make one per
 * tree expansion or repair run). `withSymbols` asks the symbol provider for every file read;
 * `known` answers for a file the caller already holds (the document being rendered).
 */
export function workspaceSource(folder: vscode.Uri, history: GitHistory | undefined, withSymbols: boolean, known?: SourceFile): LinkSource {
  const folderId = folder.toString();
  return cachedSource({
    read: async (path) => (known && path === known.path ? known : readSource(folder, path, withSymbols)),
    ...(history ? {
      readAt: (commit: string, path: string) => history.textAt(folderId, commit, path),
      renamesSince: () => history.renamesOf(folderId),
    } : {}),
  });
}

/** One link resolved through `source`, with the lines of the file it resolved in. */
export async function checkLink(link: Link, source: LinkSource): Promise<LinkCheck> {
  const resolution = await resolveLink(link, source);
  if (resolution.kind === 'stale') return { resolution, lines: [] };
  return { resolution, lines: (await source.read(resolution.path))?.lines ?? [] };
}

/**
 * checkLink for each of `links`, in their order, sliced (services/resolveLinks.ts
 * resolveInSlices): the extension host gets a turn every few milliseconds however many
 * links there are.
 */
export async function checkLinks(links: readonly Link[], source: LinkSource): Promise<LinkCheck[]> {
  const resolutions = await resolveInSlices(links, source);
  return Promise.all(resolutions.map(async (resolution) => (resolution.kind === 'stale' ? { resolution, lines: [] } : { resolution, lines: (await source.read(resolution.path))?.lines ?? [] })));
}

/** A code file's lines (the open document's when it is open) and, when asked, its symbols. */
async function readSource(folder: vscode.Uri, path: string, withSymbols: boolean): Promise<SourceFile | undefined> {
  const uri = vscode.Uri.joinPath(folder, path);
  // The file on disk decides whether it exists: a deleted file's document can linger open. Only a
  // regular file inside the folder, and not past MAX_SOURCE_BYTES: a link may point at /dev/zero.
  const disk = readFileInside(folder.fsPath, uri.fsPath, MAX_SOURCE_BYTES, false, true);
  if (typeof disk !== 'object' || 'skipped' in disk) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open?.isDirty ? open.getText() : disk.text;
  const symbols = withSymbols ? await symbolsOf(uri) : undefined;
  return { path, lines: splitLines(text), ...(symbols && symbols.length > 0 ? { symbols } : {}) };
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
