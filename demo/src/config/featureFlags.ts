import { readFileSync } from 'node:fs';

export interface Flags {
  newCheckoutFlow: boolean;
  gatewayTimeoutMs: number;
  rolloutPercent: number;
}

const DEFAULTS: Flags = { newCheckoutFlow: false, gatewayTimeoutMs: 2000, rolloutPercent: 0 };

/** Loads flags from the deployed JSON file, falling back to safe defaults. */
export function loadFlags(path: string): Flags {
  let raw: Partial<Flags>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<Flags>;
  } catch {
    return DEFAULTS;
  }
  // INC-163: a rollout of 1000 (meant as 100.0%) passed straight through.
  const rolloutPercent = Math.min(100, Math.max(0, Number(raw.rolloutPercent ?? 0)));
  const gatewayTimeoutMs = Math.max(250, Number(raw.gatewayTimeoutMs ?? DEFAULTS.gatewayTimeoutMs));
  return { ...DEFAULTS, ...raw, rolloutPercent, gatewayTimeoutMs };
}
