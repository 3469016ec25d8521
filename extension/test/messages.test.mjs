// Unit tests of the background worker's message validation.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_TEXT, isHttpsUrl, validateMessage } from "../src/background/messages.js";

const page = { fromExtensionPage: true };
const content = { fromExtensionPage: false };

test("accepts well-formed checks", () => {
  assert.ok(validateMessage({ kind: "check", text: "hi", platform: "x" }, content).ok);
  assert.ok(validateMessage({ kind: "check", text: "", platform: "linkedin", media: ["image"] }, content).ok);
  assert.ok(validateMessage({ kind: "check", text: "no platform" }, page).ok);
});

test("accepts a warm-up, from content scripts too, with no field", () => {
  assert.ok(validateMessage({ kind: "warm" }, content).ok);
  assert.equal(validateMessage({ kind: "warm", text: "a draft" }, content).ok, false);
});

test("refuses malformed messages", () => {
  for (const bad of [
    null,
    "check",
    [],
    {},
    { kind: 3 },
    { kind: "nope" },
    { kind: "check" },
    { kind: "check", text: 5 },
    { kind: "check", text: "x", platform: "myspace" },
    { kind: "check", text: "x", media: "image" },
    { kind: "check", text: "x", media: ["hologram"] },
    { kind: "check", text: "x", extra: true },
  ]) {
    const r = validateMessage(bad, page);
    assert.equal(r.ok, false, JSON.stringify(bad)?.slice(0, 80));
    assert.equal(r.error.code, "bad-message");
  }
});

test("a draft over the limit is refused as too long (the panel says so in plain words)", () => {
  const r = validateMessage({ kind: "check", text: "x".repeat(MAX_TEXT + 1) }, page);
  assert.deepEqual(r, { ok: false, error: { code: "too-long", message: "check: the draft is longer than 100,000 characters" } });
  assert.ok(validateMessage({ kind: "check", text: "x".repeat(MAX_TEXT) }, page).ok, "exactly the limit is fine");
  assert.equal(MAX_TEXT, 100_000, "far longer than any LinkedIn or X post");
});

test("pack management is for extension pages only", () => {
  assert.equal(validateMessage({ kind: "pack-info" }, content).ok, false);
  assert.equal(validateMessage({ kind: "pack-revert" }, content).ok, false);
  assert.equal(validateMessage({ kind: "pack-import", json: "{}", source: { type: "file" } }, content).ok, false);
  assert.ok(validateMessage({ kind: "pack-info" }, page).ok);
  assert.ok(validateMessage({ kind: "pack-import", json: "{}", source: { type: "file", name: "a.json" } }, page).ok);
  assert.ok(validateMessage({ kind: "pack-import", json: "{}", source: { type: "url", url: "https://a.example/p.json" } }, page).ok);
});

test("pack URLs must be https without credentials", () => {
  assert.equal(validateMessage({ kind: "pack-import", json: "{}", source: { type: "url", url: "http://a.example/p.json" } }, page).ok, false);
  assert.equal(isHttpsUrl("https://user:pw@a.example/"), false);
  assert.equal(isHttpsUrl("https://a.example/p.json"), true);
  assert.equal(isHttpsUrl("not a url"), false);
});
