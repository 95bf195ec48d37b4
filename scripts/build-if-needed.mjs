// `npm start` runs this first: compiles src/ to dist/ when dist is missing or older than src.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
function newest(dir) {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }
  return latest;
}
const marker = join(root, 'dist', 'cli', 'index.js');
const stale = !existsSync(marker) || newest(join(root, 'src')) > statSync(marker).mtimeMs
  || statSync(join(root, 'package.json')).mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  console.error('building Dialtone…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
