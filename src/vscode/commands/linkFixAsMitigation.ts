// "Link as Mitigation" on a file under "Fixed in": the code a fix changed becomes a link of
// its incident (role mitigation, at the fix's commit so the anchors follow it since), written
// through the usual writer. Nothing is written without this action.
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { gitFileAt } from '../../adapters/git';
import { fingerprint } from '../../core/fingerprint';
import type { Fix, FixFile } from '../../core/gitMining';
import type { Link } from '../../core/model';
import { writeLink } from '../linking/linkTarget';
import type { IncidentEntry } from '../tree/incidentNodes';
import { fileFolders } from '../workspaceFolders';
import type { Command } from './command';

export class LinkFixAsMitigationCommand implements Command {
  readonly id = 'incidentLens.linkFixAsMitigation';
  readonly requiresTrust = true;

  constructor(private readonly store: IncidentStore, private readonly writer: IncidentWriter) {}

  async execute(arg?: unknown): Promise<void> {
    const node = arg as { kind?: string; entry?: IncidentEntry; fix?: Fix; file?: FixFile } | undefined;
    if (node?.kind !== 'fixFile' || !node.entry || !node.fix || !node.file) return;
    const { entry, fix, file } = node;
    const folder = fileFolders().find((f) => f.id === entry.folder);
    if (!folder) return;
    const link: Link = { path: file.path, role: 'mitigation', commit: fix.commit, note: `Fixed in ${fix.commit.slice(0, 7)}: ${fix.subject}`.slice(0, 200) };
    if (file.lines.length > 0) {
      // One range over every change the fix made in the file, fingerprinted as it stood at the fix.
      const lines = { start: Math.min(...file.lines.map((l) => l.start)), end: Math.max(...file.lines.map((l) => l.end)) };
      link.lines = lines;
      const text = await gitFileAt(folder.root, fix.commit, file.path);
      const linked = text?.split(/\r?\n/).slice(lines.start - 1, lines.end);
      if (linked && linked.length === lines.end - lines.start + 1) link.fingerprint = fingerprint(linked);
    }
    await writeLink(this.store, this.writer, entry, link, folder);
  }
}
