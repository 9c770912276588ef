#!/usr/bin/env node
// A tiny static file server for the playground, bound to 127.0.0.1 only.
//
//   node scripts/serve.mjs [FOLDER] [PORT]      defaults: build/wasm/site, 8080; PORT 0 = any free port
//
// Prints "serving FOLDER at http://127.0.0.1:PORT/" on stdout once listening (the browser test reads
// that line to learn the port). Serves files with the right MIME types (application/wasm for .wasm,
// so streaming compilation works), "/" as index.html, never anything outside FOLDER.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const kMimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.data': 'application/octet-stream',
};

/** Starts serving `folder` on 127.0.0.1:`port` (0 = a free port). Resolves to the http.Server. */
export function serve(folder, port = 0) {
  const root = path.resolve(folder);
  const server = createServer(async (req, res) => {
    const send = (status, text) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.resolve(root, '.' + pathname);
    if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden\n');
    let info;
    try {
      info = await stat(file);
    } catch {
      return send(404, 'not found\n');
    }
    if (!info.isFile()) return send(404, 'not found\n');
    res.writeHead(200, {
      'Content-Type': kMimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const folder = process.argv[2] ?? 'build/wasm/site';
  const port = Number(process.argv[3] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve.mjs: bad port '${process.argv[3]}'`);
    process.exit(2);
  }
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw new Error('not a folder');
  } catch {
    console.error(`serve.mjs: no folder '${folder}' (build the playground first: cmake --build build/wasm)`);
    process.exit(2);
  }
  const server = await serve(folder, port);
  console.log(`serving ${path.resolve(folder)} at http://127.0.0.1:${server.address().port}/`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
