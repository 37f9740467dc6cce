// Links to code at a commit on the repository's host, from the git remote URL: what a
// post-incident review needs so that its references still point at the code that broke,
// long after that code has changed.
import type { CodeRef, LineRange } from './model';

export type GitHost = 'github' | 'gitlab' | 'bitbucket';

/** A repository on a host whose blob URLs we know. */
export interface RemoteRepository {
  host: GitHost;
  /** `https://github.com/acme/checkout`: the web address of the repository, no credentials, no `.git`. */
  webUrl: string;
}

/** Where code references point in an export. */
export interface PermalinkBase {
  /** The repository's host; without it references are relative paths. */
  remote?: RemoteRepository;
  /** HEAD when exported: for references stored without a commit. */
  head?: string;
  /** Put before relative paths, such as `../` for a file saved in .incidents/. */
  relativePrefix?: string;
}

/**
 * Reads a git remote URL in any of the forms git accepts: `git@github.com:acme/checkout.git`,
 * `ssh://git@gitlab.example.com:2222/group/sub/repo.git`, `https://user:token@github.com/acme/checkout`.
 * GitHub and GitLab are recognised by name, also self-hosted (`github.acme.com`, `gitlab.acme.com`);
 * Bitbucket only as bitbucket.org, because Bitbucket Server uses other URLs. Anything else: undefined.
 */
export function parseRemote(url: string): RemoteRepository | undefined {
  const trimmed = url.trim();
  let hostname: string;
  let port = '';
  let path: string;
  let secure = true;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(trimmed);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && scp) {
    hostname = scp[1] ?? '';
    path = scp[2] ?? '';
  } else {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      return undefined;
    }
    const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
    if (!['https', 'http', 'ssh', 'git', 'git+ssh', 'ssh+git'].includes(scheme)) return undefined;
    hostname = parsed.hostname;
    // A web port belongs to the web address; an ssh or git port does not.
    if (scheme === 'https' || scheme === 'http') port = parsed.port ? `:${parsed.port}` : '';
    secure = scheme !== 'http';
    try {
      path = decodeURIComponent(parsed.pathname);
    } catch {
      return undefined;
    }
  }
  const segments = path.replace(/\.git\/?$/, '').split('/').filter((s) => s !== '');
  // The ssh endpoints for networks that block port 22 serve the same repositories.
  hostname = hostname.toLowerCase().replace(/^ssh\.github\.com$/, 'github.com').replace(/^altssh\.gitlab\.com$/, 'gitlab.com');
  const host = hostOf(hostname);
  if (!host || segments.length < 2 || segments.some((s) => s === '.' || s === '..')) return undefined;
  if (host === 'bitbucket' && segments.length !== 2) return undefined;
  const webUrl = `${secure ? 'https' : 'http'}://${hostname}${port}/${segments.map(encodeURIComponent).join('/')}`;
  return { host, webUrl };
}

/** The URL of `path` (repository-relative) at `commit`, with the host's own line anchor. */
export function blobUrl(remote: RemoteRepository, commit: string, path: string, lines?: LineRange): string {
  const file = path.split('/').filter((s) => s !== '').map(encodeURIComponent).join('/');
  const at = encodeURIComponent(commit);
  switch (remote.host) {
    case 'github':
      return `${remote.webUrl}/blob/${at}/${file}${lines ? `#L${lines.start}${lines.end !== lines.start ? `-L${lines.end}` : ''}` : ''}`;
    case 'gitlab':
      return `${remote.webUrl}/-/blob/${at}/${file}${lines ? `#L${lines.start}${lines.end !== lines.start ? `-${lines.end}` : ''}` : ''}`;
    case 'bitbucket':
      return `${remote.webUrl}/src/${at}/${file}${lines ? `#lines-${lines.start}${lines.end !== lines.start ? `:${lines.end}` : ''}` : ''}`;
  }
}

/**
 * Where a code reference points: a permalink at its own commit (or HEAD) when the remote is a
 * known host and a commit is known; otherwise the relative path, with a `#L51` anchor that
 * VS Code's Markdown preview follows.
 */
export function codeRefUrl(ref: CodeRef, base: PermalinkBase): string {
  const commit = ref.commit ?? base.head;
  if (base.remote && commit && isCommitish(commit)) return blobUrl(base.remote, commit, ref.path, ref.lines);
  const file = ref.path.split('/').map(encodeURIComponent).join('/');
  return `${base.relativePrefix ?? ''}${file}${ref.lines ? `#L${ref.lines.start}` : ''}`;
}

/** A hexadecimal commit id, abbreviated or whole: anything else in a file is not put into a URL. */
export function isCommitish(value: string): boolean {
  return /^[0-9a-f]{4,64}$/i.test(value);
}

function hostOf(hostname: string): GitHost | undefined {
  if (hostname === 'bitbucket.org' || hostname.endsWith('.bitbucket.org')) return 'bitbucket';
  const labels = hostname.split('.');
  if (labels.includes('github')) return 'github';
  if (labels.includes('gitlab')) return 'gitlab';
  return undefined;
}
