/**
 * The message protocol of the extension: every message between its parts, in
 * one place. Read this file to know what goes where.
 *
 * Parts: the background worker (src/background), the content script on the
 * site (src/content), the panel page framed by it (src/panel), the popup and
 * the options page (src/popup, src/options).
 *
 * 1. Requests to the worker (`runtime.sendMessage`), each `{kind, ...}`, made by
 *    the constructors in `request` and checked by the worker with
 *    `validateMessage` (anything else is refused `bad-message`):
 *
 *    | kind             | fields                         | from                     | answer           |
 *    | ---------------- | ------------------------------ | ------------------------ | ---------------- |
 *    | `check`          | text, platform?, media?        | content script, popup    | CheckAnswer      |
 *    | `warm`           |                                | content script           | WarmAnswer       |
 *    | `panel-register` | secret                         | content script           | `{ok: true}`     |
 *    | `panel-claim`    | secret                         | panel page               | `{ok: boolean}`  |
 *    | `pack-info`      |                                | extension pages          | PackAnswer       |
 *    | `pack-import`    | json, source, validators?, publicKey?, signature? | extension pages | PackAnswer |
 *    | `pack-revert`    |                                | extension pages          | PackAnswer       |
 *    | `pack-remove`    | id                             | extension pages          | PackAnswer       |
 *    | `companion-sync` |                                | extension pages          | PackAnswer       |
 *    | `dismiss`        | rule, pack, category, excerpt  | content script           | DismissalsAnswer |
 *    | `dismissals`     |                                | extension pages          | DismissalsAnswer |
 *    | `dismissal-undo` | id (null: all)                 | extension pages          | DismissalsAnswer |
 *    | `guidelines`     | locale?, languages?            | extension pages          | GuidelinesAnswer |
 *
 *    Any request may be answered with a Failure (`{ok: false, error}`), whose
 *    `error.code` is one of ERROR.
 * 2. From the worker to a tab's content script (`tabs.sendMessage`):
 *    `{kind: "run-check"}` (the keyboard shortcut), no answer.
 * 3. Between the content script and its panel frame: `connect` posted to the
 *    frame's window with the port, then PanelState over the port to the frame,
 *    and FrameMessage back (see `panelState` and `frameMessage`).
 *
 * The text of a check is made well-formed here, and only here (`request.check`).
 */

/**
 * Largest draft checked, in UTF-16 code units. A LinkedIn post holds 3,000
 * characters, an X post 280 (25,000 for long posts): 100,000 is far more than
 * any post, and bounds the work a page could make the engine do per check.
 * A longer draft is answered `too-long` (the panel says it was not checked;
 * posting is not affected).
 */
export const MAX_TEXT = 100_000;
/** Largest pack accepted, in UTF-16 code units (the core refuses more than 16 MiB). */
export const MAX_PACK = 16 * 1024 * 1024;
/**
 * Most hints sent back for one draft. A hostile draft or pack yields
 * thousands: sending them all would mean megabytes per message and as many
 * highlighted passages in the page. The engine itself builds at most this
 * many (and counts the rest in `result.omitted`); the worker keeps the promise
 * whatever the engine does. The panel says how many were not shown.
 */
export const MAX_HINTS = 200;
/** Longest publisher public key accepted with an import (a minisign `.pub` file is about 110 characters). */
export const MAX_PUBLIC_KEY = 4096;
/** Longest signature (a `.minisig` file chosen with a pack from a file), in characters: 16 KiB, as the core reads at most. */
export const MAX_SIGNATURE = 16 * 1024;
/** Most preferred languages a `guidelines` request may name. */
export const MAX_LANGUAGES = 16;
/** Most media kinds in one check. */
export const MAX_MEDIA = 16;
/** Longest suggestion the panel frame may ask the content script to copy, in UTF-16 code units. */
export const MAX_COPY = 100_000;
/** Platforms a check may name. */
export const PLATFORMS = /* @__PURE__ */ Object.freeze(["x", "linkedin"]);
/** Media kinds a check may name. */
export const MEDIA = /* @__PURE__ */ Object.freeze(["image", "video", "document"]);
/** A panel frame's secret: 16 random bytes as 32 lowercase hex digits. */
export const SECRET_PATTERN = /^[0-9a-f]{32}$/;

/** The kinds of the messages to the worker (requests) and from it (`run-check`). */
export const KIND = /* @__PURE__ */ Object.freeze({
  CHECK: "check",
  WARM: "warm",
  PANEL_REGISTER: "panel-register",
  PANEL_CLAIM: "panel-claim",
  PACK_INFO: "pack-info",
  PACK_IMPORT: "pack-import",
  PACK_REVERT: "pack-revert",
  PACK_REMOVE: "pack-remove",
  /** Read the computer's machine packs from the companion now (background/companion.js): after the permission is granted. */
  COMPANION_SYNC: "companion-sync",
  /** "Not again": this rule for this passage (background/dismissals.js; no draft is stored). */
  DISMISS: "dismiss",
  /** The dismissals, for the options page. */
  DISMISSALS: "dismissals",
  /** Undo one dismissal, or all. */
  DISMISSAL_UNDO: "dismissal-undo",
  /** The guidelines of every pack of the stack, to read (the guidelines page; background/guidelines.js). */
  GUIDELINES: "guidelines",
  /** From the worker to a tab's content script: check the focused draft (the keyboard shortcut). */
  RUN_CHECK: "run-check",
});

