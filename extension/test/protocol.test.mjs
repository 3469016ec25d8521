// Unit tests of the message protocol (src/shared/protocol.js): the worker's
// validation refuses every malformed request with its code and message, and
// the constructors make exactly the shapes the validation accepts.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  answer,
  ERROR,
  frameMessage,
  isFrameApply,
  isHttpsUrl,
  isPanelConnect,
  KIND,
  MAX_SIGNATURE,
  MAX_PACK,
  MAX_TEXT,
  panelConnect,
  panelState,
  problem,
  REQUEST_KINDS,
  request,
  runCheck,
  shortcutOf,
  validateMessage,
} from "../src/shared/protocol.js";

const page = { fromExtensionPage: true };
const content = { fromExtensionPage: false };
const SECRET = "ab12".repeat(8);

test("accepts well-formed checks", () => {
  assert.ok(validateMessage({ kind: "check", text: "hi", platform: "x" }, content).ok);
  assert.ok(validateMessage({ kind: "check", text: "", platform: "linkedin", media: ["image"] }, content).ok);
  assert.ok(validateMessage({ kind: "check", text: "no platform" }, page).ok);
  assert.ok(validateMessage({ kind: "check", text: "null platform", platform: null }, page).ok);
});

test("accepts a warm-up, from content scripts too, with no field", () => {
  assert.ok(validateMessage({ kind: "warm" }, content).ok);
  assert.equal(validateMessage({ kind: "warm", text: "a draft" }, content).ok, false);
});

const SIGNATURE_WORDS = "pack-import: signature must be the text of a .minisig file (1 to 16,384 characters), for a pack from a file";

