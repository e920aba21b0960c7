#!/usr/bin/env node
// Entry point of the commontext command. The TypeScript is compiled to dist/ by "npm ci" (prepare script).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => {
    process.stderr.write(`commontext: internal error: ${e && e.stack ? e.stack : e}\nPlease report it with the command you ran.\n`);
    process.exitCode = 70;
  },
);