/** Why a request was not answered as asked: the `code` of a Failure. */
export const ERROR = /* @__PURE__ */ Object.freeze({
  /** The message is not one of the protocol's (shape, field, size or sender). */
  BAD_MESSAGE: "bad-message",
  /** The draft is longer than MAX_TEXT: not checked. */
  TOO_LONG: "too-long",
  /** A tab asked for checks faster than a person clicks (rate limit per tab). */
  BUSY: "busy",
  /** The wasm or the engine failed. */
  ENGINE: "engine",
  /** The engine trapped on this draft; a fresh instance replaced it and the next check works. */
  ENGINE_STOPPED: "engine-stopped",
  /** The pack was refused: `error.problems` says where and why. */
  REFUSED: "refused",
  /**
   * The pack's signature is missing or not valid for the publisher key pinned
   * for it (or given with it): `error.problems` says why. The pack held stays.
   */
  SIGNATURE: "signature",
  /**
   * The IT policy does not allow it: importing a pack of one's own when the
   * policy says `allowUserPacks: false`, removing a pack the policy set.
   */
  NOT_ALLOWED: "not-allowed",
  /** The worker could not be reached (content script or page side). */
  UNREACHABLE: "unreachable",
  /** The worker answered nothing (content script or page side). */
  NO_ANSWER: "no-answer",
  /** Anything else that went wrong showing an answer (content script side). */
  OTHER: "other",
});

/** Notices a check answer may carry. */
export const NOTICE = /* @__PURE__ */ Object.freeze({
  /** The imported pack could not be loaded; the starter pack checked instead. */
  STORED_PACK_REFUSED: "stored-pack-refused",
});

/**
 * @typedef {"x" | "linkedin"} Platform
 * @typedef {"image" | "video" | "document"} Media
 * @typedef {{type: "file", name?: string} | {type: "url", url: string}} PackSource where an imported pack comes from
 */

/**
 * @typedef {object} CheckRequest a draft to check
 * @property {"check"} kind
 * @property {string} text the draft, well-formed, at most MAX_TEXT UTF-16 units
 * @property {Platform | null} [platform]
 * @property {Media[]} [media]
 *
 * @typedef {{kind: "warm"}} WarmRequest a composer is about to be used: build the pack (no draft)
 * @typedef {{kind: "panel-register", secret: string}} PanelRegisterRequest the secret of a panel frame about to load
 * @typedef {{kind: "panel-claim", secret: string}} PanelClaimRequest the panel page asks whether its secret was registered
 * @typedef {{kind: "pack-info"}} PackInfoRequest the active pack
 * @typedef {{etag?: string, lastModified?: string}} Validators the `ETag` and `Last-Modified` a pack was downloaded with (the first update check sends them)
 * @typedef {{kind: "pack-import", json: string, source: PackSource, validators?: Validators, publicKey?: string, signature?: string}} PackImportRequest a pack to validate and add to the stack;
 *   `publicKey` (a minisign public key file or its key line, at most MAX_PUBLIC_KEY characters): the publisher key to pin for the pack
 *   (the worker then requires and checks its signature: `<url>.minisig` for a pack from a URL, `signature` for a pack from a file);
 *   `signature` (the text of the `.minisig` file chosen with a pack from a file, at most MAX_SIGNATURE characters)
 * @typedef {{kind: "pack-revert"}} PackRevertRequest remove every pack of the employee's own (the baseline and the policy packs stay)
 * @typedef {{kind: "pack-remove", id: string}} PackRemoveRequest remove the employee's own pack with this pack id
 * @typedef {{kind: "companion-sync"}} CompanionSyncRequest read the computer's machine packs from the companion now
 * @typedef {{kind: "dismiss", rule: string, pack: string, category: string, excerpt: string}} DismissRequest "not again" for a hint
 * @typedef {{kind: "dismissals"}} DismissalsRequest the dismissals (options page)
 * @typedef {{kind: "dismissal-undo", id: string | null}} DismissalUndoRequest undo one dismissal (null: all)
 * @typedef {{ok: true, dismissals: {id: string, rule: string, pack: string, category: string, at: string}[]}} DismissalsAnswer
 *   the dismissals, oldest first (without their hashes)
 * @typedef {{kind: "guidelines", locale?: string, languages?: string[]}} GuidelinesRequest the guidelines of the active stack
 *   (the guidelines page), for a reader of `locale` (the page's UI language) and `languages` (its other preferred
 *   languages, at most MAX_LANGUAGES); without them, the worker's own
 * @typedef {{ok: true, layers: {pack: string, built_in: boolean, switched_off_by: string | null, page: any}[]}} GuidelinesAnswer
 *   one per layer of the stack, bottom first: `page` as the engine's `guidelines` gives it (`postcheck pack docs`:
 *   title, description, publisher, version, date, `lang`, `sections` (each guideline: id, title, text, link, contacts,
 *   checks) and `contacts`), in the reader's language; hashed names never in it
 *
 * @typedef {CheckRequest | WarmRequest | PanelRegisterRequest | PanelClaimRequest | PackInfoRequest | PackImportRequest | PackRevertRequest | PackRemoveRequest | CompanionSyncRequest} Request
 */