test("refuses malformed messages as bad-message, each with its own words", () => {
  for (const [bad, message] of [
    [null, "a message must be an object with a kind"],
    ["check", "a message must be an object with a kind"],
    [[], "a message must be an object with a kind"],
    [{}, "a message must be an object with a kind"],
    [{ kind: 3 }, "a message must be an object with a kind"],
    [{ kind: "nope" }, 'unknown kind "nope"'],
    [{ kind: "x".repeat(100) }, `unknown kind "${"x".repeat(40)}"`],
    [{ kind: "__proto__" }, 'unknown kind "__proto__"'],
    [{ kind: "toString" }, 'unknown kind "toString"'],
    [{ kind: "check" }, "check: text must be a string"],
    [{ kind: "check", text: 5 }, "check: text must be a string"],
    [{ kind: "check", text: "x", platform: "myspace" }, "check: platform must be x or linkedin"],
    [{ kind: "check", text: "x", media: "image" }, "check: media must be a list of image, video, document"],
    [{ kind: "check", text: "x", media: ["hologram"] }, "check: media must be a list of image, video, document"],
    [{ kind: "check", text: "x", media: Array(17).fill("image") }, "check: media must be a list of image, video, document"],
    [{ kind: "check", text: "x", extra: true }, "check: unknown field"],
    [{ kind: "warm", text: "x" }, "warm: unknown field"],
    [{ kind: "pack-info", x: 1 }, "pack-info: unknown field"],
    [{ kind: "pack-revert", x: 1 }, "pack-revert: unknown field"],
    [{ kind: "companion-sync", text: "a draft" }, "companion-sync: unknown field"],
    [{ kind: "pack-remove" }, "pack-remove: id must be a pack id (a string of 1 to 200 characters)"],
    [{ kind: "pack-remove", id: "" }, "pack-remove: id must be a pack id (a string of 1 to 200 characters)"],
    [{ kind: "pack-remove", id: 7 }, "pack-remove: id must be a pack id (a string of 1 to 200 characters)"],
    [{ kind: "pack-remove", id: "a".repeat(201) }, "pack-remove: id must be a pack id (a string of 1 to 200 characters)"],
    [{ kind: "pack-remove", id: "acme", all: true }, "pack-remove: unknown field"],
    [{ kind: "pack-import", json: "{}", source: { type: "policy", url: "https://a.example/p.json" } }, "pack-import: source type must be file or url"],
    [{ kind: "pack-import", json: "{}", source: { type: "file" }, validators: { etag: '"a"' } }, "pack-import: validators must be {etag?, lastModified?} strings, for a pack from a URL"],
    [{ kind: "pack-import", json: "{}", source: { type: "url", url: "https://a.example/p.json" }, validators: { etag: 5 } }, "pack-import: validators must be {etag?, lastModified?} strings, for a pack from a URL"],
    [{ kind: "pack-import", json: "{}", source: { type: "url", url: "https://a.example/p.json" }, validators: { etag: "x".repeat(1025) } }, "pack-import: validators must be {etag?, lastModified?} strings, for a pack from a URL"],
    [{ kind: "pack-import", json: "{}", source: { type: "url", url: "https://a.example/p.json" }, validators: { cookie: "x" } }, "pack-import: validators must be {etag?, lastModified?} strings, for a pack from a URL"],
    [{ kind: "panel-claim", secret: "nope" }, "panel-claim: secret must be 32 hex digits"],
    [{ kind: "panel-register" }, "panel-register: secret must be 32 hex digits"],
    [{ kind: "pack-import", json: "{}", source: { type: "file" }, x: 1 }, "pack-import: unknown field"],
    [{ kind: "pack-import", json: "{}", source: { type: "file" }, publicKey: 5 }, "pack-import: publicKey must be a publisher key (1 to 4096 characters)"],
    [{ kind: "pack-import", json: "{}", source: { type: "file" }, signature: 5 }, SIGNATURE_WORDS],
    [{ kind: "pack-import", json: "{}", source: { type: "file" }, signature: " \n" }, SIGNATURE_WORDS],
    [{ kind: "pack-import", json: "{}", source: { type: "file" }, signature: "s".repeat(MAX_SIGNATURE + 1) }, SIGNATURE_WORDS],
    [{ kind: "pack-import", json: "{}", source: { type: "url", url: "https://a.example/p.json" }, signature: "untrusted comment: x" }, SIGNATURE_WORDS],
    [{ kind: "pack-import", json: "{}", source: { type: "url", url: "https://a.example/p.json" }, publicKey: 5 }, "pack-import: publicKey must be a publisher key (1 to 4096 characters)"],
    [{ kind: "pack-import", json: "{}", source: { type: "url", url: "https://a.example/p.json" }, publicKey: " " }, "pack-import: publicKey must be a publisher key (1 to 4096 characters)"],
    [{ kind: "pack-import", json: "{}", source: { type: "url", url: "https://a.example/p.json" }, publicKey: "R".repeat(4097) }, "pack-import: publicKey must be a publisher key (1 to 4096 characters)"],
    [{ kind: "pack-import", json: 5, source: { type: "file" } }, "pack-import: json must be a string up to 16 MiB"],
    [{ kind: "pack-import", json: "x".repeat(MAX_PACK + 1), source: { type: "file" } }, "pack-import: json must be a string up to 16 MiB"],
    [{ kind: "pack-import", json: "{}", source: null }, "pack-import: bad source"],
    [{ kind: "pack-import", json: "{}", source: { type: "file", size: 3 } }, "pack-import: bad source"],
    [{ kind: "pack-import", json: "{}", source: { type: "url", url: "http://a.example/p.json" } }, "pack-import: the source URL must be https"],
    [{ kind: "pack-import", json: "{}", source: { type: "url", url: `https://a.example/${"p".repeat(2048)}` } }, "pack-import: the source URL must be https"],
    [{ kind: "pack-import", json: "{}", source: { type: "file", name: "n".repeat(513) } }, "pack-import: bad file name"],
    [{ kind: "pack-import", json: "{}", source: { type: "ftp" } }, "pack-import: source type must be file or url"],
  ]) {
    assert.deepEqual(validateMessage(bad, page), { ok: false, error: { code: "bad-message", message } }, JSON.stringify(bad)?.slice(0, 80));
  }
});

