// npm run bench [-- --sizes 50,450 --runs 5 --no-compile --save]: see bench/run.mjs. The results go to
// bench/out/results.json; --save replaces the tracked bench/results.json (the README's figures).
import '../bench/run.mjs';
