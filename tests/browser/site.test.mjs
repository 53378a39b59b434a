// The example site in a real browser: language switcher, photos, phone
// width, print, accessibility (axe-core) and HTML validity (vnu).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { createRequire } from 'node:module';
import { buildSite, serve, launch, PAGE_TYPES, shotDir, outDir } from './harness.mjs';

const require = createRequire(import.meta.url);
let server, browser;

before(async () => {
  buildSite();
  server = await serve(outDir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Clicks a link and waits for the page it leads to. */
async function follow(page, selector) {
  await Promise.all([page.waitForEvent('load'), page.click(selector)]);
}

async function open(sitePath, options = {}) {
  const page = await browser.newPage(options);
  const external = [];
  page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) external.push(r.url()); });
  await page.goto(server.url + sitePath, { waitUntil: 'load' });
  page.external = external;
  return page;
}

test('the language switcher leads to the same article in the other language', async () => {
  const page = await open('2021/tong-ket-thi-dua-2021/');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await follow(page, 'nav.langs a[hreflang="en"]');
  assert.match(page.url(), /\/en\/2021\/tong-ket-thi-dua-2021\/(index\.html)?$/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('h1'), /Emulation review 2021/);
  await follow(page, 'nav.langs a[hreflang="vi"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await page.close();
});

test('an untranslated article leads to the version that exists', async () => {
  const page = await open('en/2021/tap-huan-nghiep-vu/');
  assert.match(await page.textContent('main'), /available only in Vietnamese/);
  await follow(page, 'main a[hreflang="vi"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await page.close();
});

test('gallery photos load, with their captions as alt text', async () => {
  const page = await open('2021/tong-ket-thi-dua-2021/');
  const imgs = page.locator('.article-gallery img');
  assert.equal(await imgs.count(), 3);
  for (let i = 0; i < 3; i++) {
    const img = imgs.nth(i);
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
    assert.ok((await img.getAttribute('alt')).length > 10);
  }
  const large = await imgs.first().evaluate((el) => el.closest('a').href);
  const response = await page.request.get(large);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'image/jpeg');
  await page.screenshot({ path: path.join(shotDir, 'article.png'), fullPage: true });
  await page.close();
});

test('no page scrolls sideways on a 360-pixel phone', async () => {
  for (const sitePath of PAGE_TYPES) {
    const page = await open(sitePath, { viewport: { width: 360, height: 740 } });
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client, `${sitePath}: ${scroll}px wide in a ${client}px viewport`);
    if (sitePath === '') await page.screenshot({ path: path.join(shotDir, 'home-phone.png'), fullPage: true });
    await page.close();
  }
});

test('print hides the navigation and shows link targets', async () => {
  const page = await open('2021/tong-ket-thi-dua-2021/');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header nav').first().evaluate((el) => getComputedStyle(el).display), 'none');
  assert.equal(await page.locator('.site-footer').evaluate((el) => getComputedStyle(el).display), 'none');
  await page.close();
});

test('pages make no request to another host', async () => {
  for (const sitePath of ['', '2021/tong-ket-thi-dua-2021/', 'en/2021/']) {
    const page = await open(sitePath);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(200);
    assert.deepEqual(page.external, [], sitePath);
    if (sitePath === '') await page.screenshot({ path: path.join(shotDir, 'home.png'), fullPage: true });
    await page.close();
  }
});

test('axe-core finds no violation on any page type, in both languages', async () => {
  const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  for (const sitePath of PAGE_TYPES) {
    const page = await open(sitePath);
    await page.addScriptTag({ content: axe });
    const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
    const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(found, [], `${sitePath}`);
    await page.close();
  }
});

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? htmlFiles(full) : name.endsWith('.html') ? [full] : [];
  });
}

test('every page passes the Nu Html Checker', () => {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const run = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'text', ...htmlFiles(outDir)], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr || run.stdout);
});

test('home and article pages are light: under 60 kB compressed, photos aside', () => {
  for (const sitePath of ['index.html', '2021/tong-ket-thi-dua-2021/index.html', 'en/index.html']) {
    const html = readFileSync(path.join(outDir, sitePath));
    const css = readFileSync(path.join(outDir, 'style.css'));
    const total = gzipSync(html).length + gzipSync(css).length;
    assert.ok(total < 60_000, `${sitePath}: ${total} bytes`);
  }
});