test("a draft over the limit is refused as too long (the panel says so in plain words)", () => {
  const r = validateMessage({ kind: "check", text: "x".repeat(MAX_TEXT + 1) }, page);
  assert.deepEqual(r, { ok: false, error: { code: "too-long", message: "check: the draft is longer than 100,000 characters" } });
  assert.ok(validateMessage({ kind: "check", text: "x".repeat(MAX_TEXT) }, page).ok, "exactly the limit is fine");
  assert.equal(MAX_TEXT, 100_000, "far longer than any LinkedIn or X post");
});

test("pack management is for extension pages only", () => {
  for (const msg of [{ kind: "pack-info" }, { kind: "pack-revert" }, { kind: "companion-sync" }, { kind: "pack-remove", id: "acme" }, { kind: "pack-import", json: "{}", source: { type: "file" } }]) {
    assert.deepEqual(validateMessage(msg, content), { ok: false, error: { code: "bad-message", message: `${msg.kind} is only for extension pages` } });
  }
  assert.ok(validateMessage({ kind: "pack-info" }, page).ok);
  assert.ok(validateMessage({ kind: "pack-import", json: "{}", source: { type: "file", name: "a.json" } }, page).ok);
  assert.ok(validateMessage({ kind: "pack-import", json: "{}", source: { type: "url", url: "https://a.example/p.json" } }, page).ok);
  assert.ok(validateMessage({ kind: "pack-import", json: "{}", source: { type: "url", url: "https://a.example/p.json" }, publicKey: "RWQpkxv0FKrdhZwojgjpWwOMXCazZv9JStmwESNwrkeiikF+7nGcMSbp" }, page).ok);
  // A pack from a file with the publisher key and its signature (the .minisig chosen with it), up to 16 KiB.
  const signed = request.packImport("{}", { type: "file", name: "acme.json" }, undefined, "RWQpkxv0FKrdhZwojgjpWwOMXCazZv9JStmwESNwrkeiikF+7nGcMSbp", "s".repeat(MAX_SIGNATURE));
  assert.deepEqual(Object.keys(signed), ["kind", "json", "source", "publicKey", "signature"]);
  assert.ok(validateMessage(signed, page).ok);
  assert.ok(validateMessage(request.packImport("{}", { type: "file" }, undefined, undefined, "untrusted comment: x"), page).ok);
  assert.equal(MAX_SIGNATURE, 16 * 1024);
});

test("pack URLs must be https without credentials", () => {
  assert.equal(validateMessage({ kind: "pack-import", json: "{}", source: { type: "url", url: "http://a.example/p.json" } }, page).ok, false);
  assert.equal(isHttpsUrl("https://user:pw@a.example/"), false);
  assert.equal(isHttpsUrl("https://a.example/p.json"), true);
  assert.equal(isHttpsUrl("not a url"), false);
});

test("every request the constructors make is accepted, as the message itself", () => {
  const made = [
    [request.check("a draft", "x", ["image", "video"]), content],
    [request.check("a draft", "linkedin"), content],
    [request.check("pasted in the popup"), page],
    [request.warm(), content],
    [request.panelRegister(SECRET), content],
    [request.panelClaim(SECRET), content],
    [request.packInfo(), page],
    [request.packImport("{}", { type: "file", name: "a.json" }), page],
    [request.packImport("{}", { type: "url", url: "https://a.example/p.json" }), page],
    [request.packImport("{}", { type: "url", url: "https://a.example/p.json" }, { etag: '"v1"', lastModified: "Tue, 01 Dec 2026 08:00:00 GMT" }), page],
    [request.packImport("{}", { type: "url", url: "https://a.example/p.json" }, undefined, "RWQpkxv0FKrdhZwojgjpWwOMXCazZv9JStmwESNwrkeiikF+7nGcMSbp"), page],
    [request.packRevert(), page],
    [request.packRemove("acme-group"), page],
    [request.companionSync(), page],
    [request.dismiss({ rule: "codenames", pack: "acme", category: "confidential", excerpt: "orion" }), content],
    [request.dismiss({ rule: "iban", category: "personal-data" }), content],
    [request.dismissals(), page],
    [request.dismissalUndo("0123abcd"), page],
    [request.dismissalUndo(null), page],
    [request.guidelines(), page],
    [request.guidelines("de-CH", ["de", "fr-CH", "en"]), page],
  ];
  for (const [msg, sender] of made) assert.deepEqual(validateMessage(msg, sender), { ok: true, message: msg }, msg.kind);
  assert.deepEqual([...new Set(made.map(([m]) => m.kind))].sort(), [...REQUEST_KINDS].sort(), "a constructor for every kind the worker accepts");
  assert.deepEqual([...REQUEST_KINDS, runCheck().kind].sort(), Object.values(KIND).sort(), "KIND lists the requests and run-check");
  assert.deepEqual(request.check("hi", "x", []), { kind: "check", text: "hi", platform: "x", media: [] });
  assert.deepEqual(request.check("hi"), { kind: "check", text: "hi" }, "no platform or media key when none is given");
});

