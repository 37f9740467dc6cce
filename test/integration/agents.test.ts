// Incident history for agents and stack traces in a real editor: the language-model tools
// registered and answering through vscode.lm.invokeTool, and "Find Incidents for Stack
// Trace…" on a pasted Node trace whose frames hit linked lines.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { activated, eventually, fileIn, readText, workspaceRoot, writeText } from './helpers';

const priya = { name: 'Priya Shah', email: 'priya@corp.example' };

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: workspaceRoot().fsPath, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: priya.name, GIT_AUTHOR_EMAIL: priya.email, GIT_COMMITTER_NAME: priya.name, GIT_COMMITTER_EMAIL: priya.email } }).trim();
}

const TOOLS = ['incidentLens_incidentsAtLocation', 'incidentLens_searchIncidents', 'incidentLens_hotspots', 'incidentLens_incidentsForStackTrace', 'incidentLens_logIncidentNote'];

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

describe('Agents and stack traces', () => {
  before(activated);

  it('registers every incident tool with the language model API', async () => {
    const names = await eventually(() => {
      const ours = vscode.lm.tools.filter((tool) => tool.name.startsWith('incidentLens_')).map((tool) => tool.name);
      assert.deepEqual([...ours].sort(), [...TOOLS].sort());
      return ours;
    });
    assert.equal(names.length, TOOLS.length);
    const atLocation = vscode.lm.tools.find((tool) => tool.name === 'incidentLens_incidentsAtLocation');
    assert.match(atLocation?.description ?? '', /Past production incidents linked to a file/);
  });

  it('answers incidents at a linked line through vscode.lm.invokeTool', async () => {
    const text = await eventually(async () => {
      const answer = await invoke('incidentLens_incidentsAtLocation', { path: 'src/payments/charge.ts', line: 30 });
      assert.match(answer, /INC-142/);
      return answer;
    });
    assert.match(text, /^2 incidents are linked at src\/payments\/charge\.ts:30:/);
    assert.match(text, /INC-142 · SEV1 · resolved/);
    assert.match(text, /Linked: root-cause at src\/payments\/charge\.ts:23-42/);
    assert.match(text, /\nPeople to ask:\n( {2}.*\n)* {2}alice: responded to INC-142 \(linked here as root-cause\)\n/);
  });

  it('names who wrote the fix of the lines asked about, with the commit, before the responders', async function () {
    this.timeout(120_000);
    const file = fileIn('src/payments/charge.ts');
    const original = await readText(file);
    // The workspace is a repository (test/harness/workspace.ts): commit a break and its fix on top
    // of it (the fix brings line 38 back to the demo's text, so the links stay where they are), then go back.
    const base = git('rev-parse', 'HEAD');
    try {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', 'checkout service');
      await writeText(file, original.replace('const ceiling = BASE_DELAY_MS * 2 ** attempt;', 'const ceiling = BASE_DELAY_MS;'));
      git('commit', '-q', '-am', 'Constant backoff');
      await writeText(file, original);
      git('commit', '-q', '-am', 'Exponential backoff again\n\nFixes INC-142');
      const fix = git('rev-parse', 'HEAD');
      const day = git('log', '-1', '--format=%aI').slice(0, 10);
      const text = await eventually(async () => {
        const answer = await invoke('incidentLens_incidentsAtLocation', { path: 'src/payments/charge.ts', line: 38 });
        assert.match(answer, /\n {2}Priya Shah/);
        return answer;
      }, 60_000);
      assert.ok(text.includes(`\nPeople to ask:\n  Priya Shah <priya@corp.example>: wrote the fix for INC-142 (commit ${fix.slice(0, 7)}, ${day}); changed this line in the last year\n  alice: responded to INC-142 (linked here as root-cause)\n`), text);
    } finally {
      git('reset', '-q', '--hard', base);
      await writeText(file, original);
    }
  });

  it('answers for the editor selection when no path is given', async () => {
    const editor = await vscode.window.showTextDocument(fileIn('src/payments/gateway.ts'));
    editor.selection = new vscode.Selection(18, 0, 20, 4);
    const text = await invoke('incidentLens_incidentsAtLocation', {});
    assert.match(text, /linked at src\/payments\/gateway\.ts:19-21:/);
    assert.match(text, /INC-142 · SEV1/);
    assert.match(text, /INC-170 · SEV3 · investigating/);
  });

  it('shows the incidents at the frames of a pasted Node trace', async () => {
    const root = fileIn('.').fsPath.replace(/[\\/]\.?$/, '');
    const trace = [
      'TypeError: Cannot read properties of undefined (reading \'id\')',
      `    at PaymentService.charge (${root}/src/payments/charge.ts:30:21)`,
      '    at async Router.handle (/srv/app/node_modules/express/lib/router/index.js:284:7)',
      '    at Server.handle (/srv/app/src/api/server.ts:3:1)',
    ].join('\n');
    await vscode.env.clipboard.writeText(trace);
    try {
      const shown = await vscode.commands.executeCommand<{ rows: { label: string; description?: string }[] }>('incidentLens.findIncidentsForStackTrace');
      assert.ok(shown, 'the command showed nothing');
      const rows = shown.rows.map((row) => `${row.label} | ${row.description ?? ''}`);
      assert.ok(rows.some((row) => /PaymentService\.charge \| #1 src\/payments\/charge\.ts:30 · INC-142, INC-131/.test(row)), rows.join('\n'));
      assert.ok(rows.some((row) => /Router\.handle \| #2 \/srv\/app\/node_modules/.test(row)), rows.join('\n'));
      assert.ok(rows.some((row) => /INC-142: Checkout requests time out under retry storm/.test(row)), rows.join('\n'));
      assert.ok(rows.some((row) => row === '$(person) alice | responded to INC-142 (linked here as root-cause)'), rows.join('\n'));
      assert.ok(rows.some((row) => row === '$(person) carol | responded to INC-131 (linked here as contributing)'), rows.join('\n'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  });

  it('logs a note from an agent to the live incident file, with its code reference', async () => {
    const live = fileIn('.incidents/INC-170.yaml');
    const before = await readText(live);
    try {
      const text = await invoke('incidentLens_logIncidentNote', { text: 'Gateway p99 back under 400 ms', kind: 'observation', path: 'src/payments/gateway.ts', line: 18, endLine: 20 });
      assert.match(text, /^Logged an observation note to INC-170 \(Gateway latency spikes in eu-west\) at \S+ about src\/payments\/gateway\.ts:18-20\.$/);
      const file = await readText(live);
      assert.match(file, /text: Gateway p99 back under 400 ms\n\s+code: \{ ?path: src\/payments\/gateway\.ts, lines: 18-20/);
    } finally {
      await vscode.workspace.fs.writeFile(live, Buffer.from(before));
    }
  });
});
