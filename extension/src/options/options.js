/**
 * The options page: shows the stack of packs in use (the built-in baseline,
 * the packs set by the organisation's IT policy, the employee's own, each with
 * its source, updates and expiry) and everything the topmost checks; imports a
 * pack from a file or from an https link, updates it, removes the employee's
 * own packs. A refused pack lists its located problems and the stack stays as
 * it was. With the policy's `allowUserPacks: false` the import is switched off.
 *
 * Requests from here: fetching the pack the user asked for, after asking for
 * that one origin's permission (see shared/fetch-pack.js for how the server is
 * distrusted). The origins of the packs from an address in the stack keep their
 * permission (the worker's automatic updates use it); any other is removed.
 * "Update now" of a pack imported from a file shows the address the pack names
 * and asks before downloading from it. A link or a file may come with the
 * publisher's public key (a file also with its signature, the `.minisig`
 * chosen with it): the worker then checks the signature and pins the key
 * (signatures.js), and the page shows, per pack, the id of the key that
 * signed it, or "Not signed".
 *
 * The companion (background/companion.js): a section says what it is and how
 * its last reading went; its button asks for the optional `nativeMessaging`
 * permission (in the click) and then for a reading. Its machine packs are in
 * the stack as "From this computer".
 */
import { api, ask } from "../shared/browser-api.js";
import { categoryLabel, el, safeLink } from "../shared/hint-list.js";
import { localizePage, t } from "../shared/i18n.js";
import { changeWords } from "./layer-changes.js";
import { ERROR, MAX_SIGNATURE, problem, request } from "../shared/protocol.js";
import { DOWNLOAD_TIMEOUT_MS, fetchPack, MAX_PACK_BYTES, PackDownloadError } from "../shared/fetch-pack.js";
import "./dismissals-view.js";

localizePage(document);

const $ = (selector) => document.querySelector(selector);
const notice = $("#notice");
let active = null;

/** The topmost layer of the stack that checks drafts (the baseline when no company pack does). */
function topLayer(answer) {
  return answer.stack.findLast((l) => l.checks) ?? answer.stack[0];
}

/** Shows the active stack. */
function showPack(answer) {
  active = answer;
  $("#active").hidden = false;
  const { info, source, importedAt, storedRefused } = answer;
  const top = topLayer(answer);
  $('[data-postcheck="pack-name"]').textContent = top.name || info.name;
  $('[data-postcheck="pack-version"]').textContent = top.version || info.version;
  $('[data-postcheck="pack-publisher"]').textContent = top.publisher || info.publisher;
  $('[data-postcheck="pack-date"]').textContent = info.date;
  $('[data-postcheck="pack-rules"]').textContent = String(info.rules.length);
  $('[data-postcheck="pack-description"]').textContent = info.description ?? "";
  const at = importedAt ? new Date(importedAt).toLocaleString() : "";
  $('[data-postcheck="pack-source"]').textContent =
    source.type === "url" || source.type === "policy"
      ? t("sourceUrl", [source.url, at])
      : source.type === "file"
        ? t("sourceFile", [source.name ?? "", at])
        : t("sourceStarter");
  $("#pack-update").disabled = !updateUrl();
  $("#pack-revert").disabled = !answer.stack.some((l) => l.removable);
  showStack(answer);
  showPolicy(answer.policy);
  showCompanion(answer.companion);
  const refused = $("#stored-refused");
  refused.hidden = !storedRefused;
  if (storedRefused) {
    refused.replaceChildren(el(document, "p", { class: "warning" }, t("storedRefused")), problemList(storedRefused));
  }
  showRules(info);
}

/** A time for people, or "not yet". @param {string | null} iso */
const when = (iso) => (iso ? new Date(iso).toLocaleString() : t("layerNever"));

/**
 * The stack: the baseline first, then each company pack with its name,
 * version, publisher, where it comes from (the organisation's packs say so),
 * its updates (last successful check, next check, last error), its expiry,
 * and Remove for the employee's own.
 */
