// npm run bench [-- --sizes 50,450 --runs 5 --no-compile]: see bench/run.mjs.
import '../bench/run.mjs';
