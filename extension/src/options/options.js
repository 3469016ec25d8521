/**
 * The options page: shows the active rule pack (and everything it checks),
 * imports a pack from a file or from an https link, updates it, or reverts to
 * the built-in starter pack. A refused pack lists its located problems and the
 * active pack stays as it was.
 *
 * The only network request postcheck ever makes is here: fetching the pack the
 * user asked for, after asking for that one origin's permission.
 */
import { api, ask } from "../shared/browser-api.js";
import { categoryLabel, el, safeLink } from "../shared/hint-list.js";
import { localizePage, t } from "../shared/i18n.js";

/** Largest pack file read (the engine refuses more). */
const MAX_PACK_BYTES = 16 * 1024 * 1024;

localizePage(document);

const $ = (selector) => document.querySelector(selector);
const notice = $("#notice");
let active = null;

/** Shows the active pack. */
function showPack(answer) {
  active = answer;
  $("#active").hidden = false;
  const { info, source, importedAt, storedRefused } = answer;
  $('[data-postcheck="pack-name"]').textContent = info.name;
  $('[data-postcheck="pack-version"]').textContent = info.version;
  $('[data-postcheck="pack-publisher"]').textContent = info.publisher;
  $('[data-postcheck="pack-date"]').textContent = info.date;
  $('[data-postcheck="pack-rules"]').textContent = String(info.rules.length);
  $('[data-postcheck="pack-description"]').textContent = info.description ?? "";
  const when = importedAt ? new Date(importedAt).toLocaleString() : "";
  $('[data-postcheck="pack-source"]').textContent =
    source.type === "url"
      ? t("sourceUrl", [source.url, when])
      : source.type === "file"
        ? t("sourceFile", [source.name ?? "", when])
        : t("sourceStarter");
  $("#pack-update").disabled = !updateUrl();
  $("#pack-revert").disabled = source.type === "starter";
  const refused = $("#stored-refused");
  refused.hidden = !storedRefused;
  if (storedRefused) {
    refused.replaceChildren(el(document, "p", { class: "warning" }, t("storedRefused")), problemList(storedRefused));
  }
  showRules(info);
}

/** The list of rules (filterable) and the guidelines. */
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
    li.append(el(document, "p", {}, rule.message.replaceAll("{match}", "…")));
    if (rule.guideline) li.append(el(document, "p", { class: "muted" }, `${t("guideline")} ${rule.guideline}`));
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
    const where = [p.line ? t("line", [String(p.line)]) : null, p.path, p.rule ? t("inRule", [p.rule]) : null];
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
  showNotice("error", t("importFailed"), [{ severity: "error", path: "$", line: null, rule: null, message, fix: null }]);
}

/** Sends a pack to the engine; shows the outcome. */
async function importJson(json, source) {
  const answer = await ask({ kind: "pack-import", json, source });
  if (answer.ok) {
    showPack(answer);
    showNotice("ok", t("importOk", [answer.info.name, answer.info.version]));
  } else if (answer.error?.problems) {
    showNotice("error", t("packRefused"), answer.error.problems);
  } else {
    failure(answer.error?.message ?? "");
  }
}

/** The URL "update now" fetches: where the pack was imported from, else the pack's own update URL. */
function updateUrl() {
  if (!active) return null;
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

/**
 * Asks for the one origin of `url` (must run inside the click handler, before any
 * await: browsers grant permission requests only during a user gesture), then
 * fetches, validates and activates the pack.
 */
function importFromUrl(url) {
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
  notice.replaceChildren(el(document, "p", {}, t("importing")));
  api.permissions.request({ origins: [`${parsed.origin}/*`] }).then(
    async (granted) => {
      if (!granted) return failure(t("permissionDenied", [parsed.origin]));
      let text;
      try {
        const response = await fetch(parsed.href, { credentials: "omit", cache: "no-store", redirect: "follow" });
        if (!response.ok) return failure(t("httpError", [String(response.status)]));
        text = await response.text();
      } catch (e) {
        return failure(t("fetchFailed", [String(e?.message ?? e)]));
      }
      if (text.length > MAX_PACK_BYTES) return failure(t("tooLarge"));
      await importJson(text, { type: "url", url: parsed.href });
    },
    (e) => failure(String(e?.message ?? e)),
  );
}

$("#pack-file").addEventListener("change", async (event) => {
  const file = event.target.files?.[0];
  if (!file) return;
  if (file.size > MAX_PACK_BYTES) return failure(t("tooLarge"));
  const text = await file.text();
  event.target.value = "";
  await importJson(text, { type: "file", name: file.name.slice(0, 200) });
});

$("#pack-url-import").addEventListener("click", () => importFromUrl($("#pack-url").value.trim()));
$("#pack-url").addEventListener("keydown", (event) => {
  if (event.key === "Enter") importFromUrl($("#pack-url").value.trim());
});
$("#pack-update").addEventListener("click", () => {
  const url = updateUrl();
  if (url) importFromUrl(url);
});
$("#pack-revert").addEventListener("click", async () => {
  const answer = await ask({ kind: "pack-revert" });
  if (answer.ok) {
    showPack(answer);
    showNotice("ok", t("revertOk"));
  } else failure(answer.error?.message ?? "");
});
$("#rule-filter").addEventListener("input", () => active && showRules(active.info));

ask({ kind: "pack-info" }).then((answer) => {
  if (answer.ok) showPack(answer);
  else failure(answer.error?.message ?? "");
});
