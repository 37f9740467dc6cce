// Deep links into the editor: `<scheme>://incident-lens.incident-lens/open?incident=INC-142`
// opens the incident, `&link=<n>` the code of its n-th link (0-based) where it stands now,
// `&note=<n>` its n-th note in the notes panel. The scheme is the editor's own (`vscode`,
// `vscode-insiders`, `cursor`, ...), so the export takes the base as it is given.
// VS Code routes such URIs to the extension's UriHandler (vscode.window.registerUriHandler).

export interface DeepLinkTarget {
  incident: string;
  /** 0-based index into the incident's `links`. */
  link?: number;
  /** 0-based index into the incident's `notes`. */
  note?: number;
}

/** Incident ids as links carry them: no path or query syntax, bounded length. */
const INCIDENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const INDEX = /^\d{1,6}$/;

/**
 * The deep link for `target` under `base` (e.g. `vscode://incident-lens.incident-lens`);
 * undefined when the incident id cannot be carried safely.
 */
export function deepLink(base: string, target: DeepLinkTarget): string | undefined {
  if (!INCIDENT_ID.test(target.incident)) return undefined;
  const query = new URLSearchParams({ incident: target.incident });
  if (target.link !== undefined) query.set('link', String(target.link));
  if (target.note !== undefined) query.set('note', String(target.note));
  return `${base.replace(/\/+$/, '')}/open?${query.toString()}`;
}

/**
 * Reads a deep link's path and query (as the UriHandler receives them) into its target, or
 * an error message for the user. Only `/open` with a well-formed incident id and optional
 * non-negative indexes is accepted; anything else is refused, never guessed.
 */
export function parseDeepLink(path: string, query: string): DeepLinkTarget | { error: string } {
  if (path !== '/open') return { error: `Incident Lens links open incidents (/open); this one asks for "${path.slice(0, 40)}".` };
  const params = new URLSearchParams(query);
  const incident = params.get('incident') ?? '';
  if (!INCIDENT_ID.test(incident)) return { error: 'This Incident Lens link does not name an incident.' };
  const target: DeepLinkTarget = { incident };
  for (const key of ['link', 'note'] as const) {
    const value = params.get(key);
    if (value === null) continue;
    if (!INDEX.test(value)) return { error: `This Incident Lens link has a bad ${key} number: "${value.slice(0, 20)}".` };
    target[key] = Number(value);
  }
  return target;
}
