// An incident as the notes panel shows it: only what the panel renders crosses to the webview.
import { isLive, type Incident, type Note, type NoteKind } from '../../core/model';
import type { DeliveryView, IncidentView, PanelNoteKind } from '../../shared/protocol';

// The protocol keeps its own list of kinds (the webview imports nothing else); these two lines
// stop the build if the lists drift apart.
const kindsMatch: [PanelNoteKind] extends [NoteKind] ? ([NoteKind] extends [PanelNoteKind] ? true : false) : false = true;
void kindsMatch;

/** A note's way to the platform, when it has one (see NoteDelivery). */
export type DeliveryOf = (incident: Incident, note: Note) => DeliveryView | undefined;

export function toIncidentView(incident: Incident, deliveryOf?: DeliveryOf): IncidentView {
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    ...(incident.startedAt ? { startedAt: incident.startedAt } : {}),
    ...(incident.resolvedAt ? { resolvedAt: incident.resolvedAt } : {}),
    services: [...incident.services],
    live: isLive(incident),
    notes: incident.notes.map((note) => ({
      ...withDelivery(deliveryOf?.(incident, note)),
      at: note.at,
      kind: note.kind,
      text: note.text,
      ...(note.author ? { author: note.author } : {}),
      ...(note.code ? { code: { path: note.code.path, ...(note.code.lines ? { lines: { ...note.code.lines } } : {}), ...(note.code.commit ? { commit: note.code.commit } : {}) } } : {}),
    })),
  };
}

function withDelivery(delivery: DeliveryView | undefined): { delivery?: DeliveryView } {
  return delivery ? { delivery } : {};
}
