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

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
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
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) listener((key) => event.affectsConfiguration(`${SECTION}.${key}`));
  });
}

export async function updateSetting(key: string, value: unknown, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
  // Without a folder open there is no workspace scope to write to.
  const scope = target === vscode.ConfigurationTarget.Workspace && !vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Global : target;
  await vscode.workspace.getConfiguration(SECTION).update(key, value, scope);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
