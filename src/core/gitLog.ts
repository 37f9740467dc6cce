// What git's history says about code, parsed from `git log` output: how often each file
// changed recently (churn, for risk) and which files were renamed (for anchors).

/** Lines of `git log --name-only --format=%x00`: a NUL per commit, then the paths it touched. */
export function parseChurn(log: string): Map<string, number> {
  const churn = new Map<string, number>();
  for (const commit of log.split('\0')) {
    const paths = new Set(commit.split('\n').map((line) => line.trim()).filter(Boolean));
    for (const path of paths) churn.set(path, (churn.get(path) ?? 0) + 1);
  }
  return churn;
}

/**
 * Lines of `git log -M --diff-filter=R --name-status --format=` (newest first):
 * `R095<TAB>old<TAB>new`. Old path -> new path; when a path was renamed more than once,
 * the newest rename wins, and the anchors follow chains (a -> b, b -> c) themselves.
 */
export function parseRenames(log: string): Map<string, string> {
  const renames = new Map<string, string>();
  for (const line of log.split('\n')) {
    const [status, from, to] = line.split('\t');
    if (!status?.startsWith('R') || !from || !to || renames.has(from)) continue;
    renames.set(from, to);
  }
  return renames;
}

/**
 * Lines of `git log --name-only --format=%x00%ct`: a NUL per commit, its committer time in
 * seconds since the epoch, then the paths it touched. Each path -> the times of the commits
 * touching it, in the log's order (newest first); a commit counts once per path.
 */
export function parseChurnTimes(log: string): Map<string, number[]> {
  const times = new Map<string, number[]>();
  for (const commit of log.split('\0')) {
    const lines = commit.split('\n');
    const time = Number(lines[0]);
    if (!lines[0] || !Number.isFinite(time)) continue;
    for (const path of new Set(lines.slice(1).map((line) => line.trim()).filter(Boolean))) {
      const list = times.get(path);
      if (list) list.push(time);
      else times.set(path, [time]);
    }
  }
  return times;
}
