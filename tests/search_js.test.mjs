// search.js on a built index, in a Node vm context (no browser, no npm
// package): index files are "loaded as <script>s" by a fake document that
// runs them in the same context, as a browser would.
//
// Run by tests/it/search.rs, which builds its small site and sets KYYEU_PUBLIC
// to the output folder; without it the tests are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import fs from 'node:fs';
import path from 'node:path';

const PUBLIC = process.env.KYYEU_PUBLIC;
const skip = PUBLIC ? false : 'KYYEU_PUBLIC is not set (run by `cargo test --test it search::`)';

/** A context with search.js loaded; `files` lists the index files it loaded. */
function load() {
  const files = [];
  const context = { console, URLSearchParams, setTimeout, clearTimeout };
  context.window = context;
  context.document = {
    getElementById: () => null,
    createElement: () => ({}),
    head: {
      appendChild(script) {
        const file = script.src.split('?')[0];
        let code;
        try {
          code = fs.readFileSync(file, 'utf8');
        } catch (e) {
          setImmediate(() => script.onerror(e));
          return;
        }
        files.push(file);
        vm.runInContext(code, context, { filename: file });
        setImmediate(() => script.onload());
      },
    },
  };
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(path.join(PUBLIC, 'search.js'), 'utf8'), context);
  return { search: context.kyyeuSearch, files };
}

/** The titles `query` finds in the index of `dir`, best first. */
async function titles(dir, query, filters = {}) {
  const { search } = load();
  const engine = new search.Engine(path.join(PUBLIC, dir) + '/');
  const ids = await engine.search(query, filters);
  const docs = await engine.docs(Array.from(ids));
  return Array.from(docs, (d) => d.title);
}

const DOAN_KET = 'Đoàn kết – Kỷ cương – Bứt phá';
const BOI_DUONG = 'Lớp bồi dưỡng nghiệp vụ';
const HOSTILE = '</script><script>alert(1)</script>';
const VI = 'tim-kiem/idx';
const EN = 'en/search/idx';

test('folding drops tone marks and the bar of đ', { skip }, () => {
  const { search } = load();
  assert.equal(search.fold('Đặng Thị Hồng Đào'), 'dang thi hong dao');
  assert.equal(search.fold('ĐOÀN KẾT'), 'doan ket');
  assert.equal(search.fold('Thi\u0323nh'), 'thinh');
  assert.deepEqual(Array.from(search.parse('Đoàn  kết, ').terms), ['doan', 'ket']);
  assert.equal(search.parse('doan ke').prefix, true);
  assert.equal(search.parse('doan ke ').prefix, false);
});

test('words typed without marks find the marked words', { skip }, async () => {
  assert.deepEqual(await titles(VI, 'thinh'), [DOAN_KET]);
  assert.deepEqual(await titles(VI, 'dao'), [BOI_DUONG]);
  assert.deepEqual(await titles(VI, 'doan ket'), [DOAN_KET]);
  assert.deepEqual(await titles(VI, 'ĐOÀN Kết'), [DOAN_KET]);
  assert.deepEqual(await titles(VI, 'thịnh'), [DOAN_KET]);
  assert.deepEqual(await titles(VI, 'ke toan'), [BOI_DUONG]);
  assert.deepEqual(await titles(VI, 'doan toan'), [], 'every word must match');
});

test('the last word matches as a prefix, the others exactly', { skip }, async () => {
  assert.deepEqual(await titles(VI, 'thin'), [DOAN_KET]);
  assert.deepEqual(await titles(VI, 'thin '), []);
  assert.deepEqual(await titles(VI, 'nghiep vu bo'), [BOI_DUONG]);
});

test('English readers find English versions and originals', { skip }, async () => {
  assert.deepEqual(await titles(EN, 'thinh'), ['Solidarity, discipline, breakthrough']);
  assert.deepEqual(await titles(EN, 'dao'), [BOI_DUONG]);
  assert.deepEqual(await titles(EN, 'da lat'), ['Study visit']);
});

test('filters by year and by unit', { skip }, async () => {
  assert.deepEqual(await titles(VI, '', { year: '2020' }), [BOI_DUONG]);
  assert.deepEqual(await titles(VI, 'thinh', { year: '2020' }), []);
  assert.deepEqual(await titles(VI, '', { unit: 'lien-minh-htx-viet-nam' }), [DOAN_KET]);
  assert.deepEqual(await titles(VI, 'dao', { unit: 'quy-ho-tro-phat-trien-htx', year: '2020' }), [BOI_DUONG]);
  assert.deepEqual(await titles(VI, '', {}), [], 'no words, no filter: nothing');
});

test('a hostile title comes back as text', { skip }, async () => {
  assert.deepEqual(await titles(VI, 'alert'), [HOSTILE]);
  assert.deepEqual(await titles(VI, 'in dam'), [HOSTILE]);
});

test('a query loads the manifest, its shards and the documents shown', { skip }, async () => {
  const { search, files } = load();
  const engine = new search.Engine(path.join(PUBLIC, VI) + '/');
  const ids = await engine.search('thinh', {});
  await engine.docs(Array.from(ids));
  const names = files.map((f) => path.relative(path.join(PUBLIC, VI), f));
  assert.equal(names[0], 'manifest.js');
  assert.ok(names.slice(1, -1).every((n) => n.startsWith('t/')), names.join(' '));
  assert.equal(names[names.length - 1], 'd/0.js');
});

test('excerpts mark the words found', { skip }, () => {
  const { search } = load();
  const matches = search.matcher(search.parse('dao'));
  assert.equal(matches('Đào'), 0);
  assert.equal(matches('Đạo'), 0);
  assert.equal(matches('Đông'), -1);
  const long = 'mở đầu '.repeat(60) + 'bà Đặng Thị Hồng Đào phát biểu' + ' kết thúc'.repeat(60);
  const text = search.excerpt(long, matches);
  assert.ok(text.startsWith('… ') && text.endsWith(' …'), text);
  assert.ok(text.includes('Hồng Đào phát biểu'), text);
  assert.ok(text.length < 300);
});
