import { timingTables } from '../lib/timing.mjs';

export const name = 'warm re-render';
export const description =
  "The same document again in the same page, right after the cold render, fonts loaded. Caches: mathdown keeps its formula cache (KaTeX is not called again for a formula it has drawn); the peers have none (marked, markdown-it and KaTeX keep nothing between calls; MathJax's typeset is cleared and its equation numbers reset first). The auto-render pages get their TeX HTML back, untimed, before each run.";

export const run = (ctx) => timingTables(ctx, 'warm');
