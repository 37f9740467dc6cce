import type { IncidentEntry, IncidentTreeNode } from './incidentNodes';

/** The incident a tree context-menu command was invoked on. */
export function entryOf(arg: unknown): IncidentEntry | undefined {
  const node = arg as Partial<IncidentTreeNode> | undefined;
  if (node && typeof node === 'object' && 'entry' in node && node.entry) return node.entry as IncidentEntry;
  return undefined;
}
