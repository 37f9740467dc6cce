// Owns the CodeLens lifecycle: registers the provider while lenses are enabled,
// re-renders when incidents, config.yaml or settings change.
import * as vscode from 'vscode';
import type { ConfigStore } from '../../adapters/configStore';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { Clock } from '../../core/ports';
import { onDidChangeSettings, readSettings } from '../config';
import { Disposable } from '../disposable';
import { IncidentCodeLensProvider } from './incidentCodeLensProvider';
import type { CurrentLinks } from '../anchors/currentLinks';
import type { GitHistory } from '../anchors/gitHistory';
import type { HiddenLenses } from './hiddenLenses';

export class CodeLensController extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  private readonly provider: IncidentCodeLensProvider;
  private registration: vscode.Disposable | undefined;

  constructor(store: IncidentStore, configs: ConfigStore, clock: Clock, current: CurrentLinks, history?: GitHistory, hidden?: HiddenLenses) {
    super();
    // A file still loading is read first (store.prioritize), and its lenses say they are loading.
    const loading = (folder: string, path: string) => {
      store.prioritize(folder, path);
      return !store.isSettled(folder, path);
    };
    this.provider = new IncidentCodeLensProvider(current, clock, (folder) => configs.configOf(folder), () => readSettings().codeLens, this.changed.event,
      history && ((folder, path) => history.churnOf(folder, path)), hidden, loading);
    if (history) this._register(history.onDidChange(() => this.changed.fire()));
    if (hidden) this._register(hidden.onDidChange(() => this.changed.fire()));
    // Also when a file's links settle during a load: the store reports the files read for it first.
    this._register(store.onDidChange(() => this.changed.fire()));
    this._register(configs.onDidChange(() => this.changed.fire()));
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
