// Tokens kept out of everything that leaves a platform client: messages, log lines, headers
// logged for a failed request. A secret is scrubbed in every form it can take inside a longer
// text (as is, JSON-escaped, URL-encoded, base64 at each alignment), and header values are
// redacted by name. Every HttpClient registers its secrets here (rememberSecrets), so text
// that did not come out of a client (the outbox, a command) can be scrubbed too (redactSecrets).

const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|token)$/i;

/** A copy of `headers` safe to log: credential headers by their usual names, and `extra` names, redacted. */
export function redactHeaders(headers: Record<string, unknown>, extra: readonly string[] = []): Record<string, unknown> {
  const named = new Set(extra.map((h) => h.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, SENSITIVE_HEADER.test(k) || named.has(k.toLowerCase()) ? '[redacted]' : v]));
}

/**
 * Every form a secret can take inside a longer text: as is, JSON-escaped (once and twice, as in
 * a JSON string inside a JSON log line), URL-encoded (path, query and form styles), and base64 or
 * base64url (as in Basic auth) at each of the three alignments it can have inside a longer
 * encoded value. Forms shorter than 6 characters are left out: too likely to be ordinary text.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const json1 = JSON.stringify(secret).slice(1, -1);
  forms.add(json1).add(JSON.stringify(json1).slice(1, -1));
  try {
    forms.add(encodeURIComponent(secret)).add(encodeURI(secret)).add(new URLSearchParams({ s: secret }).toString().slice(2));
  } catch {
    // A lone surrogate cannot be URL-encoded, so it cannot appear encoded either.
  }
  const bytes = Buffer.from(secret, 'utf8');
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    // Only the characters that depend on the secret's bytes alone, whatever surrounds it.
    const core = encoded.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    forms.add(core).add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((f) => f.length >= 6 || f === secret).sort((a, b) => b.length - a.length);
}

/** Replaces every secret, in every form secretForms names, in `text`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of secretForms(secret)) out = out.split(form).join('[redacted]');
  }
  return out;
}

/** Every secret any HttpClient of this process was given: what redactSecrets removes. */
const knownSecrets = new Set<string>();

/**
 * Scrubs every secret any platform client of this process holds, in every form, from `text`:
 * for messages and log lines that did not come out of an HttpClient (the outbox, a command).
 */
export function redactSecrets(text: string): string {
  return scrub(text, [...knownSecrets]);
}

/** Adds `secrets` (those of 4 characters or more: shorter ones are not scrubbed) to what redactSecrets removes. */
export function rememberSecrets(secrets: readonly string[]): void {
  for (const secret of secrets) if (secret.length >= 4) knownSecrets.add(secret);
}
