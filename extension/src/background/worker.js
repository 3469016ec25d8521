/**
 * The background worker (Chromium service worker, Firefox background script).
 *
 * It owns the rule engine and answers the requests of shared/protocol.js, each
 * validated there first (validateMessage). It keeps
 * check results in memory only, never stores a draft and sends nothing anywhere.
 */
import { api } from "../shared/browser-api.js";
import { answer, ERROR, KIND, MAX_HINTS, NOTICE, problem, runCheck, validateMessage } from "../shared/protocol.js";
import { measure, now } from "../shared/timing.js";
import { activeEngine, baselineJson, host, importPack, removeOwnPacks, revertToStarter, withEngine } from "./engine.js";
import { packIdOf, packSummary, readPacks } from "./pack-store.js";
import { readerLocales, readerLocalesFrom } from "./reader-locales.js";
import { handlePanelMessage } from "./panel-secrets.js";
import { readPolicy } from "./policy.js";
import { RateLimiter } from "./rate-limit.js";
import { ResultCache } from "./result-cache.js";
import { checkImport, pinnedKey } from "./signatures.js";
import { ALARM, createUpdater } from "./updates.js";
import { createCompanion, readCompanionState } from "./companion.js";
import { addDismissal, listDismissals, undoDismissal, withoutDismissed } from "./dismissals.js";
import { guidelinesAnswer } from "./guidelines.js";

const cache = new ResultCache(32);
/** The engine the cached results are of: another one (an import, an update) empties the cache. */
let cachedFor = null;
/** Checks started per tab (see rate-limit.js). */
const checksPerTab = new RateLimiter({ burst: 8, perSecond: 1 });

/** Today as `YYYY-MM-DD` in local time, for embargo and expiry dates. */
function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** True when the sender is one of the extension's own pages (popup, options). */
function fromExtensionPage(sender) {
  const base = api.runtime.getURL("");
  return sender?.id === api.runtime.id && typeof sender.url === "string" && sender.url.startsWith(base);
}

/**
 * The `busy` answer when a tab (a content script) starts checks faster than a
 * person could: null when the check may run. The extension's own pages are
 * not limited.
 */
function rateLimited(message, sender, extensionPage) {
  if (message.kind !== KIND.CHECK || extensionPage || typeof sender?.tab?.id !== "number") return null;
  if (checksPerTab.take(sender.tab.id)) return null;
  return answer.failure(ERROR.BUSY, "check: too many checks from this tab; try again in a moment");
}

/**
 * Checks a draft with the active pack. The answer carries `notice:
 * "stored-pack-refused"` (NOTICE) when the imported pack could not be loaded and the
 * starter pack checked instead (the panel says so).
 */
async function check({ text: draft, platform, media }) {
  // The draft is well-formed as request.check made it (and any lone surrogate
  // becomes U+FFFD at the wasm boundary all the same: one UTF-16 unit for one).
  // The reader's languages, most preferred first: a hint the pack lacks in
  // the UI language comes in their next language before English.
  const { locale, fallback_locales } = readerLocales();
  const options = { platform: platform ?? null, locale, fallback_locales, date: today(), media: media ?? [] };
  const key = JSON.stringify([options, draft]);
  // A trap in the engine is answered engine-stopped; the next check gets a fresh instance.
  const checked = await withEngine(({ engine, storedRefused }) => {
    const notice = storedRefused ? NOTICE.STORED_PACK_REFUSED : null;
    if (engine !== cachedFor) {
      cache.clear();
      cachedFor = engine;
    }
    let result = cache.get(key);
    if (!result) {
      const start = now();
      result = engine.check(draft, options);
      measure("postcheck:check", start);
      result.omitted = (result.omitted ?? 0) + Math.max(0, result.hints.length - MAX_HINTS);
      if (result.omitted > 0) result.hints = result.hints.slice(0, MAX_HINTS);
      cache.set(key, result);
    }
    return answer.checked(result, notice);
  });
  // The hints dismissed "not again" leave (see dismissals.js); the cache keeps the engine's result.
  return { ...checked, result: await withoutDismissed(checked.result) };
}

/**
 * The stack as the options page and popup show it: the baseline first, then
 * each company pack (bottom first) with where it comes from and its updates.
 * @param {import("./engine-host.js").Active} active
 * @param {import("./pack-store.js").PackEntry[]} packs
 * @param {import("./policy.js").Policy} policy
 * @returns {import("../shared/protocol.js").StackLayer[]}
 */