/**
 * @typedef {object} Problem what is wrong with a pack, located
 * @property {"error" | "warning"} severity
 * @property {string} path JSON path (`$` for the whole pack)
 * @property {number | null} line
 * @property {string | null} rule the rule's id
 * @property {string} message what is wrong, in plain words
 * @property {string | null} fix how to fix it
 *
 * @typedef {object} Failure a request not answered as asked
 * @property {false} ok
 * @property {{code: string, message: string, problems?: Problem[]}} error `code` is one of ERROR
 *
 * @typedef {{ok: true, result: any, notice: string | null}} CheckAnswer `result` as the engine gives it
 *   (`hints` with UTF-16 `start`/`end` and `excerpt`, `length`, `omitted`), less the hints dismissed
 *   "not again" (`dismissed` counts them); `notice` one of NOTICE or null
 * @typedef {object} StackLayer one layer of the active stack, as the options page and popup show it
 * @property {"baseline" | "file" | "url" | "policy" | "companion"} type where it comes from (`baseline`: built in;
 *   `companion`: a machine pack, from this computer's postcheck companion)
 * @property {string | null} id the pack's id (null: a policy pack not downloaded yet)
 * @property {string} name in the reader's locale
 * @property {string} version
 * @property {string} publisher
 * @property {string | null} expires `YYYY-MM-DD` after which the pack is out of date
 * @property {boolean} expired true when `expires` is before today
 * @property {string | null} description in the reader's locale
 * @property {{id: string, kind: string, category: string, level: string, message: string}[]} rules every rule of the pack (it can be read in full)
 * @property {string | null} url the address it is updated from
 * @property {string | null} fileName the file it was imported from
 * @property {string | null} [folder] a machine pack's folder on the computer: `system`, `user` or `variable`
 * @property {string | null} importedAt when it was imported or last updated (ISO time)
 * @property {string | null} lastCheck last successful check for an update
 * @property {string | null} nextCheck when the next check is due
 * @property {{code: string, message: string, at: string} | null} lastError why the last check or update failed
 * @property {boolean} removable the employee may remove it (their own packs)
 * @property {boolean} checks it checks drafts now (false: refused by this version,
 *   not downloaded yet, or beneath the top with an engine without stacks)
 * @property {boolean} offByPolicy an employee's own pack the IT policy switched off (`allowUserPacks: false`)
 * @property {{keyId: string, pinnedBy: "policy" | "import" | "computer"} | null} signature the publisher key whose valid signature it
 *   carries (pinned by the IT policy, or at its import); null: not signed
 *
 * @typedef {{allowUserPacks: boolean, managed: boolean, updateIntervalHours: number}} PolicySummary what the IT policy sets
 * @typedef {{ok: true, info: any, warnings: Problem[], source: any, importedAt: string | null, storedRefused: Problem[] | null, stack: StackLayer[], policy: PolicySummary, companion?: CompanionSummary}} PackAnswer
 * @typedef {{state: string, at?: string, message?: string, companion?: string, files?: {file: string, folder: string, state: string, problems: string[], id: string | null, version: string | null, used: boolean}[]}} CompanionSummary
 *   the companion's last reading (background/companion.js `readCompanionState`): `off` without the permission
 *   `info`, `warnings`: of the engine that checks; `source`, `importedAt`: of its topmost pack;
 *   `stack`: the baseline first, then each company pack, bottom first
 * @typedef {{ok: boolean}} Ack `panel-register` (true), `panel-claim` (true once for a registered secret)
 * @typedef {{ok: true, shortcut: string}} WarmAnswer `shortcut`: the keyboard shortcut of the `check-draft`
 *   command as the browser names it (the user may change it; "" when none is set); the content script
 *   reads it with `shortcutOf` and shows it on the "Check my draft" button
 * @typedef {CheckAnswer | PackAnswer | WarmAnswer | Ack | Failure} Answer
 */

