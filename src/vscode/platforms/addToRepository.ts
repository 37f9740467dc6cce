// A platform's incident written into .incidents/ with its source id and URL, so code
// can be linked to it and its notes reach the platform.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { INCIDENTS_DIR, type IncidentFolder, type IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { newIncidentText, setStatus } from '../../core/incidentEdits';
import type { PlatformIncident } from '../../core/platform';
import type { IncidentEntry } from '../tree/incidentNodes';

export async function addToRepository(store: IncidentStore, writer: IncidentWriter, incident: PlatformIncident, folder: IncidentFolder): Promise<IncidentEntry | undefined> {
  const file = path.join(folder.root, INCIDENTS_DIR, `${incident.id.replace(/[^A-Za-z0-9_.:-]/g, '-')}.yaml`);
  let text = newIncidentText({
    id: incident.id, title: incident.title, severity: incident.severity, status: incident.status,
    ...(incident.startedAt ? { startedAt: incident.startedAt } : {}),
    ...(incident.services.length ? { services: incident.services } : {}),
    ...(incident.summary ? { summary: incident.summary } : {}),
    ...(incident.url ? { url: incident.url } : {}),
    source: incident.source,
  });
  if (incident.resolvedAt) text = setStatus(text, incident.status, incident.resolvedAt);
  try {
    await writer.create(file, text);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not add {0}: {1}', incident.id, (error as Error).message));
    return undefined;
  }
  await store.refreshFile(file, folder);
  const added = store.index.incidentAt(file);
  return added ? { source: file, folder: folder.id, incident: added } : undefined;
}
