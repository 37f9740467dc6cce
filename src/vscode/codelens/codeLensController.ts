// Owns the CodeLens lifecycle: registers the provider while lenses are enabled,
// re-renders when incidents, config.yaml or settings change (the wiring: LensSwitch).
import * as vscode from 'vscode';
import type { ConfigStore } from '../../adapters/configStore';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { Clock } from '../../core/ports';
import { readSettings } from '../config';
import { Disposable } from '../disposable';
import { IncidentCodeLensProvider } from './incidentCodeLensProvider';
import type { CurrentLinks } from '../anchors/currentLinks';
import type { GitHistory } from '../anchors/gitHistory';
import type { HiddenLenses } from './hiddenLenses';
import { LensSwitch } from './lensSwitch';

export class CodeLensController extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());

  constructor(store: IncidentStore, configs: ConfigStore, clock: Clock, current: CurrentLinks, history?: GitHistory, hidden?: HiddenLenses) {
    super();
    // A file still loading is read first (store.prioritize), and its lenses say they are loading.
    const loading = (folder: string, path: string) => {
      store.prioritize(folder, path);
      return !store.isSettled(folder, path);
    };
    const provider = new IncidentCodeLensProvider(current, clock, (folder) => configs.configOf(folder), () => readSettings().codeLens, this.changed.event,
      history && ((folder, path) => history.churnOf(folder, path)), hidden, loading);
    // Also when a file's links settle during a load: the store reports the files read for it first.
    this._register(new LensSwitch(provider, this.changed, [history, hidden, store, configs, current]));
  }
}
