// Bundles the compiled CLI (dist/cli/main.js and everything it imports) into one ES module,
// dist/bundle/commontext.mjs, which bin/commontext.js loads. Why: Node resolves and reads each of the
// ~400 modules (micromark alone is hundreds of small files) on every run; the bundle starts about
// 0.15–0.2 s sooner, and every build and check pays that (bench/PERFORMANCE.md).
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/bundle/commontext.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // the language server's library (~450 kB) is loaded from node_modules only when `commontext lsp` runs, not parsed by every command
  external: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-textdocument'],
  // CommonJS dependencies (yaml, handlebars) call require() for Node's own modules
  banner: { js: "import { createRequire as __ctCreateRequire } from 'node:module'; const require = __ctCreateRequire(import.meta.url);" },
});
