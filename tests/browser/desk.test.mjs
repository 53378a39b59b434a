// The reporter's desk in a real browser: a new article with two photos (one
// portrait, rotated by its EXIF orientation), a speaker, three tasks and a
// PDF; saved and built; translated into English with one field left, which
// `kyyeu check` reports; a save refused when the file changed on disk, with
// nothing lost; axe finds nothing on the desk's pages; usable at 360 px.
// Screenshots of the desk go to target/screenshots/ (docs/images/, for the
// guide, with KYYEU_DOC_SHOTS=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repo, launch, shotDir } from './harness.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const targetDir = process.env.CARGO_TARGET_DIR || path.join(repo, 'target');
const bin = process.env.KYYEU_BIN || path.join(targetDir, 'debug', 'kyyeu');
// The guide's screenshots are taken again with KYYEU_DOC_SHOTS=1.
const shots = process.env.KYYEU_DOC_SHOTS ? path.join(repo, 'docs', 'images') : shotDir;

let site, server, deskUrl, siteUrl, browser;

/** A JPEG of the example site with an EXIF block saying "rotate 90° clockwise" (6). */
function rotatedJpeg() {
  const jpeg = readFileSync(path.join(repo, 'content/2021/tap-huan-nghiep-vu/photos/lop-tap-huan.jpg'));
  const tiff = Buffer.from([
    0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, // little-endian TIFF, IFD at 8
    0x01, 0x00, // one entry
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, // Orientation = 6
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const length = payload.length + 2;
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, length >> 8, length & 0xff]), payload]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

before(async () => {
  if (!existsSync(bin)) {
    const cargo = spawnSync('cargo', ['build', '--quiet'], { cwd: repo, stdio: 'inherit' });
    assert.equal(cargo.status, 0, 'cargo build');
  }
  site = mkdtempSync(path.join(tmpdir(), 'kyyeu-desk-'));
  cpSync(path.join(repo, 'site.yaml'), path.join(site, 'site.yaml'));
  cpSync(path.join(repo, 'content'), path.join(site, 'content'), { recursive: true });
  server = spawn(bin, ['serve', '--root', site, '--port', '0', '--ui-lang', 'en'], { stdio: ['ignore', 'pipe', 'inherit'] });
  deskUrl = await new Promise((resolve, reject) => {
    let seen = '';
    server.stdout.on('data', (chunk) => {
      seen += chunk;
      const site = seen.match(/(http:\/\/127\.0\.0\.1:\d+\/)\s/);
      const desk = seen.match(/desk: (http:\/\/127\.0\.0\.1:\d+\/_desk\/)/);
      if (site && desk) { siteUrl = site[1]; resolve(desk[1]); }
    });
    server.on('exit', () => reject(new Error('serve stopped')));
  });
  browser = await launch();
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (site) rmSync(site, { recursive: true, force: true });
});

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

function check() {
  return spawnSync(bin, ['check', '--root', site, '--ui-lang', 'en'], { encoding: 'utf8' });
}

const TITLE = 'Hội nghị sơ kết thi đua';
const FILE = 'content/2026/hoi-nghi-so-ket-thi-dua/index.vi.md';

