// Whether a stored link still finds its code, for any link (not only those in open
// editors): the tree marks stale links with it, and "Repair Stale Links" rewrites
// positions from it. Reads the code file (open document first), never an incident file.
import * as vscode from 'vscode';
import { resolveInFile, splitLines, type Resolution, type SymbolNode } from '../../core/anchors';
import type { Link } from '../../core/model';

export interface LinkCheck {
  resolution: Resolution;
  /** The file's current lines, to recompute a fingerprint on repair. */
  lines: readonly string[];
}

export async function checkLink(folder: vscode.Uri, link: Link): Promise<LinkCheck> {
  const uri = vscode.Uri.joinPath(folder, link.path);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let text: string;
  try {
    text = open ? open.getText() : Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return { resolution: { kind: 'stale', path: link.path, reason: `${link.path} does not exist` }, lines: [] };
  }
  const lines = splitLines(text);
  const symbols = link.symbol ? await symbolsOf(uri) : undefined;
  return { resolution: resolveInFile(link, { path: link.path, lines, ...(symbols ? { symbols } : {}) }), lines };
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
