// Settings, read through one typed accessor every time they are needed (never
// cached at import), with a change event filtered to this extension's section.
import * as vscode from 'vscode';
import { trailerName } from '../core/changeRiskTrailer';
import type { GroupBy } from '../core/incidentQuery';

const SECTION = 'incidentLens';

export type LensScope = 'symbols' | 'ranges' | 'file';
export type RiskLevelSetting = 'none' | 'low' | 'medium' | 'high';

export interface Settings {
  groupBy: GroupBy;
  codeLens: { enabled: boolean; minimumRisk: RiskLevelSetting; scopes: LensScope[] };
  decorations: { gutter: boolean; overviewRuler: boolean };
  /** The Source Control view's Incident Risk section: the commit trailer's name and whether to offer it. */
  changeRisk: { trailer: string; offerTrailer: boolean };
}

const SCOPES: readonly LensScope[] = ['symbols', 'ranges', 'file'];

/**
 * Settings changed in Restricted Mode where they would have gone into the workspace's
 * .vscode/settings.json: held for this session instead, and read before VS Code's own.
 */
const sessionValues = new Map<string, unknown>();
const sessionChanges = new Set<(key: string) => void>();

export function readSettings(): Settings {
  const stored = vscode.workspace.getConfiguration(SECTION);
  const config = { get: <T>(key: string): T | undefined => (sessionValues.has(key) ? sessionValues.get(key) as T : stored.get<T>(key)) };
  return {
    groupBy: oneOf(config.get<string>('incidents.groupBy'), ['none', 'status', 'severity', 'service'] as const, 'none'),
    codeLens: {
      enabled: config.get<boolean>('codeLens.enabled') !== false,
      minimumRisk: oneOf(config.get<string>('codeLens.minimumRisk'), ['none', 'low', 'medium', 'high'] as const, 'none'),
      scopes: (config.get<unknown[]>('codeLens.scopes') ?? SCOPES).filter((s): s is LensScope => SCOPES.includes(s as LensScope)),
    },
    decorations: {
      gutter: config.get<boolean>('decorations.gutter') !== false,
      overviewRuler: config.get<boolean>('decorations.overviewRuler') !== false,
    },
    changeRisk: {
      trailer: trailerName(config.get<string>('changeRisk.trailer')),
      offerTrailer: config.get<boolean>('changeRisk.offerTrailer') !== false,
    },
  };
}

export function onDidChangeSettings(listener: (affects: (key: string) => boolean) => void): vscode.Disposable {
  const session = (changed: string) => listener((key) => key === changed || changed.startsWith(`${key}.`));
  sessionChanges.add(session);
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) listener((key) => event.affectsConfiguration(`${SECTION}.${key}`));
    }),
    { dispose: () => sessionChanges.delete(session) },
  );
}

/**
 * Writes a setting. In Restricted Mode nothing is written into the workspace: a workspace
 * setting, or one already held for the session, is held for this session only; a user
 * setting is written as usual (it is outside the workspace).
 */
export async function updateSetting(key: string, value: unknown, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
  if (!vscode.workspace.isTrusted && (target !== vscode.ConfigurationTarget.Global || sessionValues.has(key))) {
    sessionValues.set(key, value);
    sessionChanges.forEach((listener) => listener(key));
    return;
  }
  // Without a folder open there is no workspace scope to write to.
  const scope = target === vscode.ConfigurationTarget.Workspace && !vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Global : target;
  await vscode.workspace.getConfiguration(SECTION).update(key, value, scope);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