function showStack(answer) {
  $("#stack-section").hidden = false;
  const list = $("#stack");
  list.replaceChildren();
  for (const layer of answer.stack) {
    const li = el(document, "li", { "data-postcheck": "layer", "data-type": layer.type, "data-pack-id": layer.id ?? "" });
    const title = el(document, "p");
    title.append(el(document, "strong", { "data-postcheck": "layer-name" }, layer.name || layer.url || ""), " ");
    title.append(el(document, "span", { "data-postcheck": "layer-version" }, layer.version), " ");
    if (layer.publisher) title.append(el(document, "span", { class: "muted", "data-postcheck": "layer-publisher" }, `· ${layer.publisher}`), " ");
    const who = layer.type === "baseline" ? "layerBaseline" : layer.type === "policy" ? "layerPolicy" : layer.type === "companion" ? "layerComputer" : "layerOwn";
    const chip = layer.type === "policy" ? "layer-policy" : layer.type === "companion" ? "layer-companion" : "layer-kind";
    title.append(el(document, "span", { class: "chip", "data-postcheck": chip }, t(who)));
    li.append(title);
    const facts = [];
    if (layer.url) facts.push(["layer-source", t("layerFromUrl", [layer.url])]);
    else if (layer.fileName) facts.push(["layer-source", t("layerFromFile", [layer.fileName])]);
    if (layer.importedAt) facts.push(["layer-imported", t("layerImported", [when(layer.importedAt)])]);
    if (layer.url) {
      facts.push(["layer-last-check", t("layerLastCheck", [when(layer.lastCheck)])]);
      facts.push(["layer-next-check", t("layerNextCheck", [when(layer.nextCheck)])]);
    }
    for (const [key, text] of facts) li.append(el(document, "p", { class: "muted", "data-postcheck": key }, text));
    if (layer.expires) {
      const expired = layer.expired;
      li.append(el(document, "p", { class: expired ? "warning" : "muted", "data-postcheck": expired ? "layer-expired" : "layer-expires" }, t(expired ? "layerExpired" : "layerExpires", [layer.expires])));
    }
    if (layer.type !== "baseline") li.append(signatureLine(layer));
    if (layer.lastError) li.append(el(document, "p", { class: "error", "data-postcheck": "layer-error" }, t("layerError", [layer.lastError.message])));
    if (!layer.checks) {
      const why = layer.type === "baseline" ? "layerBaselineOff" : layer.offByPolicy ? "layerOffByPolicy" : layer.id === null ? "layerPending" : "layerNotChecking";
      li.append(el(document, "p", { class: "muted", "data-postcheck": "layer-not-checking" }, t(why)));
    }
    if (layer.changes?.length) li.append(layerChanges(layer));
    if (layer.rules.length) li.append(layerRules(layer));
    if (layer.removable && layer.id) {
      const remove = el(document, "button", { type: "button", "data-postcheck": "layer-remove" }, t("removePack"));
      remove.addEventListener("click", () => removeLayer(layer));
      li.append(remove);
    }
    list.append(li);
  }
}

/**
 * Which publisher key signed the pack (its id, for the employee to compare
 * with the one the publisher gives) and who pinned it; or "Not signed".
 */
function signatureLine(layer) {
  const s = layer.signature;
  if (!s) return el(document, "p", { class: "muted", "data-postcheck": "layer-unsigned" }, t("layerUnsigned"));
  const words = { policy: "layerSignedPolicy", computer: "layerSignedComputer" };
  const text = t(words[s.pinnedBy] ?? "layerSignedImport", [s.keyId]);
  return el(document, "p", { class: "muted", "data-postcheck": "layer-signed", "data-key-id": s.keyId }, text);
}

/**
 * What a pack's overrides change in the packs beneath it: each override's
 * target, its change, and the rules it matched (or why it matches nothing),
 * all in the reader's language (layer-changes.js).
 */
function layerChanges(layer) {
  const words = { t, category: categoryLabel };
  const fold = el(document, "details", { "data-postcheck": "layer-changes" });
  fold.append(el(document, "summary", {}, t("layerChanges", [String(layer.changes.length)])));
  const list = el(document, "ul", { class: "changes" });
  for (const c of layer.changes) {
    const { target, what, rules, warning } = changeWords(c, words);
    const li = el(document, "li", { "data-postcheck": "layer-change" });
    li.append(el(document, "strong", {}, target), t("changeSeparator"), what.join("; "));
    if (rules) li.append(el(document, "p", { class: "muted" }, rules));
    if (warning) li.append(el(document, "p", { class: "warning", "data-postcheck": "layer-change-warning" }, warning));
    list.append(li);
  }
  fold.append(list);
  return fold;
}

