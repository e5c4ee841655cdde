// Placeholder: filled by issue 7 (fit wide formulas with ResizeObserver). See bench/README.md.
export const name = 'resize re-fit';
export const description =
  'Script time of the re-fit after one container resize on a page of 1,000 display formulas, and the number of forced layouts.';
export const run = () => ({ markdown: 'n/a (issue 7)', data: null });
