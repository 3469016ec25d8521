// Downloading a pack from an untrusted server: a byte cap while streaming, a
// time limit, cancel, no redirect followed, JSON-ish content types.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fetchPack, isPackContentType, PackDownloadError, sameHttpsOrigin } from "../src/shared/fetch-pack.js";

const URL_ = "https://comms.acme.example/postcheck/acme.json";
const PACK = '{"schema":"postcheck/pack/v1","id":"a"}';

/**
 * A fake fetch answering `respond(url, init)`: a Response whose body is the
 * given stream, with the final address `url`. Records what was asked and how
 * much of the body was pulled.
 */
function server({ status = 200, headers = { "content-type": "application/json" }, body, finalUrl = URL_ } = {}) {
  const seen = { requests: [], pulled: 0, cancelled: false };
  const fetchImpl = async (url, init) => {
    seen.requests.push({ url, init });
    if (init.signal.aborted) throw new DOMException("aborted", "AbortError");
    const stream = typeof body === "function" ? body(seen, init.signal) : body === null ? null : new Response(body ?? PACK).body;
    const response = new Response(stream, { status, headers });
    Object.defineProperty(response, "url", { value: finalUrl });
    return response;
  };
  return { fetchImpl, seen };
}

/** A body of `chunks` chunks of `size` bytes, made as they are pulled. */
const chunked = (chunks, size) => (seen) =>
  new ReadableStream({
    pull(controller) {
      if (seen.pulled >= chunks) return controller.close();
      seen.pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
    cancel() {
      seen.cancelled = true;
    },
  });

const rejectsWith = (promise, code, values) =>
  assert.rejects(promise, (e) => {
    assert.ok(e instanceof PackDownloadError, String(e));
    assert.equal(e.code, code);
    if (values) assert.deepEqual(e.values, values);
    return true;
  });

test("a pack is downloaded without cookies and without the cache", async () => {
  const { fetchImpl, seen } = server();
  assert.deepEqual(await fetchPack(URL_, { fetchImpl }), { text: PACK, url: URL_, etag: null, lastModified: null });
  assert.equal(seen.requests.length, 1);
  assert.equal(seen.requests[0].init.credentials, "omit");
  assert.equal(seen.requests[0].init.cache, "no-store");
  assert.equal(seen.requests[0].init.redirect, "manual", "a redirect is not followed: no request goes elsewhere");
  assert.equal(seen.requests[0].init.headers, undefined, "no validators: an unconditional request");
});

test("an update sends the validators it holds; a 304 is not modified; a 200 gives the new validators", async () => {
  const validators = { etag: '"v1"', lastModified: "Tue, 01 Dec 2026 08:00:00 GMT" };
  const same = server({ status: 304, body: null });
  assert.deepEqual(await fetchPack(URL_, { fetchImpl: same.fetchImpl, ...validators }), { notModified: true, url: URL_ });
  assert.deepEqual(same.seen.requests[0].init.headers, { "if-none-match": '"v1"', "if-modified-since": "Tue, 01 Dec 2026 08:00:00 GMT" });
  const changed = server({ headers: { "content-type": "application/json", etag: '"v2"', "last-modified": "Wed, 02 Dec 2026 08:00:00 GMT" } });
  assert.deepEqual(await fetchPack(URL_, { fetchImpl: changed.fetchImpl, etag: '"v1"' }), {
    text: PACK,
    url: URL_,
    etag: '"v2"',
    lastModified: "Wed, 02 Dec 2026 08:00:00 GMT",
  });
  // A 304 to a request without validators is an error (the server answered something not asked).
  await rejectsWith(fetchPack(URL_, server({ status: 304, body: null })), "http", ["304"]);
});

test("a body past the cap is given up at the first chunk past it, not read to the end", async () => {
  const { fetchImpl, seen } = server({ body: chunked(10_000, 64 * 1024) }); // 640 MB offered
  await rejectsWith(fetchPack(URL_, { fetchImpl, maxBytes: 16 * 1024 * 1024 }), "too-large");
  // 256 chunks are 16 MiB: the 257th is past the cap (the stream may have made one more ahead).
  assert.ok(seen.pulled >= 257 && seen.pulled <= 258, `chunks made: ${seen.pulled} of 10,000`);
  assert.equal(seen.cancelled, true, "the download was cancelled");
});

test("a Content-Length over the cap is refused before the body is read", async () => {
  const { fetchImpl, seen } = server({ headers: { "content-type": "application/json", "content-length": String(17 * 1024 * 1024) }, body: chunked(1_000, 1024) });
  await rejectsWith(fetchPack(URL_, { fetchImpl }), "too-large");
  assert.equal(seen.pulled <= 1, true, `pulled ${seen.pulled}`);
});

test("exactly the cap is accepted", async () => {
  const { fetchImpl } = server({ body: chunked(4, 1024) });
  const { text } = await fetchPack(URL_, { fetchImpl, maxBytes: 4096 });
  assert.equal(text.length, 4096);
});

test("a body that never ends is given up after the time limit", async () => {
  const { fetchImpl, seen } = server({
    body: (s, signal) =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"schema":'));
          signal.addEventListener("abort", () => controller.error(new DOMException("aborted", "AbortError")));
        },
        cancel() {
          s.cancelled = true;
        },
      }),
  });
  await rejectsWith(fetchPack(URL_, { fetchImpl, timeoutMs: 50 }), "timeout");
  assert.equal(seen.requests[0].init.signal.aborted, true, "the request was aborted");
});

