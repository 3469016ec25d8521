/**
 * The panel frames' secrets: the worker vouches for a panel frame only if the
 * content script of the same tab registered the secret of its URL.
 *
 * - `panel-register` {secret}: from a content script (a tab, not an extension
 *   page); the secret is kept for that tab.
 * - `panel-claim` {secret}: from the panel page (`panel.html`, framed in that
 *   same tab); answers `{ok: true}` once per registered secret (it is
 *   forgotten then), else `{ok: false}`.
 *
 * A site that frames `panel.html` itself has no registered secret (it cannot
 * read the content script's, which sits in a closed shadow root and in the
 * content script's world): its frame gets `{ok: false}` and stays blank.
 *
 * Kept in memory and in `storage.session` (memory only, gone with the browser
 * session), so that a worker the browser stopped in between still knows them.
 * Bounded: at most SECRETS_PER_TAB per tab and TABS tabs (the oldest go).
 */
import { api } from "../shared/browser-api.js";
import { answer, ERROR, KIND } from "../shared/protocol.js";

const SECRETS_PER_TAB = 16;
const TABS = 64;
const STORAGE_KEY = "panelSecrets";

/** Secrets by tab id, oldest first. @type {Map<number, string[]> | null} */
let secrets = null;

/** The secrets, read from storage.session when the worker (re)starts. */
async function load() {
  if (secrets) return secrets;
  let stored;
  try {
    stored = (await api.storage.session.get(STORAGE_KEY))[STORAGE_KEY] ?? {};
  } catch {
    stored = {};
  }
  if (!secrets) {
    secrets = new Map();
    for (const [tab, list] of Object.entries(stored)) {
      if (Array.isArray(list)) secrets.set(Number(tab), list.filter((s) => typeof s === "string").slice(-SECRETS_PER_TAB));
    }
  }
  return secrets;
}

async function save(map) {
  try {
    await api.storage.session.set({ [STORAGE_KEY]: Object.fromEntries(map) });
  } catch {
    // Memory still has them; only a restart in between would lose them.
  }
}

/** True when the sender is the panel page (`panel.html`) of this extension, framed in a tab. */
function fromPanelPage(sender) {
  if (sender?.id !== api.runtime.id || typeof sender.url !== "string" || typeof sender.tab?.id !== "number") return false;
  try {
    const url = new URL(sender.url);
    return url.protocol === new URL(api.runtime.getURL("")).protocol && url.pathname === "/panel.html";
  } catch {
    return false;
  }
}

/** True when the sender is a content script in a tab (not one of the extension's pages). */
function fromContentScript(sender) {
  if (sender?.id !== api.runtime.id || typeof sender.tab?.id !== "number") return false;
  try {
    return /^https?:$/.test(new URL(sender.url).protocol);
  } catch {
    return false;
  }
}

/**
 * Answers a validated `panel-register` or `panel-claim` message.
 * @param {{kind: "panel-register" | "panel-claim", secret: string}} message
 * @param {any} sender
 */
export async function handlePanelMessage(message, sender) {
  const map = await load();
  if (message.kind === KIND.PANEL_REGISTER) {
    if (!fromContentScript(sender)) return answer.failure(ERROR.BAD_MESSAGE, "panel-register is only for content scripts");
    const tab = sender.tab.id;
    const list = (map.get(tab) ?? []).filter((s) => s !== message.secret);
    list.push(message.secret);
    map.delete(tab);
    map.set(tab, list.slice(-SECRETS_PER_TAB));
    while (map.size > TABS) map.delete(map.keys().next().value);
    await save(map);
    return answer.done();
  }
  if (!fromPanelPage(sender)) return answer.denied();
  const list = map.get(sender.tab.id) ?? [];
  const i = list.indexOf(message.secret);
  if (i < 0) return answer.denied();
  list.splice(i, 1);
  await save(map);
  return answer.done();
}
