// The follow-ups lens: over linked code whose incidents' reviews still have open follow-ups,
// a second quiet lens beside the incident lens, "2 open follow-ups"; clicking it lists them.
// Same places as the incident lens (summarizeLinks over the links positioned by the anchors),
// from the index only; shown while lenses are enabled, for the scopes the settings keep.
import * as vscode from 'vscode';
import type { ConfigStore } from '../../adapters/configStore';
import type { IncidentStore } from '../../adapters/incidentStore';
import { summarizeLinks } from '../../core/lensSummary';
import type { Clock } from '../../core/ports';
import { openFollowUpsOf } from '../../core/review';
import type { CurrentLinks } from '../anchors/currentLinks';
import { SHOW_OPEN_FOLLOW_UPS_COMMAND, type ShowOpenFollowUpsArgs } from '../commands/showOpenFollowUps';
import { readSettings } from '../config';
import { Disposable } from '../disposable';
import { scopeOf } from './incidentCodeLensProvider';
import { LensSwitch } from './lensSwitch';
import { locate } from '../workspaceFolders';

export class FollowUpsCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(store: IncidentStore, private readonly configs: ConfigStore, private readonly clock: Clock, private readonly current: CurrentLinks) {
    super();
    this._register(new LensSwitch(this, this.changed, [store, configs, current]));
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const where = locate(document.uri);
    if (!where) return [];
    const { links } = await this.current.forLenses(document, token);
    if (links.length === 0 || token.isCancellationRequested) return [];
    const { scopes } = readSettings().codeLens;
    const severities = this.configs.configOf(where.folder.id).severities.map((s) => s.label);
    const lenses: vscode.CodeLens[] = [];
    for (const group of summarizeLinks(links, this.clock.now(), severities)) {
      if (!scopes.includes(scopeOf(group.anchor))) continue;
      const open = openFollowUpsOf(group.incidents);
      if (open.length === 0) continue;
      const line = group.anchor.kind === 'lines' ? group.anchor.lines.start - 1 : 0;
      const args: ShowOpenFollowUpsArgs = { folder: where.folder.id, ids: group.incidents.map((i) => i.id) };
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: open.length === 1 ? vscode.l10n.t('1 open follow-up') : vscode.l10n.t('{0} open follow-ups', open.length),
        tooltip: open.map(({ incident, followUp }) => `${incident.id}: ${followUp.title}${followUp.owner ? ` (${followUp.owner})` : ''}`).join('\n'),
        command: SHOW_OPEN_FOLLOW_UPS_COMMAND,
        arguments: [args],
      }));
    }
    return lenses;
  }
}
