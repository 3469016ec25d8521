// The five composers of the fixtures, opened and typed into as a user does,
// with the draft and window sizes of the layout and look specs.
import { linkedinNewPost, SEL, URLS } from './fixtures.mjs';

/** Many hints of the starter pack, at all three levels, and one passage twice. */
export const MANY =
  'STRENG VERTRAULICH!!! Die Zahlen sind streng vertraulich, danke!!! Fragen an anna.muster@acme.example ' +
  'oder +41 44 123 45 67, Spesen auf CH93 0076 2011 6238 5295 7, Server 10.1.2.3, ' +
  'und nochmals: streng vertraulich. #eins #zwei #drei #vier #fuenf #sechs #sieben #acht';

export const SIZES = [
  // A narrow, short window: LinkedIn's new share box wraps taller there.
  { width: 900, height: 600 },
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

async function typeInto(page, editor, text, fixtureName) {
  await editor.click();
  await page.keyboard.type(text);
  await page.waitForFunction(([n, t]) => window.__fixture.text(n) === t, [fixtureName, text]);
}

/** The five composers: `prepare(page, draft)` opens one, types the draft, and returns its editor, Post and the record a post makes. */
export const COMPOSERS = [
  {
    name: 'X timeline',
    url: URLS.x,
    async prepare(page, draft) {
      const editor = page.locator(SEL.x.inlineEditor);
      await typeInto(page, editor, draft, 'inline');
      return { editor, post: page.locator(SEL.x.inlinePost), record: { composer: 'inline', texts: [draft] } };
    },
  },
  {
    name: 'X modal thread',
    url: URLS.x,
    async prepare(page, draft) {
      await page.locator(SEL.x.openModal).click();
      const first = 'Teil eins';
      await typeInto(page, page.locator(SEL.x.modalEditor(0)), first, 'modal:0');
      await page.locator(SEL.x.addButton).click();
      const editor = page.locator(SEL.x.modalEditor(1));
      await editor.waitFor();
      await typeInto(page, editor, draft, 'modal:1');
      return { editor, post: page.locator(SEL.x.modalPost), record: { composer: 'modal', texts: [first, draft] } };
    },
  },
  {
    name: 'LinkedIn classic',
    url: URLS.linkedinClassic,
    async prepare(page, draft) {
      await page.locator(SEL.linkedinClassic.trigger).click();
      const editor = page.locator(SEL.linkedinClassic.editor);
      await typeInto(page, editor, draft, 'share');
      return { editor, post: page.locator(SEL.linkedinClassic.post), record: { composer: 'share', texts: [draft] } };
    },
  },
  {
    name: 'LinkedIn new',
    url: URLS.linkedinNew,
    async prepare(page, draft) {
      await page.locator(SEL.linkedinNew.trigger).click();
      const editor = page.locator(SEL.linkedinNew.editor);
      await typeInto(page, editor, draft, 'share');
      return { editor, post: linkedinNewPost(page), record: { composer: 'share', texts: [draft] } };
    },
  },
  {
    name: 'LinkedIn comment',
    url: URLS.linkedinClassic,
    async prepare(page, draft) {
      const editor = page.locator(SEL.linkedinClassic.commentEditor);
      await typeInto(page, editor, draft, 'comment');
      return { editor, post: page.locator(SEL.linkedinClassic.commentSubmit), record: { composer: 'comment', texts: [draft] } };
    },
  },
];