function describeStack(active, packs, policy, changesById = new Map()) {
  const { locale, fallback_locales } = readerLocales();
  const lang = [locale, ...fallback_locales];
  const day = today();
  const inEngine = new Set((active.stacked ? active.layers : active.layers.slice(-1)).map((p) => `${p.importedAt} ${p.id}`));
  const layer = (type, summary, fields) => ({
    type,
    id: summary?.id ?? null,
    name: summary?.name ?? "",
    version: summary?.version ?? "",
    publisher: summary?.publisher ?? "",
    expires: summary?.expires ?? null,
    description: summary?.description ?? null,
    rules: summary?.rules ?? [],
    expired: Boolean(summary?.expires && summary.expires < day),
    url: null,
    fileName: null,
    importedAt: null,
    lastCheck: null,
    nextCheck: null,
    lastError: null,
    removable: false,
    checks: false,
    offByPolicy: false,
    signature: null,
    ...fields,
  });
  const stack = [layer("baseline", packSummary(baselineJson(), lang), { checks: active.stacked || active.top === null })];
  for (const p of packs) {
    const summary = p.json === null ? null : packSummary(p.json, lang);
    stack.push(
      layer(p.source.type, summary ?? { id: p.id }, {
        url: typeof p.source.url === "string" ? p.source.url : null,
        fileName: typeof p.source.name === "string" ? p.source.name : null,
        importedAt: p.json === null ? null : p.importedAt,
        lastCheck: p.lastCheck ?? null,
        nextCheck: p.nextCheck ?? null,
        lastError: p.lastError ?? null,
        folder: p.source.type === "companion" && typeof p.source.folder === "string" ? p.source.folder : null,
        removable: p.source.type !== "policy" && p.source.type !== "companion",
        checks: inEngine.has(`${p.importedAt} ${p.id}`),
        offByPolicy: p.source.type !== "policy" && !(p.source.type === "companion" && p.source.folder === "system") && !policy.allowUserPacks,
        signature: signatureOf(p, policy),
        changes: changesById.get(p.id) ?? [],
      }),
    );
  }
  return stack;
}

/**
 * The key whose valid signature a stored pack carries, and who pinned it;
 * null when it is not signed (or the policy no longer pins the key it was
 * checked with: then its next update is checked with the policy's key).
 * @param {import("./pack-store.js").PackEntry} p
 * @param {import("./policy.js").Policy} policy
 */
function signatureOf(p, policy) {
  if (p.json === null || typeof p.keyId !== "string") return null;
  // A machine pack's key is pinned on the computer, where the companion checked its signature.
  if (p.source.type === "companion") return p.pinnedBy === "computer" ? { keyId: p.keyId, pinnedBy: "computer" } : null;
  const pinned = pinnedKey(p, policy);
  return pinned ? { keyId: p.keyId, pinnedBy: pinned.pinnedBy } : null;
}

/** The active stack for the options page and popup. */
async function packInfo() {
  const [{ packs }, policy, companion] = await Promise.all([readPacks(), readPolicy(), readCompanionState()]);
  return withEngine((active) => {
    const { engine, top, storedRefused } = active;
    const { locale, fallback_locales } = readerLocales();
    const info = engine.info(locale, fallback_locales);
    // What each layer's overrides change beneath it (engines with stacks).
    const changesById = new Map((Array.isArray(info?.layers) ? info.layers : []).map((l) => [l.id, Array.isArray(l.changes) ? l.changes : []]));
    return answer.pack({
      info,
      // (An engine of a stack may keep the warnings per layer, or not have them.)
      warnings: typeof engine.warnings === "function" ? engine.warnings() : [],
      source: top ? top.source : { type: "starter" },
      importedAt: top ? top.importedAt : null,
      storedRefused,
      stack: describeStack(active, packs, policy, changesById),
      policy: { allowUserPacks: policy.allowUserPacks, managed: policy.managed, updateIntervalHours: policy.updateIntervalHours },
      companion,
    });
  });
}

/**
 * The signature check of an import (signatures.js `checkImport`), with the
 * employee's own pack of the same id held (its pinned key), if any.
 * @param {{json: string, source: import("../shared/protocol.js").PackSource, publicKey?: string, signature?: string}} request
 */
async function importSignature({ json, source, publicKey, signature }) {
  const id = packIdOf(json);
  const { packs } = await readPacks();
  const held = packs.find((p) => p.id !== null && p.id === id && p.source.type !== "policy" && p.source.type !== "companion") ?? null;
  return checkImport(() => host.verifier(), { json, source, given: publicKey, signature, held });
}

