// Incident history for agents and stack traces in a real editor: the language-model tools
// registered and answering through vscode.lm.invokeTool, and "Find Incidents for Stack
// Trace…" on a pasted Node trace whose frames hit linked lines.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, eventually, fileIn, readText } from './helpers';

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
    assert.match(text, /People to ask: alice/);
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
      assert.ok(rows.some((row) => /\$\(person\) alice \| responded to INC-142/.test(row)), rows.join('\n'));
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