/** Every rule of one layer, folded: each pack can be read in full, whichever checks. */
function layerRules(layer) {
  const fold = el(document, "details", { "data-postcheck": "layer-rules" });
  fold.append(el(document, "summary", {}, t("layerRules", [String(layer.rules.length)])));
  if (layer.description) fold.append(el(document, "p", { class: "muted" }, layer.description));
  const list = el(document, "ul", { class: "rules" });
  for (const rule of layer.rules) {
    const li = el(document, "li", { "data-postcheck": "layer-rule", "data-rule": rule.id, class: `level-${rule.level}` });
    li.append(el(document, "code", {}, rule.id), " ", el(document, "span", { class: "chip" }, categoryLabel(rule.category)));
    li.append(el(document, "p", {}, rule.message.replaceAll("{match}", "…")));
    list.append(li);
  }
  fold.append(list);
  return fold;
}

/**
 * The companion's state, quietly: off (the button asks for the permission),
 * not read yet, read (when, and each pack file it listed that is not used,
 * with why), or why the last reading stopped (the packs held stay).
 * @param {import("../shared/protocol.js").CompanionSummary | undefined} companion
 */
function showCompanion(companion) {
  const state = companion?.state ?? "off";
  const at = companion?.at ? new Date(companion.at).toLocaleString() : "";
  const line = $('[data-postcheck="companion-state"]');
  line.dataset.state = state;
  line.textContent =
    state === "off"
      ? t("companionOff")
      : state === "never"
        ? t("companionNever")
        : state === "waiting"
          ? t("companionWaiting")
        : state === "connected"
          ? t("companionConnected", [at, companion?.companion ?? ""])
          : state === "absent"
            ? t("companionAbsent")
            : t("companionFailed", [at, companion?.message ?? ""]);
  $("#companion-allow").hidden = state !== "off";
  $("#companion-read").hidden = state === "off";
  const files = $("#companion-files");
  files.replaceChildren();
  for (const f of state === "connected" ? (companion?.files ?? []) : []) {
    // A used pack is in the stack; one the companion took from its last good
    // copy (the file was refused) is listed too, with why.
    if (f.used && f.state !== "previous") continue;
    const li = el(document, "li", { "data-postcheck": "companion-file", "data-state": f.state });
    li.append(el(document, "p", {}, t(f.used ? "companionFilePrevious" : "companionFileUnused", [f.file])));
    for (const p of f.problems) li.append(el(document, "p", { class: "muted" }, p));
    files.append(li);
  }
}

/** Reads the machine packs again and shows the stack with them. */
async function readCompanion() {
  const answer = await ask(request.companionSync());
  if (answer.ok) showPack(answer);
  else failure(answer.error?.message ?? "");
}

// The optional permission is asked for in the click (a user gesture), before any await.
$("#companion-allow").addEventListener("click", () => {
  api.permissions.request({ permissions: ["nativeMessaging"] }).then(
    (granted) => {
      if (granted) return readCompanion();
      $('[data-postcheck="companion-state"]').textContent = t("companionDenied");
    },
    (e) => failure(String(e?.message ?? e)),
  );
});
$("#companion-read").addEventListener("click", () => readCompanion());

/** Import on or off, as the IT policy says. */
function showPolicy(policy) {
  const off = policy?.allowUserPacks === false;
  $("#user-packs-off").hidden = !off;
  for (const id of ["#pack-file", "#pack-url", "#pack-url-key", "#pack-url-import"]) $(id).disabled = off;
}

/** Removes one of the employee's own packs. */
async function removeLayer(layer) {
  const answer = await ask(request.packRemove(layer.id));
  if (answer.ok) {
    showPack(answer);
    showNotice("ok", t("removeOk", [layer.name]));
  } else failure(answer.error?.message ?? "");
  await dropUnusedOrigins();
}

