// Loading re2js (the linear-time engine for config.yaml's patterns) is a step of its own: evaluating
// its code costs the extension host about 10 ms, and the first union's compile as much again, so
// ConfigStore turns the event loop between them (issue 13, the 50 ms rule). In a file of its own:
// each test file is its own bundle, so the engine is not yet loaded here when the test starts.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigStore } from '../../../src/adapters/configStore';
import { WorkerParser } from '../../../src/adapters/incidentParser';
import { turnCounter } from './turns';

describe('hostile repositories: loading the pattern engine', () => {
  it("loads re2js in one turn of the event loop and compiles config.yaml's first patterns in a later one", async () => {
    const root = mkdtempSync(join(tmpdir(), 'incident-lens-engine-turn-'));
    const moduleProto = Module.prototype as unknown as { require: (id: string) => unknown };
    const originalRequire = moduleProto.require;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same module object the code under test loads
    const { RE2JS } = require('re2js') as typeof import('re2js');
    const originalCompile = RE2JS.compile;
    const parser = new WorkerParser({ script: resolve(__dirname, '../../../parseWorker.js') });
    const turns = turnCounter();
    const loadedAt: number[] = [];
    const compiledAt: number[] = [];
    try {
      mkdirSync(join(root, '.incidents'));
      writeFileSync(join(root, '.incidents', 'config.yaml'), "references: ['OPS-\\d+', 'SEC-[0-9]{3}']\n");
      moduleProto.require = function (this: unknown, id: string) {
        if (id === 're2js') loadedAt.push(turns.now());
        return originalRequire.call(this, id);
      };
      RE2JS.compile = ((...args: Parameters<typeof originalCompile>) => (compiledAt.push(turns.now()), originalCompile.apply(RE2JS, args))) as typeof originalCompile;
      // As the extension has it: config.yaml is parsed and its patterns checked in the parse worker
      // (a thread of its own, with its own re2js); this thread only compiles the unions.
      const configs = new ConfigStore(parser);
      await configs.load({ id: 'file:///engine', root });
      assert.ok(configs.matcherOf('file:///engine'), 'the patterns compiled');
    } finally {
      turns.stop();
      parser.dispose();
      moduleProto.require = originalRequire;
      RE2JS.compile = originalCompile;
      rmSync(root, { recursive: true, force: true });
    }
    assert.ok(loadedAt.length >= 1, 're2js was loaded by the load, not before it');
    assert.ok(compiledAt.length >= 1, 'a pattern was compiled');
    const firstCompile = Math.min(...compiledAt);
    assert.ok(Math.max(...loadedAt) < firstCompile, `re2js loaded in turn ${loadedAt.join(', ')}, the first pattern compiled in turn ${firstCompile}: the same stretch of the host`);
  });
});
