// Where each link into a document points now, as the user edits: the core's anchor
// chain over the document's current text and symbols, once per document version.
// Lenses, hovers and gutter marks all read positions from here.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { resolveInFile, splitLines, type Resolution, type SymbolNode } from '../../core/anchors';
import type { IndexedLink } from '../../core/incidentIndex';
import { Disposable } from '../disposable';
import { locate } from '../workspaceFolders';
import { symbolsOf } from './linkHealth';

export interface PositionedLinks {
  /** Each live link with `lines` where its code stands now (whole-file links unchanged). */
  links: IndexedLink[];
  /** Links whose code could not be found in this document. */
  stale: { link: IndexedLink; reason: string }[];
}

const NONE: PositionedLinks = { links: [], stale: [] };

export class CurrentLinks extends Disposable {
  private generation = 0;
  private readonly cache = new WeakMap<vscode.TextDocument, { version: number; generation: number; result: Promise<PositionedLinks> }>();

  constructor(private readonly store: IncidentStore) {
    super();
    this._register(store.onDidChange(() => this.generation++));
  }

  forDocument(document: vscode.TextDocument): Promise<PositionedLinks> {
    const cached = this.cache.get(document);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached.result;
    const result = this.resolve(document);
    this.cache.set(document, { version: document.version, generation: this.generation, result });
    return result;
  }

  private async resolve(document: vscode.TextDocument): Promise<PositionedLinks> {
    const where = locate(document.uri);
    if (!where) return NONE;
    const indexed = this.store.index.linksForFile(where.folder.id, where.path);
    if (indexed.length === 0) return NONE;
    const symbols = indexed.some(({ link }) => link.symbol) ? await documentSymbols(document.uri) : undefined;
    const file = { path: where.path, lines: splitLines(document.getText()), ...(symbols ? { symbols } : {}) };
    const result: PositionedLinks = { links: [], stale: [] };
    for (const item of indexed) {
      const resolution: Resolution = resolveInFile(item.link, file);
      if (resolution.kind === 'stale') result.stale.push({ link: item, reason: resolution.reason });
      else if (resolution.how === 'file') result.links.push(item);
      else result.links.push({ incident: item.incident, link: { ...item.link, lines: resolution.lines } });
    }
    return result;
  }
}

async function documentSymbols(uri: vscode.Uri): Promise<SymbolNode[] | undefined> {
  const symbols = await symbolsOf(uri);
  return symbols && symbols.length > 0 ? symbols : undefined;
}