/** Imports a pack of the employee's own, unless the IT policy says no. */
async function importOwnPack({ json, source, validators, publicKey, signature }) {
  const policy = await readPolicy();
  if (!policy.allowUserPacks) {
    return answer.failure(ERROR.NOT_ALLOWED, "Your organisation does not allow packs of your own here: postcheck checks with the packs it set (listed on this page).");
  }
  const signed = await importSignature({ json, source, publicKey, signature });
  if (signed && !signed.ok) return answer.failure(ERROR.SIGNATURE, "pack refused: signature", [problem({ path: "signature", message: signed.message })]);
  // A pack from a link: this download was its first successful check; the next is due after the interval.
  const at = new Date();
  const checked = source.type === "url" ? { lastCheck: at.toISOString(), nextCheck: new Date(at.getTime() + policy.updateIntervalHours * 3_600_000).toISOString() } : {};
  const outcome = await importPack(json, source, {
    fields: { ...validators, ...checked, ...(signed?.fields ?? {}) },
    accept: (info, packs) =>
      packs.some((p) => p.source.type === "policy" && p.id === info.id)
        ? `your organisation already sets the pack ${info.id} (it keeps it up to date); a pack with the same id cannot be imported beside it`
        : packs.some((p) => p.source.type === "companion" && p.id === info.id)
          ? `this computer already gives the pack ${info.id} (through the postcheck companion); a pack with the same id cannot be imported beside it`
          : null,
  });
  if (!outcome.ok) return answer.failure(ERROR.REFUSED, "pack refused", outcome.problems);
  return packInfo();
}

/** Removes the employee's own pack `id`; a pack the policy set stays. */
async function removePack({ id }) {
  const { packs } = await readPacks();
  if (packs.some((p) => p.id === id && p.source.type === "policy")) {
    return answer.failure(ERROR.NOT_ALLOWED, `The pack ${id} is set by your organisation and cannot be removed here.`);
  }
  if (packs.some((p) => p.id === id && p.source.type === "companion")) {
    return answer.failure(ERROR.NOT_ALLOWED, `The pack ${id} comes from this computer (the postcheck companion): remove its file there.`);
  }
  await removeOwnPacks((p) => p.id === id);
  return packInfo();
}

/** Handles one validated message. */
async function handle(message) {
  switch (message.kind) {
    case KIND.CHECK:
      return check(message);
    case KIND.WARM:
      // Woken (or kept) for a composer about to be used: the build runs on,
      // this answers at once, with the shortcut the button shows.
      warmUp();
      return answer.warmed(await checkDraftShortcut());
    case KIND.PACK_INFO:
      return packInfo();
    case KIND.PACK_IMPORT:
      return importOwnPack(message);
    case KIND.PACK_REVERT:
      await revertToStarter();
      return packInfo();
    case KIND.PACK_REMOVE:
      return removePack(message);
    case KIND.DISMISS:
      await addDismissal(message);
      return answer.dismissals(await listDismissals());
    case KIND.DISMISSALS:
      return answer.dismissals(await listDismissals());
    case KIND.DISMISSAL_UNDO:
      await undoDismissal(message.id);
      return answer.dismissals(await listDismissals());
    case KIND.COMPANION_SYNC:
      await companion.sync();
      return packInfo();
    case KIND.GUIDELINES:
      // The asking page's languages (the worker's may differ: a headless browser's service worker says en-US).
      return withEngine(({ engine }) => guidelinesAnswer(engine, message.locale ? readerLocalesFrom(message.locale, message.languages) : readerLocales()));
    default:
      return answer.failure(ERROR.BAD_MESSAGE, "unknown kind");
  }
}

api.runtime.onMessage.addListener((raw, sender, sendResponse) => {
  if (sender?.id !== api.runtime.id) return false;
  const received = now();
  const extensionPage = fromExtensionPage(sender);
  const checked = validateMessage(raw, { fromExtensionPage: extensionPage });
  if (!checked.ok) {
    sendResponse(checked);
    return false;
  }
  if (checked.message.kind === KIND.PANEL_REGISTER || checked.message.kind === KIND.PANEL_CLAIM) {
    handlePanelMessage(checked.message, sender).then(sendResponse, () => sendResponse(answer.denied()));
    return true;
  }
  const busy = rateLimited(checked.message, sender, extensionPage);
  if (busy) {
    sendResponse(busy);
    return false;
  }
  handle(checked.message)
    .catch((e) => answer.failure(e?.code === ERROR.ENGINE_STOPPED ? ERROR.ENGINE_STOPPED : ERROR.ENGINE, String(e?.message ?? e)))
    .then((reply) => {
      if (checked.message.kind === KIND.CHECK) measure("postcheck:handle", received);
      sendResponse(reply);
    });
  return true;
});

