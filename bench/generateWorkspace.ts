// Writes a workspace of realistic incident files (the DESIGN.md shape: ~1.6 KB,
// 5 links, 4 notes) so the benchmark measures what a real repository costs.
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Linked by exactly the first PROBE_LINKS incidents at every size, so the lens query compares like with like. */
export const PROBE_PATH = 'src/checkout/probe.ts';
export const PROBE_LINKS = 5;
const SOURCE_PATHS = sourcePaths(320);
const SEVERITIES = ['SEV1', 'SEV2', 'SEV2', 'SEV3', 'SEV3', 'SEV3', 'SEV4'];
const STATUSES = ['resolved', 'resolved', 'resolved', 'closed', 'monitoring', 'investigating'];
const ROLES = ['root-cause', 'trigger', 'contributing', 'mitigation', 'detection', 'related'];
const KINDS = ['observation', 'hypothesis', 'action', 'decision', 'resolution'];
const PEOPLE = ['alice', 'bob', 'carol', 'dmitri', 'erin', 'farah', 'gus', 'hiro'];
const SERVICES = ['payments-api', 'checkout', 'catalog', 'search', 'ledger', 'auth', 'notifications'];
const TITLES = [
  'Checkout requests time out under retry storm',
  'Catalog cache stampede after deploy',
  'Search index lag delays new listings',
  'Login fails for SSO users after certificate rotation',
  'Ledger double-posts refunds on retry',
];
/** Incident files in a checked-out repository are older than the editor session. */
const CHECKOUT_AGE_MS = 86_400_000;

export interface GeneratedWorkspace {
  root: string;
  files: string[];
  bytes: number;
  /** The source path most incidents link to: the worst case for a lens query. */
  hottestPath: string;
}

export async function generateWorkspace(root: string, count: number): Promise<GeneratedWorkspace> {
  const dir = join(root, '.incidents');
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  let bytes = 0;
  const checkedOut = new Date(Date.now() - CHECKOUT_AGE_MS);
  for (let start = 0; start < count; start += 200) {
    const batch = [];
    for (let n = start; n < Math.min(count, start + 200); n++) {
      const file = join(dir, `INC-${1000 + n}.yaml`);
      const text = incidentYaml(n);
      bytes += Buffer.byteLength(text);
      files.push(file);
      batch.push(writeFile(file, text).then(() => utimes(file, checkedOut, checkedOut)));
    }
    await Promise.all(batch);
  }
  return { root, files, bytes, hottestPath: SOURCE_PATHS[0] ?? '' };
}

/** The YAML of incident number `n`; `edit` changes its title, as a user's edit would. */
export function incidentYaml(n: number, edit = 0): string {
  const random = seeded(n + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const started = Date.UTC(2021, 0, 1) + Math.floor(random() * 5 * 365) * 86_400_000 + Math.floor(random() * 86_400) * 1000;
  const resolved = started + (20 + Math.floor(random() * 400)) * 60_000;
  // A leading letter: `1234e56` would be a YAML float, not a commit.
  const commit = () => `c${Math.floor(random() * 0xffffff).toString(16).padStart(6, '0')}`;
  const lines: string[] = [
    `id: INC-${1000 + n}`,
    `title: ${pick(TITLES)}${edit ? ` (edit ${edit})` : ''}`,
    `severity: ${pick(SEVERITIES)}`,
    `status: ${pick(STATUSES)}`,
    `started_at: ${iso(started)}`,
    `resolved_at: ${iso(resolved)}`,
    `services: [${pick(SERVICES)}]`,
    `url: https://example.pagerduty.com/incidents/P${(n * 7919).toString(36).toUpperCase()}`,
    `source: { provider: pagerduty, id: P${(n * 7919).toString(36).toUpperCase()} }`,
    'summary: Retries without jitter amplified a slow dependency into an outage.',
    `responders: [${pick(PEOPLE)}, ${pick(PEOPLE)}]`,
    'links:',
  ];
  for (let l = 0; l < 5; l++) {
    const path = l === 0 && n < PROBE_LINKS ? PROBE_PATH : skewedPath(random());
    const first = 1 + Math.floor(random() * 400);
    lines.push(`  - path: ${path}`);
    if (l % 2 === 0) lines.push(`    symbol: ${symbolOf(path)}.handle`);
    // The probe's links share anchors, as several incidents on one function would.
    if (l !== 4) lines.push(`    lines: ${path === PROBE_PATH ? `${10 * (n % 3) + 1}-${10 * (n % 3) + 8}` : `${first}-${first + Math.floor(random() * 30)}`}`);
    lines.push(`    fingerprint: ${commit()}a`, `    commit: ${commit()}`, `    role: ${pick(ROLES)}`);
    if (l < 3) lines.push('    note: Retry loop had no jitter');
  }
  lines.push('notes:');
  for (let k = 0; k < 4; k++) {
    lines.push(`  - at: ${iso(started + k * 600_000)}`, `    author: ${pick(PEOPLE)}`, `    kind: ${pick(KINDS)}`, '    text: p99 on /charge hit 30s');
    if (k < 1) lines.push(`    code: { path: ${skewedPath(random())}, lines: 51-53, commit: ${commit()} }`);
  }
  return `${lines.join('\n')}\n`;
}

function sourcePaths(count: number): string[] {
  const areas = ['payments', 'checkout', 'catalog', 'search', 'ledger', 'auth', 'api', 'config'];
  const paths: string[] = [];
  for (let i = 0; i < count; i++) paths.push(`src/${areas[i % areas.length]}/module${Math.floor(i / areas.length)}.ts`);
  return paths;
}

/** Few files collect most links, as in real repositories: index ~ r^2. */
function skewedPath(r: number): string {
  return SOURCE_PATHS[Math.floor(r * r * SOURCE_PATHS.length)] ?? 'src/index.ts';
}

function symbolOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1, -3);
  return base.charAt(0).toUpperCase() + base.slice(1);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Deterministic data (mulberry32): every run benchmarks the same workspace. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
