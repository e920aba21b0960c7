// Loaded with `node --require bench/rss.cjs` when /usr/bin/time is missing: writes the max RSS (KB) at exit.
process.on('exit', () => {
  const f = process.env.CT_RSS_FILE;
  if (f) require('node:fs').writeFileSync(f, String(process.resourceUsage().maxRSS));
});
