// The header of a 360-pixel phone: the short title (site.yaml's
// `short_title`) in full, every menu entry and language visible and whole,
// the menu wrapping onto a second row rather than scrolling out of sight;
// the full title on a wide screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildSite, serve, launch, shotDir, outDir } from './harness.mjs';

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

const PAGES = ['', 'en/', '2021/tong-ket-thi-dua-2021/', 'en/2021/tong-ket-thi-dua-2021/', 'tim-kiem/', 'gioi-thieu/', 'en/about/'];

/** What a reader sees of the header's parts: boxes, clipping, the visible title. */
function header() {
  const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height }; };
  const shown = (el) => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
  const title = document.querySelector('.site-title');
  const titleParts = [...title.querySelectorAll('.title-full, .title-short')].filter(shown);
  const entries = [...document.querySelectorAll('.site-nav a, .langs a, .langs [aria-current]')].map((el) => ({
    text: el.textContent.trim(), box: box(el), shown: shown(el), scroll: el.scrollWidth, client: el.clientWidth,
  }));
  const nav = document.querySelector('.site-nav');
  return {
    viewport: document.documentElement.clientWidth,
    title: { box: box(title), scroll: title.scrollWidth, client: title.clientWidth, text: titleParts.map((e) => e.textContent).join('|') || title.textContent },
    entries,
    nav: { scroll: nav.scrollWidth, client: nav.clientWidth, overflowX: getComputedStyle(nav).overflowX },
  };
}

test('on a 360-pixel phone every menu entry is visible and whole, and the short title is not cut', async () => {
  for (const sitePath of PAGES) {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(server.url + sitePath, { waitUntil: 'load' });
    const seen = await page.evaluate(header);
    const where = `${sitePath || 'home'} at 360 px`;
    assert.ok(seen.entries.length >= 6, `${where}: ${JSON.stringify(seen.entries)}`);
    for (const entry of seen.entries) {
      assert.ok(entry.shown && entry.box.width > 0 && entry.box.height > 0, `${where}: "${entry.text}" is not shown`);
      assert.ok(entry.box.left >= 0 && entry.box.right <= seen.viewport, `${where}: "${entry.text}" runs out of the screen: ${JSON.stringify(entry.box)}`);
      assert.ok(entry.scroll <= entry.client + 1, `${where}: "${entry.text}" is cut (${entry.scroll} > ${entry.client})`);
    }
    assert.ok(seen.nav.scroll <= seen.nav.client + 1, `${where}: the menu scrolls (${seen.nav.scroll} > ${seen.nav.client})`);
    assert.ok(seen.title.scroll <= seen.title.client + 1, `${where}: the title is cut (${seen.title.scroll} > ${seen.title.client})`);
    assert.ok(seen.title.box.left >= 0 && seen.title.box.right <= seen.viewport, `${where}: the title runs out: ${JSON.stringify(seen.title.box)}`);
    const short = sitePath.startsWith('en/') ? 'Emulation Bloc proceedings' : 'Kỷ yếu Khối thi đua';
    assert.equal(seen.title.text, short, `${where}: the header shows "${seen.title.text}"`);
    await page.screenshot({ path: path.join(shotDir, `phone-${sitePath.replaceAll('/', '-') || 'home'}.png`) });
    await page.close();
  }
});

test('a wide screen shows the full title', async () => {
  for (const sitePath of ['', 'en/']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + sitePath, { waitUntil: 'load' });
    const seen = await page.evaluate(header);
    const full = sitePath ? 'Proceedings of the Emulation Bloc of Public-Service Units and Enterprises' : 'Kỷ yếu Khối thi đua các đơn vị sự nghiệp và doanh nghiệp';
    assert.equal(seen.title.text, full);
    await page.close();
  }
});
