// The MCP server as a client sees it: the SDK's own Client starts the built `incident-lens mcp`
// (out/cli/incident-lens.js, bundled like dist/cli.js) over stdio in a copy of the demo
// workspace, lists the tools and calls each.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { copyDemoWithHistory, type DemoRepository } from '../services/fixtureWorkspace';
import { CLI as cli } from './repo';

type ToolText = { content: { type: string; text?: string }[]; isError?: boolean };

describe('incident-lens mcp over stdio', function () {
  this.timeout(60_000);
  // A repository whose history has Priya Shah's commit "Fixes INC-142" on charge.ts lines 36-39.
  let demo: DemoRepository;

  before(() => {
    demo = copyDemoWithHistory();
  });
  after(() => demo.dispose());

  async function connect(args: string[]): Promise<{ client: Client; stderr: () => string }> {
    const transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', ...args], cwd: demo.root, env: demo.env as Record<string, string>, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk) => { stderr += String(chunk); });
    const client = new Client({ name: 'incident-lens-test', version: '1.0.0' });
    await client.connect(transport);
    return { client, stderr: () => stderr };
  }

  async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
    const result = (await client.callTool({ name, arguments: args })) as ToolText;
    return { text: result.content.map((c) => c.text ?? '').join('\n'), isError: result.isError === true };
  }

  it('lists the read-only tools, without log_incident_note, and answers each from the workspace', async () => {
    const { client, stderr } = await connect([]);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), ['incidents_at_location', 'search_incidents', 'incident_hotspots', 'incidents_for_stack_trace']);
      assert.ok(tools.every((t) => t.annotations?.readOnlyHint === true && t.description && t.inputSchema.type === 'object'));

      const here = await call(client, 'incidents_at_location', { path: 'src/payments/charge.ts', line: 37 });
      assert.equal(here.isError, false);
      assert.match(here.text, /^2 incidents are linked at src\/payments\/charge\.ts:37:/);
      assert.match(here.text, /INC-142 · SEV1 · resolved/);
      assert.match(here.text, /Linked: root-cause at src\/payments\/charge\.ts:23-42/);
      assert.match(here.text, new RegExp(`\\nPeople to ask:\\n  Priya Shah <priya@example\\.com>: wrote the fix for INC-142 \\(commit ${demo.fix.slice(0, 7)}, ${demo.fixDay}\\); changed this line in the last year\\n  alice: responded to INC-142 \\(linked here as root-cause\\)\\n`));

      const search = await call(client, 'search_incidents', { service: 'catalog' });
      assert.match(search.text, /^1 matching incident \(most recent first\):\nINC-157 /);

      const hotspots = await call(client, 'incident_hotspots', { limit: 3 });
      assert.match(hotspots.text, /^3 riskiest linked files/);
      assert.match(hotspots.text, /\n1\. src\/payments\/charge\.ts — risk /);

      const trace = await call(client, 'incidents_for_stack_trace', { trace: 'Error: timeout\n    at HttpPaymentGateway.charge (/srv/app/src/payments/gateway.ts:20:9)\n    at x (/srv/app/node_modules/y/z.js:1:1)' });
      assert.match(trace.text, /#1 HttpPaymentGateway\.charge src\/payments\/gateway\.ts:20 → INC-142 SEV1 contributing; INC-170 SEV3 related\n/);
      assert.match(trace.text, /#2 x \/srv\/app\/node_modules\/y\/z\.js:1 — skipped: library code \(node_modules\)/);

      const refused = await call(client, 'log_incident_note', { text: 'p99 is back' });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /--allow-notes/);

      const wrong = await call(client, 'incidents_at_location', { path: 'src/payments/charge.ts', line: 0, colour: 'red' });
      assert.equal(wrong.isError, true);
      assert.match(wrong.text, /Unknown argument "colour"/);
      assert.match(stderr(), /serving .* \(read-only\)/);
    } finally {
      await client.close();
    }
  });

  it('with --allow-notes logs a note to the live incident file through the writer', async () => {
    const { client } = await connect(['--allow-notes']);
    try {
      const { tools } = await client.listTools();
      const note = tools.find((t) => t.name === 'log_incident_note');
      assert.equal(note?.annotations?.readOnlyHint, false);
      const logged = await call(client, 'log_incident_note', { text: 'Gateway p99 back under 400 ms', kind: 'observation', path: 'src/payments/gateway.ts', line: 18, endLine: 20 });
      assert.equal(logged.isError, false, logged.text);
      assert.match(logged.text, /^Logged an observation note to INC-170 /);
      const file = readFileSync(join(demo.root, '.incidents/INC-170.yaml'), 'utf8');
      assert.match(file, /text: Gateway p99 back under 400 ms/);
      // In a repository the code reference is pinned to HEAD, the commit it was logged at.
      assert.ok(file.includes(`code: {path: src/payments/gateway.ts, lines: 18-20, commit: ${demo.fix}}`), file);
    } finally {
      await client.close();
    }
  });
});
