// Where each link into a document points now, as the user edits: `resolveLink` over the
// document's current text and symbols (and, in a trusted git workspace, the file at each
// link's commit), once per document version, and not again for an edit away from every
// linked range. Lenses, hovers and gutter marks all read positions, and how each link was
// found, from here. A document's symbols are waited for briefly: a language server still starting
// (a cold window) would hold every lens for seconds, so links whose stored lines still hold their
// text are placed by them meanwhile, and placed again by their symbols once those arrive.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { splitLines, type Resolution, type SymbolNode } from '../../core/anchors';
import type { IndexedLink } from '../../core/incidentIndex';
import { followLines } from '../../core/anchors/followEdit';
import { storedLinesHold } from '../../core/anchors/locate';
import { Disposable } from '../disposable';
import { locate } from '../workspaceFolders';
import type { GitHistory } from './gitHistory';
import { checkLinks, symbolsOf, workspaceSource } from './linkHealth';

/** A link positioned where its code stands now, and how that was decided. */
export type PositionedLink = IndexedLink & { resolution?: Resolution };

export interface PositionedLinks {
  /** Each live link with `lines` where its code stands now (whole-file links unchanged). */
  links: PositionedLink[];
  /** Links whose code could not be found in this document. */
  stale: { link: IndexedLink; reason: string }[];
}

const NONE: PositionedLinks = { links: [], stale: [] };

/**
 * How long a resolution waits for the document's symbols before placing links without them (ms),
 * when their stored lines still hold: a warm language server answers in tens of milliseconds; a
 * cold one in seconds, and VS Code then waits that long again before it asks for lenses anew (its
 * adaptive debounce of CodeLens requests follows how long the last ones took).
 */
const SYMBOLS_WAIT_MS = 250;
const LATE = Symbol('late');

interface Cached {
  version: number;
  generation: number;
  result: Promise<PositionedLinks>;
  /** The result once known, so an edit can be followed without waiting. */
  settled?: PositionedLinks;
  /** Followed through an edit inside linked code: positions are right, `resolution.how` may not be. */
  edited?: boolean;
}

