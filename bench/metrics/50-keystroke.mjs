// Placeholder: filled by issue 6 (live preview `Renderer`). See bench/README.md.
export const name = 'keystroke-to-DOM latency (live preview)';
export const description = 'One keystroke in a long document to the patched DOM, laid out.';
export const run = () => ({ markdown: 'n/a (issue 6)', data: null });
