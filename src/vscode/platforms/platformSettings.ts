// Which platforms Incident Lens can connect to and how each client is built. Base URLs
// are read from the user's own (application) settings only, so a cloned repository's
// workspace settings can never send a token somewhere else.
import * as vscode from 'vscode';
import { CustomPlatformClient } from '../../adapters/providers/custom/client';
import { presetWith } from '../../adapters/providers/custom/presets';
import { IncidentIoClient, INCIDENT_IO_API } from '../../adapters/providers/incidentio/client';
import { PagerDutyClient, PAGERDUTY_API } from '../../adapters/providers/pagerduty/client';
import type { IncidentPlatform } from '../../core/platform';

export const PLATFORM_KINDS = ['pagerduty', 'incident-io', 'rootly', 'firehydrant', 'custom'] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];

export const PLATFORM_NAMES: Record<PlatformKind, string> = {
  pagerduty: 'PagerDuty',
  'incident-io': 'incident.io',
  rootly: 'Rootly',
  firehydrant: 'FireHydrant',
  // A getter: translated when read, once the extension's l10n bundle is loaded (the others are names).
  get custom() { return vscode.l10n.t('Custom JSON provider'); },
};

const SETTING_KEYS: Record<PlatformKind, string> = {
  pagerduty: 'platforms.pagerduty',
  'incident-io': 'platforms.incidentIo',
  rootly: 'platforms.rootly',
  firehydrant: 'platforms.firehydrant',
  custom: 'platforms.custom',
};

/** The user's value of an application setting; a workspace value is ignored on purpose. */
export function userSetting<T>(key: string): T | undefined {
  return vscode.workspace.getConfiguration('incidentLens').inspect<T>(key)?.globalValue;
}

export function isPlatformKind(value: unknown): value is PlatformKind {
  return typeof value === 'string' && (PLATFORM_KINDS as readonly string[]).includes(value);
}

export function createPlatform(kind: PlatformKind, token: string, logger: { warn(message: string): void }): IncidentPlatform {
  const base = `${SETTING_KEYS[kind]}.baseUrl`;
  switch (kind) {
    case 'pagerduty':
      return new PagerDutyClient({
        apiKey: token,
        baseUrl: userSetting<string>(base) || PAGERDUTY_API,
        ...(userSetting<string>('platforms.pagerduty.fromEmail') ? { fromEmail: userSetting<string>('platforms.pagerduty.fromEmail') } : {}),
        logger,
      });
    case 'incident-io':
      return new IncidentIoClient({ apiKey: token, baseUrl: userSetting<string>(base) || INCIDENT_IO_API, logger });
    case 'rootly':
    case 'firehydrant': {
      const baseUrl = userSetting<string>(base);
      return new CustomPlatformClient(presetWith(kind, baseUrl ? { baseUrl } : {}), { token, logger });
    }
    case 'custom':
      return new CustomPlatformClient(userSetting<unknown>('platforms.custom') ?? {}, { token, logger });
  }
}
