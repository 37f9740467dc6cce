// The people to ask about a change: for each place a change touches (src/services/changeRisk.ts),
// the top experts of that code, as peopleToAsk ranks them, so `incident-lens check` and the
// Source Control view name who to ask beside the incidents. A change touches thousands of
// places in a few files: what findExperts gathers per place is gathered here once per change
// (mined fixes, renames, CODEOWNERS) and once per file (one `git blame` of the whole file,
// each place taking its lines), so the cost follows the files changed, not the places.
import { loadCodeowners } from '../adapters/codeowners';
import { blameLines } from '../adapters/gitMiningBlame';
import { limiter } from '../core/anchors/cachedSource';
import type { TouchedCode } from '../core/changeRisk';
import { ownersOf, type Codeowners, type CodeownersRule } from '../core/codeowners';
import type { IncidentConfig } from '../core/config';
import type { Fix } from '../core/gitMining';
import type { BlameLine } from '../core/gitMiningBlame';
import type { LineRange } from '../core/model';
import { repositoryHistory } from './experts';
import { fixesOf, rankExperts } from './expertsRanking';
import { mergeExperts, respondersOf, type GitFacts, type PersonToAsk } from './peopleToAsk';

export interface ChangePeopleOptions {
  now: Date;
  /** May git run (blame, mined fixes)? False in an untrusted workspace: links and CODEOWNERS only. */
  git: boolean;
  facts?: GitFacts;
  /** People per place (default 3). */
  limit?: number;
}

/** Who to ask about each touched place: a function of the place, empty for a place not in `touched`. */
export type PeopleOfTouched = (touched: TouchedCode) => readonly PersonToAsk[];

/** Blame processes running at once (one per changed file). */
const BLAME_CONCURRENCY = 4;

/**
 * The top people to ask about each place of `touched`: where the code is after the change
 * (`lines`, else the file), with the links anchored there. The same answer as peopleToAsk for
 * that one place (fix authors, recent authors by blame, responders, CODEOWNERS, merged and
 * ranked), with git asked once per changed file: a `git blame -L a,b` gives each line the
 * commit that the whole file's blame gives it, so each place takes its lines from one blame.
 * Never rejects: a place whose experts cannot be found gets its incidents' responders, or nobody.
 */
export async function peopleForChange(workspace: { root: string; config: IncidentConfig }, touched: readonly TouchedCode[], options: ChangePeopleOptions): Promise<PeopleOfTouched> {
  const found = new Map<TouchedCode, readonly PersonToAsk[]>();
  if (touched.length === 0) return () => [];
  const limit = options.limit ?? 3;
  const placeOf = (place: TouchedCode) => ({ path: place.path, ...(place.lines ? { lines: place.lines } : {}), linked: place.links });
  let facts: ChangeFacts | undefined;
  try {
    facts = await gatherFacts(workspace, touched, options);
  } catch {
    // As peopleToAsk: without git's history, the responders of each place's incidents.
  }
  for (const place of touched) {
    let people: readonly PersonToAsk[];
    try {
      if (!facts) throw new Error('no facts');
      const lines = place.lines;
      const blame = facts.blame.get(place.path);
      people = mergeExperts([rankExperts({
        path: place.path,
        lines,
        linked: place.links,
        fixes: facts.fixesOf(place.path),
        blame: blame && (lines ? blame.slice(lines) : blame.all),
        lineCount: lines ? lines.end - lines.start + 1 : blame?.all.length,
        renames: facts.renames,
        owner: facts.owners ? ownerOf(facts.owners, place.path) : undefined,
        now: options.now,
      })]).slice(0, limit);
    } catch {
      people = respondersOf([placeOf(place)], workspace.config).slice(0, limit);
    }
    found.set(place, people);
  }
  return (place) => found.get(place) ?? [];
}

interface ChangeFacts {
  /** The mined fixes that changed a path (under its name then, followed through renames), for rankExperts to narrow to lines. */
  fixesOf(path: string): readonly Fix[];
  renames: ReadonlyMap<string, string>;
  owners: { file: string; codeowners: Codeowners } | undefined;
  /** Per touched path, its blame (absent where git may not run). */
  blame: Map<string, FileBlame>;
}

/** What findExperts reads per place, read once: mined fixes and renames, CODEOWNERS, and each touched file's blame. */
async function gatherFacts(workspace: { root: string; config: IncidentConfig }, touched: readonly TouchedCode[], options: ChangePeopleOptions): Promise<ChangeFacts> {
  const { root } = workspace;
  // Fixes and renames: the caller's (the editor keeps them), else mined here; none where git may not run.
  let history: Promise<[readonly Fix[], ReadonlyMap<string, string>]> = Promise.resolve([[], new Map()]);
  if (options.git) {
    const { fixes: given, renames: givenRenames, cacheFile } = options.facts ?? {};
    const mined = given && givenRenames ? undefined : repositoryHistory(root, workspace.config.references, cacheFile);
    history = Promise.all([given ? given() : mined?.then((h) => h.fixes) ?? [], givenRenames ? givenRenames() : mined?.then((h) => h.renames) ?? new Map<string, string>()]);
  }
  const limit = limiter(BLAME_CONCURRENCY);
  const paths = [...new Set(touched.map((place) => place.path))];
  const blames = options.git ? paths.map((path) => limit(() => blameLines(root, path).catch((): BlameLine[] => [])).then((lines) => [path, new FileBlame(lines)] as const)) : [];
  const [[fixes, renames], owners, blame] = await Promise.all([history, loadCodeowners(root), Promise.all(blames)]);
  // Fixes by path once: a place's fixes are its file's, narrowed by rankExperts to its lines.
  const byPath = new Map<string, Fix[]>();
  return {
    fixesOf: (path) => {
      let list = byPath.get(path);
      if (!list) byPath.set(path, (list = fixesOf(fixes, path, undefined, renames)));
      return list;
    },
    renames,
    owners,
    blame: new Map(blame),
  };
}

/** The CODEOWNERS rule deciding `path`, and its file, as rankExperts takes it. */
function ownerOf(owners: { file: string; codeowners: Codeowners }, path: string): { rule: CodeownersRule; file: string } | undefined {
  const rule = ownersOf(owners.codeowners, path);
  return rule && { rule, file: owners.file };
}

/** One file's blame (uncommitted lines left out), and the lines of any range of it. */
class FileBlame {
  private readonly byLine: (BlameLine | undefined)[] = [];

  constructor(readonly all: readonly BlameLine[]) {
    for (const line of all) this.byLine[line.line] = line;
  }

  /** What `git blame -L start,end` answers: the blamed lines in the range, in order (none when the range starts past the end). */
  slice({ start, end }: LineRange): BlameLine[] {
    const lines: BlameLine[] = [];
    for (let line = Math.max(1, start); line <= Math.min(end, this.byLine.length - 1); line++) {
      const blamed = this.byLine[line];
      if (blamed) lines.push(blamed);
    }
    return lines;
  }
}