/** Constructors of the requests to the worker. (`@__PURE__`: a bundle keeps only what it uses.) */
export const request = /* @__PURE__ */ Object.freeze({
  /**
   * A draft to check. The one place where a draft is made well-formed: a page
   * can put unpaired UTF-16 into an editor, and each lone surrogate becomes
   * U+FFFD, one code unit for one (as the wasm boundary would make it), so the
   * engine's UTF-16 spans index the editor's text model unit for unit.
   * @param {string} text
   * @param {Platform | null} [platform]
   * @param {Media[]} [media]
   * @returns {CheckRequest}
   */
  check(text, platform, media) {
    /** @type {CheckRequest} */
    const message = { kind: KIND.CHECK, text: text.toWellFormed() };
    if (platform !== undefined) message.platform = platform;
    if (media !== undefined) message.media = media;
    return message;
  },
  /** @returns {WarmRequest} */
  warm: () => ({ kind: KIND.WARM }),
  /** @param {string} secret @returns {PanelRegisterRequest} */
  panelRegister: (secret) => ({ kind: KIND.PANEL_REGISTER, secret }),
  /** @param {string} secret @returns {PanelClaimRequest} */
  panelClaim: (secret) => ({ kind: KIND.PANEL_CLAIM, secret }),
  /** @returns {PackInfoRequest} */
  packInfo: () => ({ kind: KIND.PACK_INFO }),
  /**
   * @param {string} json
   * @param {PackSource} source
   * @param {Validators} [validators] of a pack downloaded from `source.url`
   * @param {string} [publicKey] the publisher key to pin
   * @param {string} [signature] the `.minisig` chosen with a pack from a file
   * @returns {PackImportRequest}
   */
  packImport(json, source, validators, publicKey, signature) {
    /** @type {PackImportRequest} */
    const message = { kind: KIND.PACK_IMPORT, json, source };
    if (validators !== undefined) message.validators = validators;
    if (publicKey !== undefined) message.publicKey = publicKey;
    if (signature !== undefined) message.signature = signature;
    return message;
  },
  /** @returns {PackRevertRequest} */
  packRevert: () => ({ kind: KIND.PACK_REVERT }),
  /** @param {string} id @returns {PackRemoveRequest} */
  packRemove: (id) => ({ kind: KIND.PACK_REMOVE, id }),
  /** @returns {CompanionSyncRequest} */
  companionSync: () => ({ kind: KIND.COMPANION_SYNC }),
  /**
   * "Not again" for a hint: its rule, pack, category and passage (the worker keeps only a keyed hash of the passage).
   * @param {{rule: string, pack?: string, category: string, excerpt?: string}} hint
   * @returns {DismissRequest}
   */
  dismiss: (hint) => ({ kind: KIND.DISMISS, rule: hint.rule, pack: typeof hint.pack === "string" ? hint.pack : "", category: hint.category, excerpt: hint.excerpt ?? "" }),
  /** @returns {DismissalsRequest} */
  dismissals: () => ({ kind: KIND.DISMISSALS }),
  /** @param {string | null} id null: undo all @returns {DismissalUndoRequest} */
  dismissalUndo: (id) => ({ kind: KIND.DISMISSAL_UNDO, id }),
  /**
   * @param {string} [locale] the reader's UI language (`i18n.getUILanguage()` of the asking page)
   * @param {readonly string[]} [languages] their other preferred languages (`navigator.languages`)
   * @returns {GuidelinesRequest}
   */
  guidelines(locale, languages) {
    /** @type {GuidelinesRequest} */
    const message = { kind: KIND.GUIDELINES };
    if (locale !== undefined) message.locale = locale;
    if (languages !== undefined) message.languages = [...languages].slice(0, MAX_LANGUAGES);
    return message;
  },
});

/** Constructors of the answers. */
export const answer = /* @__PURE__ */ Object.freeze({
  /** `{ok: true}`: done (`panel-register`, a claimed secret). */
  done: () => ({ ok: true }),
  /**
   * The answer to `warm`: the shortcut of the `check-draft` command ("" when none is set).
   * @param {string} shortcut
   * @returns {WarmAnswer}
   */
  warmed: (shortcut) => ({ ok: true, shortcut }),
  /**
   * The dismissals (without their hashes).
   * @param {{id: string, rule: string, pack: string, category: string, at: string}[]} list
   * @returns {DismissalsAnswer}
   */
  dismissals: (list) => ({ ok: true, dismissals: list.map(({ id, rule, pack, category, at }) => ({ id, rule, pack, category, at })) }),
  /**
   * The guidelines of each layer of the stack, bottom first (as the engine's `guidelines` gives them).
   * @param {{layers: any[]}} pages
   * @returns {GuidelinesAnswer}
   */
  guidelines: (pages) => ({ ok: true, layers: Array.isArray(pages?.layers) ? pages.layers : [] }),
  /** `{ok: false}` without a reason: a panel secret nobody registered (the frame stays blank). */
  denied: () => ({ ok: false }),
  /**
   * The answer to a check.
   * @param {any} result
   * @param {string | null} notice one of NOTICE, or null
   * @returns {CheckAnswer}
   */
  checked: (result, notice) => ({ ok: true, result, notice }),
  /**
   * The active stack.
   * @param {{info: any, warnings: Problem[], source: any, importedAt: string | null, storedRefused: Problem[] | null, stack: StackLayer[], policy: PolicySummary, companion?: any}} pack
   * @returns {PackAnswer}
   */
  pack: ({ info, warnings, source, importedAt, storedRefused, stack, policy, companion }) => ({
    ok: true,
    info,
    warnings,
    source,
    importedAt,
    storedRefused,
    stack,
    policy,
    ...(companion === undefined ? {} : { companion }),
  }),
  /**
   * A failure with one of ERROR's codes (and, for a refused pack, its problems).
   * @param {string} code
   * @param {string} message
   * @param {Problem[]} [problems]
   * @returns {Failure}
   */
  failure(code, message, problems) {
    return { ok: false, error: problems === undefined ? { code, message } : { code, message, problems } };
  },
});