export class CurrentLinks extends Disposable {
  private generation = 0;
  private readonly cache = new WeakMap<vscode.TextDocument, Cached>();
  private readonly afresh = new WeakMap<vscode.TextDocument, Cached>();
  /** Per document, the version whose symbols came after SYMBOLS_WAIT_MS: that version waits for them. */
  private readonly lateSymbols = new WeakMap<vscode.TextDocument, number>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when links placed without symbols stand elsewhere by the symbols that arrived since: ask forDocument again. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly store: IncidentStore, private readonly history?: GitHistory) {
    super();
    this._register(store.onDidChange(() => this.generation++));
    // Renames learnt from git can find links that were stale (churn changes no position).
    if (history) this._register(history.onDidChangeRenames(() => this.generation++));
    this._register(vscode.workspace.onDidChangeTextDocument((event) => this.followEdit(event)));
  }

  /**
   * The document's links where their code stands now, followed through edits (followEdit) and
   * resolved afresh otherwise, for the version the document holds when they are returned. VS Code
   * renders a lens answer against the text it has then (a lens whose line moved meanwhile is
   * removed and added again: a flicker) and cancels a request only when it asks again after its
   * debounce, so links found while the user typed are found again, a few times at most. A caller
   * must not await between this and using the positions.
   */
  async forDocument(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<PositionedLinks> {
    for (let attempt = 1; ; attempt++) {
      const version = document.version;
      const result = await this.forVersion(document);
      if (document.version === version || token?.isCancellationRequested || attempt === 5) return result;
    }
  }

  /**
   * forDocument for a CodeLens answer, once the extension host has every edit the workbench made
   * before answering. VS Code draws a lens answer on the text it holds when the answer arrives and
   * matches lenses to their nodes by line, so an answer positioned before an Enter that has not
   * reached this extension host yet lands one line off: VS Code replaces the lens node, and again
   * on its next request. A request waits in a busy extension host while the user types on, so under
   * load this is common. A round trip through the workbench (workbenchRoundTrip) runs while the links
   * are positioned; if an edit came in meanwhile, they are positioned again. What remains is the
   * answer's own way back to the workbench.
   */
  async forLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<PositionedLinks> {
    for (let attempt = 1; ; attempt++) {
      const version = document.version;
      const [result] = await Promise.all([this.forDocument(document, token), workbenchRoundTrip()]);
      if (document.version === version || token.isCancellationRequested || attempt === 5) return result;
    }
  }

  /** The document's links for the version it holds now (cached per version and generation). */
  private forVersion(document: vscode.TextDocument): Promise<PositionedLinks> {
    const cached = this.cache.get(document);
    const current = (entry: Cached | undefined): entry is Cached => entry !== undefined && entry.version === document.version && entry.generation === this.generation;
    if (current(cached)) return cached.result;
    const entry: Cached = { version: document.version, generation: this.generation, result: this.resolve(document, () => void this.dropLate(document, entry)) };
    void entry.result.then((settled) => (entry.settled = settled), () => undefined);
    this.cache.set(document, entry);
    return entry.result;
  }

  /** Whether linked code in `document` was edited since its links were resolved: the positions follow the edits, `resolution.how` is from before them. */
  isEdited(document: vscode.TextDocument): boolean {
    const cached = this.cache.get(document);
    return cached?.version === document.version && cached.edited === true;
  }

  /** The document's links resolved in its text as it is now, ignoring what edits were followed (a hover's "how"); not cached beyond this version. */
  resolveAfresh(document: vscode.TextDocument): Promise<PositionedLinks> {
    const known = this.afresh.get(document);
    if (known && known.version === document.version && known.generation === this.generation) return known.result;
    const entry: Cached = { version: document.version, generation: this.generation, result: this.resolve(document, () => void this.dropLate(document, entry)) };
    this.afresh.set(document, entry);
    return entry.result;
  }

  /**
   * The symbols `entry` was resolved without have arrived: it is resolved again with them, and
   * onDidChange fires only if a link now stands elsewhere. Each change event makes VS Code wait
   * its CodeLens debounce again before it asks, so one that moves nothing would only delay lenses.
   */
  private async dropLate(document: vscode.TextDocument, entry: Cached): Promise<void> {
    const result = this.resolve(document, () => undefined);
    const again = await result;
    const current = (map: WeakMap<vscode.TextDocument, Cached>) => map.get(document) === entry && document.version === entry.version && this.generation === entry.generation;
    if (current(this.afresh)) this.afresh.set(document, { ...entry, result, settled: again });
    if (!current(this.cache)) return;
    this.cache.set(document, { ...entry, result, settled: again });
    if (!entry.settled || !samePlaces(entry.settled, again)) this.changed.fire();
  }

  /**
   * One edit is followed without a resolution, as the editor moves its own decorations: an
   * edit above a linked range shifts it, one inside it (from its first line's start to its last
   * line's end) stretches or shrinks its end, one below leaves it. So the lenses stay put while
   * the user types in or above linked code. Anything else (an edit across a range's edge,
   * several changes at once, stale links that might now resolve) is resolved afresh on the next
   * request.
   */
  private followEdit(event: vscode.TextDocumentChangeEvent): void {
    const cached = this.cache.get(event.document);
    const settled = cached?.settled;
    if (!cached || !settled || cached.generation !== this.generation || cached.version !== event.document.version - 1) return;
    if (event.contentChanges.length !== 1 || settled.stale.length > 0) return;
    const change = event.contentChanges[0] as vscode.TextDocumentContentChangeEvent;
    const links: PositionedLink[] = [];
    let edited = cached.edited ?? false;
    for (const item of settled.links) {
      const lines = item.link.lines;
      const resolution = item.resolution;
      if (!lines || !resolution || resolution.kind === 'stale' || resolution.how === 'file') {
        links.push(item);
        continue;
      }
      const moved = followLines(lines, change);
      if (!moved) return;
      if (moved === lines) {
        links.push(item);
        continue;
      }
      // Shifted whole, text unchanged: found where it moved to. Stretched: its text was edited.
      const shifted = moved.end - moved.start === lines.end - lines.start && moved.start !== lines.start;
      if (!shifted) edited = true;
      const how = shifted && resolution.how === 'unchanged' ? 'moved' : resolution.how;
      links.push({ incident: item.incident, link: { ...item.link, lines: moved }, resolution: { ...resolution, how, lines: moved } });
    }
    // Typing on a linked line keeps its range but changes its text.
    if (!edited && change.range.start.line + 1 >= Math.min(...links.map((l) => l.link.lines?.start ?? Infinity))) {
      edited = links.some(({ link }) => link.lines && link.lines.start <= change.range.end.line + 1 && change.range.start.line + 1 <= link.lines.end);
    }
    const followed = { links, stale: [] };
    this.cache.set(event.document, { version: event.document.version, generation: cached.generation, result: Promise.resolve(followed), settled: followed, edited });
  }

  /**
   * The document's symbols to resolve `indexed` with (SYMBOLS_WAIT_MS above): the symbols, or,
   * when they are late and every link with a symbol still holds its text at its stored lines, the
   * lines read meanwhile and no symbols; `late` is called once the symbols arrive after all.
   */
  private async symbolsFor(document: vscode.TextDocument, path: string, indexed: readonly IndexedLink[], late: () => void): Promise<{ symbols?: SymbolNode[]; lines?: string[] }> {
    const version = document.version;
    const asked = symbolsOfVersion(document);
    if (this.lateSymbols.get(document) === version) return { symbols: await asked };
    const early = await within(asked, SYMBOLS_WAIT_MS);
    if (early !== LATE) return { symbols: early };
    const lines = splitLines(document.getText());
    if (!indexed.every(({ link }) => !link.symbol || storedLinesHold(link, { path, lines }))) return { symbols: await asked };
    void asked.then((arrived) => {
      if (!arrived || arrived.length === 0 || document.version !== version) return;
      this.lateSymbols.set(document, version);
      late();
    });
    return { lines };
  }

  /** Resolves the document's links; `late` is called if they were placed without symbols that arrived afterwards. */
  private async resolve(document: vscode.TextDocument, late: () => void): Promise<PositionedLinks> {
    const where = locate(document.uri);
    if (!where) return NONE;
    const indexed = this.store.index.linksForFile(where.folder.id, where.path);
    if (indexed.length === 0) return NONE;
    const withSymbols = indexed.some(({ link }) => link.symbol);
    const { symbols, lines } = withSymbols ? await this.symbolsFor(document, where.path, indexed, late) : {};
    const file = { path: where.path, lines: lines ?? splitLines(document.getText()), ...(symbols && symbols.length > 0 ? { symbols } : {}) };
    const source = workspaceSource(vscode.Uri.parse(where.folder.id), this.history, withSymbols, file);
    const checks = await checkLinks(indexed.map((item) => item.link), source);
    const result: PositionedLinks = { links: [], stale: [] };
    indexed.forEach((item, i) => {
      const { resolution } = checks[i];
      // Only what stands in this document is positioned here; a link found in a renamed file is that file's.
      if (resolution.kind === 'stale') result.stale.push({ link: item, reason: resolution.reason });
      else if (resolution.path !== where.path) result.stale.push({ link: item, reason: vscode.l10n.t('its code is now in {0}', resolution.path) });
      else if (resolution.how === 'file') result.links.push({ ...item, resolution });
      else result.links.push({ incident: item.incident, link: { ...item.link, lines: resolution.lines }, resolution });
    });
    return result;
  }
}

