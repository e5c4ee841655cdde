// marked + marked-katex-extension, configured as well as they can be for the corpus.
import { Marked } from 'marked';
import markedKatex from 'marked-katex-extension';
import { katexOptions } from './katex-options.js';

export { freshMacros } from "./katex-options.js";
const marked = new Marked();
// nonStandard: `$x$` right beside CJK text (no space around it) still counts as math,
// which is how the blog's MathJax reads it. Only `$...$` and `$$...$$` exist here.
marked.use(markedKatex({ ...katexOptions, nonStandard: true }));
export const render = (markdown) => marked.parse(markdown);
