#!/usr/bin/env node
// Differential test: postcheck's X weighted length and link finding against the reference,
// the npm package twitter-text 3.1.0.
//
//   node diff.js [path/to/x_length] [--count N] [--seed S] [--dump FILE]
//
// Generates strings from a fixed seed (emoji with skin tones, ZWJ sequences, flags, keycaps,
// CJK, combining marks, Latin with diacritics, text that is not NFC, links with and without
// scheme, @mentions, #hashtags, and mixtures up to a few thousand characters), computes
// parseTweet(text).weightedLength and extractUrlsWithIndices(text) with twitter-text, runs the
// Rust example `x_length` on the same strings and compares. Prints how many were compared and
// every difference; exits 1 on any difference.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const twitter = require('twitter-text');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const ROOT = path.resolve(__dirname, '..', '..');
const bin = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))) ||
  path.join(path.resolve(ROOT, process.env.CARGO_TARGET_DIR || 'target'), 'release', 'examples', 'x_length');
const COUNT = Number(opt('--count', 20000));
const SEED = Number(opt('--seed', 20240601));

// --- deterministic random -------------------------------------------------------------------
let state = SEED >>> 0;
function rand() {
  // mulberry32
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];
const chance = (p) => rand() < p;
const cp = (n) => String.fromCodePoint(n);
const range = (a, b) => cp(a + int(b - a + 1));
const repeat = (n, f) => Array.from({ length: n }, f).join('');