/** Whether two answers place the same links at the same lines (how they were found aside). */
function samePlaces(a: PositionedLinks, b: PositionedLinks): boolean {
  if (a.links.length !== b.links.length || a.stale.length !== b.stale.length) return false;
  return a.links.every((item, i) => {
    const other = b.links[i] as PositionedLink;
    return item.link.lines?.start === other.link.lines?.start && item.link.lines?.end === other.link.lines?.end;
  });
}

/**
 * A request the workbench itself answers (VS Code's built-in `vscode.getEditorLayout`: small, no
 * side effects). Messages between the workbench and this extension host keep their order, so when
 * it returns, every edit the workbench made before answering has been delivered here. A workbench
 * without the command fails it at once; the lenses are answered all the same.
 */
async function workbenchRoundTrip(): Promise<void> {
  await vscode.commands.executeCommand('vscode.getEditorLayout').then(() => undefined, () => undefined);
}

/** `promise`'s value if it settles within `ms`, else LATE. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof LATE>((answer) => (timer = setTimeout(() => answer(LATE), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The document's symbols for the text it holds when they arrive: a symbol provider answers for
 * the version it was asked about, and a user typing meanwhile would pair its ranges with newer
 * lines (a lens one keystroke off, then back). Asked again while the version moves, a few times.
 */
async function symbolsOfVersion(document: vscode.TextDocument): ReturnType<typeof symbolsOf> {
  for (let attempt = 1; ; attempt++) {
    const version = document.version;
    const symbols = await symbolsOf(document.uri);
    if (document.version === version || attempt === 3) return symbols;
  }
}
