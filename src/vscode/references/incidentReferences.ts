// `INC-142` in a comment: a link to the incident file and a hover with its summary,
// from the index only (a hover never reads a file or calls a platform). An id with no
// incident file offers to create it. Ids in code and string literals are not references
// (core/references.ts decides by the document's language).
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { Clock } from '../../core/ports';
import { findReferences, referenceAt, type ReferenceMatcher } from '../../core/references';
import { appendIncident, appendPlain, commandLink, newHoverMarkdown } from '../hover/incidentMarkdown';
import { locate } from '../workspaceFolders';

export class IncidentReferenceProvider implements vscode.DocumentLinkProvider, vscode.HoverProvider {
  constructor(private readonly store: IncidentStore, private readonly clock: Clock, private readonly matcherFor: (folder: string) => ReferenceMatcher | undefined) {}

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const where = locate(document.uri);
    if (!where) return [];
    return findReferences(document.getText(), this.matcherFor(where.folder.id), document.languageId).map((ref) => {
      const range = new vscode.Range(ref.line, ref.start, ref.line, ref.end);
      const found = this.store.index.byId(ref.id);
      const link = new vscode.DocumentLink(range, found
        ? vscode.Uri.file(found.source)
        : vscode.Uri.parse(`command:incidentLens.newIncident?${encodeURIComponent(JSON.stringify([ref.id]))}`));
      link.tooltip = found ? `${found.incident.id}: ${found.incident.title}` : vscode.l10n.t('Create incident {0}', ref.id);
      return link;
    });
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const where = locate(document.uri);
    if (!where) return undefined;
    const ref = referenceAt(document.getText(), document.offsetAt(position), this.matcherFor(where.folder.id), document.languageId);
    if (!ref) return undefined;
    const range = new vscode.Range(position.line, ref.start, position.line, ref.end);
    const markdown = newHoverMarkdown();
    const found = this.store.index.byId(ref.id);
    if (found) appendIncident(markdown, found.incident, found.source, this.clock.now());
    else appendPlain(markdown, `${vscode.l10n.t('No incident file for {0} yet.', ref.id)} `).appendMarkdown(commandLink(vscode.l10n.t('Create incident {0}', ref.id), 'incidentLens.newIncident', [ref.id]));
    return new vscode.Hover(markdown, range);
  }
}
