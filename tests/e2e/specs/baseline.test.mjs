// A company pack sits on the built-in baseline: with the example company pack
// (examples/packs/acme.json, which copies none of its detectors)
// imported, a draft with an IBAN, a private mobile number, "streng
// vertraulich" and an insult still gets those hints, and each names its pack.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launch, REPO } from '../lib/harness.mjs';
import { SEL, URLS } from '../lib/fixtures.mjs';
import { OPTIONS, openOptions, packName, runCheck, until } from '../lib/postcheck.mjs';

const LEAKY =
  'Streng vertraulich: Der Vollidiot vom Einkauf hat mir seine IBAN CH93 0076 2011 6238 5295 7 geschickt, ruft mich an: +41 79 123 45 67.';

describe('the baseline stays beneath a company pack', () => {
  let session;
  before(async () => {
    session = await launch({ name: 'baseline' });
  });
  after(async () => {
    await session?.close();
  });

  test('with the example company pack active, an IBAN, a private number, "streng vertraulich" and an insult are still flagged', async () => {
    const options = await openOptions(session);
    await options.locator(OPTIONS.file).setInputFiles(join(REPO, 'examples', 'packs', 'acme.json'));
    await until(async () => ((await packName(options)).startsWith('ACME Robotics') ? true : null), {
      message: 'the example pack to be active',
    });
    const layers = await options.locator('[data-postcheck="layer"]').evaluateAll((ls) => ls.map((l) => l.dataset.packId));
    assert.deepEqual(layers, ['postcheck-starter', 'acme-social'], 'the page lists the baseline, then the company pack');
    await options.close();

    const page = await session.context.newPage();
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type(LEAKY);
    const { data } = await runCheck(page, editor);
    assert.equal(data.error, null, `no error: ${data.error}`);
    const excerpts = data.hints.map((h) => h.excerpt);
    for (const want of ['CH93 0076 2011 6238 5295 7', '+41 79 123 45 67', 'Streng vertraulich', 'Vollidiot']) {
      assert.ok(
        excerpts.some((e) => e?.includes(want)),
        `"${want}" is flagged with the company pack active: ${JSON.stringify(excerpts)}`,
      );
    }
  });

  test('a team pack that switches the baseline\'s netiquette off: the page shows what it changed, and insults are no longer flagged', async () => {
    const team = {
      schema: 'postcheck/pack/v1',
      id: 'acme-team-relaxed',
      name: 'ACME team (relaxed)',
      version: '1',
      publisher: 'ACME team (test)',
      date: '2026-12-01',
      default_locale: 'en',
      languages: ['en'],
      overrides: [{ category: 'netiquette', pack: 'postcheck-starter', off: true }],
      rules: [],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'postcheck-baseline-')), 'team.json');
    writeFileSync(file, JSON.stringify(team));
    const options = await openOptions(session);
    await options.locator(OPTIONS.file).setInputFiles(file);
    const change = options.locator('[data-postcheck="layer"][data-pack-id="acme-team-relaxed"] [data-postcheck="layer-change"]');
    await until(async () => ((await change.count()) === 1 ? true : null), { message: 'the change listed under the team pack' });
    assert.match(await change.textContent(), /Category “Netiquette” in pack “postcheck-starter”: switched off[\s\S]*postcheck-starter\/insult/);
    await options.close();

    const page = await session.context.newPage();
    await page.goto(URLS.x);
    const editor = page.locator(SEL.x.inlineEditor);
    await editor.click();
    await page.keyboard.type(LEAKY);
    const { data } = await runCheck(page, editor);
    const excerpts = data.hints.map((h) => h.excerpt);
    assert.ok(!excerpts.some((e) => e?.includes('Vollidiot')), `the insult is no longer flagged: ${JSON.stringify(excerpts)}`);
    assert.ok(excerpts.some((e) => e?.includes('CH93 0076 2011 6238 5295 7')), `the IBAN still is: ${JSON.stringify(excerpts)}`);
  });
});
