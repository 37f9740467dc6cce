// "Sync Incidents…": lists a platform's incidents (every page) since a date, optionally
// only open ones, into the local cache behind the tree's Synced section.
import * as vscode from 'vscode';
import { redactSecrets } from '../../adapters/providers/redaction';
import type { IncidentQuery, PlatformIncident } from '../../core/platform';
import type { Clock } from '../../core/ports';
import type { PlatformConnections } from '../platforms/platformConnections';
import { isPlatformKind, PLATFORM_NAMES, type PlatformKind } from '../platforms/platformSettings';
import type { SyncedIncidents } from '../platforms/syncedIncidents';
import type { Command } from './command';

// Getters: each label is translated when read, once the extension's l10n bundle is loaded.
const PERIODS = [
  { get label() { return vscode.l10n.t('Last 7 days'); }, days: 7 },
  { get label() { return vscode.l10n.t('Last 30 days'); }, days: 30 },
  { get label() { return vscode.l10n.t('Last 90 days'); }, days: 90 },
  { get label() { return vscode.l10n.t('Last year'); }, days: 365 },
  { get label() { return vscode.l10n.t('Everything'); }, days: undefined },
];

export class SyncIncidentsCommand implements Command {
  readonly id = 'incidentLens.syncIncidents';
  readonly requiresTrust = true;

  constructor(private readonly connections: PlatformConnections, private readonly synced: SyncedIncidents, private readonly clock: Clock) {}

  async execute(preselected?: unknown): Promise<void> {
    const connected = this.connections.connected();
    if (connected.length === 0) {
      const connect = await vscode.window.showInformationMessage(vscode.l10n.t('Connect an incident platform first.'), vscode.l10n.t('Connect…'));
      if (connect) await vscode.commands.executeCommand('incidentLens.connectPlatform');
      return;
    }
    const kind = isPlatformKind(preselected) && connected.includes(preselected) ? preselected
      : connected.length === 1 ? connected[0] : (await vscode.window.showQuickPick(connected.map((k) => ({ platform: k, label: PLATFORM_NAMES[k] })), { title: vscode.l10n.t('Sync Incidents from') }))?.platform;
    if (!kind) return;
    const period = await vscode.window.showQuickPick(PERIODS, { title: vscode.l10n.t('Sync {0} incidents: since', PLATFORM_NAMES[kind]) });
    if (!period) return;
    const scope = await vscode.window.showQuickPick([
      { label: vscode.l10n.t('All statuses'), statuses: undefined },
      { label: vscode.l10n.t('Open only'), statuses: ['triage', 'investigating', 'identified', 'monitoring'] as IncidentQuery['statuses'] },
    ], { title: vscode.l10n.t('Sync {0} incidents: which', PLATFORM_NAMES[kind]) });
    if (!scope) return;
    const owners = await vscode.window.showInputBox({
      title: vscode.l10n.t('Sync {0} incidents: services and teams (optional)', PLATFORM_NAMES[kind]),
      prompt: vscode.l10n.t('The platform\'s service ids, and team ids as team:ID, separated by commas; empty for all'),
      placeHolder: 'PSVC123, team:PTEAM45', // l10n-ignore: sample ids
    });
    if (owners === undefined) return;
    const query: IncidentQuery = {
      ...(period.days ? { since: new Date(this.clock.now().getTime() - period.days * 86_400_000) } : {}),
      ...(scope.statuses ? { statuses: scope.statuses } : {}),
      ...ownerFilter(owners),
    };
    await this.sync(kind, query);
  }

  /**
   * Lists every page the platform has for `query`. When listing stops part-way (a paging bound,
   * a platform limit, an error after some pages), what came is kept and the message says what is
   * missing (the platform clients' errors name it).
   */
  private async sync(kind: PlatformKind, query: IncidentQuery): Promise<void> {
    const client = this.connections.client(kind);
    if (!client) return;
    const name = PLATFORM_NAMES[kind];
    const { found, error } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Syncing {0}', name), cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const incidents: PlatformIncident[] = [];
      try {
        for await (const incident of client.listIncidents(query, controller.signal)) {
          incidents.push(incident);
          if (incidents.length % 100 === 0) progress.report({ message: vscode.l10n.t('{0} incidents', incidents.length) });
        }
        return { found: incidents, error: undefined };
      } catch (failure) {
        return { found: incidents, error: redactSecrets((failure as Error).message) };
      }
    });
    const count = found.length === 1 ? vscode.l10n.t('1 incident') : vscode.l10n.t('{0} incidents', found.length);
    if (error && found.length === 0) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Sync from {0} failed: {1}', name, error));
      return;
    }
    await this.synced.replace(kind, found, this.clock.now());
    if (error) void vscode.window.showWarningMessage(vscode.l10n.t('Synced {0} from {1}, not all of them: {2}', count, name, error));
    else vscode.window.setStatusBarMessage(vscode.l10n.t('$(cloud-download) Synced {0} from {1}', count, name), 5000);
  }
}

/** `PSVC1, service:PSVC2, team:PT1` as the platform's service and team ids. */
export function ownerFilter(text: string): Pick<IncidentQuery, 'serviceIds' | 'teamIds'> {
  const serviceIds: string[] = [];
  const teamIds: string[] = [];
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    const [prefix, id] = token.includes(':') ? [token.slice(0, token.indexOf(':')), token.slice(token.indexOf(':') + 1)] : ['service', token];
    if (!id) continue;
    if (prefix === 'team') teamIds.push(id);
    else serviceIds.push(id);
  }
  return { ...(serviceIds.length ? { serviceIds } : {}), ...(teamIds.length ? { teamIds } : {}) };
}
