// "Read the guidelines" (issue 19): with the e2e company pack (and the attacker
// pack of two hashed code names) on top of the baseline, the popup's link opens
// the guidelines page in a tab, which shows every guideline of every pack (the
// titles in the reader's language, compared with the packs' JSON), never a
// hashed name; a hint's "Read it in the guidelines" (in the panel's "why?", a
// real click in the panel's frame) opens the page at that hint's own pack's
// guideline, focused and in view. In English and German (`locale: 'de'`);
// axe-core finds no serious or critical violation, light and dark. Writes
// docs/screenshots/guidelines.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { launch, readPack } from '../lib/harness.mjs';
import { SEL, URLS } from '../lib/fixtures.mjs';
import { activateE2EPack, clickPanelControl, importPackFile, openOptions, panelFrame, runCheck, screenshot, until } from '../lib/postcheck.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const E2E = readPack('e2e-iban.json');
const STARTER = JSON.parse(readFileSync(new URL('../../../packs/starter.json', import.meta.url), 'utf8'));
/** The attacker pack's hashed code names (attacker.test.mjs): never on the page. */
const HASHED = ['orion', 'blue falcon'];
const DRAFT = 'Das ist streng vertraulich, Fragen an anna.muster@acme.example';

/** A pack text in `lang` (a plain string is the pack's only one). */
const inLang = (v, lang) => (typeof v === 'string' ? v : (v[lang] ?? v.en));

/** Runs axe in a page; returns its violations. */
async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }, TAGS);
}

/** Waits for the guidelines page to have drawn the worker's answer; gives what it shows. */
async function readGuidelines(page) {
  await until(async () => (await page.locator('[data-postcheck="guidelines"]').getAttribute('data-state')) !== 'loading', { message: 'the guidelines page to draw its answer' });
  return page.evaluate(() => ({
    state: document.querySelector('[data-postcheck="guidelines"]').getAttribute('data-state'),
    lang: document.documentElement.lang,
    title: document.title,
    packs: [...document.querySelectorAll('[data-postcheck="guidelines-pack"]')].map((a) => ({
      pack: a.dataset.pack,
      name: a.querySelector('h2').textContent,
      guidelines: [...a.querySelectorAll('[data-postcheck="guideline"]')].map((s) => ({ id: s.dataset.guideline ?? null, anchor: s.id, title: s.querySelector('h3').textContent })),
    })),
    text: document.body.innerText,
    html: document.documentElement.outerHTML,
    contents: [...document.querySelectorAll('#contents a')].map((a) => a.getAttribute('href')),
    focused: document.activeElement?.closest('[data-postcheck="guideline"]') ? { pack: document.activeElement.dataset.pack, id: document.activeElement.dataset.guideline, anchor: document.activeElement.id } : null,
    inView: (() => {
      const box = document.activeElement?.getBoundingClientRect();
      return Boolean(box && box.top >= 0 && box.top < innerHeight);
    })(),
  }));
}

