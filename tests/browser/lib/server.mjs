// A tiny static file server for the browser tests. It binds 127.0.0.1 on a
// free port and serves several folders under URL prefixes, e.g.
//   { '/pkg/': '/tmp/unzipped-package', '/lms/': 'tests/browser/lms' }
// Every request is recorded (method, path, status) so tests can assert that a
// package asked for no file it does not contain.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml',
  '.xsd': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.vtt': 'text/vtt; charset=utf-8',
  '.pdf': 'application/pdf',
};

/**
 * @param {Record<string, string>} mounts URL prefix (ending in '/') -> folder
 * @returns {Promise<{origin: string, requests: {method: string, path: string, status: number}[], close: () => Promise<void>}>}
 */
export async function startServer(mounts) {
  const requests = [];
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);

  const server = http.createServer((req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      requests.push({ method: req.method, path: req.url, status });
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    // Browsers ask for this by themselves; it is not the package's doing.
    if (urlPath === '/favicon.ico') {
      requests.push({ method: req.method, path: req.url, status: 204 });
      res.writeHead(204);
      return res.end();
    }
    const prefix = prefixes.find((p) => urlPath.startsWith(p));
    if (!prefix) return send(404, 'not found');
    const root = path.resolve(mounts[prefix]);
    let rel = urlPath.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden');
    fs.readFile(file, (err, data) => {
      if (err) return send(404, 'not found');
      const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      send(200, req.method === 'HEAD' ? undefined : data, type);
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
