// The benchmark table: ratios are Dialtone ÷ baseline, goals are judged on the ratio or on
// Dialtone's own figure, and both renderings show every row with its baseline beside it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatMarkdown, formatNumber, formatText, goalMet, ratioOf } from '../../bench/table.js';
import type { Row } from '../../bench/table.js';

const accepted: Row = { benchmark: 'api', metric: 'messages.create accepted', unit: 'req/s', dialtone: 400, baseline: 2000, baselineName: 'bare fastify', goal: { on: 'ratio', op: '>=', target: 0.5 } };
const delivered: Row = { benchmark: 'messaging', metric: 'delivered end to end', unit: 'msg/s', dialtone: 2500, baseline: null, goal: { on: 'value', op: '>=', target: 2000 } };
const verb: Row = { benchmark: 'voice', metric: 'engine time per verb p99', unit: 'ms', dialtone: 0.195, baseline: null, goal: { on: 'value', op: '<=', target: 1 } };

describe('benchmark table', () => {
  test('the ratio is Dialtone over the baseline, and missing without one', () => {
    assert.equal(ratioOf(accepted), 0.2);
    assert.equal(ratioOf(delivered), null);
    assert.equal(ratioOf({ ...accepted, baseline: 0 }), null);
  });

  test('a goal on the ratio or on the value is met or not; a row without a goal has none', () => {
    assert.equal(goalMet(accepted), false);
    assert.equal(goalMet({ ...accepted, dialtone: 1000 }), true);
    assert.equal(goalMet(delivered), true);
    assert.equal(goalMet(verb), true);
    assert.equal(goalMet({ ...verb, dialtone: 1.5 }), false);
    assert.equal(goalMet({ ...accepted, goal: undefined }), null);
    assert.equal(goalMet({ ...accepted, baseline: null }), false);
  });

  test('figures keep as many decimals as their size deserves', () => {
    assert.equal(formatNumber(12345.6), '12,346');
    assert.equal(formatNumber(123.4), '123');
    assert.equal(formatNumber(12.34), '12.3');
    assert.equal(formatNumber(1.234), '1.23');
    assert.equal(formatNumber(0.1234), '0.123');
    assert.equal(formatNumber(Number.NaN), '—');
  });

  test('the text table aligns every row under one header', () => {
    const lines = formatText([accepted, delivered, verb]).split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0] ?? '', /^benchmark\s+metric\s+unit\s+Dialtone\s+baseline\s+baseline is\s+ratio\s+goal$/);
    assert.match(lines[2] ?? '', /messages\.create accepted\s+req\/s\s+400\s+2,000\s+bare fastify\s+0\.20×\s+≥ 0\.5× NOT met$/);
    assert.match(lines[3] ?? '', /delivered end to end\s+msg\/s\s+2,500\s+—\s+≥ 2,000 met$/);
    assert.match(lines[4] ?? '', /≤ 1 met$/);
  });

  test('the Markdown table has one line per row, right-aligned figures and escaped pipes', () => {
    const lines = formatMarkdown([accepted, { ...delivered, metric: 'a | b' }]).split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[1], '|---|---|---|---:|---:|---|---:|---|');
    assert.equal(lines[2], '| api | messages.create accepted | req/s | 400 | 2,000 | bare fastify | 0.20× | ≥ 0.5× NOT met |');
    assert.match(lines[3] ?? '', /\| a \\\| b \|/);
  });
});
