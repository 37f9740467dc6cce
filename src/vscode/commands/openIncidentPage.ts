// "Open on Platform": the incident's url, only when it is a web page.
import * as vscode from 'vscode';
import { entryOf } from '../tree/treeArgs';
import type { Command } from './command';

export class OpenIncidentPageCommand implements Command {
  readonly id = 'incidentLens.openIncidentPage';

  async execute(arg?: unknown): Promise<void> {
    const url = entryOf(arg)?.incident.url;
    if (!url) return;
    const uri = vscode.Uri.parse(url);
    // The url comes from a repository file: never let it name a command or a local file.
    if (uri.scheme !== 'https' && uri.scheme !== 'http') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Incident Lens opens only web pages; this incident\'s url is "{0}".', url));
      return;
    }
    await vscode.env.openExternal(uri);
  }
}
