// The worker vouches for a panel frame only with a secret that the content
// script of the same tab registered, once; a frame the page made itself (any
// fragment), another tab, or a content script posing as the panel gets
// nothing. The secrets survive a worker restart (storage.session).
import assert from "node:assert/strict";
import { test } from "node:test";

const ID = "abcdefghijklmnopabcdefghijklmnop";
const session = new Map();
globalThis.chrome = {
  runtime: { id: ID, getURL: (path) => `chrome-extension://${ID}/${path}` },
  storage: {
    session: {
      get: async (key) => (session.has(key) ? { [key]: structuredClone(session.get(key)) } : {}),
      set: async (items) => {
        for (const [k, v] of Object.entries(items)) session.set(k, structuredClone(v));
      },
    },
  },
};

let restarts = 0;
/** A fresh worker: the module loaded anew (its memory empty), storage.session kept. */
const freshWorker = async () => (await import(`../src/background/panel-secrets.js?worker=${restarts++}`)).handlePanelMessage;

const secret = (n) => n.toString(16).padStart(32, "0");
const contentScript = (tab) => ({ id: ID, tab: { id: tab }, url: "https://x.com/home", frameId: 0 });
const panelPage = (tab, host = ID) => ({ id: ID, tab: { id: tab }, url: `chrome-extension://${host}/panel.html#whatever`, frameId: 7 });

test("a registered secret is claimed once, by the panel page in the same tab", async () => {
  const handle = await freshWorker();
  assert.deepEqual(await handle({ kind: "panel-register", secret: secret(1) }, contentScript(5)), { ok: true });
  assert.deepEqual(await handle({ kind: "panel-claim", secret: secret(1) }, panelPage(6)), { ok: false }, "another tab");
  assert.deepEqual(await handle({ kind: "panel-claim", secret: secret(1) }, contentScript(5)), { ok: false }, "a content script is not the panel page");
  assert.deepEqual(await handle({ kind: "panel-claim", secret: secret(1) }, panelPage(5, "3f1e2d4c-0000-4000-8000-000000000000")), { ok: true }, "the panel at the dynamic URL");
  assert.deepEqual(await handle({ kind: "panel-claim", secret: secret(1) }, panelPage(5)), { ok: false }, "only once");
});

test("a secret nobody registered (the page framed panel.html itself) is refused", async () => {
  const handle = await freshWorker();
  assert.deepEqual(await handle({ kind: "panel-claim", secret: secret(99) }, panelPage(5)), { ok: false });
});

test("only content scripts in a tab register", async () => {
  const handle = await freshWorker();
  const fromOptions = { id: ID, url: `chrome-extension://${ID}/options.html` };
  assert.equal((await handle({ kind: "panel-register", secret: secret(2) }, fromOptions)).ok, false);
  assert.equal((await handle({ kind: "panel-register", secret: secret(2) }, panelPage(5))).ok, false, "the panel page cannot vouch for itself");
  assert.equal((await handle({ kind: "panel-claim", secret: secret(2) }, panelPage(5))).ok, false);
});

test("a worker restarted in between still knows the secrets", async () => {
  await (await freshWorker())({ kind: "panel-register", secret: secret(3) }, contentScript(8));
  const restarted = await freshWorker();
  assert.deepEqual(await restarted({ kind: "panel-claim", secret: secret(3) }, panelPage(8)), { ok: true });
});

test("bounded: the 16 latest secrets of a tab are kept", async () => {
  const handle = await freshWorker();
  for (let i = 100; i < 120; i++) await handle({ kind: "panel-register", secret: secret(i) }, contentScript(9));
  assert.equal((await handle({ kind: "panel-claim", secret: secret(100) }, panelPage(9))).ok, false, "the oldest went");
  assert.equal((await handle({ kind: "panel-claim", secret: secret(119) }, panelPage(9))).ok, true);
  assert.ok(session.get("panelSecrets")["9"].length <= 16);
});

test("messages: a panel secret is 32 hex digits and nothing else", async () => {
  const { validateMessage } = await import("../src/shared/protocol.js");
  const good = "ab12".repeat(8);
  for (const kind of ["panel-register", "panel-claim"]) {
    assert.equal(validateMessage({ kind, secret: good }, { fromExtensionPage: false }).ok, true);
    for (const bad of [undefined, 7, "", "xyz", good.toUpperCase(), `${good}0`, good.slice(1), { toString: () => good }]) {
      assert.equal(validateMessage({ kind, secret: bad }, { fromExtensionPage: false }).ok, false, `${kind}: ${String(bad)}`);
    }
    assert.equal(validateMessage({ kind, secret: good, tab: 5 }, { fromExtensionPage: false }).ok, false, "unknown field");
  }
});
