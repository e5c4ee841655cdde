// A small static server for the demo and the end-to-end tests, with no dependencies.
//
//   node scripts/serve.mjs            serves www/ at / and pkg/ at /pkg/ on 127.0.0.1
//   PORT=9000 node scripts/serve.mjs  another port (0: any free port)
//
// Tests import `serve()` to add their own folders and response headers (the CSP page).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

// The demo's layout: the page from www/, the package from pkg/ beside it (or MATHDOWN_PKG).
export const demoMounts = { '/pkg/': process.env.MATHDOWN_PKG ?? join(root, 'pkg'), '/': join(root, 'www') };

/**
 * Start serving. `mounts` maps URL prefixes (ending in '/') to folders, longest prefix
 * first wins; `headers(urlPath)` adds response headers. Resolves to { server, url }.
 */
export function serve({ mounts = demoMounts, port = 0, headers = () => ({}) } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const prefix = prefixes.find((p) => path.startsWith(p));
    const base = prefix && normalize(mounts[prefix]);
    let file = base && join(base, path.slice(prefix.length));
    // Never outside the mounted folder, whatever `..` the URL holds.
    if (!base || (file !== base && !file.startsWith(base + sep))) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        ...headers(path),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const port = Number(process.env.PORT ?? 8000);
  serve({ port }).then(
    ({ url }) => console.log(`mathdown demo: ${url}  (Ctrl-C to stop)`),
    (e) => {
      console.error(`serve: cannot listen on 127.0.0.1:${port}: ${e.message}` +
        (e.code === 'EADDRINUSE' ? ` (try PORT=${port + 1} make demo)` : ''));
      process.exit(1);
    },
  );
}
