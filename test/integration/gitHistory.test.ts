import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { activated, eventually, fileIn, readText, workspaceRoot, writeText } from './helpers';

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: workspaceRoot().fsPath, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } }).trim();
}

describe('Links through git history', () => {
  before(activated);

  it('finds code moved and edited outside the editor through git renames and the linked commit, and repairs the link', async () => {
    const incident = fileIn('.incidents/INC-163.yaml');
    const original = await readText(incident);
    const code = await readText(fileIn('src/config/featureFlags.ts'));
    // The workspace is a repository (see test/harness/workspace.ts): commit what earlier tests left, then go back to it.
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', 'checkout service');
    const head = git('rev-parse', 'HEAD');
    try {
      await writeText(incident, original.replace('    fingerprint: fdb5a3c5\n', `    fingerprint: fdb5a3c5\n    commit: ${head}\n`).replace('    symbol: loadFlags\n', ''));
      // Outside the editor: a git mv, then an edit of two linked lines, then a commit.
      git('mv', 'src/config/featureFlags.ts', 'src/config/flags.ts');
      const edited = code.replace("  } catch {\n    return DEFAULTS;\n  }", "  } catch (error) {\n    console.warn('flags unreadable', error);\n    return DEFAULTS;\n  }");
      await writeText(fileIn('src/config/flags.ts'), `// Feature flags.\n${edited}`);
      git('commit', '-q', '-am', 'rename flags');

      // The store learns of the edited incident file through the watcher: repair until it has.
      const repaired = await eventually(async () => {
        await vscode.commands.executeCommand('incidentLens.repairStaleLinks');
        const text = await readText(incident);
        assert.match(text, /path: src\/config\/flags\.ts/);
        return text;
      });
      assert.match(repaired, /lines: 13-25/);
      assert.match(repaired, new RegExp(`commit: ${git('rev-parse', 'HEAD')}`), 'the repaired link is pinned to HEAD, whose lines it now names');
    } finally {
      git('reset', '-q', '--hard', head);
    }
    assert.equal(await readText(fileIn('src/config/featureFlags.ts')), code);
    assert.equal(await readText(incident), original);
  });
});
