// Opens `vscode://incident-lens.incident-lens/open?incident=INC-142[&link=n][&note=n]`
// (see src/core/deepLinks.ts): the incident's notes panel, or the code of one of its links
// where it stands now (through the same anchors as the lenses), never the stored lines
// blindly. A deep link can come from anywhere (a review, a chat), so it only ever opens.
import * as vscode from 'vscode';
import type { IncidentStore } from '../adapters/incidentStore';
import { deepLink, parseDeepLink, type DeepLinkTarget } from '../core/deepLinks';
import type { Link } from '../core/model';
import type { CurrentLinks } from './anchors/currentLinks';
import { OPEN_INCIDENT_NOTES_COMMAND } from './commands/openIncidentNotes';

/** This editor's base for deep links into Incident Lens, e.g. `vscode://incident-lens.incident-lens`. */
export function deepLinkBase(context: vscode.ExtensionContext): string {
  return `${vscode.env.uriScheme}://${context.extension.id}`;
}

/** The deep link for `target` in this editor, or undefined for an id a link cannot carry. */
export function editorDeepLink(context: vscode.ExtensionContext, target: DeepLinkTarget): string | undefined {
  return deepLink(deepLinkBase(context), target);
}

export class IncidentUriHandler implements vscode.UriHandler {
  constructor(private readonly store: IncidentStore, private readonly current: CurrentLinks) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    const target = parseDeepLink(uri.path, uri.query);
    if ('error' in target) {
      void vscode.window.showWarningMessage(target.error);
      return;
    }
    const entry = this.store.index.byId(target.incident);
    if (!entry) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No incident {0} in this workspace.', target.incident));
      return;
    }
    if (target.link === undefined) {
      await vscode.commands.executeCommand(OPEN_INCIDENT_NOTES_COMMAND, entry.source);
      return;
    }
    const link = entry.incident.links[target.link];
    if (!link) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} has no link number {1}.', target.incident, target.link));
      return;
    }
    await this.openLink(vscode.Uri.parse(entry.folder), link, target.incident);
  }

  private async openLink(folder: vscode.Uri, link: Link, id: string): Promise<void> {
    const file = vscode.Uri.joinPath(folder, ...link.path.split('/'));
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(file);
    } catch {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} links {1}, which is not in this workspace any more.', id, link.path));
      return;
    }
    const positioned = await this.current.forDocument(document);
    const now = positioned.links.find((item) => item.incident.id === id && sameLink(item.link, link));
    const stale = positioned.stale.find((item) => item.link.incident.id === id && sameLink(item.link.link, link));
    const lines = now?.link.lines;
    const range = lines ? new vscode.Range(lines.start - 1, 0, lines.end - 1, 0) : new vscode.Range(0, 0, 0, 0);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(range.start, range.start) });
    vscode.window.activeTextEditor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    if (stale) void vscode.window.showWarningMessage(vscode.l10n.t('The code {0} links in {1} was not found ({2}); opened the file instead.', id, link.path, stale.reason));
  }
}

/** The same stored link, whatever lines it resolved to. */
function sameLink(a: Link, b: Link): boolean {
  return a.path === b.path && a.symbol === b.symbol && a.fingerprint === b.fingerprint && a.role === b.role && a.note === b.note
    && a.commit === b.commit;
}
