// The panel's header: severity, id, status, elapsed time (or how long it lasted), title, services.
import type { IncidentView } from '../../src/shared/protocol';
import * as l10n from '@vscode/l10n';
import { formatDuration, formatElapsed, h, timeOf } from './dom';

export function renderHeader(incident: IncidentView, nowMs: number): HTMLElement {
  const started = timeOf(incident.startedAt);
  const resolved = timeOf(incident.resolvedAt);
  const clock = started === undefined ? undefined
    : incident.live ? h('span', { class: 'elapsed', title: l10n.t('Started {0}', incident.startedAt ?? '') }, formatElapsed(started, nowMs), h('span', { class: 'caption' }, ` ${l10n.t('elapsed')}`))
    : resolved !== undefined ? h('span', { class: 'elapsed done', title: l10n.t('{0} to {1}', incident.startedAt ?? '', incident.resolvedAt ?? '') }, l10n.t('lasted {0}', formatDuration(resolved - started)))
    : undefined;
  return h('header', { class: 'incident-header' },
    h('div', { class: 'header-line' },
      h('span', { class: `severity ${severityClass(incident.severity)}` }, incident.severity),
      h('span', { class: 'incident-id' }, incident.id),
      h('span', { class: `status${incident.live ? ' live' : ''}` }, incident.status),
      clock,
    ),
    h('h1', { class: 'incident-title' }, incident.title),
    incident.services.length > 0 && h('div', { class: 'services' }, incident.services.join(' · ')),
  );
}

/** Only the four known labels get a colour class; any other label is shown plainly. */
function severityClass(severity: string): string {
  return /^SEV[1-4]$/.test(severity) ? severity.toLowerCase() : 'sev-other';
}
