// Hover over linked code: the incidents behind the range under the cursor.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { worstFirst } from '../../core/lensSummary';
import { describeResolution } from '../../core/anchors';
import type { Incident } from '../../core/model';
import type { Clock } from '../../core/ports';
import { referenceAt, type ReferenceMatcher } from '../../core/references';
import { locate } from '../workspaceFolders';
import type { CurrentLinks, PositionedLink } from '../anchors/currentLinks';
import { expertSummary, type ExpertsSource } from '../experts/expertsSource';
import { appendIncident, appendPlain, commandLink, newHoverMarkdown } from './incidentMarkdown';
import { hiddenKey } from '../codelens/hiddenLenses';
import { HIDE_LENS_COMMAND, type HideLensArgs } from '../commands/hideLens';

export class LinkedCodeHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: IncidentStore, private readonly current: CurrentLinks, private readonly clock: Clock, private readonly matcherFor: (folder: string) => ReferenceMatcher | undefined, private readonly experts?: ExpertsSource) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const where = locate(document.uri);
    if (!where) return undefined;
    const line = position.line + 1;
    const hits = (await this.current.forDocument(document)).links
      .filter(({ link }) => link.lines && link.lines.start <= line && line <= link.lines.end);
    if (hits.length === 0) return undefined;
    // After typing in linked code, say how each link is found in the text as it is now, where it still is.
    const afresh = this.current.isEdited(document) ? (await this.current.resolveAfresh(document)).links : undefined;
    const howNow = (hit: PositionedLink) => afresh?.find((a) => a.incident === hit.incident && sameStoredLink(a.link, hit.link))?.resolution;
    // On an `INC-142` reference the reference's own hover speaks instead.
    if (referenceAt(document.getText(), document.offsetAt(position), this.matcherFor(where.folder.id), document.languageId)) return undefined;
    const linkOf = new Map<Incident, PositionedLink>();
    for (const hit of hits) if (!linkOf.has(hit.incident)) linkOf.set(hit.incident, hit);
    const markdown = newHoverMarkdown();
    [...linkOf.keys()].sort(worstFirst()).forEach((incident, i) => {
      if (i > 0) markdown.appendMarkdown('\n\n---\n\n');
      const hit = linkOf.get(incident);
      appendIncident(markdown, incident, this.store.index.sourcesOf(incident.id)[0], this.clock.now(), hit?.link);
      // How the anchors found this code, so a moved or edited link can be judged.
      const resolution = hit && (howNow(hit) ?? hit.resolution);
      if (hit && resolution) markdown.appendMarkdown('\n\n').appendText(vscode.l10n.t('Link: {0}', describeResolution(resolution, hit.link.commit)));
      // Not found in the edited text: its range follows the edits, found as it was before them.
      if (hit && afresh && !howNow(hit)) markdown.appendText(vscode.l10n.t('; edited since'));
    });
    // Quiet on request: this user can hide the lens over this code (HideLensCommand).
    const hide: HideLensArgs = { keys: hits.map(({ incident, link }) => hiddenKey(incident.id, link)) };
    markdown.appendMarkdown('\n\n').appendMarkdown(commandLink(vscode.l10n.t('Hide this lens'), HIDE_LENS_COMMAND, [hide]));
    // Who to ask, from memory only (no git process from a hover): responders, fix authors, CODEOWNERS.
    const lines = { start: Math.min(...hits.map((h) => h.link.lines?.start ?? line)), end: Math.max(...hits.map((h) => h.link.lines?.end ?? line)) };
    const experts = this.experts?.quick(where.folder.id, where.path, lines, hits) ?? [];
    if (experts.length > 0) {
      markdown.appendMarkdown('\n\n---\n\n');
      appendPlain(markdown, vscode.l10n.t('Ask: {0}', experts.slice(0, 3).map(expertSummary).join(', ')));
    }
    return new vscode.Hover(markdown);
  }
}

/** The same stored link, whatever positions each copy was given. */
function sameStoredLink(a: PositionedLink['link'], b: PositionedLink['link']): boolean {
  return a.path === b.path && a.role === b.role && a.symbol === b.symbol && a.fingerprint === b.fingerprint && a.note === b.note && a.commit === b.commit;
}
