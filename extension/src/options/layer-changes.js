/**
 * What a pack's overrides change in the packs beneath it, worded in the
 * reader's language (_locales) for the options page. Built from the
 * structured fields the engine gives per override (crates/postcheck-core
 * `OverrideChange`: `rule`, `category`, `pack`, `off`, `level`, `message`,
 * `suggestion`, `exceptions`, `matched`, `rules`, `warning_kind`,
 * `switched_off_by`), never from its English `target` and `warning`.
 */

/** The levels the locales have words for. */
const LEVELS = ["important", "consider", "note"];

/** A string field, or null. @param {unknown} v */
const text = (v) => (typeof v === "string" && v !== "" ? v : null);

/**
 * @typedef {object} Words the page's word functions
 * @property {(name: string, substitutions?: string[]) => string} t a message of _locales
 * @property {(category: string) => string} category the label of a category id
 */

/**
 * What the override names: a rule, a category or a whole pack, and the pack
 * beneath it is limited to.
 * @param {any} change
 * @param {Words} words
 */
export function changeTarget(change, { t, category }) {
  const rule = text(change.rule);
  const cat = text(change.category);
  const pack = text(change.pack);
  if (rule || cat) {
    const named = rule ? t("changeTargetRule", [rule]) : t("changeTargetCategory", [category(/** @type {string} */ (cat))]);
    return pack ? t("changeTargetInPack", [named, pack]) : named;
  }
  return pack ? t("changeTargetPack", [pack]) : t("changeTargetAll");
}

/**
 * The words for one override: what it names, what it changes, the rules it
 * matched beneath, and why it may change nothing.
 * @param {any} change one of a layer's `changes`
 * @param {Words} words
 * @returns {{target: string, what: string[], rules: string | null, warning: string | null}}
 */
export function changeWords(change, words) {
  const { t } = words;
  const target = changeTarget(change, words);
  const what = [];
  if (change.off) what.push(t("changeOff"));
  const level = text(change.level);
  if (level) what.push(t("changeLevel", [LEVELS.includes(level) ? t(`level_${level}`) : level]));
  const message = text(change.message);
  if (message) what.push(t("changeMessage", [message.replaceAll("{match}", "…")]));
  const suggestion = text(change.suggestion);
  if (suggestion) what.push(t("changeSuggestion", [suggestion.replaceAll("{match}", "…")]));
  const exceptions = Array.isArray(change.exceptions) ? change.exceptions.filter((e) => typeof e === "string") : [];
  if (exceptions.length) what.push(t("changeExceptions", [exceptions.join(", ")]));
  const listed = Array.isArray(change.rules) ? change.rules.map((r) => `${r?.pack}/${r?.rule}`) : [];
  const matched = typeof change.matched === "number" ? change.matched : listed.length;
  let rules = null;
  if (listed.length) {
    const more = matched > listed.length ? [t("changeRulesMore", [String(matched - listed.length)])] : [];
    rules = t("changeRules", [[...listed, ...more].join(", ")]);
  }
  return { target, what, rules, warning: changeWarning(change, target, t) };
}

/**
 * Why the override may change nothing, or null.
 * @param {any} change
 * @param {string} target its target in words
 * @param {Words["t"]} t
 */
function changeWarning(change, target, t) {
  switch (change.warning_kind) {
    case "switched-off":
      return t("changeWarnSwitchedOff", [text(change.switched_off_by) ?? "?"]);
    case "no-pack":
      return t("changeWarnNoPack", [text(change.pack) ?? "?"]);
    case "no-rule":
      return t("changeWarnNoRule", [target]);
    default:
      // An engine that words only in English: said in the reader's words, without the detail.
      return change.warning ? t("changeWarnOther") : null;
  }
}