/**
 * A problem of a pack (as the engine reports them), for one made outside the
 * engine: a damaged storage entry, a failed download.
 * @param {{message: string, fix?: string | null, path?: string, line?: number | null, rule?: string | null, severity?: "error" | "warning"}} p
 * @returns {Problem}
 */
export function problem({ message, fix = null, path = "$", line = null, rule = null, severity = "error" }) {
  return { severity, path, line, rule, message, fix };
}

/** Longest shortcut a `warm` answer may name, in characters ("Ctrl+Shift+PageDown" is 19). */
export const MAX_SHORTCUT = 40;

/** Modifier names in a shortcut as browsers write them (Chromium, Firefox, macOS), by their `aria-keyshortcuts` name. */
const MODIFIERS = /* @__PURE__ */ Object.freeze({
  alt: "Alt",
  option: "Alt",
  "⌥": "Alt",
  ctrl: "Control",
  control: "Control",
  macctrl: "Control",
  "⌃": "Control",
  shift: "Shift",
  "⇧": "Shift",
  command: "Meta",
  cmd: "Meta",
  "⌘": "Meta",
});

/** Key names of the commands API that `aria-keyshortcuts` writes otherwise (a key's `KeyboardEvent.key`). */
const KEYS = /* @__PURE__ */ Object.freeze({
  comma: ",",
  period: ".",
  up: "ArrowUp",
  down: "ArrowDown",
  left: "ArrowLeft",
  right: "ArrowRight",
  space: "Space",
  home: "Home",
  end: "End",
  pageup: "PageUp",
  pagedown: "PageDown",
  insert: "Insert",
  delete: "Delete",
});

/**
 * The `aria-keyshortcuts` value of a shortcut the browser names ("Alt+Shift+K",
 * "Ctrl+Comma", "⇧⌘K"), or null when it cannot be told (a key name in another
 * language, a media key): then only the tooltip names it.
 * @param {string} shortcut
 * @returns {string | null}
 */
function ariaShortcut(shortcut) {
  // macOS writes the modifiers as symbols before the key, without "+".
  const parts = shortcut.replace(/^([⌥⌃⇧⌘]+)/u, (symbols) => `${[...symbols].join("+")}+`).split("+");
  const key = parts.pop() ?? "";
  const modifiers = [];
  for (const part of parts) {
    const name = MODIFIERS[part.trim().toLowerCase()];
    if (!name || modifiers.includes(name)) return null;
    modifiers.push(name);
  }
  const k = key.trim();
  let keyName = null;
  if (/^[A-Za-z0-9]$/.test(k)) keyName = k.toUpperCase();
  else if (/^F([1-9]|1[0-2])$/.test(k)) keyName = k;
  else if (Object.hasOwn(KEYS, k.toLowerCase())) keyName = KEYS[k.toLowerCase()];
  if (keyName === null || modifiers.length === 0) return null;
  return [...modifiers, keyName].join("+");
}

/**
 * The keyboard shortcut named in a `warm` answer, checked: `label` as the
 * browser names it (for the button's tooltip) and `aria` for its
 * `aria-keyshortcuts` (null when it cannot be told); null when the answer
 * names none (no shortcut set, a failure) or something that is no shortcut
 * (not a string, longer than MAX_SHORTCUT, characters other than letters,
 * digits, `+`, spaces, `.`, `,`, `-` and the macOS key symbols).
 * @param {unknown} reply
 * @returns {{label: string, aria: string | null} | null}
 */
export function shortcutOf(reply) {
  if (typeof reply !== "object" || reply === null || /** @type {any} */ (reply).ok !== true) return null;
  const shortcut = /** @type {any} */ (reply).shortcut;
  if (typeof shortcut !== "string" || shortcut.length > MAX_SHORTCUT) return null;
  if (!/^[\p{L}\p{N}+ .,\-⌥⌃⇧⌘]*$/u.test(shortcut)) return null;
  const label = shortcut.trim();
  if (label === "") return null;
  return { label, aria: ariaShortcut(label) };
}

