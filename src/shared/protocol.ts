// Messages between the extension and the notes panel. Both sides import this file;
// every message is a member of a discriminated union and is checked on arrival.

export interface PanelState {
  incidentId: string;
  draft: string;
}

export type ExtensionToPanel = { type: 'state'; state: PanelState };
export type PanelToExtension = { type: 'ready' } | { type: 'draftChanged'; draft: string };

export function isPanelToExtension(value: unknown): value is PanelToExtension {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; draft?: unknown };
  if (message.type === 'ready') return true;
  return message.type === 'draftChanged' && typeof message.draft === 'string';
}
