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

/** The contrast ratio of two CSS colours `rgb(r, g, b)` (WCAG). */
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('the header: one row at 1280 px, at most 17% of a phone screen (the menu wraps onto a second row), the current section marked', async () => {
  for (const sitePath of ['', '2021/', '2021/tong-ket-thi-dua-2021/', 'tim-kiem/']) {
    const wide = await open(sitePath, { viewport: { width: 1280, height: 800 } });
    const boxes = await wide.evaluate(() => Object.fromEntries(['.site-title', '.site-nav', '.langs']
      .map((sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return [sel, [r.top, r.bottom]]; })));
    const [, titleBottom] = boxes['.site-title'];
    for (const sel of ['.site-nav', '.langs']) {
      assert.ok(boxes[sel][0] < titleBottom, `${sitePath}: ${sel} is below the title at 1280 px: ${JSON.stringify(boxes)}`);
    }
    const current = await wide.$$eval('.site-nav [aria-current="page"]', (links) => links.map((a) => a.textContent));
    assert.equal(current.length, 1, `${sitePath}: ${current}`);
    await wide.screenshot({ path: path.join(shotDir, `${sitePath.replaceAll('/', '-') || 'home'}-1280.png`) });
    await wide.close();
    const phone = await open(sitePath, { viewport: { width: 360, height: 740 } });
    const height = await phone.evaluate(() => document.querySelector('.site-header').getBoundingClientRect().height);
    assert.ok(height <= 740 * 0.17, `${sitePath}: the header is ${height}px tall on a phone`);
    await phone.screenshot({ path: path.join(shotDir, `${sitePath.replaceAll('/', '-') || 'home'}-360.png`) });
    await phone.close();
  }
});

test('search controls are 16 px or more and 44 px tall, with a focus ring of 3:1 or more', async () => {
  const page = await open('tim-kiem/', { viewport: { width: 360, height: 740 } });
  await page.waitForSelector('#search-form:not([hidden])');
  const controls = await page.$$eval('#search-q, #search-form button, #search-year, #search-unit', (els) => els.map((el) => {
    const style = getComputedStyle(el);
    return { id: el.id || el.tagName, font: parseFloat(style.fontSize), height: el.getBoundingClientRect().height };
  }));
  assert.equal(controls.length, 4);
  for (const c of controls) {
    assert.ok(c.font >= 16, `${c.id}: ${c.font}px text`);
    assert.ok(c.height >= 44, `${c.id}: ${c.height}px tall`);
  }
  for (const selector of ['#search-q', '#search-year', '.site-nav a']) {
    await page.focus(selector);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const [ring, ground] = await page.evaluate((sel) => {
      const el = document.activeElement;
      let bg = el.parentElement;
      while (bg && getComputedStyle(bg).backgroundColor.match(/rgba\(0, 0, 0, 0\)|transparent/)) bg = bg.parentElement;
      return [getComputedStyle(el).outlineColor, getComputedStyle(bg || document.body).backgroundColor];
    }, selector);
    assert.ok(contrast(ring, ground) >= 3, `${selector}: focus ring ${ring} on ${ground}: ${contrast(ring, ground).toFixed(2)}:1`);
  }
  await page.close();
});

/** Pages with photos in their bodies, besides one page of every type. */
const BODY_PHOTO_PAGES = ['2021/tap-huan-nghiep-vu/', '2020/tong-ket-thi-dua-2020/', 'en/2022/tong-ket-thi-dua-2022/'];

test('photos in a body come in several sizes, sized, and no page fetches one photo twice', async () => {
  for (const sitePath of [...PAGE_TYPES, ...BODY_PHOTO_PAGES]) {
    for (const width of [360, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const photos = [];
      page.on('request', (r) => { if (/\.(jpe?g|webp|png)$/.test(r.url())) photos.push(r.url()); });
      await page.goto(server.url + sitePath, { waitUntil: 'load' });
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(300);
      const stems = photos.map((url) => url.replace(/(\.\d+)?\.(jpe?g|webp|png)$/, ''));
      const twice = stems.filter((stem, i) => stems.indexOf(stem) !== i);
      assert.deepEqual(twice, [], `${sitePath} at ${width}px: ${photos.join(', ')}`);
      const unsized = await page.locator('.body img').evaluateAll((imgs) => imgs
        .filter((img) => !img.srcset || !img.getAttribute('width') || !img.getAttribute('height'))
        .map((img) => img.outerHTML));
      assert.deepEqual(unsized, [], sitePath);
      await page.close();
    }
  }
  const page = await browser.newPage();
  await page.goto(server.url + BODY_PHOTO_PAGES[0], { waitUntil: 'load' });
  assert.ok(await page.locator('.body picture img[srcset][width][height][decoding="async"]').count() >= 1);
  await page.close();
});