/** The message from the worker to a tab's content script: check the focused draft (keyboard shortcut). @returns {{kind: "run-check"}} */
export const runCheck = () => ({ kind: KIND.RUN_CHECK });

/**
 * The first message to a panel frame (posted to its window, with the port
 * transferred): it carries the secret of the frame's URL fragment.
 * @param {string} secret
 */
export const panelConnect = (secret) => ({ postcheck: "connect", secret });

/**
 * True when `data` is the `connect` message for the frame whose secret is `secret`.
 * @param {unknown} data
 * @param {string} secret
 */
export function isPanelConnect(data, secret) {
  return typeof data === "object" && data !== null && /** @type {any} */ (data).postcheck === "connect" && /** @type {any} */ (data).secret === secret;
}

/**
 * @typedef {{type: "loading"} | {type: "result", result: any, notice: string | null}
 *   | {type: "error", error: {code: string, message: string}} | {type: "use-editor"}
 *   | {type: "copied", id: number, ok: boolean} | {type: "focus"} | {type: "current", index: number}
 *   | {type: "stale", indexes: number[]}
 *   | {type: "theme", theme: "light" | "dark"}
 *   | {type: "applied", id: number, ok: boolean, reason: string | null}} PanelState
 *   what the content script sends the panel frame over the port: a state to
 *   show (`use-editor`: the user clicked the button of a draft not used yet;
 *   nothing was checked), or the outcome of a copy, or `focus`: the user's
 *   shortcut moves the focus onto the first hint or control; or (`current`, not kept as the state
 *   shown) the hint whose passage the user put the caret in: its card is scrolled to and marked; or (`stale`, not kept either)
 *   the hints whose passage was edited since the check: their cards are marked until the re-check.
 *   `theme` (not kept either): the site's theme around the composer, for the panel's colours;
 *   `applied`: the outcome of an Apply (`reason`: why it was not made, one of NOT_APPLIED in
 *   content/apply-fix.js).
 *   A `result` may carry `checkedAt` (ms since the epoch): the panel says when it last checked.
 */

/** Constructors of what the content script sends the panel frame. */
export const panelState = /* @__PURE__ */ Object.freeze({
  /** @returns {PanelState} */
  loading: () => ({ type: "loading" }),
  /** @param {any} result @param {string | null} notice @param {number} [checkedAt] @returns {PanelState} */
  result: (result, notice, checkedAt) => (checkedAt === undefined ? { type: "result", result, notice } : { type: "result", result, notice, checkedAt }),
  /**
   * Why the draft was not checked (the code is one of ERROR; `other` when missing).
   * @param {{code?: string, message?: string} | undefined} error
   * @returns {PanelState}
   */
  error: (error) => ({ type: "error", error: { code: error?.code ?? ERROR.OTHER, message: String(error?.message ?? "") } }),
  /** @returns {PanelState} */
  useEditor: () => ({ type: "use-editor" }),
  /** @param {number} id @param {boolean} ok @returns {PanelState} */
  copied: (id, ok) => ({ type: "copied", id, ok }),
  /** @returns {PanelState} */
  focus: () => ({ type: "focus" }),
  /** @param {number} index the hint's index in the result shown @returns {PanelState} */
  current: (index) => ({ type: "current", index }),
  /** @param {number[]} indexes the hints whose passage the user has changed since the check @returns {PanelState} */
  stale: (indexes) => ({ type: "stale", indexes }),
  /**
   * The site's theme around the composer (content/theme.js), for the panel's
   * colours; anything but "dark" is "light". Sent apart from the state shown.
   * @param {string} theme
   * @returns {PanelState}
   */
  theme: (theme) => ({ type: "theme", theme: theme === "dark" ? "dark" : "light" }),
  /** @param {number} id @param {boolean} ok @param {string | null} reason @returns {PanelState} */
  applied: (id, ok, reason) => ({ type: "applied", id, ok, reason }),
});

/**
 * @typedef {{type: "size", height: number} | {type: "copy", id: number, text: string} | {type: "close"}
 *   | {type: "dismiss", index: number, scope: "here" | "again"} | {type: "hint-focus", index: number, how: "focus" | "hover" | "leave"}
 *   | {type: "apply", id: number, index: number}} FrameMessage
 *   what the panel frame sends back: its height, a suggestion to copy, that the user closed it,
 *   dismissed a hint (`here`: in this draft; `again`: this rule for this passage, from now on), or
 *   focused, pointed at or left a card (its passage is shown and emphasised), or clicked
 *   Apply on hint `index` of the shown result
 */

