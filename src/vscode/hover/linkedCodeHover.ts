// Hover over linked code: the incidents behind the range under the cursor.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { worstFirst } from '../../core/lensSummary';
import type { Incident, Link } from '../../core/model';
import type { Clock } from '../../core/ports';
import { referenceAt, type ReferenceMatcher } from '../../core/references';
import { locate } from '../workspaceFolders';
import type { CurrentLinks } from '../anchors/currentLinks';
import { appendIncident, newHoverMarkdown } from './incidentMarkdown';

export class LinkedCodeHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: IncidentStore, private readonly current: CurrentLinks, private readonly clock: Clock, private readonly matcherFor: (folder: string) => ReferenceMatcher | undefined) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const where = locate(document.uri);
    if (!where) return undefined;
    const line = position.line + 1;
    const hits = (await this.current.forDocument(document)).links
      .filter(({ link }) => link.lines && link.lines.start <= line && line <= link.lines.end);
    if (hits.length === 0) return undefined;
    // On an `INC-142` reference the reference's own hover speaks instead.
    if (referenceAt(document.getText(), document.offsetAt(position), this.matcherFor(where.folder.id), document.languageId)) return undefined;
    const linkOf = new Map<Incident, Link>();
    for (const { incident, link } of hits) if (!linkOf.has(incident)) linkOf.set(incident, link);
    const markdown = newHoverMarkdown();
    [...linkOf.keys()].sort(worstFirst()).forEach((incident, i) => {
      if (i > 0) markdown.appendMarkdown('\n\n---\n\n');
      appendIncident(markdown, incident, this.store.index.sourcesOf(incident.id)[0], this.clock.now(), linkOf.get(incident));
    });
    return new vscode.Hover(markdown);
  }
}
