// The wiring every CodeLens of the extension shares: its provider is registered while the
// `codeLens.enabled` setting is on (and unregistered when it goes off), and its lenses are asked
// for again when another codeLens setting changes or when one of its sources says what they show
// may have changed (incidents, config.yaml, git history, hidden lenses).
import * as vscode from 'vscode';
import { onDidChangeSettings, readSettings } from '../config';
import { Disposable } from '../disposable';

/** Something that says when what a lens shows may have changed (a store, a watcher, an emitter's owner). */
export interface LensSource {
  onDidChange(listener: () => void): { dispose(): void };
}

export class LensSwitch extends Disposable {
  private registration: vscode.Disposable | undefined;

  /**
   * `changed` is the emitter behind `provider.onDidChangeCodeLenses`; it fires whenever one of
   * `sources` (undefined ones skipped) fires. Registers `provider` at once if lenses are enabled.
   */
  constructor(private readonly provider: vscode.CodeLensProvider, private readonly changed: vscode.EventEmitter<void>, sources: readonly (LensSource | undefined)[]) {
    super();
    for (const source of sources) if (source) this._register(source.onDidChange(() => this.changed.fire()));
    this._register(onDidChangeSettings((affects) => {
      if (affects('codeLens')) this.update();
    }));
    this._register({ dispose: () => this.registration?.dispose() });
    this.update();
  }

  private update(): void {
    const enabled = readSettings().codeLens.enabled;
    if (enabled && !this.registration) {
      this.registration = vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this.provider);
    } else if (!enabled && this.registration) {
      this.registration.dispose();
      this.registration = undefined;
    } else {
      this.changed.fire();
    }
  }
}