/** Constructors of what the panel frame sends the content script. */
export const frameMessage = /* @__PURE__ */ Object.freeze({
  /** @param {number} height @returns {FrameMessage} */
  size: (height) => ({ type: "size", height }),
  /** @param {number} id @param {string} text @returns {FrameMessage} */
  copy: (id, text) => ({ type: "copy", id, text }),
  /** @returns {FrameMessage} */
  close: () => ({ type: "close" }),
  /** @param {number} index @param {"here" | "again"} scope @returns {FrameMessage} */
  dismiss: (index, scope) => ({ type: "dismiss", index, scope }),
  /** @param {number} index @param {"focus" | "hover" | "leave"} how @returns {FrameMessage} */
  hintFocus: (index, how) => ({ type: "hint-focus", index, how }),
  /** @param {number} id @param {number} index @returns {FrameMessage} */
  apply: (id, index) => ({ type: "apply", id, index }),
});

/**
 * True when `data` (from the panel frame's port) is a well-formed `apply`:
 * only those keys, a whole-number id and a hint index within MAX_HINTS.
 * @param {unknown} data
 */
export function isFrameApply(data) {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return false;
  const msg = /** @type {any} */ (data);
  return (
    msg.type === "apply" &&
    Object.keys(msg).every((k) => k === "type" || k === "id" || k === "index") &&
    Number.isSafeInteger(msg.id) &&
    Number.isInteger(msg.index) &&
    msg.index >= 0 &&
    msg.index < MAX_HINTS
  );
}

// ---- Validation of the requests (the worker's) ----

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const isShortString = (v, max = 2048) => typeof v === "string" && v.length <= max;
const onlyKeys = (msg, allowed) => Object.keys(msg).every((k) => allowed.includes(k));

/**
 * True for an absolute https URL without credentials.
 * @param {string} value
 */
export function isHttpsUrl(value) {
  try {
    const u = new URL(value);
    return u.protocol === "https:" && u.username === "" && u.password === "";
  } catch {
    return false;
  }
}

/**
 * Each request kind: who may send it and what its fields must be. `check`
 * returns null when the message is well-formed, else `[message, code?]` (code
 * `bad-message` unless given).
 * @type {Readonly<Record<string, {pageOnly: boolean, check: (msg: any) => null | [string, string?]}>>}
 */