test('a new article with photos, a speaker, tasks and a PDF; translated; a conflict refused', async () => {
  const context = await browser.newContext({ locale: 'en' });
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  await page.goto(deskUrl);
  assert.deepEqual(await axe(page), [], 'axe on the list');
  await page.screenshot({ path: path.join(shots, 'desk-list.png'), fullPage: false });

  // New article.
  await page.getByRole('link', { name: 'New article' }).first().click();
  assert.deepEqual(await axe(page), [], 'axe on the new article form');
  await page.getByLabel('Title').fill(TITLE);
  await page.getByLabel('Date of the conference').fill('2026-06-12');
  await page.getByLabel('Search units').fill('quy ho tro');
  await page.getByRole('checkbox', { name: /Cooperative Development Support Fund|Quỹ hỗ trợ/ }).check();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/_desk\/edit\?file=/);
  assert.ok(existsSync(path.join(site, FILE)), 'the article was created');

  // Two photos: one landscape, one portrait by its EXIF orientation.
  const photos = page.locator('fieldset[data-rows="photos"]');
  await photos.locator('input[type=file]').setInputFiles([
    { name: 'Hội trường.jpg', mimeType: 'image/jpeg', buffer: readFileSync(path.join(repo, 'content/2022/tong-ket-thi-dua-2022/photos/hoi-truong.jpg')) },
    { name: 'Chân dung.JPG', mimeType: 'image/jpeg', buffer: rotatedJpeg() },
  ]);
  await photos.locator('li.row').nth(1).waitFor();
  const rows = photos.locator('li.row');
  await rows.nth(0).getByLabel('Caption').fill('Toàn cảnh hội trường.');
  await rows.nth(1).getByLabel('Caption').fill('Chân dung đại biểu.');
  const thumb = rows.locator('img.thumb').filter({ has: page.locator('xpath=.') });
  await page.waitForFunction(() => [...document.querySelectorAll('fieldset[data-rows="photos"] img.thumb')].every((i) => i.complete && i.naturalWidth > 0));
  const sizes = await photos.locator('img.thumb').evaluateAll((imgs) => imgs.map((i) => [i.naturalWidth, i.naturalHeight]));
  const portrait = sizes.find(([w, h]) => h > w);
  assert.ok(portrait, `one thumbnail upright (portrait): ${JSON.stringify(sizes)}`);
  void thumb;

  // A speaker, three tasks, a PDF.
  const speakers = page.locator('fieldset[data-rows="speakers"]');
  await speakers.getByRole('button', { name: 'Add a row' }).click();
  await speakers.locator('li.row').last().getByLabel('Name').fill('Nguyễn Văn An');
  await speakers.locator('li.row').last().getByLabel('Role').fill('Chủ tịch');
  const tasks = page.locator('fieldset[data-rows="tasks"]');
  for (const task of ['Nhiệm vụ một.', 'Nhiệm vụ hai.', 'Nhiệm vụ ba.']) {
    await tasks.getByRole('button', { name: 'Add a row' }).click();
    await tasks.locator('li.row').last().getByRole('textbox').fill(task);
  }
  const attachments = page.locator('fieldset[data-rows="attachments"]');
  await attachments.locator('input[type=file]').setInputFiles([{ name: 'Báo cáo.pdf', mimeType: 'application/pdf', buffer: PDF }]);
  await attachments.locator('li.row').first().waitFor();
  await attachments.locator('li.row').first().getByLabel('Title').fill('Báo cáo sơ kết');
  await page.locator('#f-venue').fill('Hà Nội');
  await page.locator('#f-summary').fill('Khối thi đua sơ kết sáu tháng đầu năm.');
  await page.getByLabel('Draft (not published yet)').uncheck();
  await page.locator('#f-body').fill('Hội nghị diễn ra tại Hà Nội.\n\n## Kết quả\n\nCác đơn vị đã hoàn thành nhiệm vụ.\n');
  await page.waitForFunction(() => document.querySelector('#preview h2, #preview h3'));
  assert.deepEqual(await axe(page), [], 'axe on the article form');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, 'desk-form.png'), fullPage: false });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#messages', { hasText: 'saved' }).waitFor();

  // The built page shows them.
  const out = mkdtempSync(path.join(tmpdir(), 'kyyeu-desk-out-'));
  const build = spawnSync(bin, ['build', '--root', site, '--output', out, '--cache-dir', path.join(out, '.cache')], { encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const html = readFileSync(path.join(out, '2026/hoi-nghi-so-ket-thi-dua/index.html'), 'utf8');
  for (const text of ['Nguyễn Văn An', 'Nhiệm vụ một.', 'Nhiệm vụ hai.', 'Nhiệm vụ ba.', 'bao-cao.pdf', 'Toàn cảnh hội trường.', 'Chân dung đại biểu.']) {
    assert.ok(html.includes(text), `the built page shows ${text}`);
  }
  assert.ok(!html.includes('_desk'), 'a build has no desk link');
  const published = readdirSync(path.join(out, '2026/hoi-nghi-so-ket-thi-dua'));
  assert.ok(published.includes('bao-cao.pdf'), published.join(' '));

  // Translate into English, leaving the second task.
  await page.goto(deskUrl);
  await page.getByRole('button', { name: 'Translate into en' }).first().click();
  await page.waitForURL(/index\.en\.md/);
  await page.locator('#f-title').fill('Mid-year emulation review 2026');
  await page.locator('#f-venue').fill('Hanoi');
  await page.locator('#f-summary').fill('The emulation bloc reviewed the first half of the year.');
  const en = page.locator('fieldset[data-rows="photos"] li.row');
  await en.nth(0).getByLabel('Caption').fill('The conference hall.');
  await en.nth(1).getByLabel('Caption').fill('A delegate.');
  await page.locator('fieldset[data-rows="speakers"] li.row').first().getByLabel('Role').fill('Chairman');
  const enTasks = page.locator('fieldset[data-rows="tasks"] li.row');
  await enTasks.nth(0).getByRole('textbox').fill('Task one.');
  await enTasks.nth(2).getByRole('textbox').fill('Task three.');
  // The tasks are one field: its mark stays only if the translator says so.
  await page.locator('input[name="marked"][value="tasks"]').check();
  await page.locator('#f-body').fill('The conference took place in Hanoi.\n');
  await page.locator('input[name="marked"][value="body"]').uncheck();
  assert.deepEqual(await axe(page), [], 'axe on the translation form');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, 'desk-translate.png'), fullPage: false });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#messages', { hasText: 'saved' }).waitFor();
  const checked = check();
  assert.match(checked.stdout + checked.stderr, /index\.en\.md: still marked to translate: tasks \(line \d+\)\n/);
  assert.doesNotMatch(checked.stdout + checked.stderr, /still marked to translate: [^\n]*title/);

  // A save refused when the file changed on disk: nothing lost.
  await page.goto(`${deskUrl}edit?file=${encodeURIComponent(FILE)}`);
  const onDisk = readFileSync(path.join(site, FILE), 'utf8');
  writeFileSync(path.join(site, FILE), onDisk + '\nMột đoạn thêm bằng trình soạn thảo.\n');
  await page.locator('#f-title').fill('Tiêu đề mới');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#messages', { hasText: 'changed on disk' }).waitFor();
  const now = readFileSync(path.join(site, FILE), 'utf8');
  assert.ok(now.includes('Một đoạn thêm bằng trình soạn thảo.'), 'the other change is kept');
  assert.ok(now.includes(TITLE) && !now.includes('Tiêu đề mới'), 'nothing overwritten');
  assert.equal(await page.locator('#f-title').inputValue(), 'Tiêu đề mới', 'what was typed stays in the form');
  await context.close();
});

