// Markdown tables and the number formats every metric prints.
export function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
export const ratio = (v) => `${v.toFixed(2)}×`;
export const kb = (bytes) => (bytes / 1024).toFixed(1);
