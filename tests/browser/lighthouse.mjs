// Lighthouse (pinned in package.json) on the served example site: prints the
// four scores of each page type (median of RUNS runs, mobile, simulated
// throttling) and exits 1 when accessibility, best practices or SEO is under
// 100 on any of them (SEO aside on the 404 page, which is rightly noindex).
// Performance is reported, not asserted: a shared machine is noisy.
//
//   node lighthouse.mjs            (RUNS=3 by default; CHROMIUM=/usr/bin/chromium)
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { buildSite, serve } from './harness.mjs';

const RUNS = Number(process.env.RUNS || 3);
const PAGES = [
  ['home', ''],
  ['year', '2021/'],
  ['article', '2021/tong-ket-thi-dua-2021/'],
  ['unit', 'don-vi/quy-ho-tro-phat-trien-htx/'],
  ['speaker', 'dien-gia/nguyen-van-thinh/'],
  ['search', 'tim-kiem/'],
  ['page', 'gioi-thieu/'],
  ['404', 'khong-co-trang-nay/'],
  ['English home', 'en/'],
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const root = buildSite();
const server = await serve(root);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
let failed = false;
try {
  console.log(`Lighthouse on ${server.url}, median of ${RUNS} runs\n`);
  console.log('| page | performance | accessibility | best practices | SEO |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, sitePath] of PAGES) {
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
    const problems = new Set();
    for (let run = 0; run < RUNS; run++) {
      const result = await lighthouse(server.url + sitePath, {
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