test('the desk at 360 px: no page wider than the screen, every control reachable', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en' });
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  for (const url of [deskUrl, `${deskUrl}new`, `${deskUrl}edit?file=${encodeURIComponent('content/2021/tong-ket-thi-dua-2021/index.vi.md')}`]) {
    await page.goto(url);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 360, `${url}: ${wide}px wide`);
    assert.deepEqual(await axe(page), [], `axe at 360px: ${url}`);
  }
  await page.screenshot({ path: path.join(shots, 'desk-phone.png'), fullPage: false });
  // Keyboard alone: Tab reaches the Save button.
  let reached = false;
  for (let i = 0; i < 400 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.textContent === 'Save');
  }
  assert.ok(reached, 'Save is reachable with Tab');
  await context.close();
  void siteUrl;
});

test('the desk in Vietnamese (--ui-lang vi): its words, axe, screenshots for the guide', async () => {
  const copy = mkdtempSync(path.join(tmpdir(), 'kyyeu-desk-vi-'));
  cpSync(path.join(repo, 'site.yaml'), path.join(copy, 'site.yaml'));
  cpSync(path.join(repo, 'content'), path.join(copy, 'content'), { recursive: true });
  const vi = spawn(bin, ['serve', '--root', copy, '--port', '0', '--ui-lang', 'vi'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const desk = await new Promise((resolve, reject) => {
      let seen = '';
      vi.stdout.on('data', (chunk) => {
        seen += chunk;
        const found = seen.match(/bàn soạn bài: (http:\/\/127\.0\.0\.1:\d+\/_desk\/)/);
        if (found) resolve(found[1]);
      });
      vi.on('exit', () => reject(new Error('serve stopped')));
    });
    const context = await browser.newContext({ locale: 'vi' });
    context.setDefaultTimeout(120_000);
    const page = await context.newPage();
    await page.goto(desk);
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    await page.getByRole('link', { name: 'Bài mới' }).first().waitFor();
    assert.deepEqual(await axe(page), [], 'axe on the Vietnamese list');
    await page.screenshot({ path: path.join(shots, 'desk-list-vi.png') });
    await page.goto(`${desk}edit?file=${encodeURIComponent('content/2021/tong-ket-thi-dua-2021/index.vi.md')}`);
    await page.getByRole('button', { name: 'Lưu' }).waitFor();
    await page.getByLabel('Tìm đơn vị').fill('quy ho tro');
    const shown = await page.locator('fieldset.units li:not([hidden])').count();
    assert.equal(shown, 1, 'the search without marks finds the one unit');
    assert.deepEqual(await axe(page), [], 'axe on the Vietnamese form');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shots, 'desk-form-vi.png') });
    await context.close();
  } finally {
    vi.kill();
    rmSync(copy, { recursive: true, force: true });
  }
});
