/**
 * The toolbar popup: paste any text, choose the platform, check it. The text
 * stays in the popup; it is sent to the background worker only and never stored
 * (the platform chosen is remembered).
 */
import { api, ask } from "../shared/browser-api.js";
import { renderCheckError } from "../shared/errors.js";
import { copyToClipboard, renderResult } from "../shared/hint-list.js";
import { localizePage, t } from "../shared/i18n.js";
import { request } from "../shared/protocol.js";

localizePage(document);

const draft = /** @type {HTMLTextAreaElement} */ (document.getElementById("draft"));
const platform = /** @type {HTMLSelectElement} */ (document.getElementById("platform"));
const results = /** @type {HTMLElement} */ (document.getElementById("results"));

async function check() {
  results.replaceChildren(document.createTextNode(t("checking")));
  const answer = await ask(request.check(draft.value, /** @type {any} */ (platform.value)));
  if (answer.ok) renderResult(results, answer.result, { onCopy: copyToClipboard });
  else renderCheckError(results, answer.error);
}

// The platform chosen last is kept on this device (the draft never is).
const PLATFORM_KEY = "popupPlatform";
api.storage?.local?.get(PLATFORM_KEY).then(
  (stored) => {
    const value = stored?.[PLATFORM_KEY];
    if ([...platform.options].some((o) => o.value === value)) platform.value = value;
  },
  () => {},
);
platform.addEventListener("change", () => {
  api.storage?.local?.set({ [PLATFORM_KEY]: platform.value }).catch(() => {});
});

document.getElementById("check").addEventListener("click", check);
draft.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) check();
});
// "Read the guidelines": the guidelines page in a tab of its own (a popup closes when it loses the focus).
document.getElementById("open-guidelines").addEventListener("click", (event) => {
  event.preventDefault();
  api.tabs.create({ url: api.runtime.getURL("guidelines.html") }).then(
    () => window.close(),
    () => {},
  );
});
document.getElementById("open-options").addEventListener("click", (event) => {
  event.preventDefault();
  api.runtime.openOptionsPage();
  window.close();
});

ask(request.packInfo()).then((answer) => {
  if (!answer.ok) return;
  // The packs that check, bottom first (the baseline, the organisation's, the employee's own); each out of date one says so.
  const names = answer.stack.filter((l) => l.checks).map((l) => `${l.name} ${l.version}${l.expired ? ` ${t("packOutOfDate")}` : ""}`);
  document.getElementById("pack-name").textContent = names.join(" + ") || `${answer.info.name} ${answer.info.version}`;
});