// --- building blocks ------------------------------------------------------------------------
const ZWJ = '\u200d';
const VS16 = '\ufe0f';
const VS15 = '\ufe0e';
const skin = () => range(0x1f3fb, 0x1f3ff);
const people = [0x1f468, 0x1f469, 0x1f9d1, 0x1f466, 0x1f467, 0x1f474, 0x1f475, 0x1f471, 0x1f64b, 0x1f645, 0x1f646, 0x1f647, 0x1f6b4, 0x1f3c3, 0x1f3ca, 0x1f926, 0x1f937, 0x1f9d6, 0x1f46e, 0x1f477, 0x1f482, 0x1f575, 0x1f3cb, 0x26f9, 0x1f44d, 0x1f44b, 0x270c, 0x261d, 0x1f590, 0x1f9b8].map(cp);
const objects = [0x2695, 0x2696, 0x2708, 0x1f33e, 0x1f373, 0x1f393, 0x1f3a4, 0x1f3a8, 0x1f3eb, 0x1f3ed, 0x1f4bb, 0x1f4bc, 0x1f527, 0x1f52c, 0x1f680, 0x1f692, 0x1f9b0, 0x1f9b1, 0x1f9b2, 0x1f9b3, 0x2764, 0x1f48b, 0x1f308, 0x2620, 0x1f5e8, 0x2640, 0x2642, 0x1f91d].map(cp);
const textDefault = [0x263a, 0x2639, 0x2764, 0x2600, 0x2601, 0x2602, 0x2614, 0x2615, 0x261d, 0x270c, 0x270d, 0x2122, 0xa9, 0xae, 0x203c, 0x2049, 0x2139, 0x2194, 0x21a9, 0x231a, 0x2328, 0x23cf, 0x25b6, 0x25c0, 0x2640, 0x2642, 0x26a0, 0x26a1, 0x2702, 0x2708, 0x2744, 0x3030, 0x303d, 0x3297, 0x3299, 0x2b50, 0x2b55, 0x26f7, 0x26f9, 0x1f321, 0x1f336, 0x1f37d, 0x1f5e8, 0x1f590, 0x1f574, 0xe50a].map(cp);
function emoji() {
  switch (int(12)) {
    case 0: return range(0x1f300, 0x1f5ff);
    case 1: return range(0x1f600, 0x1f64f) + (chance(0.3) ? skin() : '');
    case 2: return range(0x1f680, 0x1f6ff);
    case 3: return range(0x1f900, 0x1faff) + (chance(0.2) ? skin() : '');
    case 4: return pick(people) + (chance(0.6) ? skin() : '') + (chance(0.3) ? VS16 : '');
    case 5: { // ZWJ sequences, valid and not
      const n = 1 + int(3);
      let s = pick(people) + (chance(0.4) ? skin() : '');
      for (let i = 0; i < n; i++) s += ZWJ + (chance(0.5) ? pick(objects) : pick(people)) + (chance(0.3) ? VS16 : '') + (chance(0.15) ? skin() : '');
      return s;
    }
    case 6: return range(0x1f1e6, 0x1f1ff) + (chance(0.9) ? range(0x1f1e6, 0x1f1ff) : ''); // flags (some invalid)
    case 7: return pick(['#', '*', '0', '1', '5', '9']) + (chance(0.6) ? VS16 : '') + (chance(0.85) ? '\u20e3' : ''); // keycaps
    case 8: return pick(textDefault) + pick(['', VS16, VS15, VS15 + skin(), VS16 + skin(), skin()]);
    case 9: return '\ud83c\udff4' + pick(['\udb40\udc67\udb40\udc62\udb40\udc65\udb40\udc6e\udb40\udc67\udb40\udc7f', '\udb40\udc67\udb40\udc62\udb40\udc73\udb40\udc63\udb40\udc74\udb40\udc7f', '\udb40\udc75\udb40\udc73\udb40\udc7f', '']) + (chance(0.2) ? ZWJ + '\u2620\ufe0f' : '');
    case 10: return pick(['\ud83c\udff3\ufe0f\u200d\ud83c\udf08', '\ud83d\udc41\u200d\ud83d\udde8', '\ud83d\udc68\u200d\u2764\ufe0f\u200d\ud83d\udc8b\u200d\ud83d\udc68', '\ud83d\udc6f\u200d\u2640\ufe0f', VS16, ZWJ, '\u20e3', skin()]);
    default: return range(0x2600, 0x27bf) + (chance(0.4) ? VS16 : '');
  }
}
const words = ['the', 'launch', 'Team', 'great', 'news', 'Zürich', 'café', 'naïve', 'Ærø', 'façade', 'Straße', 'ſtop', 'Ωmega', 'привет', 'мир', 'ελληνικά', 'שלום', 'مرحبا', 'नमस्ते', 'สวัสดี', 'გამარჯობა', 'Հայերեն', '東京', '故人西辞黄鹤楼', 'こんにちは', 'カタカナ', '안녕하세요', 'ｆｕｌｌｗｉｄｔｈ', 'İstanbul', 'ǅemal', 'KELVIN', 'ﬁne'];
const punct = ['.', ',', '!', '?', ':', ';', '...', '…', '—', '–', '-', '_', '/', '(', ')', '"', "'", '“', '”', '‘', '’', '«', '»', '·', '•', '@', '#', '$', '&', '*', '%', '+', '=', '~', '|', '[', ']', '{', '}', '<', '>', '\\', '^', '`', '。', '、', '！', '？', '＠', '＃'];
const spaces = [' ', ' ', ' ', '\n', '\t', '\u00a0', '\u2000', '\u2009', '\u200a', '\u200b', '\u200c', '\u200d', '\u202f', '\u3000', '\u2028', '\r\n', '\u180e', '\u205f'];
const oddChars = ['\u202a', '\u202c', '\u202e', '\u2066', '\u2069', '\u200e', '\u200f', '\u061c', '\ufeff', '\ufffe', '\uffff', '\u0000', '\u0007', '\u001f', '\u007f', '\u0085', '\u00ad', '\u2013', '\u2014', '\u2032', '\u2037', '\u2038', '\u1100', '\u10ff', '\u1200', '\u2070', '\u2122', '\u2126', '\u212a', '\u212b', '\u0345', '\u03b9', '\u1fbe', '\u2c65', '\u1c80', '\ua64b', '\u0131', '\u0130', '\u017f', '\u00b5', '\u00df', '\u1e9e', '\u01c5'];
// not NFC: decomposed letters, Hangul jamo, singletons, compatibility ideographs, reordering
const notNfc = ['e\u0301', 'A\u030a', 'o\u0308\u0304', 'n\u0303', 'c\u0327', 'u\u0308', '\u1100\u1161', '\u1100\u1161\u11a8', '\u1112\u1173\u11ab', '\u2126', '\u212b', '\u212a', '\uf900', '\uf91d', '\ufa10', '\u0958', '\u09dc', '\u0a33', '\u05e9\u05c1\u05bc', '\ufb2c', '\u1e9b\u0323', 'a\u0323\u0302', 'a\u0302\u0323', '\u0344', '\u0340', '\u2329', '\u232a', '\u1f71', '\u0387', 'q\u0307\u0323', '\u0cc0\u0cd5', '\ud834\udd5e', '\u0ddd'];
function letters() {
  switch (int(10)) {
    case 0: return repeat(1 + int(8), () => range(0x61, 0x7a));
    case 1: return repeat(1 + int(6), () => range(0x4e00, 0x9fff));
    case 2: return repeat(1 + int(4), () => range(0xac00, 0xd7a3));
    case 3: return repeat(1 + int(5), () => range(0xc0, 0x24f));
    case 4: return repeat(1 + int(5), () => range(0x400, 0x4ff));
    case 5: return pick(words);
    case 6: return range(0x41, 0x5a) + repeat(int(6), () => range(0x61, 0x7a)) + (chance(0.5) ? range(0x300, 0x36f) : '');
    case 7: return repeat(1 + int(3), () => range(0x20000, 0x2a6df)); // CJK extension B, outside the BMP
    case 8: return pick(notNfc);
    default: return pick(oddChars);
  }
}

