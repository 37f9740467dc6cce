// "Disconnect Incident Platform…": deletes the token and the synced incidents.
import * as vscode from 'vscode';
import type { PlatformConnections } from '../platforms/platformConnections';
import { PLATFORM_NAMES } from '../platforms/platformSettings';
import type { SyncedIncidents } from '../platforms/syncedIncidents';
import type { Command } from './command';

export class DisconnectPlatformCommand implements Command {
  readonly id = 'incidentLens.disconnectPlatform';

  constructor(private readonly connections: PlatformConnections, private readonly synced: SyncedIncidents) {}

  async execute(): Promise<void> {
    const connected = this.connections.connected();
    if (connected.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No incident platform is connected.'));
      return;
    }
    const picked = await vscode.window.showQuickPick(connected.map((kind) => ({ platform: kind, label: PLATFORM_NAMES[kind] })), { title: vscode.l10n.t('Disconnect Incident Platform') });
    if (!picked) return;
    await this.connections.disconnect(picked.platform);
    await this.synced.forget(picked.platform);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Disconnected {0}; its token is deleted', PLATFORM_NAMES[picked.platform]), 5000);
  }
}
