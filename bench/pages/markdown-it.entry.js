// markdown-it + markdown-it-texmath with KaTeX, every delimiter family the corpus uses.
import MarkdownIt from 'markdown-it';
import texmath from 'markdown-it-texmath';
import katex from 'katex';
import { katexOptions } from './katex-options.js';

export { freshMacros } from "./katex-options.js";
const md = new MarkdownIt().use(texmath, {
  engine: katex,
  delimiters: ['dollars', 'brackets', 'beg_end'],
  katexOptions,
});
export const render = (markdown) => md.render(markdown);
