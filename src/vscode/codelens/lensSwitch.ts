// The wiring every CodeLens of the extension shares: its provider is registered while the
// `codeLens.enabled` setting is on (and unregistered when it goes off), and its lenses are asked
// for again when another codeLens setting changes or when one of its sources changes what a lens
// in a visible editor shows (incidents, config.yaml, git history, hidden lenses).
//
// Why only then: VS Code draws a lens answer on the text it holds when the answer arrives and
// matches lenses to their nodes by line, so an answer on its way while the user presses Enter is
// drawn one line off and its node replaced (a flicker). Every needless ask is a chance of that, and
// a source can say "may have changed" at any moment (git history read for the first time, a file
// of another incident saved), so a change that shows nothing asks for nothing.
import * as vscode from 'vscode';
import { onDidChangeSettings, readSettings } from '../config';
import { Disposable } from '../disposable';

/** Something that says when what a lens shows may have changed (a store, a watcher, an emitter's owner). */
export interface LensSource {
  onDidChange(listener: () => void): { dispose(): void };
}

export class LensSwitch extends Disposable {
  private registration: vscode.Disposable | undefined;
  /** Per document, the version and lenses of the last answer VS Code was given (lensesKey). */
  private readonly answered = new WeakMap<vscode.TextDocument, string>();
  /** Answers being computed for VS Code: one begun before a source changed may show what was before. */
  private answering = 0;
  private checking: Promise<void> | undefined;
  private checkAgain = false;
  /** What is registered: `provider`, each answer remembered. */
  private readonly registered: vscode.CodeLensProvider;

  /**
   * `changed` is the emitter behind `provider.onDidChangeCodeLenses`; it fires when one of
   * `sources` (undefined ones skipped) fires and the lenses of a visible editor then differ from
   * those VS Code was last given for its text (or an answer is still being computed). Registers
   * `provider` at once if lenses are enabled.
   */
  constructor(private readonly provider: vscode.CodeLensProvider, private readonly changed: vscode.EventEmitter<void>, sources: readonly (LensSource | undefined)[]) {
    super();
    this.registered = {
      onDidChangeCodeLenses: changed.event,
      provideCodeLenses: (document, token) => this.answer(document, token),
    };
    for (const source of sources) if (source) this._register(source.onDidChange(() => this.sourceChanged()));
    this._register(onDidChangeSettings((affects) => {
      if (affects('codeLens')) this.update();
    }));
    this._register({ dispose: () => this.registration?.dispose() });
    this.update();
  }

  /** Resolves once every source change so far has been checked (and `changed` fired if it shows). */
  async whenChecked(): Promise<void> {
    while (this.checking) await this.checking;
  }

  private async answer(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    this.answering++;
    try {
      const lenses = (await this.provider.provideCodeLenses(document, token)) ?? [];
      if (!token.isCancellationRequested) this.answered.set(document, lensesKey(document.version, lenses));
      return lenses;
    } finally {
      this.answering--;
    }
  }

  /** One check at a time; changes arriving meanwhile are checked once more after it. */
  private sourceChanged(): void {
    if (this.checking) {
      this.checkAgain = true;
      return;
    }
    this.checking = (async () => {
      do {
        this.checkAgain = false;
        if (await this.showsChange()) this.changed.fire();
      } while (this.checkAgain);
    })().catch(() => this.changed.fire()).finally(() => (this.checking = undefined));
  }

  /**
   * Whether VS Code must ask again: an answer is being computed, or a visible editor's lenses
   * differ from the answer it was given for the text it holds. A document never answered, or
   * edited since its answer, is asked for by VS Code anyway (it asks after every edit).
   */
  private async showsChange(): Promise<boolean> {
    if (!this.registration) return false;
    if (this.answering > 0) return true;
    const documents = new Set(vscode.window.visibleTextEditors.map((editor) => editor.document));
    for (const document of documents) {
      const before = this.answered.get(document);
      if (before === undefined || !before.startsWith(`${document.version}\n`)) continue;
      const cancel = new vscode.CancellationTokenSource();
      try {
        const lenses = (await this.provider.provideCodeLenses(document, cancel.token)) ?? [];
        if (lensesKey(document.version, lenses) !== before) return true;
      } finally {
        cancel.dispose();
      }
    }
    return false;
  }

  private update(): void {
    const enabled = readSettings().codeLens.enabled;
    if (enabled && !this.registration) {
      this.registration = vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this.registered);
    } else if (!enabled && this.registration) {
      this.registration.dispose();
      this.registration = undefined;
    } else {
      this.changed.fire();
    }
  }
}

/** A document version and what its lenses show: ranges, titles, tooltips, commands and their arguments. */
function lensesKey(version: number, lenses: readonly vscode.CodeLens[]): string {
  const shown = lenses.map(({ range, command }) => [range.start.line, range.start.character, range.end.line, range.end.character,
    command?.title, command?.tooltip, command?.command, command?.arguments]);
  return `${version}\n${JSON.stringify(shown)}`;
}
