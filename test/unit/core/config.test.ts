import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, parseConfigFile } from '../../../src/core/config';

const FULL = `# .incidents/config.yaml
references: ['INC-\\d+', 'PD-[A-Z0-9]{7}']
services:
  payments-api: [src/payments/**, lib/billing/*.ts]
  catalog: []
severities:
  - { label: P0, weight: 10 }
  - { label: P1, weight: 5 }
  - { label: P2, weight: 0 }
roles:
  root-cause: 1.5
  related: 0
half_life_days: 90
thresholds: { low: 2, medium: 5, high: 10 }
`;

/** [line, column, severity, message] of each problem, the way the Problems panel shows it. */
function where(text: string): [number, number, string, string][] {
  return parseConfigFile(text).problems.map((p) => [p.line, p.column, p.severity, p.message]);
}

describe('parseConfigFile', () => {
  it('gives the defaults for an empty file or one with only comments', () => {
    for (const text of ['', '# nothing here yet\n']) {
      const { config, problems } = parseConfigFile(text);
      assert.deepEqual(problems, []);
      assert.equal(config, DEFAULT_CONFIG);
    }
  });

  it('has the documented defaults, frozen', () => {
    assert.deepEqual(DEFAULT_CONFIG, {
      references: ['INC-\\d+'],
      services: {},
      severities: [{ label: 'SEV1', weight: 8 }, { label: 'SEV2', weight: 4 }, { label: 'SEV3', weight: 2 }, { label: 'SEV4', weight: 1 }],
      roleWeights: { 'root-cause': 1, trigger: 0.8, contributing: 0.6, mitigation: 0.3, detection: 0.3, related: 0.2 },
      halfLifeDays: 180,
      thresholds: { low: 1, medium: 3, high: 6 },
    });
    assert.ok(Object.isFrozen(DEFAULT_CONFIG.severities[0]) && Object.isFrozen(DEFAULT_CONFIG.roleWeights));
  });

  it('reads every override and keeps the defaults for roles not mentioned', () => {
    const { config, problems } = parseConfigFile(FULL);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      references: ['INC-\\d+', 'PD-[A-Z0-9]{7}'],
      services: { 'payments-api': ['src/payments/**', 'lib/billing/*.ts'], catalog: [] },
      severities: [{ label: 'P0', weight: 10 }, { label: 'P1', weight: 5 }, { label: 'P2', weight: 0 }],
      roleWeights: { 'root-cause': 1.5, trigger: 0.8, contributing: 0.6, mitigation: 0.3, detection: 0.3, related: 0 },
      halfLifeDays: 90,
      thresholds: { low: 2, medium: 5, high: 10 },
    });
  });

  it('fills thresholds not given from the defaults', () => {
    assert.deepEqual(parseConfigFile('thresholds: { high: 12 }\n').config.thresholds, { low: 1, medium: 3, high: 12 });
  });

  it('lets an explicit empty reference list turn reference detection off', () => {
    assert.deepEqual(parseConfigFile('references: []\n').config.references, []);
  });

  it('warns about unknown fields and unknown roles at their key and keeps the rest', () => {
    const text = 'half_life_days: 30\nteam: payments\nroles:\n  root-cause: 2\n  blame: 5\n';
    const { config, problems } = parseConfigFile(text);
    assert.equal(config.halfLifeDays, 30);
    assert.equal(config.roleWeights['root-cause'], 2);
    assert.deepEqual(problems.map((p) => [p.line, p.column, p.endColumn, p.severity]), [[2, 1, 5, 'warning'], [5, 3, 8, 'warning']]);
    assert.match(problems[0]?.message ?? '', /Unknown field "team"/);
    assert.match(problems[1]?.message ?? '', /^Unknown role "blame": expected one of root-cause, trigger/);
  });

  it('reports a YAML syntax error at its position and falls back to the defaults', () => {
    const { config, problems } = parseConfigFile('half_life_days: 90\nthresholds: a: b\n');
    assert.equal(config, DEFAULT_CONFIG);
    assert.deepEqual(problems.map((p) => [p.line, p.column, p.message]), [[2, 13, 'Nested mappings are not allowed in compact mappings']]);
  });

  it('flags a duplicate key where it repeats', () => {
    const [problem] = where('half_life_days: 90\nhalf_life_days: 30\n');
    assert.equal(problem?.[0], 2);
    assert.match(problem?.[3] ?? '', /unique/i);
  });

  it('points wrong types and out-of-range numbers at their value and uses the default for each', () => {
    const text = 'half_life_days: soon\nroles:\n  trigger: -1\nthresholds:\n  low: 0\n  high: 20\nservices: payments\n';
    const { config, problems } = parseConfigFile(text);
    assert.deepEqual(problems.map((p) => [p.line, p.column]), [[1, 17], [3, 12], [5, 8], [7, 11]]);
    assert.deepEqual(problems.map((p) => p.message), [
      'half_life_days must be a number.',
      'trigger must be >= 0.',
      'low must be > 0.',
      'services must be a mapping.',
    ]);
    assert.equal(config.halfLifeDays, 180);
    assert.equal(config.roleWeights.trigger, 0.8);
    assert.deepEqual(config.thresholds, { low: 1, medium: 3, high: 20 });
    assert.deepEqual(config.services, {});
  });

  it('drops only the bad glob of a service', () => {
    const { config, problems } = parseConfigFile('services:\n  api: [src/api/**, 42, ""]\n');
    assert.deepEqual(config.services, { api: ['src/api/**'] });
    assert.deepEqual(problems.map((p) => [p.line, p.column]), [[2, 21], [2, 25]]);
  });

  it('drops a severity entry with a bad or missing weight and reports it at the entry', () => {
    const text = 'severities:\n  - { label: SEV1, weight: 8 }\n  - { label: SEV2 }\n  - { label: SEV3, weight: -2 }\n  - SEV4\n';
    const { config, problems } = parseConfigFile(text);
    assert.deepEqual(config.severities, [{ label: 'SEV1', weight: 8 }]);
    assert.deepEqual(problems.map((p) => [p.line, p.message]), [
      [3, 'Missing required field "weight".'],
      [4, 'weight must be >= 0.'],
      [5, 'severities must be a mapping.'],
    ]);
    assert.equal(problems[1]?.column, 28);
  });

  it('rejects a duplicate severity label at the second label and keeps the first', () => {
    const text = 'severities:\n  - { label: SEV1, weight: 8 }\n  - { label: SEV2, weight: 4 }\n  - { label: SEV1, weight: 1 }\n';
    const { config, problems } = parseConfigFile(text);
    assert.deepEqual(config.severities.map((s) => [s.label, s.weight]), [['SEV1', 8], ['SEV2', 4]]);
    assert.deepEqual(problems.map((p) => [p.line, p.column, p.endColumn, p.severity]), [[4, 14, 18, 'error']]);
    assert.match(problems[0]?.message ?? '', /Duplicate severity "SEV1"/);
  });

  it('uses the default severities when none of the given ones is usable, or the list is empty', () => {
    assert.deepEqual(parseConfigFile('severities: [{ label: X }]\n').config.severities, DEFAULT_CONFIG.severities);
    const empty = parseConfigFile('severities: []\n');
    assert.deepEqual(empty.config.severities, DEFAULT_CONFIG.severities);
    assert.deepEqual(empty.problems.map((p) => [p.line, p.column]), [[1, 13]]);
  });

  it('rejects an invalid or empty-matching reference pattern at its item', () => {
    const text = "references:\n  - 'INC-(\\d+'\n  - 'OPS-\\d+'\n  - 'X-\\d*|'\n  - '\\b'\n";
    const { config, problems } = parseConfigFile(text);
    assert.deepEqual(config.references, ['OPS-\\d+']);
    assert.deepEqual(problems.map((p) => [p.line, p.column, p.severity]), [[2, 5, 'error'], [4, 5, 'error'], [5, 5, 'error']]);
    assert.match(problems[0]?.message ?? '', /^"INC-\(\\d\+" is not a valid pattern: missing closing \)/);
    assert.match(problems[1]?.message ?? '', /can match empty text/);
  });

  it('keeps the default reference pattern when every given one is broken', () => {
    assert.deepEqual(parseConfigFile("references: ['[']\n").config.references, ['INC-\\d+']);
  });

  it('rejects thresholds that do not rise, at the thresholds key', () => {
    const { config, problems } = parseConfigFile('half_life_days: 60\nthresholds: { low: 5, medium: 3 }\n');
    assert.deepEqual(config.thresholds, DEFAULT_CONFIG.thresholds);
    assert.equal(config.halfLifeDays, 60);
    assert.deepEqual(problems.map((p) => [p.line, p.column, p.endColumn]), [[2, 1, 11]]);
    assert.match(problems[0]?.message ?? '', /low 5, medium 3, high 6/);
  });

  it('survives an alias bomb without expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 12; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill('*' + String.fromCharCode(97 + i)).join(', ')}]`);
    const { config, problems } = parseConfigFile(bomb.join('\n'));
    assert.equal(config, DEFAULT_CONFIG);
    assert.match(problems[0]?.message ?? '', /alias/i);
  });

  it('refuses binary content, oversized text and a document that is not a mapping', () => {
    for (const [text, message] of [['half_life_days: \0\0', /binary/], ['x'.repeat(256 * 1024 + 1), /larger than 256 KiB/], ['- a\n- b\n', /YAML mapping/], ['90\n', /YAML mapping/]] as const) {
      const { config, problems } = parseConfigFile(text);
      assert.equal(config, DEFAULT_CONFIG);
      assert.deepEqual(problems.map((p) => [p.line, p.column, p.severity]), [[1, 1, 'error']]);
      assert.match(problems[0]?.message ?? '', message);
    }
  });
});
