// Hover text for an incident. Everything from an incident file is appended as
// text (escaped); the only links are the ones built here, and only our own
// commands are trusted.
import * as vscode from 'vscode';
import type { Incident, Link } from '../../core/model';
import { formatAge, timeOf } from '../../core/time';

export const TRUSTED_COMMANDS = ['incidentLens.openIncidentFile', 'incidentLens.newIncident', 'incidentLens.hideLens'];

export function newHoverMarkdown(): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString('', true);
  markdown.isTrusted = { enabledCommands: TRUSTED_COMMANDS };
  markdown.supportHtml = false;
  return markdown;
}

export function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

/** Repository text as text: Markdown escaped by appendText, and the HTML characters it leaves alone as entities. */
export function appendPlain(markdown: vscode.MarkdownString, text: string): vscode.MarkdownString {
  return markdown.appendText(text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')));
}

export function appendIncident(markdown: vscode.MarkdownString, incident: Incident, source: string | undefined, now: Date, link?: Link): void {
  markdown.appendMarkdown('**');
  appendPlain(markdown, `${incident.id}: ${incident.title}`).appendMarkdown('**  \n');
  const started = timeOf(incident.startedAt);
  const resolved = timeOf(incident.resolvedAt);
  const facts = [incident.severity, incident.status];
  if (started !== undefined) facts.push(vscode.l10n.t('started {0} ({1})', formatDate(started), formatAge(started, now)));
  if (resolved !== undefined) facts.push(vscode.l10n.t('resolved {0}', formatDate(resolved)));
  appendPlain(markdown, facts.join(' · ')).appendMarkdown('  \n');
  if (link) {
    markdown.appendMarkdown('_');
    appendPlain(markdown, link.role).appendMarkdown('_');
    if (link.note) appendPlain(markdown, `: ${link.note}`);
    markdown.appendMarkdown('  \n');
  }
  if (incident.summary) appendPlain(markdown, incident.summary).appendMarkdown('  \n');
  if (incident.responders.length > 0) appendPlain(markdown, vscode.l10n.t('Responders: {0}', incident.responders.join(', '))).appendMarkdown('  \n');
  const actions: string[] = [];
  if (source) actions.push(commandLink(vscode.l10n.t('Open incident'), 'incidentLens.openIncidentFile', [source]));
  const page = webPage(incident.url);
  if (page) actions.push(`[${vscode.l10n.t('Open on {0}', platformName(incident))}](${page})`);
  if (actions.length > 0) markdown.appendMarkdown(actions.join(' · '));
}

/** http(s) only, percent-encoded so it cannot break out of the Markdown link. */
function webPage(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const uri = vscode.Uri.parse(url, true);
    return uri.scheme === 'https' || uri.scheme === 'http' ? uri.toString().replace(/[()]/g, encodeURIComponent) : undefined;
  } catch {
    return undefined;
  }
}

function platformName(incident: Incident): string {
  const provider = incident.source?.provider;
  if (provider === 'pagerduty') return 'PagerDuty';
  if (provider === 'incident-io') return 'incident.io';
  return vscode.l10n.t('the incident platform');
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}
