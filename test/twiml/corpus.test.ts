// The fixture corpus: every valid document under test/fixtures/twiml/valid/{voice,messaging}
// parses, without warnings, to exactly the tree in the .json file beside it; every document under
// invalid/ gives exactly the errors and warnings (code, line, column, path, message) beside it.
// TWIML_UPDATE_FIXTURES=1 rewrites the .json files from the parser (review the diff!).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { parseTwiml } from '../../src/twiml/index.js';
import { MESSAGING, VOICE, type CompiledElement } from '../../src/twiml/vocabulary/index.js';

const FIXTURES = new URL('../fixtures/twiml/', import.meta.url).pathname;
const UPDATE = process.env.TWIML_UPDATE_FIXTURES === '1';
const KINDS = ['voice', 'messaging'] as const;

function documents(set: 'valid' | 'invalid', kind: string): string[] {
  return readdirSync(join(FIXTURES, set, kind)).filter((name) => name.endsWith('.xml')).sort();
}

function expectation(path: string, actual: unknown): unknown {
  const file = path.replace(/\.xml$/, '.json');
  if (UPDATE) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

for (const kind of KINDS) {
  describe(`valid ${kind} TwiML parses to the documented tree, with Twilio's defaults applied`, () => {
    for (const name of documents('valid', kind)) {
      test(name, () => {
        const path = join(FIXTURES, 'valid', kind, name);
        const result = parseTwiml(readFileSync(path, 'utf8'), { kind });
        assert.ok(result.ok, `expected ${name} to parse: ${JSON.stringify(result.ok ? [] : result.errors, null, 2)}`);
        assert.deepEqual(result.warnings, []);
        assert.deepEqual(JSON.parse(JSON.stringify(result.document)), expectation(path, result.document));
      });
    }
  });

  describe(`invalid ${kind} TwiML gives Twilio's 12100/12200 with line, column and element path`, () => {
    for (const name of documents('invalid', kind)) {
      test(name, () => {
        const path = join(FIXTURES, 'invalid', kind, name);
        const result = parseTwiml(readFileSync(path, 'utf8'), { kind });
        const actual = result.ok ? { ok: true, warnings: result.warnings } : { ok: false, errors: result.errors, warnings: result.warnings };
        assert.deepEqual(actual, expectation(path, actual));
        assert.ok(!result.ok || result.warnings.length > 0, 'an invalid fixture must produce errors or warnings');
      });
    }
  });
}

/** Every (element, attribute) pair the valid corpus writes, read with saxes alone. */
function attributesWritten(kind: string): Set<string> {
  const seen = new Set<string>();
  for (const name of documents('valid', kind)) {
    const parser = new SaxesParser();
    parser.on('opentag', (tag) => {
      seen.add(`${tag.name}`);
      for (const attribute of Object.keys(tag.attributes)) seen.add(`${tag.name}@${attribute}`);
    });
    parser.write(readFileSync(join(FIXTURES, 'valid', kind, name), 'utf8')).close();
  }
  return seen;
}

/** Every element, and every attribute of each, that the vocabulary declares. */
function vocabulary(root: CompiledElement): Set<string> {
  const out = new Set<string>();
  const visit = (element: CompiledElement): void => {
    for (const [name, child] of element.children) {
      if ('unsupported' in child || out.has(name)) continue;
      out.add(name);
      for (const attribute of child.spec?.attributeNames ?? []) out.add(`${name}@${attribute}`);
      visit(child);
    }
  };
  visit(root);
  return out;
}

test('the valid corpus uses every verb, noun and attribute of both vocabularies at least once', () => {
  for (const [kind, root] of [['voice', VOICE.root], ['messaging', MESSAGING.root]] as const) {
    const written = attributesWritten(kind);
    const missing = [...vocabulary(root)].filter((entry) => !written.has(entry));
    assert.deepEqual(missing, [], `${kind} corpus never writes: ${missing.join(', ')}`);
  }
});