/**
 * The keyboard shortcut of the `check-draft` command as the browser names it
 * now (the user may change or remove it in the browser's shortcut settings),
 * or "" when none is set.
 */
async function checkDraftShortcut() {
  try {
    const commands = (await api.commands?.getAll?.()) ?? [];
    const shortcut = commands.find((c) => c?.name === "check-draft")?.shortcut;
    return typeof shortcut === "string" ? shortcut : "";
  } catch {
    return "";
  }
}

// The keyboard shortcut asks the active tab's content script to check its focused draft.
api.commands?.onCommand.addListener((command, tab) => {
  if (command !== "check-draft" || typeof tab?.id !== "number") return;
  api.tabs.sendMessage(tab.id, runCheck()).catch(() => {
    // No content script on this page (not LinkedIn or X): nothing to check.
  });
});

/**
 * A made-up draft (no one's text) for a new engine's first check: the first
 * check of an engine pays for what it sets up on first use (the detectors'
 * expressions, the platforms' length tables, the pack's matchers, the wasm
 * code of the check itself), about as much as the rest of the check again.
 */
const WARM_UP_DRAFT = "Warm-up 🎉 #launch @team www.example.org/a?b=1 mail@example.com 12,5 Mio CHF 2026-11-25 Grüße!";
/** Engines that had their warm-up. @type {WeakSet<object>} */
const warmed = new WeakSet();

/**
 * Builds the active pack (if not done) and, in a later task, checks the
 * made-up draft with it once: a check already waiting for the engine goes
 * first. The answer is dropped; nothing is cached.
 */
function warmUp() {
  activeEngine().then(
    () =>
      setTimeout(() => {
        const start = now();
        withEngine(({ engine }) => {
          if (warmed.has(engine)) return;
          warmed.add(engine);
          for (const platform of ["x", "linkedin"]) engine.check(WARM_UP_DRAFT, { platform, ...readerLocales(), date: today(), media: [] });
          measure("postcheck:warm-up", start);
        }).catch(() => {
          // A failing engine was replaced by a fresh one; the next check says so if it fails again.
        });
      }, 0),
    () => {
      // A failure is left to the next check, which tries again and says why.
    },
  );
}

// Automatic updates of the packs from an address (updates.js): at browser
// start, at install or update, when the IT policy changes, and by the alarm.
// The listeners are registered at once, as a woken worker needs them.
const updater = createUpdater(host);
// The computer's machine packs (companion.js), read on the same schedule; only
// with the optional nativeMessaging permission.
const companion = createCompanion(host);
const updateNow = () => {
  updater
    .checkForUpdates()
    .catch(() => {
      // Each pack records its own failure; nothing else to do here.
    })
    .then(() => companion.sync())
    .catch(() => {
      // The reading records its own outcome; a failing companion changes nothing.
    });
};
api.runtime.onStartup?.addListener(updateNow);
api.runtime.onInstalled?.addListener(updateNow);
api.alarms?.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) updateNow();
});
// The permission withdrawn: the machine packs go (granted: the options page asks for a reading).
api.permissions?.onRemoved?.addListener(() => {
  companion.sync().catch(() => {});
});
api.storage.onChanged?.addListener((_changes, area) => {
  if (area !== "managed") return;
  // The policy changed: the stack is rebuilt (own packs allowed or not), its packs fetched.
  host.invalidate();
  updateNow();
});
// For the end-to-end tests only: reachable by evaluating in this worker (DevTools),
// not by any page or message. Answers what happened to each pack.
Object.defineProperty(globalThis, "postcheckCheckForUpdates", { value: () => updater.checkForUpdates() });
Object.defineProperty(globalThis, "postcheckReadCompanion", { value: () => companion.sync() });
// Chromium gives a running worker no connectNative after the permission is
// granted: the first worker that has it reads the packs the last one could not.
companion.syncIfWaiting().catch(() => {});

// Start loading the engine and building the active pack as soon as the worker
// starts: the message that started it (most often a check) then finds them
// ready or on the way. Nothing here touches the network (the module is the
// extension's own file).
warmUp();
// The dismissals are read now too (storage.local is slow right after the
// browser starts), not in the way of the first check.
listDismissals().catch(() => {});
