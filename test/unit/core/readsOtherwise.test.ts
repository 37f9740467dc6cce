// readsOtherwise skips its two parses for text that cannot be a number or a date: the skip must
// never hide a value YAML 1.1 or 1.2 reads otherwise. Checked against the two parses themselves.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { asWrittenWarnings, parseIncidentYaml, readsOtherwise, yamlReadsAs } from '../../../src/core/incidentYaml';

/**
 * The two parses (yamlReadsAs, the code's own), after only the first skip (a digit, sign, dot or
 * tilde first, or a word). (The yaml library's YAML 1.1 also reads `E0` as a number; that first
 * skip leaves it as text.)
 */
function byParsing(source: string): string | undefined {
  if (!/^[-+.~\d]/.test(source) && !/^(?:y|n|yes|no|true|false|on|off|null)$/i.test(source)) return undefined;
  return yamlReadsAs(source);
}

describe('readsOtherwise', () => {
  it('agrees with parsing on number-, date- and hash-like text', () => {
    const chars = fc.constantFrom(...'0123456789abcdefxobEeinfINFNaT:-+._, ~Z'.split(''));
    fc.assert(fc.property(fc.array(chars, { minLength: 1, maxLength: 14 }).map((c) => c.join('')), (text) => {
      if (text.trim() !== text || text.includes(' #')) return;
      assert.equal(readsOtherwise(text), byParsing(text), text);
    }), { numRuns: 5000 });
  });

  it('reads the known forms as YAML does, and a fingerprint as text', () => {
    for (const text of ['0042', '1e3', '+.inf', '.NaN', '0x1F', '0o17', '0b1010', '190:20:30', '1_000', '2026-03-02', '2001-12-14 21:59:43.10 -5', '9c41e07d', '3f2a9c1', '40-62', '1.2.3', '...', '---', '... 5']) {
      assert.equal(readsOtherwise(text), byParsing(text), text);
    }
    assert.equal(readsOtherwise('9c41e07d'), undefined);
    assert.equal(readsOtherwise('1e3'), 'a number');
  });

  it('warns about each plain text field another YAML tool reads otherwise, saying as what', () => {
    const doc = parseIncidentYaml([
      'id: 0042', 'title: Outage', 'severity: yes', 'status: ~', 'summary: 2026-03-02', 'responders: [1e3, alice]',
      'links:', '  - path: src/a.ts', '    fingerprint: 9c41e07d', '    lines: 40', '',
    ].join('\n'));
    assert.deepEqual(asWrittenWarnings(doc).map((w) => w.message.split('. Quote')[0]), [
      'id is read as the text 0042, as written; other YAML tools read it as a number',
      'severity is read as the text yes, as written; other YAML tools read it as true or false',
      'status is read as the text ~, as written; other YAML tools read it as null',
      'summary is read as the text 2026-03-02, as written; other YAML tools read it as a date',
      'responders is read as the text 1e3, as written; other YAML tools read it as a number',
    ]);
    assert.match(asWrittenWarnings(doc)[0]?.message ?? '', /Quote it \("0042"\) so that every tool reads the same value\.$/);
  });
});
