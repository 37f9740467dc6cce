import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MAX_FRAMES, MAX_TRACE_CHARS, parseStackTrace } from '../../../../src/core/stackTrace/parse';

/** The repository root, wherever the bundled test runs from. */
function repo(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'demo'))) dir = dirname(dir);
  return dir;
}

const HERE = () => join(repo(), 'test/unit/core/stackTrace');

function trace(name: string): string {
  return readFileSync(join(HERE(), 'traces', `${name}.txt`), 'utf8');
}

/** Frames as `language line: function @ file:line:column`, one per line: reviewable as a diff. */
function render(text: string): string {
  const { frames, languages } = parseStackTrace(text);
  const rows = frames.map((f) => `${f.language} ${f.traceLine}: ${f.function ?? '-'} @ ${f.file ?? '-'}${f.line ? `:${f.line}` : ''}${f.column ? `:${f.column}` : ''}`);
  return `languages: ${languages.join(', ')}\n${rows.join('\n')}\n`;
}

describe('stack trace parsing (golden)', () => {
  for (const name of ['node', 'browser', 'python', 'java', 'go', 'dotnet', 'ruby']) {
    it(`reads the ${name} trace as its golden frames`, () => {
      const golden = join(HERE(), 'golden', `${name}.txt`);
      const actual = render(trace(name));
      // UPDATE_GOLDEN=1 rewrites the file; review its diff like code.
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden, actual);
      assert.equal(actual, readFileSync(golden, 'utf8'));
    });
  }
});

describe('stack trace parsing', () => {
  it('keeps Node frames with line and column, Windows paths and URL prefixes as written', () => {
    const { frames } = parseStackTrace(trace('node'));
    assert.deepEqual(frames[0], {
      language: 'javascript', traceLine: 2, text: 'at PaymentService.charge (/srv/app/src/payments/charge.ts:51:13)',
      function: 'PaymentService.charge', file: '/srv/app/src/payments/charge.ts', line: 51, column: 13,
    });
    assert.ok(frames.some((f) => f.file === 'C:\\Users\\dev\\app\\src\\payments\\charge.ts' && f.line === 40 && f.column === 5));
    assert.ok(frames.some((f) => f.file === 'webpack:///./src/payments/ledger.ts' && f.function === 'new Ledger'));
    assert.ok(!frames.some((f) => f.text.startsWith('Retrying')), 'a log line with a time in it is not a frame');
    assert.ok(!frames.some((f) => f.text.includes('Promise.all')), 'a frame without a location is not kept for JavaScript');
  });

  it('gives JVM frames their package path, and frames without a location none', () => {
    const { frames } = parseStackTrace(trace('java'));
    const charge = frames.find((f) => f.line === 42);
    assert.equal(charge?.file, 'com/acme/payments/ChargeService.java');
    assert.equal(frames.find((f) => f.function === 'com.acme.payments.ChargeKt.chargeAll')?.file, 'com/acme/payments/Charge.kt');
    assert.equal(frames.find((f) => f.function === 'java.lang.Thread.run')?.file, 'java/lang/Thread.java', 'module prefix dropped');
    const native = frames.find((f) => f.function?.endsWith('invoke0'));
    assert.ok(native && native.file === undefined && native.line === undefined);
    assert.equal(frames.find((f) => f.function === 'com.acme.gateway.Client.send')?.line, undefined, 'a file without a line');
  });

  it('names the Go function from the line above its location', () => {
    const { frames } = parseStackTrace(trace('go'));
    assert.deepEqual(frames.map((f) => f.function), ['main.(*Server).charge', 'main.main', 'net/http.HandlerFunc.ServeHTTP', 'main.main']);
    assert.equal(frames[1]?.file, 'C:/Users/dev/app/main.go');
  });

  it('reads .NET frames without symbols only in a trace that is otherwise .NET', () => {
    assert.ok(parseStackTrace(trace('dotnet')).frames.some((f) => f.function === 'System.Threading.Tasks.Task.Execute()' && f.file === undefined));
    assert.deepEqual(parseStackTrace('   at System.Threading.Tasks.Task.Execute()\n').frames, []);
  });

  it('reads CRLF and lone CR line endings', () => {
    const text = trace('python').replace(/\n/g, '\r\n');
    assert.equal(parseStackTrace(text).frames.length, parseStackTrace(trace('python')).frames.length);
    assert.equal(parseStackTrace(trace('ruby').replace(/\n/g, '\r')).frames.length, 5);
  });

  it('finds nothing in text that is not a trace, and never throws on junk', () => {
    assert.deepEqual(parseStackTrace('').frames, []);
    assert.deepEqual(parseStackTrace('Deploy finished at 12:30\nSee https://example.com for more\n').frames, []);
    assert.deepEqual(parseStackTrace('\0\u0001 at (((( @@@ File "').frames, []);
  });

  it('reads a huge paste only up to its limits and says so', () => {
    const frame = '    at f (/srv/app/a.js:1:1)\n';
    const many = parseStackTrace(frame.repeat(MAX_FRAMES + 50));
    assert.equal(many.frames.length, MAX_FRAMES);
    assert.equal(many.truncated, true);
    const long = parseStackTrace(frame + 'x'.repeat(MAX_TRACE_CHARS));
    assert.equal(long.frames.length, 1);
    assert.equal(long.truncated, true);
    assert.equal(parseStackTrace(`    at f (/srv/${'a/'.repeat(2000)}a.js:1:1)\n`).frames.length, 0, 'an overlong line is skipped');
  });

  it('passes over lines built to make the patterns backtrack', () => {
    const bait = ['at ' + '('.repeat(8) + ' '.repeat(480) + ':1)', 'x@' + '@http'.repeat(3) + ' '.repeat(470) + ':1', `  File "${'"'.repeat(900)}", line 1`, `\tat ${'a.'.repeat(450)}(x:1)`, `from ${':1:in '.repeat(160)}'`];
    for (const line of bait) {
      const { frames } = parseStackTrace(Array.from({ length: 64 }, () => line).join('\n'));
      assert.deepEqual(frames, [], line.slice(0, 20));
    }
    assert.deepEqual(parseStackTrace(`at ${'('.repeat(600)}:1)`).frames, []);
  });
});
