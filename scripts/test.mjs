// `npm test`: type-checks, checks for import cycles, then runs every test under test/ with
// Node's test runner — storage and API tests once per dialect (SQLite, and PostgreSQL on a
// throwaway server started here). DIALTONE_TEST_DIALECTS=sqlite skips PostgreSQL explicitly.
// Arguments narrow the run to matching test files: `npm test -- test/api/accounts`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startPostgres } from './postgres.mjs';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...testFiles(path));
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out.sort();
}

/** Runs one step; false (after saying so) when it failed. */
function step(label, cmd, args, env = process.env) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (result.status === 0) return true;
  console.error(`✖ ${label} failed`);
  return false;
}

if (filters.length === 0) {
  if (!step('type check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])) process.exit(1);
  if (!step('type check (console)', 'npx', ['tsc', '-p', 'console/tsconfig.json'])) process.exit(1);
  if (!step('import cycles', 'npx', ['madge', '--circular', '--extensions', 'ts', '--ts-config', 'tsconfig.json', 'src'])) process.exit(1);
}

// The console's tests (and /console itself) need its bundle.
if (!step('console bundle', process.execPath, [join(root, 'scripts', 'build-if-needed.mjs'), '--console'])) process.exit(1);

const files = testFiles(join(root, 'test')).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(', ')}`);
  process.exit(1);
}
const dialects = (process.env.DIALTONE_TEST_DIALECTS ?? 'sqlite,postgres').split(',');
const env = { ...process.env, DIALTONE_TEST_DIALECTS: dialects.join(','), NO_PROXY: '127.0.0.1,localhost' };
let pg = null;
if (dialects.includes('postgres') && !env.DIALTONE_TEST_DATABASE_URL) {
  console.log('\n▶ starting PostgreSQL for the run');
  pg = await startPostgres();
  env.DIALTONE_TEST_DATABASE_URL = pg.url;
}
// The PostgreSQL server is stopped however the run ends, also on Ctrl-C.
const stopPostgres = () => { pg?.stop(); pg = null; };
process.once('SIGINT', () => { stopPostgres(); process.exit(130); });
process.once('SIGTERM', () => { stopPostgres(); process.exit(143); });
let passed = false;
try {
  passed = step(`tests (${files.length} files; dialects: ${dialects.join(', ')})`, process.execPath, [
    '--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files,
  ], env);
} finally {
  stopPostgres();
}
process.exit(passed ? 0 : 1);