test("a check's text is made well-formed, unit for unit", () => {
  const raw = "a\uD800b 😀 \uDC00";
  const msg = request.check(raw, "x", []);
  assert.equal(msg.text, "a\uFFFDb 😀 \uFFFD");
  assert.equal(msg.text.length, raw.length, "one U+FFFD for each lone surrogate: spans index the editor's text");
  assert.ok(msg.text.isWellFormed());
});

test("answers and the problem shape", () => {
  assert.deepEqual(answer.failure(ERROR.BUSY, "slow down"), { ok: false, error: { code: "busy", message: "slow down" } });
  const problems = [problem({ message: "bad" })];
  assert.deepEqual(answer.failure(ERROR.REFUSED, "pack refused", problems), { ok: false, error: { code: "refused", message: "pack refused", problems } });
  assert.deepEqual(problem({ message: "m" }), { severity: "error", path: "$", line: null, rule: null, message: "m", fix: null });
  assert.deepEqual(problem({ message: "m", fix: "f", path: "$.rules[0]", line: 3, rule: "r", severity: "warning" }), {
    severity: "warning",
    path: "$.rules[0]",
    line: 3,
    rule: "r",
    message: "m",
    fix: "f",
  });
  assert.deepEqual(answer.checked({ hints: [] }, null), { ok: true, result: { hints: [] }, notice: null });
  assert.deepEqual(answer.done(), { ok: true });
  assert.deepEqual(answer.denied(), { ok: false });
  const stack = [{ type: "baseline", id: "postcheck-starter", name: "starter", version: "1", publisher: "postcheck", removable: false, checks: true }];
  const policy = { allowUserPacks: true, managed: false, updateIntervalHours: 24 };
  const pack = { info: { name: "p" }, warnings: [], source: { type: "starter" }, importedAt: null, storedRefused: null, stack, policy };
  assert.deepEqual(answer.pack({ ...pack, extra: 1 }), { ok: true, ...pack });
  assert.deepEqual(answer.pack({ ...pack, companion: { state: "off" } }), { ok: true, ...pack, companion: { state: "off" } });
});

test("the error codes: one frozen list, each a distinct string", () => {
  assert.ok(Object.isFrozen(ERROR));
  assert.deepEqual(Object.values(ERROR).sort(), ["bad-message", "busy", "engine", "engine-stopped", "no-answer", "not-allowed", "other", "refused", "signature", "too-long", "unreachable"]);
});