for (const [lang, locale] of [
  ['en', 'en-US'],
  ['de', 'de'],
]) {
  describe(`read the guidelines (${lang})`, () => {
    let session;
    before(async () => {
      session = await launch({ name: `guidelines-${lang}`, locale });
      const pack = await activateE2EPack(session);
      assert.ok(pack.iban, pack.note);
      const options = await openOptions(session);
      try {
        const attacker = await importPackFile(options, 'attacker.json', 'ACME attacker e2e pack');
        assert.ok(attacker.ok, `the attacker pack was refused: ${JSON.stringify(attacker.errors)}`);
      } finally {
        await options.close();
      }
    });
    after(async () => {
      await session?.close();
    });

    test("the popup's link opens the page: every guideline of every pack, in the reader's language, no hashed name", async (t) => {
      const popup = await session.context.newPage();
      await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
      const link = popup.locator('[data-postcheck="open-guidelines"]');
      assert.equal(await link.textContent(), lang === 'de' ? 'Richtlinien lesen' : 'Read the guidelines');
      const [tab] = await Promise.all([session.context.waitForEvent('page', { timeout: 15_000 }), link.click()]);
      await tab.waitForLoadState('domcontentloaded', { timeout: 15_000 });
      assert.equal(tab.url(), `chrome-extension://${session.extensionId}/guidelines.html`);
      const shown = await readGuidelines(tab);
      assert.equal(shown.state, 'ready', shown.text);
      assert.equal(shown.lang, lang);
      assert.equal(shown.title, lang === 'de' ? 'postcheck: Richtlinien' : 'postcheck: guidelines');
      // Company packs first (the top first), the baseline last.
      assert.deepEqual(shown.packs.map((p) => p.pack), ['acme-attacker-e2e', 'acme-e2e', 'postcheck-starter']);
      const byPack = Object.fromEntries(shown.packs.map((p) => [p.pack, p]));
      assert.equal(byPack['acme-e2e'].name, E2E.name);
      assert.deepEqual(
        byPack['acme-e2e'].guidelines.map((g) => [g.id, g.title]),
        E2E.guidelines.map((g) => [g.id, inLang(g.title, lang)]),
      );
      // The baseline's guidelines, then its checks without a guideline (if any).
      const starter = byPack['postcheck-starter'].guidelines.filter((g) => g.id !== null);
      assert.deepEqual(
        starter.map((g) => [g.id, g.title]),
        STARTER.guidelines.map((g) => [g.id, inLang(g.title, lang)]),
      );
      // Anchors: the top pack's guideline keeps g-<id>; the baseline's of the same id another.
      assert.deepEqual(byPack['acme-e2e'].guidelines.map((g) => g.anchor), ['g-confidential', 'g-personal-data']);
      assert.equal(starter.find((g) => g.id === 'personal-data')?.anchor, 'g-postcheck-starter-personal-data');
      for (const g of [...byPack['acme-e2e'].guidelines, ...starter]) assert.ok(shown.contents.includes(`#${g.anchor}`), `the contents link to ${g.anchor}`);
      // The attacker pack's rules have no guideline: listed under its other checks, without its names.
      assert.equal(byPack['acme-attacker-e2e'].guidelines.length, 1);
      assert.ok(shown.text.includes('Globex'), 'a plain term is shown in an example (positive control)');
      for (const name of HASHED) {
        assert.ok(!shown.text.toLowerCase().includes(name), `the hashed name "${name}" is not shown`);
        assert.ok(!shown.html.toLowerCase().includes(name), `the hashed name "${name}" is not in the page`);
      }
      for (const scheme of ['light', 'dark']) {
        await tab.emulateMedia({ colorScheme: scheme });
        const violations = await axe(tab);
        t.diagnostic(`guidelines ${scheme} ${lang}: ${violations.map((v) => `${v.impact} ${v.id} (${v.nodes}) ${v.where.join(', ')}`).join('; ') || 'none'}`);
        assert.deepEqual(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), [], `guidelines page ${scheme}: serious or critical violations`);
      }
      await tab.emulateMedia({ colorScheme: 'light' });
      await tab.close();
      await popup.close().catch(() => {});
    });

    test("a hint's \"Read it in the guidelines\" opens the page at its own pack's guideline", async () => {
      const page = await session.context.newPage();
      try {
        await page.goto(URLS.x);
        const editor = page.locator(SEL.x.inlineEditor);
        await editor.click();
        await page.keyboard.type(DRAFT);
        const { panel, data } = await runCheck(page, editor);
        assert.deepEqual(data.hints.map((h) => h.rule).sort(), ['confidential-markers', 'email']);
        const frame = await panelFrame(panel);
        await frame.locator('[data-rule="email"] [data-postcheck="why"] summary').click();
        const link = frame.locator('[data-rule="email"] [data-postcheck="read-guideline"]');
        await link.waitFor({ timeout: 5_000 });
        assert.equal(await link.textContent(), lang === 'de' ? 'In den Richtlinien lesen' : 'Read it in the guidelines');
        assert.equal(await link.getAttribute('href'), `chrome-extension://${session.extensionId}/guidelines.html?pack=acme-e2e#g-personal-data`);
        const [tab] = await Promise.all([
          session.context.waitForEvent('page', { timeout: 15_000 }),
          clickPanelControl(panel, '[data-rule="email"] [data-postcheck="read-guideline"]'),
        ]);
        await tab.waitForLoadState('domcontentloaded', { timeout: 15_000 });
        const shown = await readGuidelines(tab);
        assert.equal(shown.state, 'ready', shown.text);
        // The e2e pack's "personal-data", not the baseline's guideline of the same id.
        assert.deepEqual(shown.focused, { pack: 'acme-e2e', id: 'personal-data', anchor: 'g-personal-data' });
        assert.ok(shown.inView, 'the guideline is scrolled into view');
        if (lang === 'en') {
          await tab.setViewportSize({ width: 1100, height: 800 });
          await tab.evaluate(() => document.activeElement?.scrollIntoView({ block: 'center' }));
          await screenshot(tab, [], 'guidelines');
        }
        await tab.close();
        // The confidential hint: that guideline (only the e2e pack has it).
        await frame.locator('[data-rule="confidential-markers"] [data-postcheck="why"] summary').click();
        const [tab2] = await Promise.all([
          session.context.waitForEvent('page', { timeout: 15_000 }),
          clickPanelControl(panel, '[data-rule="confidential-markers"] [data-postcheck="read-guideline"]'),
        ]);
        await tab2.waitForLoadState('domcontentloaded', { timeout: 15_000 });
        assert.deepEqual((await readGuidelines(tab2)).focused, { pack: 'acme-e2e', id: 'confidential', anchor: 'g-confidential' });
        await tab2.close();
      } finally {
        await page.close();
      }
    });
  });
}