const REQUESTS = /* @__PURE__ */ Object.freeze({
  [KIND.CHECK]: {
    pageOnly: false,
    check(msg) {
      if (!onlyKeys(msg, ["kind", "text", "platform", "media"])) return ["check: unknown field"];
      if (typeof msg.text !== "string") return ["check: text must be a string"];
      if (msg.text.length > MAX_TEXT) return ["check: the draft is longer than 100,000 characters", ERROR.TOO_LONG];
      if (msg.platform !== undefined && msg.platform !== null && !PLATFORMS.includes(msg.platform)) return ["check: platform must be x or linkedin"];
      if (msg.media !== undefined && (!Array.isArray(msg.media) || msg.media.length > MAX_MEDIA || !msg.media.every((m) => MEDIA.includes(m)))) {
        return ["check: media must be a list of image, video, document"];
      }
      return null;
    },
  },
  [KIND.WARM]: { pageOnly: false, check: (msg) => noFields(msg) },
  [KIND.PANEL_REGISTER]: { pageOnly: false, check: (msg) => secretOnly(msg) },
  [KIND.PANEL_CLAIM]: { pageOnly: false, check: (msg) => secretOnly(msg) },
  [KIND.PACK_INFO]: { pageOnly: true, check: (msg) => noFields(msg) },
  [KIND.PACK_REVERT]: { pageOnly: true, check: (msg) => noFields(msg) },
  [KIND.COMPANION_SYNC]: { pageOnly: true, check: (msg) => noFields(msg) },
  [KIND.DISMISSALS]: { pageOnly: true, check: (msg) => noFields(msg) },
  [KIND.GUIDELINES]: {
    pageOnly: true,
    check(msg) {
      if (!onlyKeys(msg, ["kind", "locale", "languages"])) return ["guidelines: unknown field"];
      if (msg.locale !== undefined && !isLocale(msg.locale)) return ["guidelines: locale must be a language tag such as de-CH"];
      if (msg.languages !== undefined && !(Array.isArray(msg.languages) && msg.languages.length <= MAX_LANGUAGES && msg.languages.every(isLocale))) {
        return ["guidelines: languages must be a list of up to 16 language tags such as de-CH"];
      }
      return null;
    },
  },
  [KIND.DISMISSAL_UNDO]: {
    pageOnly: true,
    check(msg) {
      if (!onlyKeys(msg, ["kind", "id"]) || !(msg.id === null || (isShortString(msg.id, 64) && /^[0-9a-f]{1,64}$/.test(msg.id)))) {
        return ["dismissal-undo: id must be a dismissal's id, or null for all"];
      }
      return null;
    },
  },
  [KIND.DISMISS]: {
    pageOnly: false,
    check(msg) {
      if (!onlyKeys(msg, ["kind", "rule", "pack", "category", "excerpt"])) return ["dismiss: unknown field"];
      if (!isShortString(msg.rule, 200) || msg.rule === "") return ["dismiss: rule must be a rule id (1 to 200 characters)"];
      if (!isShortString(msg.pack, 200) || !isShortString(msg.category, 200)) return ["dismiss: pack and category must be strings up to 200 characters"];
      if (!isShortString(msg.excerpt, MAX_TEXT)) return ["dismiss: excerpt must be a string up to 100,000 characters"];
      return null;
    },
  },
  [KIND.PACK_REMOVE]: {
    pageOnly: true,
    check(msg) {
      if (!onlyKeys(msg, ["kind", "id"])) return ["pack-remove: unknown field"];
      if (!isShortString(msg.id, 200) || msg.id === "") return ["pack-remove: id must be a pack id (a string of 1 to 200 characters)"];
      return null;
    },
  },
  [KIND.PACK_IMPORT]: {
    pageOnly: true,
    check(msg) {
      if (!onlyKeys(msg, ["kind", "json", "source", "validators", "publicKey", "signature"])) return ["pack-import: unknown field"];
      if (typeof msg.json !== "string" || msg.json.length > MAX_PACK) return ["pack-import: json must be a string up to 16 MiB"];
      const s = msg.source;
      if (!isObject(s) || !onlyKeys(s, ["type", "url", "name"])) return ["pack-import: bad source"];
      if (s.type === "url") {
        if (!isShortString(s.url) || !isHttpsUrl(s.url)) return ["pack-import: the source URL must be https"];
      } else if (s.type === "file") {
        if (s.name !== undefined && !isShortString(s.name, 512)) return ["pack-import: bad file name"];
      } else {
        return ["pack-import: source type must be file or url"];
      }
      const v = msg.validators;
      if (v !== undefined) {
        const ok = isObject(v) && onlyKeys(v, ["etag", "lastModified"]) && (v.etag === undefined || isShortString(v.etag, 1024)) && (v.lastModified === undefined || isShortString(v.lastModified, 200));
        if (!ok || s.type !== "url") return ["pack-import: validators must be {etag?, lastModified?} strings, for a pack from a URL"];
      }
      if (msg.publicKey !== undefined && (!isShortString(msg.publicKey, MAX_PUBLIC_KEY) || msg.publicKey.trim() === "")) {
        return ["pack-import: publicKey must be a publisher key (1 to 4096 characters)"];
      }
      if (msg.signature !== undefined && (!isShortString(msg.signature, MAX_SIGNATURE) || msg.signature.trim() === "" || s.type !== "file")) {
        return ["pack-import: signature must be the text of a .minisig file (1 to 16,384 characters), for a pack from a file"];
      }
      return null;
    },
  },
});

/** True for a language tag such as `de`, `de-CH` or `zh_Hant_TW` (at most 35 characters). */
function isLocale(v) {
  return isShortString(v, 35) && /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/.test(v);
}

/** A request without fields: `{kind}` only. */
function noFields(msg) {
  return onlyKeys(msg, ["kind"]) ? null : [`${msg.kind}: unknown field`];
}

/** A request with a panel secret only. */
function secretOnly(msg) {
  if (onlyKeys(msg, ["kind", "secret"]) && typeof msg.secret === "string" && SECRET_PATTERN.test(msg.secret)) return null;
  return [`${msg.kind}: secret must be 32 hex digits`];
}

/** The request kinds the worker accepts. */
export const REQUEST_KINDS = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(REQUESTS));

/**
 * Validates an incoming request: a plain object of a known kind, from a
 * sender allowed to send it, with only its fields, each of the right type and
 * size. Anything else is refused before it reaches the engine.
 * @param {unknown} msg the message
 * @param {{fromExtensionPage: boolean}} sender who sent it
 * @returns {{ok: true, message: Request} | Failure}
 */
export function validateMessage(msg, sender) {
  if (!isObject(msg) || typeof (/** @type {any} */ (msg).kind) !== "string") return answer.failure(ERROR.BAD_MESSAGE, "a message must be an object with a kind");
  const kind = /** @type {any} */ (msg).kind;
  if (!Object.hasOwn(REQUESTS, kind)) return answer.failure(ERROR.BAD_MESSAGE, `unknown kind ${JSON.stringify(kind.slice(0, 40))}`);
  const spec = REQUESTS[kind];
  if (spec.pageOnly && !sender.fromExtensionPage) return answer.failure(ERROR.BAD_MESSAGE, `${kind} is only for extension pages`);
  const refused = spec.check(msg);
  if (refused) return answer.failure(refused[1] ?? ERROR.BAD_MESSAGE, refused[0]);
  return { ok: true, message: /** @type {Request} */ (msg) };
}
