// "Connect Incident Platform…": pick a platform, paste a token (kept in SecretStorage,
// never in settings or logs), checked against the platform before it is stored.
import * as vscode from 'vscode';
import { PlatformError } from '../../core/platform';
import { userSetting, createPlatform, PLATFORM_KINDS, PLATFORM_NAMES, type PlatformKind } from '../platforms/platformSettings';
import type { PlatformConnections } from '../platforms/platformConnections';
import type { Command } from './command';

// Getters: each text is translated when read, once the extension's l10n bundle is loaded.
const TOKEN_HELP: Record<PlatformKind, string> = {
  get pagerduty() { return vscode.l10n.t('A PagerDuty REST API key (Integrations → API Access Keys)'); },
  get 'incident-io'() { return vscode.l10n.t('An incident.io API key with permission to view incidents and create timeline items'); },
  get rootly() { return vscode.l10n.t('A Rootly API token'); },
  get firehydrant() { return vscode.l10n.t('A FireHydrant bot token'); },
  get custom() { return vscode.l10n.t('The token your custom provider expects (see incidentLens.platforms.custom)'); },
};

export class ConnectPlatformCommand implements Command {
  readonly id = 'incidentLens.connectPlatform';
  readonly requiresTrust = true;

  constructor(private readonly connections: PlatformConnections, private readonly log: vscode.LogOutputChannel) {}

  async execute(preselected?: unknown): Promise<void> {
    const kind = typeof preselected === 'string' && (PLATFORM_KINDS as readonly string[]).includes(preselected) ? preselected as PlatformKind : await pickKind(this.connections.connected());
    if (!kind) return;
    if (kind === 'custom' && !userSetting('platforms.custom')) {
      const open = await vscode.window.showWarningMessage(vscode.l10n.t('Describe your provider in the user setting incidentLens.platforms.custom first (base URL, auth, paths).'), vscode.l10n.t('Open Settings'));
      if (open) await vscode.commands.executeCommand('workbench.action.openSettingsJson');
      return;
    }
    if (kind === 'pagerduty' && !userSetting('platforms.pagerduty.fromEmail')) {
      const email = await vscode.window.showInputBox({ title: vscode.l10n.t('Connect PagerDuty (1/2): your PagerDuty email'), prompt: vscode.l10n.t('Notes are posted as this PagerDuty user (the required From header)'), ignoreFocusOut: true, validateInput: (v) => (/^\S+@\S+$/.test(v.trim()) ? undefined : vscode.l10n.t('An email address')) });
      if (!email) return;
      await vscode.workspace.getConfiguration('incidentLens').update('platforms.pagerduty.fromEmail', email.trim(), vscode.ConfigurationTarget.Global);
    }
    const token = await vscode.window.showInputBox({ title: vscode.l10n.t('Connect {0}: token', PLATFORM_NAMES[kind]), prompt: TOKEN_HELP[kind], password: true, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A token is required')) });
    if (!token) return;

    const problem = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the {0} token…', PLATFORM_NAMES[kind]) }, () => check(kind, token.trim(), this.log));
    if (problem) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Not connected: {0}', problem));
      return;
    }
    await this.connections.connect(kind, token.trim());
    const sync = await vscode.window.showInformationMessage(vscode.l10n.t('Connected to {0}.', PLATFORM_NAMES[kind]), vscode.l10n.t('Sync Incidents'));
    if (sync) await vscode.commands.executeCommand('incidentLens.syncIncidents', kind);
  }
}

async function pickKind(connected: PlatformKind[]): Promise<PlatformKind | undefined> {
  const picked = await vscode.window.showQuickPick(PLATFORM_KINDS.map((kind) => ({
    platform: kind, label: PLATFORM_NAMES[kind], description: connected.includes(kind) ? vscode.l10n.t('connected: replace the token') : undefined,
  })), { title: vscode.l10n.t('Connect Incident Platform') });
  return picked?.platform;
}

/** Lists one page; the platform's own answer says whether the token works. */
async function check(kind: PlatformKind, token: string, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const controller = new AbortController();
  try {
    const client = createPlatform(kind, token, { warn: (m) => log.warn(m) });
    for await (const incident of client.listIncidents({ since: new Date(Date.now() - 7 * 86_400_000) }, controller.signal)) {
      void incident;
      break;
    }
    return undefined;
  } catch (error) {
    return error instanceof PlatformError || error instanceof Error ? error.message : String(error);
  } finally {
    controller.abort();
  }
}