let tlds = null;
function tld() {
  if (!tlds) {
    tlds = fs.readFileSync(path.join(ROOT, 'crates/postcheck-core/src/platform/twitter_text/tlds.txt'), 'utf8')
      .split('\n').filter((l) => l && !l.startsWith('#'));
  }
  const t = chance(0.5) ? pick(['com', 'org', 'net', 'ch', 'de', 'co', 'io', 'jp', 'co.uk', 'com.au', 'us', 'info', 'app', 'dev']) : pick(tlds);
  return pick([(s) => s, (s) => s.toUpperCase(), (s) => s[0].toUpperCase() + s.slice(1)])(t);
}
function label() {
  switch (int(9)) {
    case 0: return pick(['example', 'acme', 'twitter', 'www', 'blog', 'my-site', 'a', 'x', 't', 'foo_bar', '-bad', 'bad-', 'sub_', '9gag', 'xn--bcher-kva', 'xn--', 'WWW']);
    case 1: return repeat(1 + int(12), () => pick('abcdefghijklmnopqrstuvwxyz0123456789-_'));
    case 2: return pick(['bücher', 'münchen', 'café', 'ñandú', 'zürich', 'résumé']);
    case 3: return repeat(1 + int(6), () => range(0x4e00, 0x9fff));
    case 4: return repeat(55 + int(15), () => pick('abcdefghij')); // around the 63 limit
    case 5: return repeat(15 + int(10), () => range(0x3042, 0x3093)); // long IDN labels
    case 6: return emoji();
    case 7: return repeat(1 + int(5), () => range(0x400, 0x44f));
    default: return repeat(3 + int(8), () => range(0x61, 0x7a));
  }
}
function pathPart() {
  const pieces = ['/', '/path', '/a/b/c', '/index.html', '/wiki/Foo_(bar)', '/Foo_(bar_(baz))', '/(x)', '/a(b', '/a)b', '/~user/', '/@user/x', '/@user', '/%20x', '/a,b', '/a.', '/a!', '/a?', '/#!/x', '/русский', '/café', '/é', '/Ⱥⱥ', '/ι', '/\u2013dash', '/a-', '/a+', '/a=', '/a_', '/a#', '/a*', '/[x]', '/a|b', "/it's", '/a;b=c', '/a:b', '/$x', '/&y', '/日本', '/\u0345', '/\u212a', '/\u017f', '/ẞ'];
  let s = '';
  const n = int(4);
  for (let i = 0; i < n; i++) s += pick(pieces);
  if (chance(0.3)) s += pick(['?q=1', '?a=b&c=d', '?x', '?', '?a=1.', '?a=(b)', '?q=ü', '?list=PL0-', '?a=b#frag', '?a=b!', '?a=b,c', '?!', '?a=b/']);
  return s;
}
function url() {
  switch (int(10)) {
    case 0: return pick(['https://t.co/', 'http://t.co/', 'HTTPS://T.CO/', 'https://t.co/']) + repeat(int(45), () => pick('abcXYZ0123456789')) + (chance(0.3) ? pick(['?amp=1', '?a=b.', '/more', '']) : '');
    case 1: return pick(['http://', 'https://', 'HTTP://', 'Https://', 'ftp://', 'http:/', 'https//', '']) + '192.168.0.1' + pathPart();
    default: {
      const scheme = pick(['http://', 'https://', 'HTTPS://', 'hTTp://', '', '', '', 'www.', 'ftp://', 'http://user:pw@', 'https://www.', '//']);
      let host = '';
      const n = 1 + int(3);
      for (let i = 0; i < n - 1; i++) host += label() + '.';
      host += label() + '.' + tld();
      const port = chance(0.1) ? ':' + pick(['80', '8080', '', 'x']) : '';
      return scheme + host + port + (chance(0.6) ? pathPart() : '') + (chance(0.2) ? pick(punct) : '');
    }
  }
}
// Edge cases of the link rules: lookahead after the TLD, label and URL length limits,
// IDN and Punycode domains, chains of labels, ports, odd neighbours.
function edgeUrl() {
  switch (int(15)) {
    case 12: // random paths and queries: parentheses, brackets, punctuation at the end
      return pick(['x.com', 'https://a.co', 'http://t.co']) + '/' + repeat(1 + int(20), () => pick(['a', '1', '-', '_', '.', ',', ';', ':', '!', '?', "'", '(', ')', '[', ']', '@', '/', '#', '=', '+', '~', '|', '&', '$', '%', '*', 'é', 'ж', 'ι', '–', '"', ' ', '日']));
    case 13: // random domains
      return pick(['', 'http://', 'https://']) + repeat(1 + int(25), () => pick(['a', 'b', '1', '-', '_', '.', '.', 'ü', '日', '😀', 'xn--', '‍', ' ', '@'])) + '.' + tld() + pick(['', '/', '?a=1', ':80']);
    case 14: // random queries
      return 'https://example.com/a?' + repeat(1 + int(15), () => pick(['a', '1', '=', '&', '-', '_', '.', ',', '!', '?', '(', ')', '#', '/', '@', ';', ':', "'", '*', '~', '|', '[', ']', '$', '%', '+', 'é']));
    case 0: return pick(['example.com', 'a.co', 'x.org']) + pick(['-', '+', '@', '_', '0', 'x', '.', '..', ':', ':8', '/', '?', '#', '·', 'ü', '日']) + pick(['foo', '', '.com', 'bar.net']);
    case 1: return 'https://example.com/' + repeat(4080 + int(30), () => pick('abcdefgh/'));
    case 2: return repeat(2 + int(30), () => pick(['a', 'b', 'co', 'com', 'x_y', 'a-b', '日本', 'xn--p1ai'])).split('').join(chance(0.5) ? '.' : '') + '.' + tld();
    case 3: return pick(['xn--80ak6aa92e.com', 'XN--BCHER-KVA.ch', 'xn--bücher.com', 'xn--.com', 'xn--a.xn--b', 'xn--p1ai', 'www.xn--p1ai', 'http://xn--p1ai', 'xn--80a.рф', 'пример.рф', 'ПРИМЕР.РФ', 'example.ΕΛ', 'test.ελ', 'ᲒᲔ.გე', 'a.გე', 'a.ᲒᲔ']);
    case 4: return repeat(int(3), () => label() + '.') + repeat(60 + int(8), () => pick('abc')) + '.' + tld();
    case 5: return pick(['', 'http://', 'https://']) + repeat(20 + int(30), () => pick('あいうえおかきくけこ')) + '.com';
    case 6: return pick(['a@b.com', 'mail@example.com', '@example.com', '＠example.com', '#example.com', '＃example.com', '$example.com', 'x$example.com', '-example.com', '_example.com', '.example.com', '/example.com', '\u202aexample.com', '\u200eexample.com', '\ufeffexample.com']);
    case 7: return 'http://example.com:' + pick(['80', '8080', '', 'x', '99999999999']) + pick(['', '/', '/a', '?q=1']);
    case 8: return 'https://t.co/' + repeat(38 + int(6), () => pick('aB3')) + pick(['', '?a=1', '/x', '.']);
    case 9: return pick(['http://user:pass[word]@www.example.com/', 'http://[3ffe:1900::1]:80/index.html', 'http://256.1.2.3/', 'http://example.com/#anchor ', 'http://example.com/Русские_слова', 'http://☃.net/', 'http://☃-.net/', 'http://%e2%98%83.net/', 'HTTPS://www.ExaMPLE.COM/index.html', 'http://test_underscore.twitter.com', 'http://domain-dash_2314352345_dfasd.foo-cow_4352.com']);
    case 10: return emoji() + pick(['.', '']) + label() + '.' + tld();
    default: return pick(['www.example.com.', 'example.com,', 'example.com!', 'example.com)', '(example.com)', '"example.com"', 'example.com/a)', 'example.com/(a)', 'example.com/a_(b_(c))_d', 'example.com/?', 'example.com/a?b=c)']);
  }
}
// Random soups of emoji parts: joiners, selectors, modifiers, tags, keycap marks.
function emojiSoup() {
  const parts = () => pick([ZWJ, VS16, VS15, '\u20e3', skin(), range(0x1f1e6, 0x1f1ff), cp(0xe0000 + pick([0x67, 0x62, 0x65, 0x6e, 0x73, 0x63, 0x74, 0x77, 0x6c, 0x7f])), '\ud83c\udff4', pick(people), pick(objects), pick(textDefault), pick(['#', '*', '0', '7']), emoji()]);
  return repeat(1 + int(8), parts);
}
function token() {
  if (chance(0.04)) return edgeUrl();
  if (chance(0.04)) return emojiSoup();
  switch (int(14)) {
    case 0: case 1: case 2: return letters();
    case 3: case 4: return emoji();
    case 5: case 6: return url();
    case 7: return '@' + pick(['anna', 'acme_corp', 'x', 'Bob99', 'anna/list', 'über']) + (chance(0.3) ? pick(['.com', '.ch', '', '.example.org']) : '');
    case 8: return '#' + pick(['launch', 'AI', '2024', 'café', '東京', 'a.com', 'tag']);
    case 9: return '$' + pick(['ACME', 'a.com', 'twtr']);
    case 10: return pick(punct);
    case 11: return pick(oddChars);
    case 12: return pick(notNfc);
    default: return String(int(100000)) + (chance(0.3) ? '.' + int(100) : '');
  }
}
function text(i) {
  // Mostly short posts, some long drafts; glue tokens with spaces, punctuation or nothing.
  const n = i % 50 === 0 ? 300 + int(400) : 1 + int(i % 5 === 0 ? 60 : 12);
  let s = '';
  for (let k = 0; k < n; k++) {
    s += token();
    s += chance(0.7) ? pick(spaces) : chance(0.5) ? pick(punct) : '';
  }
  return s;
}

