// Accessibility: axe-core (from npm, injected over the debugger protocol) finds
// no serious or critical violation on the panel (its frame, with many hints),
// the popup (with the hints of a pasted draft) and the options page, in light
// and dark, in English and German. Every violation found is printed as a
// diagnostic, by impact.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { launch } from '../lib/harness.mjs';
import { COMPOSERS, MANY } from '../lib/composers.mjs';
import { panelFrame, runCheck, until } from '../lib/postcheck.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Runs axe in a page or frame; returns its violations as {id, impact, nodes, help}. */
async function axe(target) {
  await target.evaluate(AXE);
  return target.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }, TAGS);
}

/** Prints the violations by impact, and asserts none is serious or critical. */
function assertAccessible(t, what, violations) {
  const byImpact = {};
  for (const v of violations) byImpact[v.impact] = (byImpact[v.impact] ?? 0) + v.nodes;
  t.diagnostic(`${what}: ${JSON.stringify(byImpact)} ${violations.map((v) => `${v.impact} ${v.id} (${v.nodes})`).join('; ')}`);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${what}: serious or critical violations`);
}

for (const lang of ['en', 'de']) {
  describe(`accessibility (${lang})`, () => {
    let session;
    before(async () => {
      session = await launch({ name: `accessibility-${lang}`, args: lang === 'de' ? ['--lang=de'] : [] });
    });
    after(async () => {
      await session?.close();
    });

    for (const [theme, dark] of [
      ['light', false],
      ['lights-out', true],
    ]) {
      test(`the panel, ${dark ? 'dark' : 'light'}`, async (t) => {
        const page = await session.context.newPage();
        const c = COMPOSERS.find((x) => x.name === 'X timeline');
        await page.goto(`${c.url}?theme=${theme}`);
        const { editor } = await c.prepare(page, MANY);
        const { panel } = await runCheck(page, editor);
        const frame = await panelFrame(panel);
        await until(async () => (await frame.evaluate(() => document.documentElement.dataset.theme)) === (dark ? 'dark' : 'light'), { message: 'the panel to take the theme' });
        // The "why?" folds open, so that their texts are checked too.
        await frame.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        assert.equal(await frame.evaluate(() => document.documentElement.lang), lang, 'the panel says its language');
        assertAccessible(t, `panel ${theme} ${lang}`, await axe(frame));
        await page.close();
      });
    }

    for (const scheme of ['light', 'dark']) {
      test(`the popup and the options page, ${scheme}`, async (t) => {
        const page = await session.context.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
        await page.locator('#draft').fill(MANY);
        await page.locator('#check').click();
        await until(async () => (await page.locator('[data-postcheck="hint"]').count()) > 0, { message: 'the popup to show hints' });
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        assertAccessible(t, `popup ${scheme} ${lang}`, await axe(page));
        await page.goto(`chrome-extension://${session.extensionId}/options.html`);
        await until(async () => ((await page.locator('[data-postcheck="pack-name"]').textContent()) ?? '').trim() !== '', { message: 'the options page to show the pack' });
        assertAccessible(t, `options ${scheme} ${lang}`, await axe(page));
        await page.close();
      });
    }
  });
}
