// Lighthouse (pinned in package.json) on the served example site: prints the
// four scores of each page type (median of RUNS runs, mobile, simulated
// throttling) and exits 1 when accessibility, best practices or SEO is under
// 100 on any of them (SEO aside on the 404 page, which is rightly noindex).
// Performance is reported, not asserted: a shared machine is noisy.
//
//   node lighthouse.mjs            (RUNS=3 by default; CHROMIUM=/usr/bin/chromium)
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSite, serve, repo } from './harness.mjs';

const RUNS = Number(process.env.RUNS || 3);
const PAGES = [
  ['home', ''],
  ['year', '2021/'],
  ['article', '2021/tong-ket-thi-dua-2021/'],
  ['article, photo in body', '2021/tap-huan-nghiep-vu/'],
  ['unit', 'don-vi/quy-ho-tro-phat-trien-htx/'],
  ['speaker', 'dien-gia/nguyen-van-thinh/'],
  ['search', 'tim-kiem/'],
  ['page', 'gioi-thieu/'],
  // Lighthouse cannot score a page served with status 404: the page itself.
  ['404', '404.html'],
  ['English home', 'en/'],
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Served under the path of the example site's base_url (`/kyyeu/`), as a
// host would serve it: the 404 page links its style sheet from there.
const built = buildSite();
const basePath = new URL(readFileSync(path.join(repo, 'site.yaml'), 'utf8').match(/^base_url:\s*(\S+)/m)[1]).pathname;
const top = mkdtempSync(path.join(os.tmpdir(), 'kyyeu-lighthouse-'));
const mount = path.join(top, basePath);
mkdirSync(path.dirname(mount), { recursive: true });
symlinkSync(built, mount.replace(/\/$/, ''));
const server = await serve(top);
const site = server.url + basePath.replace(/^\//, '').replace(/\/?$/, '/');
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
let failed = false;
try {
  console.log(`Lighthouse on ${site}, median of ${RUNS} runs\n`);
  console.log('| page | performance | accessibility | best practices | SEO |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, sitePath] of PAGES) {
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
    const problems = new Set();
    for (let run = 0; run < RUNS; run++) {
      const result = await lighthouse(site + sitePath, {
        port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES,
      });
      for (const category of CATEGORIES) {
        const found = result.lhr.categories[category];
        scores[category].push(Math.round(found.score * 100));
        if (category === 'performance') continue;
        for (const ref of found.auditRefs) {
          const audit = result.lhr.audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) problems.add(`${category}: ${ref.id}: ${audit.title}`);
        }
      }
    }
    const row = CATEGORIES.map((c) => median(scores[c]));
    console.log(`| ${name} | ${row.join(' | ')} |`);
    const asserted = name === '404' ? ['accessibility', 'best-practices'] : ['accessibility', 'best-practices', 'seo'];
    for (const category of asserted) {
      if (median(scores[category]) < 100) {
        failed = true;
        console.log(`  ${name}: ${category} ${median(scores[category])}`);
      }
    }
    for (const problem of problems) {
      if (name !== '404' || !problem.startsWith('seo')) console.log(`  ${name}: ${problem}`);
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
process.exit(failed ? 1 : 0);
