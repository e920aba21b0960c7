#!/usr/bin/env node
// Entry point of the commontext command. The TypeScript is compiled to dist/ and bundled into one module
// by "npm ci" (prepare script: tsc, then scripts/bundle.mjs); without the bundle, the compiled modules.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/commontext.mjs', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/cli/main.js');

// a reader that stops early ("commontext check a b | head") closes the pipe: that is not an error
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => {
    process.stderr.write(`commontext: internal error: ${e && e.stack ? e.stack : e}\nPlease report it with the command you ran.\n`);
    process.exitCode = 70;
  },
);
