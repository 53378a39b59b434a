// Shared set-up of the browser tests: build the example site once with the
// test suite's binary, serve it on 127.0.0.1, and start Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const outDir = path.join(repo, 'target', 'browser-site');
export const shotDir = path.join(repo, 'target', 'screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.jpg': 'image/jpeg', '.xml': 'application/xml', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8', '.png': 'image/png',
};

/**
 * Builds the example site into target/browser-site with the binary `cargo
 * test` builds (the output does not depend on the profile; building a
 * release binary too would double CI's compile time).
 */
export function buildSite() {
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(repo, 'target');
  const bin = path.join(target, 'debug', 'kyyeu');
  const cargo = spawnSync('cargo', ['build', '--quiet'], { cwd: repo, stdio: 'inherit' });
  if (cargo.status !== 0 || !existsSync(bin)) throw new Error('cargo build failed');
  const run = spawnSync(bin, ['build', '--root', repo, '--output', outDir, '--cache-dir', path.join(repo, 'target', 'browser-cache')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`kyyeu build failed:\n${run.stderr}`);
  mkdirSync(shotDir, { recursive: true });
  return outDir;
}

/** Serves `root` on 127.0.0.1; resolves to { url, close }. */
export function serve(root) {
  const server = createServer(async (req, res) => {
    try {
      let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = path.join(root, p);
      if (!file.startsWith(root)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(await readFile(path.join(root, '404.html')).catch(() => 'not found'));
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => server.close() });
    });
  });
}

/** Headless Debian Chromium, with no network-fetching features. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** One page of every type, in both languages (site paths). */
export const PAGE_TYPES = [
  '', 'en/',
  '2021/', 'en/2021/',
  '2021/tong-ket-thi-dua-2021/', 'en/2021/tong-ket-thi-dua-2021/',
  'en/2021/tap-huan-nghiep-vu/',
  'don-vi/', 'en/units/',
  'don-vi/quy-ho-tro-phat-trien-htx/', 'en/units/quy-ho-tro-phat-trien-htx/',
  'dien-gia/', 'en/speakers/',
  'dien-gia/nguyen-van-thinh/', 'en/speakers/nguyen-van-thinh/',
  'tim-kiem/', 'en/search/',
  'gioi-thieu/', 'en/about/',
  '2021/in/', 'en/2021/print/',
  '404.html', 'en/404.html',
];
