import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectAnswers, mergeAnswers, parseSet, typedValue } from '../../generator/answers/collect';
import { PRESETS } from '../../generator/answers/presets';
import { tempDir } from '../helpers/tmp';

describe('--set values are typed by the schema', () => {
  it('integers, booleans, maps and text', () => {
    assert.equal(typedValue('azCount', '2'), 2);
    assert.equal(typedValue('azCount', 'two'), 'two');
    assert.equal(typedValue('appTier', 'true'), true);
    assert.equal(typedValue('appTier', 'false'), false);
    assert.equal(typedValue('appTier', 'yes'), 'yes');
    assert.deepEqual(typedValue('tags', '{"Team":"dba"}'), { Team: 'dba' });
    assert.equal(typedValue('tags', 'Team'), 'Team');
    assert.equal(typedValue('environmentSuffix', '123'), '123', 'text fields stay text even when they look like numbers');
  });
  it('parses key=value, tags.Key=value and rejects items without =', () => {
    assert.deepEqual(parseSet('natGatewayCount=0'), { key: 'natGatewayCount', value: 0 });
    assert.deepEqual(parseSet('domainName=a=b.example.com'), { key: 'domainName', value: 'a=b.example.com' });
    assert.deepEqual(parseSet('tags.Cost-Center=42'), { key: 'tags', value: '42', tag: 'Cost-Center' });
    assert.deepEqual(parseSet('unknownKey=1'), { key: 'unknownKey', value: '1' });
    assert.equal((parseSet('azCount') as { field: string }).field, '--set');
  });
});

describe('answer layers', () => {
  it('later layers win; tags merge key by key', () => {
    assert.deepEqual(
      mergeAnswers({ azCount: 3, tags: { A: '1', B: '1' } }, undefined, { azCount: 2, tags: { B: '2' } }),
      { azCount: 2, tags: { A: '1', B: '2' } },
    );
  });

  it('stored < preset < answers file < --set', () => {
    const dir = tempDir('answers');
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, 'azCount: 2\nnatGatewayCount: 2\ntags:\n  Team: dba\n');
    const { input, problems } = collectAnswers({
      stored: { name: 'stored-name', azCount: 3 },
      preset: 'trading',
      answersFile: file,
      sets: ['natGatewayCount=0', 'tags.CostCenter=42'],
    });
    assert.deepEqual(problems, []);
    assert.equal(input.name, PRESETS.trading.answers.name);
    assert.equal(input.azCount, 2);
    assert.equal(input.natGatewayCount, 0);
    assert.deepEqual(input.tags, { Environment: 'production', Team: 'dba', CostCenter: '42' });
  });

  it('answers given as an object (a portal form) sit between the answers file and --set', () => {
    const dir = tempDir('object');
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, 'azCount: 2\nnatGatewayCount: 2\n');
    const { input } = collectAnswers({ preset: 'trading', answersFile: file, answers: { natGatewayCount: 1, tags: { Team: 'dba' } }, sets: ['azCount=3'] });
    assert.equal(input.natGatewayCount, 1);
    assert.equal(input.azCount, 3);
    assert.deepEqual(input.tags, { Environment: 'production', Team: 'dba' });
  });

  it('reads JSON answers files too', () => {
    const file = join(tempDir('json'), 'a.json');
    writeFileSync(file, JSON.stringify({ engine: 'aurora-mysql' }));
    assert.equal(collectAnswers({ answersFile: file }).input.engine, 'aurora-mysql');
  });

  it('reports an unknown preset, an unreadable or malformed file and a bad --set together', () => {
    const dir = tempDir('bad');
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'azCount: [1\n');
    const list = join(dir, 'list.yaml');
    writeFileSync(list, '- 1\n- 2\n');
    const fields = (sources: Parameters<typeof collectAnswers>[0]) => collectAnswers(sources).problems.map((p) => `${p.field}: ${p.reason}`);
    assert.deepEqual(fields({ preset: 'banking', answersFile: join(dir, 'missing.yaml'), sets: ['x'] }), [
      '--preset: is not a preset',
      '--answers: cannot be read (ENOENT)',
      '--set: is not key=value',
    ]);
    assert.match(fields({ answersFile: broken })[0], /^--answers: is not valid JSON or YAML/);
    assert.deepEqual(fields({ answersFile: list }), ['--answers: does not hold an object of answers']);
  });
});
