#!/usr/bin/env node
// The `dialtone` command: runs the compiled CLI (npm start builds it first when needed).
import { main } from '../dist/cli/index.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.message : err); process.exitCode = 1; },
);
