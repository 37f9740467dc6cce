// Settings, read through one typed accessor every time they are needed (never
// cached at import), with a change event filtered to this extension's section.
import * as vscode from 'vscode';
import type { GroupBy } from '../core/incidentQuery';

const SECTION = 'incidentLens';

export interface Settings {
  groupBy: GroupBy;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    groupBy: oneOf(config.get<string>('incidents.groupBy'), ['none', 'status', 'severity', 'service'] as const, 'none'),
  };
}

export function onDidChangeSettings(listener: (affects: (key: string) => boolean) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) listener((key) => event.affectsConfiguration(`${SECTION}.${key}`));
  });
}

export async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Workspace);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