test("headers that never come are given up after the time limit too", async () => {
  const fetchImpl = (url, init) => new Promise((resolve, reject) => init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
  await rejectsWith(fetchPack(URL_, { fetchImpl, timeoutMs: 50 }), "timeout");
});

test("Cancel stops the download", async () => {
  const cancel = new AbortController();
  const { fetchImpl } = server({
    body: (s, signal) =>
      new ReadableStream({
        start(controller) {
          signal.addEventListener("abort", () => controller.error(new DOMException("aborted", "AbortError")));
          setTimeout(() => cancel.abort(), 10);
        },
      }),
  });
  await rejectsWith(fetchPack(URL_, { fetchImpl, signal: cancel.signal, timeoutMs: 60_000 }), "cancelled");
});

test("a redirect is refused without following it, to any address, even on the same origin", async () => {
  // What a browser gives for `redirect: "manual"`: an opaque redirect, status 0.
  const opaque = async () => Object.defineProperties(new Response(null, { status: 200 }), { type: { value: "opaqueredirect" }, status: { value: 0 } });
  await rejectsWith(fetchPack(URL_, { fetchImpl: opaque }), "redirected", [URL_]);
  // A 3xx answer from any other fetch.
  for (const status of [301, 302, 303, 307, 308]) {
    const { fetchImpl, seen } = server({ status, headers: { location: "https://comms.acme.example/postcheck/v2/acme.json" }, body: null });
    await rejectsWith(fetchPack(URL_, { fetchImpl }), "redirected", [URL_]);
    assert.equal(seen.requests.length, 1, "one request, to the address given");
  }
});

test("a response from another origin (or http) is refused, naming both addresses; the same origin is kept", async () => {
  // Defence in depth: a fetch that followed a redirect anyway.
  for (const final of ["https://evil.example/acme.json", "http://comms.acme.example/postcheck/acme.json", "https://comms.acme.example:8443/acme.json"]) {
    const { fetchImpl } = server({ finalUrl: final });
    await rejectsWith(fetchPack(URL_, { fetchImpl }), "redirected", [URL_, final]);
  }
  const { fetchImpl } = server({ finalUrl: "https://comms.acme.example/postcheck/v2/acme.json" });
  assert.equal((await fetchPack(URL_, { fetchImpl })).url, "https://comms.acme.example/postcheck/v2/acme.json", "same origin: kept");
});

test("a web page is refused; JSON, plain text, a plain file or no type are accepted", async () => {
  for (const type of ["text/html; charset=utf-8", "TEXT/HTML", "application/xhtml+xml", "image/png", "application/javascript"]) {
    const { fetchImpl } = server({ headers: { "content-type": type } });
    await rejectsWith(fetchPack(URL_, { fetchImpl }), "content-type", [type]);
  }
  for (const type of ["application/json", "application/json; charset=utf-8", "text/plain", "application/octet-stream", "application/vnd.acme+json", "text/json", null, ""]) {
    assert.equal(isPackContentType(type), true, String(type));
  }
});

test("an error status and a body that is not UTF-8 are refused", async () => {
  await rejectsWith(fetchPack(URL_, server({ status: 404 })), "http", ["404"]);
  const { fetchImpl } = server({ body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) });
  await rejectsWith(fetchPack(URL_, { fetchImpl }), "not-utf8");
});

test("a network failure says what the browser said", async () => {
  const fetchImpl = async () => {
    throw new TypeError("Failed to fetch");
  };
  await rejectsWith(fetchPack(URL_, { fetchImpl }), "network", ["Failed to fetch"]);
});

test("same origin: https, same host and port", () => {
  assert.equal(sameHttpsOrigin("https://a.example/x", "https://a.example/y?z"), true);
  assert.equal(sameHttpsOrigin("https://a.example/x", "https://b.a.example/x"), false);
  assert.equal(sameHttpsOrigin("https://a.example/x", "not a url"), false);
});
