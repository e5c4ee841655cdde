import { timingTables } from '../lib/timing.mjs';

export const name = 'cold render';
export const description =
  'A fresh page per run (no cache, cold JIT): from the library entry (`render()`, or the auto-render call on the loaded HTML page) to the HTML in the DOM and one forced layout.';

export const run = (ctx) => timingTables(ctx, 'cold');