/** The list of rules (filterable) and the guidelines. */
/**
 * A rule's message as a template shows it: the passage and the figures only a
 * check knows (`{match}`, `{count}`, `{max}`, `{excess}`) become "…".
 * @param {string} message
 */
function messageWithoutPlaceholders(message) {
  return message.replace(/\{(?:match|count|max|excess)\}/g, "…");
}

function showRules(info) {
  const filter = $("#rule-filter").value.trim().toLowerCase();
  const rules = $("#rules");
  rules.replaceChildren();
  for (const rule of info.rules) {
    const hay = `${rule.id} ${rule.category} ${rule.message} ${rule.kind}`.toLowerCase();
    if (filter && !hay.includes(filter)) continue;
    const li = el(document, "li", { "data-postcheck": "pack-rule", "data-rule": rule.id, class: `level-${rule.level}` });
    li.append(el(document, "code", {}, rule.id), " ");
    li.append(el(document, "span", { class: "chip" }, categoryLabel(rule.category)), " ");
    li.append(el(document, "span", { class: "chip" }, t(`level_${rule.level}`)));
    if (rule.platforms.length) li.append(" ", el(document, "span", { class: "chip" }, rule.platforms.join(", ")));
    li.append(el(document, "p", {}, messageWithoutPlaceholders(rule.message)));
    if (rule.guideline) {
      // The guideline's title, linked to it below (its id only when the pack lacks it).
      const g = info.guidelines.find((x) => x.id === rule.guideline);
      const p = el(document, "p", { class: "muted" }, `${t("guideline")} `);
      p.append(g ? el(document, "a", { href: `#guideline-${g.id}` }, g.title) : rule.guideline);
      li.append(p);
    }
    rules.append(li);
  }
  const guidelines = $("#guidelines");
  guidelines.replaceChildren();
  for (const g of info.guidelines) {
    const d = el(document, "details", { "data-postcheck": "pack-guideline", id: `guideline-${g.id}` });
    d.append(el(document, "summary", {}, `${g.title} (${g.id})`), el(document, "p", {}, g.text));
    const href = g.link && safeLink(g.link);
    if (href) {
      const p = el(document, "p");
      p.append(el(document, "a", { href, target: "_blank", rel: "noopener noreferrer" }, href));
      d.append(p);
    }
    guidelines.append(d);
  }
  if (info.guidelines.length === 0) guidelines.append(el(document, "p", { class: "muted" }, t("noGuidelines")));
}

/** The problems of a refused pack, each with path, line, rule, message and fix. */
function problemList(problems) {
  const list = el(document, "ul", { class: "problems" });
  for (const p of problems) {
    const li = el(document, "li", {
      "data-postcheck": p.severity === "warning" ? "pack-warning" : "pack-error",
      class: p.severity,
    });
    const where = [p.line ? (p.column ? t("lineColumn", [String(p.line), String(p.column)]) : t("line", [String(p.line)])) : null, p.path, p.rule ? t("inRule", [p.rule]) : null];
    li.append(el(document, "code", { class: "where" }, where.filter(Boolean).join(" · ")));
    li.append(el(document, "p", { class: "message" }, p.message));
    if (p.fix) li.append(el(document, "p", { class: "fix" }, `${t("fix")} ${p.fix}`));
    list.append(li);
  }
  return list;
}

/** Shows a success or failure notice. */
function showNotice(kind, text, problems) {
  notice.replaceChildren();
  if (kind === "ok") {
    notice.append(el(document, "p", { "data-postcheck": "pack-ok", class: "ok" }, text));
  } else {
    notice.append(el(document, "p", { class: "error" }, text));
    notice.append(problemList(problems ?? []));
  }
}

/** A failure that is not the pack's fault (file, network, permission). */
function failure(message) {
  showNotice("error", t("importFailed"), [problem({ message })]);
}