// Conformance texts come first, so that those are compared too.
const cases = [];
const data = path.join(ROOT, 'crates/postcheck-core/tests/data/twitter-text');
for (const file of ['validate.json', 'tlds.json']) {
  const doc = JSON.parse(fs.readFileSync(path.join(data, file), 'utf8'));
  for (const list of Object.values(doc.tests)) for (const t of list) if (typeof t.text === 'string') cases.push(t.text);
}
const fixed = cases.length;
for (let i = 0; cases.length < fixed + COUNT; i++) cases.push(text(i));

const expected = [];
const inputs = [];
let thrown = 0;
for (const t of cases) {
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/.test(t)) continue; // Rust strings have no lone surrogates
  let want;
  try {
    want = { weightedLength: twitter.parseTweet(t).weightedLength, urls: twitter.extractUrlsWithIndices(t).map((u) => u.indices) };
  } catch (e) {
    thrown++;
    continue;
  }
  inputs.push(t);
  expected.push(want);
}
if (opt('--dump')) fs.writeFileSync(opt('--dump'), inputs.map((t) => JSON.stringify(t)).join('\n') + '\n');

const run = spawnSync(bin, [], { input: inputs.map((t) => JSON.stringify(t)).join('\n') + '\n', maxBuffer: 1 << 28 });
if (run.status !== 0) {
  console.error(`${bin} failed: ${run.error || run.stderr}`);
  process.exit(1);
}
const got = run.stdout.toString().split('\n').filter((l) => l).map((l) => JSON.parse(l));
if (got.length !== inputs.length) {
  console.error(`expected ${inputs.length} results, got ${got.length}`);
  process.exit(1);
}
let diffs = 0;
let lengthDiffs = 0;
let urlDiffs = 0;
let chars = 0;
for (let i = 0; i < inputs.length; i++) {
  chars += inputs[i].length;
  const w = expected[i];
  const g = got[i];
  const lenBad = w.weightedLength !== g.weightedLength;
  const urlBad = JSON.stringify(w.urls) !== JSON.stringify(g.urls);
  g.urls = Array.isArray(g.urls) ? g.urls : [];
  if (lenBad || urlBad) {
    diffs++;
    lengthDiffs += lenBad;
    urlDiffs += urlBad;
    if (diffs <= 30) {
      console.log(`DIFF ${JSON.stringify(inputs[i]).slice(0, 400)}`);
      if (lenBad) console.log(`  weightedLength: twitter-text ${w.weightedLength}, postcheck ${g.weightedLength}`);
      if (urlBad) {
        console.log(`  urls twitter-text: ${JSON.stringify(w.urls.map((r) => [r, inputs[i].slice(r[0], r[1])]))}`);
        console.log(`  urls postcheck:    ${JSON.stringify(g.urls.map((r) => [r, inputs[i].slice(r[0], r[1])]))}`);
      }
    }
  }
}
console.log(
  `twitter-text differential: ${inputs.length} strings compared (${fixed} conformance texts, ${inputs.length - fixed} generated, seed ${SEED}, ${chars} UTF-16 units), ` +
    `${diffs} differences (${lengthDiffs} in weighted length, ${urlDiffs} in URLs)` + (thrown ? `, ${thrown} skipped because twitter-text threw` : ''),
);
process.exit(diffs === 0 ? 0 : 1);