test("the content script's messages to the panel frame, and back", () => {
  assert.deepEqual(runCheck(), { kind: "run-check" });
  assert.deepEqual(panelState.loading(), { type: "loading" });
  assert.deepEqual(panelState.result({ hints: [] }, "stored-pack-refused"), { type: "result", result: { hints: [] }, notice: "stored-pack-refused" });
  assert.deepEqual(panelState.error({ code: "busy", message: "m" }), { type: "error", error: { code: "busy", message: "m" } });
  assert.deepEqual(panelState.error(undefined), { type: "error", error: { code: "other", message: "" } });
  assert.deepEqual(panelState.useEditor(), { type: "use-editor" });
  assert.deepEqual(panelState.copied(3, true), { type: "copied", id: 3, ok: true });
  assert.deepEqual(panelState.theme("dark"), { type: "theme", theme: "dark" });
  for (const odd of ["light", "DARK", "", undefined, { toString: () => "dark" }]) assert.deepEqual(panelState.theme(odd), { type: "theme", theme: "light" }, `theme ${String(odd)}`);
  assert.deepEqual(frameMessage.size(120), { type: "size", height: 120 });
  assert.deepEqual(frameMessage.copy(4, "text"), { type: "copy", id: 4, text: "text" });
  assert.deepEqual(frameMessage.apply(5, 2), { type: "apply", id: 5, index: 2 });
  assert.deepEqual(panelState.applied(5, false, "gone"), { type: "applied", id: 5, ok: false, reason: "gone" });
  assert.deepEqual(frameMessage.close(), { type: "close" });
  assert.ok(isPanelConnect(panelConnect(SECRET), SECRET));
  for (const other of [null, "connect", { postcheck: "connect" }, panelConnect("0".repeat(32)), { ...panelConnect(SECRET), postcheck: "other" }]) {
    assert.equal(isPanelConnect(other, SECRET), false, JSON.stringify(other));
  }
});

test("a warm answer names the check-draft shortcut; the content script takes only a shortcut from it", () => {
  assert.deepEqual(answer.warmed("Alt+Shift+K"), { ok: true, shortcut: "Alt+Shift+K" });
  assert.deepEqual(shortcutOf(answer.warmed("Alt+Shift+K")), { label: "Alt+Shift+K", aria: "Alt+Shift+K" });
  assert.deepEqual(shortcutOf(answer.warmed("Ctrl+Shift+Comma")), { label: "Ctrl+Shift+Comma", aria: "Control+Shift+," });
  assert.deepEqual(shortcutOf(answer.warmed("MacCtrl+Up")), { label: "MacCtrl+Up", aria: "Control+ArrowUp" });
  assert.deepEqual(shortcutOf(answer.warmed("⇧⌘K")), { label: "⇧⌘K", aria: "Shift+Meta+K" });
  assert.deepEqual(shortcutOf(answer.warmed("Alt+F7")), { label: "Alt+F7", aria: "Alt+F7" });
  // A key name in the browser's language: shown, but not told to assistive technology.
  assert.deepEqual(shortcutOf(answer.warmed("Strg+Umschalt+K")), { label: "Strg+Umschalt+K", aria: null });
  assert.deepEqual(shortcutOf(answer.warmed("K")), { label: "K", aria: null });
  // No shortcut set, or no shortcut at all: nothing is shown.
  for (const reply of [
    answer.warmed(""),
    answer.warmed("   "),
    answer.done(),
    { ok: true, shortcut: 5 },
    { ok: true, shortcut: ["Alt+K"] },
    { ok: false, shortcut: "Alt+K" },
    answer.failure(ERROR.UNREACHABLE, "gone"),
    { ok: true, shortcut: "Alt+" + "K".repeat(60) },
    { ok: true, shortcut: 'Alt+K" onmouseover="x' },
    { ok: true, shortcut: "<b>Alt+K</b>" },
    { ok: true, shortcut: "Alt+K\n" },
    null,
    undefined,
    "Alt+K",
  ]) {
    assert.equal(shortcutOf(reply), null, JSON.stringify(reply));
  }
});