/** Sends a pack to the engine (with the validators of its download, the publisher key to pin and the signature of a file, if any); shows the outcome. */
async function importJson(json, source, validators, publicKey, signature) {
  const answer = await ask(request.packImport(json, source, validators, publicKey, signature));
  if (answer.ok) {
    showPack(answer);
    showNotice("ok", t("importOk", [answer.info.name, answer.info.version]));
  } else if (answer.error?.code === ERROR.SIGNATURE) {
    showNotice("error", t("signatureRefused"), answer.error.problems);
  } else if (answer.error?.problems) {
    showNotice("error", t("packRefused"), answer.error.problems);
  } else if (answer.error?.code === ERROR.NOT_ALLOWED) {
    failure(t("userPacksOff"));
  } else {
    failure(answer.error?.message ?? "");
  }
}

/** The URL "update now" fetches: where the topmost pack was imported from, else the pack's own update URL (none for a policy pack: the worker updates it). */
function updateUrl() {
  if (!active || active.source.type === "policy" || active.source.type === "starter") return null;
  if (active.source.type === "url") return active.source.url;
  const u = active.info.update_url;
  return u && isHttps(u) ? u : null;
}

function isHttps(value) {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/** The running download (its Cancel), if any: one at a time. @type {AbortController | null} */
let download = null;

/** The sentence for a failed download. @param {unknown} e */
function downloadFailure(e) {
  if (!(e instanceof PackDownloadError)) return t("fetchFailed", [String(e?.message ?? e)]);
  switch (e.code) {
    case "timeout":
      return t("downloadTimeout", [String(DOWNLOAD_TIMEOUT_MS / 1000)]);
    case "cancelled":
      return t("downloadCancelled");
    case "too-large":
      return t("downloadTooLarge");
    case "redirected":
      return t("downloadRedirected", e.values);
    case "content-type":
      return t("downloadContentType", e.values);
    case "not-utf8":
      return t("downloadNotUtf8");
    case "http":
      return t("httpError", e.values);
    default:
      return t("fetchFailed", e.values);
  }
}

/** Shows "Importing…" with a Cancel button for `controller`. */
function showProgress(controller) {
  const cancel = el(document, "button", { id: "pack-import-cancel", type: "button" }, t("cancel"));
  cancel.addEventListener("click", () => controller.abort());
  const p = el(document, "p", { class: "row", "data-postcheck": "importing" }, t("importing"));
  p.append(" ", cancel);
  notice.replaceChildren(p);
}

/** Disables the import buttons while a download runs. */
function setBusy(busy) {
  for (const id of ["#pack-url-import", "#pack-update"]) $(id).disabled = busy || (id === "#pack-update" && !updateUrl());
}

/**
 * Removes every host permission the extension holds that no pack of the
 * employee's own in the stack comes from (granted for an earlier pack, or for
 * a download that failed). The sites the content script runs on are never touched.
 */
async function dropUnusedOrigins() {
  try {
    const keep = new Set((api.runtime.getManifest().content_scripts ?? []).flatMap((c) => c.matches));
    for (const layer of active?.stack ?? []) if (layer.type === "url" && layer.url) keep.add(`${new URL(layer.url).origin}/*`);
    const { origins = [] } = await api.permissions.getAll();
    const unused = origins.filter((o) => !keep.has(o));
    if (unused.length) await api.permissions.remove({ origins: unused });
  } catch {
    // Nothing to remove, or the browser refused: the permission stays until the next change.
  }
}

/**
 * Asks for the one origin of `url` (must run inside the click handler, before any
 * await: browsers grant permission requests only during a user gesture), then
 * downloads (see fetch-pack.js), validates and activates the pack. Afterwards
 * only the active pack's origin keeps its permission.
 */
function importFromUrl(url, publicKey) {
  if (download) return;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    failure(t("badUrl"));
    return;
  }
  if (parsed.protocol !== "https:" || parsed.username || parsed.password) {
    failure(t("badUrl"));
    return;
  }
  const controller = new AbortController();
  download = controller;
  showProgress(controller);
  setBusy(true);
  const done = async () => {
    download = null;
    setBusy(false);
    await dropUnusedOrigins();
  };
  api.permissions.request({ origins: [`${parsed.origin}/*`] }).then(
    async (granted) => {
      try {
        if (!granted) return failure(t("permissionDenied", [parsed.origin]));
        let pack;
        try {
          pack = await fetchPack(parsed.href, { signal: controller.signal });
        } catch (e) {
          return failure(downloadFailure(e));
        }
        // The validators it came with: the worker's first update check can then be answered 304.
        const validators = {};
        if (pack.etag) validators.etag = pack.etag.slice(0, 1024);
        if (pack.lastModified) validators.lastModified = pack.lastModified.slice(0, 200);
        await importJson(pack.text, { type: "url", url: parsed.href }, validators, publicKey);
      } finally {
        await done();
      }
    },
    async (e) => {
      failure(String(e?.message ?? e));
      await done();
    },
  );
}

