// KaTeX options for every KaTeX-based peer: what mathdown gives KaTeX (strict "ignore",
// htmlAndMathml, trust false), errors drawn instead of thrown, and one macro table per
// document with global \newcommand, so a macro defined in one formula works in later ones.
export const katexOptions = {
  throwOnError: false,
  strict: 'ignore',
  output: 'htmlAndMathml',
  globalGroup: true,
  macros: {},
};

/** Empty the shared macro table in place (the peers hold a reference to it). */
export function freshMacros() {
  for (const key of Object.keys(katexOptions.macros)) delete katexOptions.macros[key];
}
