// `npm start` (and `npm test`) run this first: compiles src/ to dist/, and bundles the console
// (console/ to console/dist/), each when its output is missing or older than its sources.
// `--console` alone bundles only the console (the tests need it, not dist/).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
function newest(dir, skip = []) {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    if (skip.includes(name)) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }
  return latest;
}
const stale = (marker, sources) => !existsSync(marker) || sources.some((t) => t > statSync(marker).mtimeMs);
const packageTime = statSync(join(root, 'package.json')).mtimeMs;
function run(label, script, args) {
  console.error(label);
  const result = spawnSync(process.execPath, [join(root, 'node_modules', ...script), ...args], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const consoleOnly = process.argv.includes('--console');
if (!consoleOnly && stale(join(root, 'dist', 'cli', 'index.js'), [newest(join(root, 'src')), packageTime])) {
  run('building Dialtone…', ['typescript', 'bin', 'tsc'], ['-p', join(root, 'tsconfig.build.json')]);
}
if (stale(join(root, 'console', 'dist', 'index.html'), [newest(join(root, 'console'), ['dist']), packageTime])) {
  run('bundling the console…', ['vite', 'bin', 'vite.js'], ['build', '--config', join(root, 'console', 'vite.config.ts')]);
}