/**
 * "Update now" from an address the pack itself names (a pack imported from a
 * file decides where its update comes from): the address is shown and the
 * download starts only when the user confirms it here.
 * @param {string} url
 */
function confirmUpdateFrom(url) {
  const origin = new URL(url).origin;
  const text = el(document, "p", { "data-postcheck": "update-confirm" }, t("updateConfirm", [origin]));
  const address = el(document, "p");
  address.append(el(document, "code", { "data-postcheck": "update-url" }, url));
  const yes = el(document, "button", { id: "pack-update-confirm", type: "button" }, t("updateConfirmYes"));
  const no = el(document, "button", { id: "pack-update-cancel", type: "button" }, t("cancel"));
  // The download asks for the origin's permission in this click (a user gesture).
  yes.addEventListener("click", () => importFromUrl(url));
  no.addEventListener("click", () => notice.replaceChildren());
  const buttons = el(document, "p", { class: "row" });
  buttons.append(yes, " ", no);
  notice.replaceChildren(text, address, buttons);
}

/** True for a signature file (minisign's `.minisig`). @param {File} file */
const isSignatureFile = (file) => file.name.toLowerCase().endsWith(".minisig");

/**
 * A pack from a file, with its signature if chosen with it (a `.minisig`),
 * and the publisher key in the key box, if any: the worker checks the
 * signature with the key (or with the key the pack names) before it takes the pack.
 */
$("#pack-file").addEventListener("change", async (event) => {
  const files = [...(event.target.files ?? [])];
  event.target.value = "";
  if (files.length === 0) return;
  const signatures = files.filter(isSignatureFile);
  const packs = files.filter((f) => !isSignatureFile(f));
  if (packs.length !== 1 || signatures.length > 1) return failure(t(packs.length === 0 ? "chooseThePack" : "chooseOnePack"));
  const [file] = packs;
  const [signatureFile] = signatures;
  if (file.size > MAX_PACK_BYTES) return failure(t("tooLarge"));
  if (signatureFile && signatureFile.size > MAX_SIGNATURE) return failure(t("signatureTooLarge", [signatureFile.name]));
  const text = await file.text();
  const signature = signatureFile ? await signatureFile.text() : undefined;
  if (signatureFile && !signature?.trim()) return failure(t("signatureEmpty", [signatureFile.name]));
  await importJson(text, { type: "file", name: file.name.slice(0, 200) }, undefined, givenKey(), signature);
  await dropUnusedOrigins();
});

/** The publisher key given with the link or file (optional: without it the pack is imported unsigned, unless it names its own key). */
const givenKey = () => $("#pack-url-key").value.trim() || undefined;
$("#pack-url-import").addEventListener("click", () => importFromUrl($("#pack-url").value.trim(), givenKey()));
$("#pack-url").addEventListener("keydown", (event) => {
  if (event.key === "Enter") importFromUrl($("#pack-url").value.trim(), givenKey());
});
$("#pack-update").addEventListener("click", () => {
  const url = updateUrl();
  if (!url) return;
  // From where the pack came from: at once. From where a pack says it comes from: ask first.
  if (active.source.type === "url") importFromUrl(url);
  else confirmUpdateFrom(url);
});
$("#pack-revert").addEventListener("click", async () => {
  const answer = await ask(request.packRevert());
  if (answer.ok) {
    showPack(answer);
    showNotice("ok", t("revertOk"));
  } else failure(answer.error?.message ?? "");
  await dropUnusedOrigins();
});
$("#rule-filter").addEventListener("input", () => active && showRules(active.info));

ask(request.packInfo()).then((answer) => {
  if (answer.ok) showPack(answer);
  else failure(answer.error?.message ?? "");
});