async function search(page, query) {
  await page.fill('input[type="search"]', query);
  await page.press('input[type="search"]', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0, null, { timeout: 15000 }).catch(() => {});
  return page.evaluate(() => [...document.querySelectorAll('#search-results li a')].map((a) => a.textContent));
}

test('search finds words typed without marks, from a server', async () => {
  const page = await open('tim-kiem/');
  const thinh = await search(page, 'thinh');
  assert.ok(thinh.some((t) => /Tổng kết thi đua 2021/.test(t)), `thinh: ${thinh}`);
  const doan = await search(page, 'doan ket');
  assert.ok(doan.some((t) => /Tổng kết/.test(t)), `doan ket: ${doan}`);
  const marked = await search(page, 'Thịnh');
  assert.ok(marked.some((t) => /Tổng kết thi đua 2021/.test(t)), `Thịnh: ${marked}`);
  assert.ok(await page.locator('main mark').count() > 0, 'matches are highlighted');
  await page.screenshot({ path: path.join(shotDir, 'search.png'), fullPage: true });
  await page.close();
});

test('the site works from disk: links, photos, styles and search', async () => {
  const page = await browser.newPage();
  const failed = [];
  // Requests cut short by leaving a page (lazy photos still loading) are not failures.
  page.on('requestfailed', (r) => { if (!/ABORTED/.test(r.failure()?.errorText || '')) failed.push(r.url()); });
  await page.goto('file://' + path.join(outDir, 'index.html'));
  assert.notEqual(await page.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgba(0, 0, 0, 0)', 'the stylesheet loads');
  await follow(page, 'main h2 a >> nth=1');
  assert.match(page.url(), /\/index\.html$/);
  assert.match(await page.textContent('h1'), /\d{4}/);
  await follow(page, 'nav.langs a[hreflang="en"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.goto('file://' + path.join(outDir, '2021', 'tong-ket-thi-dua-2021', 'index.html'));
  const img = page.locator('.article-gallery img').first();
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
  await page.goto('file://' + path.join(outDir, 'tim-kiem', 'index.html'));
  const found = await search(page, 'dao tao');
  assert.ok(found.length > 0, 'search from disk');
  assert.deepEqual(failed, []);
  await page.close();
});

test('a year prints as one book: contents, every article, page breaks', async () => {
  const page = await open('2021/');
  await follow(page, '.print-link a');
  assert.match(page.url(), /\/2021\/in\/(index\.html)?$/);
  const toc = await page.locator('.toc li').count();
  const articles = await page.locator('article.print-article').count();
  assert.ok(articles >= 2 && toc === articles, `${toc} contents entries, ${articles} articles`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('article.print-article').nth(1).evaluate((el) => getComputedStyle(el).breakBefore), 'page');
  assert.equal(await page.locator('header nav').first().evaluate((el) => getComputedStyle(el).display), 'none');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10_000);
  await page.close();
});

test('search filters by year and by unit', async () => {
  const page = await open('tim-kiem/');
  const all = await search(page, 'tong ket');
  assert.ok(all.length >= 3, `tong ket: ${all}`);
  await page.waitForFunction(() => document.querySelectorAll('#search-year option').length > 1);
  await page.selectOption('#search-year', '2020');
  await page.waitForTimeout(300);
  const in2020 = await page.evaluate(() => [...document.querySelectorAll('#search-results li a')].map((a) => a.textContent));
  assert.ok(in2020.length >= 1 && in2020.length < all.length, `2020: ${in2020}`);
  assert.ok(in2020.every((t) => /2020/.test(t)), `2020: ${in2020}`);
  await page.selectOption('#search-year', '');
  await page.selectOption('#search-unit', 'truong-boi-duong-can-bo-htx-mien-nam');
  await page.waitForTimeout(300);
  const unit = await page.evaluate(() => [...document.querySelectorAll('#search-results li a')].map((a) => a.textContent));
  assert.ok(unit.length >= 1 && unit.length < all.length, `unit: ${unit}`);
  await page.close();
});