test("dismissals: malformed requests refused, the list and undo for extension pages only", () => {
  const bad = [
    [{ kind: "dismiss", rule: "", pack: "", category: "c", excerpt: "x" }, content, "dismiss: rule must be a rule id (1 to 200 characters)"],
    [{ kind: "dismiss", rule: "r".repeat(201), pack: "", category: "c", excerpt: "x" }, content, "dismiss: rule must be a rule id (1 to 200 characters)"],
    [{ kind: "dismiss", rule: "r", pack: 5, category: "c", excerpt: "x" }, content, "dismiss: pack and category must be strings up to 200 characters"],
    [{ kind: "dismiss", rule: "r", pack: "", category: "c", excerpt: "x".repeat(MAX_TEXT + 1) }, content, "dismiss: excerpt must be a string up to 100,000 characters"],
    [{ kind: "dismiss", rule: "r", pack: "", category: "c", excerpt: "x", text: "the whole draft" }, content, "dismiss: unknown field"],
    [{ kind: "dismissal-undo", id: "../x" }, page, "dismissal-undo: id must be a dismissal's id, or null for all"],
    [{ kind: "dismissal-undo" }, page, "dismissal-undo: id must be a dismissal's id, or null for all"],
    [{ kind: "dismissals", all: true }, page, "dismissals: unknown field"],
    [{ kind: "dismissals" }, content, "dismissals is only for extension pages"],
    [{ kind: "dismissal-undo", id: null }, content, "dismissal-undo is only for extension pages"],
  ];
  for (const [msg, sender, message] of bad) assert.deepEqual(validateMessage(msg, sender), { ok: false, error: { code: "bad-message", message } }, JSON.stringify(msg).slice(0, 80));
  assert.deepEqual(answer.dismissals([{ id: "1", rule: "r", pack: "p", category: "c", hash: "ab", at: "2026-12-07T00:00:00Z" }]), {
    ok: true,
    dismissals: [{ id: "1", rule: "r", pack: "p", category: "c", at: "2026-12-07T00:00:00Z" }],
  }, "the hashes stay in the worker");
});

test("an apply from the panel frame is well-formed or ignored", () => {
  assert.equal(isFrameApply(frameMessage.apply(1, 0)), true);
  assert.equal(isFrameApply(frameMessage.apply(1, 199)), true);
  for (const bad of [null, [], "apply", { type: "apply" }, { type: "apply", id: 1 }, { type: "apply", id: 1, index: -1 }, { type: "apply", id: 1, index: 200 },
    { type: "apply", id: 1, index: 0.5 }, { type: "apply", id: "1", index: 0 }, { type: "apply", id: 1, index: 0, text: "x" }, { type: "copy", id: 1, index: 0 }]) {
    assert.equal(isFrameApply(bad), false, JSON.stringify(bad));
  }
});

test("guidelines: for extension pages only, without fields", () => {
  assert.deepEqual(request.guidelines(), { kind: "guidelines" });
  assert.deepEqual(request.guidelines("de", Array(20).fill("fr")).languages.length, 16, "at most 16 languages asked for");
  assert.ok(validateMessage(request.guidelines(), page).ok);
  for (const [msg, sender, message] of [
    [{ kind: "guidelines" }, content, "guidelines is only for extension pages"],
    [{ kind: "guidelines", pack: "acme" }, page, "guidelines: unknown field"],
    [{ kind: "guidelines", lang: "de" }, page, "guidelines: unknown field"],
    [{ kind: "guidelines", locale: "" }, page, "guidelines: locale must be a language tag such as de-CH"],
    [{ kind: "guidelines", locale: "de;DROP" }, page, "guidelines: locale must be a language tag such as de-CH"],
    [{ kind: "guidelines", locale: "x".repeat(36) }, page, "guidelines: locale must be a language tag such as de-CH"],
    [{ kind: "guidelines", locale: ["de"] }, page, "guidelines: locale must be a language tag such as de-CH"],
    [{ kind: "guidelines", languages: "de" }, page, "guidelines: languages must be a list of up to 16 language tags such as de-CH"],
    [{ kind: "guidelines", languages: ["de", 5] }, page, "guidelines: languages must be a list of up to 16 language tags such as de-CH"],
    [{ kind: "guidelines", languages: Array(17).fill("de") }, page, "guidelines: languages must be a list of up to 16 language tags such as de-CH"],
    [{ kind: "guidelines", locale: "de" }, content, "guidelines is only for extension pages"],
  ]) {
    assert.deepEqual(validateMessage(msg, sender), { ok: false, error: { code: "bad-message", message } }, JSON.stringify(msg));
  }
  assert.deepEqual(answer.guidelines({ layers: [{ pack: "a" }] }), { ok: true, layers: [{ pack: "a" }] });
  assert.deepEqual(answer.guidelines(undefined), { ok: true, layers: [] }, "an engine without pages: none");
});
