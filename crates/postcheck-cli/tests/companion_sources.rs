//! Pack addresses (`sources` in `config.json`), fetched by `companion
//! refresh` from a hostile local https server (a rustls server in this file;
//! its throw-away test CA is trusted through `SSL_CERT_FILE`): a good signed
//! pack is fetched and used, a 304 keeps it, a newer version is taken, an
//! older one, another pack id, a tampered pack or a wrong signature is
//! refused (the previous copy is kept), a redirect, a body that never ends,
//! 50 MB and HTML are refused within their bounds, a server that is down
//! keeps the last good copy.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject;
use serde_json::{Value, json};

const PACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/signed-pack.json");
const TLS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tls");

/// The time limit of one download in these tests (`POSTCHECK_FETCH_TIMEOUT_MS`).
const TIME_LIMIT_MS: u64 = 2000;

// ---------------------------------------------------------------------------
// The hostile server.

/// What the server answers at a path.
#[derive(Clone)]
enum Reply {
    /// A whole answer: status, headers, body (with its Content-Length).
    Full(u16, Vec<(String, String)>, Vec<u8>),
    /// A file with an ETag: 304 when the request names it in If-None-Match.
    Tagged(String, Vec<u8>),
    /// Headers, then a byte every 100 ms, never the end (at most 30 s).
    Stall,
    /// 200 with this many bytes and no Content-Length (the end is the close).
    Endless(u64),
}

#[derive(Default)]
struct State {
    routes: HashMap<String, Reply>,
    /// Every request: its path and headers (lowercase names).
    requests: Vec<(String, HashMap<String, String>)>,
}

struct Server {
    port: u16,
    state: Arc<Mutex<State>>,
    /// Body bytes the server could write (into the connection).
    sent: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let certs: Vec<_> =
            rustls::pki_types::CertificateDer::pem_file_iter(format!("{TLS}/server.pem"))
                .unwrap()
                .map(Result::unwrap)
                .collect();
        let key =
            rustls::pki_types::PrivateKeyDer::from_pem_file(format!("{TLS}/server.key")).unwrap();
        let config = Arc::new(
            rustls::ServerConfig::builder()
                .with_no_client_auth()
                .with_single_cert(certs, key)
                .unwrap(),
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let sent = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, b, halt) = (state.clone(), sent.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if halt.load(Ordering::SeqCst) {
                    break; // the listener closes: the server is down
                }
                let Ok(stream) = stream else { continue };
                let (config, s, b) = (config.clone(), s.clone(), b.clone());
                std::thread::spawn(move || serve(stream, config, &s, &b));
            }
        });
        Server {
            port,
            state,
            sent,
            stop,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.port)
    }

    fn route(&self, path: &str, reply: Reply) {
        self.state
            .lock()
            .unwrap()
            .routes
            .insert(path.to_string(), reply);
    }

    fn requests(&self) -> Vec<(String, HashMap<String, String>)> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Stops listening: connections are refused from now on.
    fn shut_down(&self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        // Wait until the port refuses.
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", self.port)).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the test server did not stop");
    }
}

/// Serves one connection (one request).
fn serve(
    stream: TcpStream,
    config: Arc<rustls::ServerConfig>,
    state: &Mutex<State>,
    sent: &AtomicU64,
) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let connection = rustls::ServerConnection::new(config).unwrap();
    let mut tls = rustls::StreamOwned::new(connection, stream);
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match tls.read(&mut byte) {
            Ok(1) if head.len() < 16 * 1024 => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.lines();
    let path = lines
        .next()
        .unwrap_or_default()
        .split(' ')
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let reply = {
        let mut s = state.lock().unwrap();
        s.requests.push((path.clone(), headers.clone()));
        s.routes.get(&path).cloned()
    };
    let write_head =
        |tls: &mut rustls::StreamOwned<_, _>, status: u16, extra: &[(String, String)]| {
            let mut text = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
            for (k, v) in extra {
                text.push_str(&format!("{k}: {v}\r\n"));
            }
            text.push_str("\r\n");
            tls.write_all(text.as_bytes())
        };
    let _ = match reply {
        None => write_head(&mut tls, 404, &[("Content-Length".into(), "0".into())]),
        Some(Reply::Full(status, extra, body)) => {
            let mut extra = extra.clone();
            extra.push(("Content-Length".into(), body.len().to_string()));
            write_head(&mut tls, status, &extra).and_then(|()| tls.write_all(&body))
        }
        Some(Reply::Tagged(etag, body)) => {
            if headers.get("if-none-match") == Some(&etag) {
                write_head(&mut tls, 304, &[("ETag".into(), etag)])
            } else {
                let extra = [
                    ("ETag".into(), etag),
                    ("Content-Type".into(), "application/json".into()),
                    ("Content-Length".into(), body.len().to_string()),
                ];
                write_head(&mut tls, 200, &extra).and_then(|()| tls.write_all(&body))
            }
        }
        Some(Reply::Stall) => {
            let extra = [("Content-Length".into(), "1000000".into())];
            write_head(&mut tls, 200, &extra).and_then(|()| {
                for _ in 0..300 {
                    tls.write_all(b" ")?;
                    tls.flush()?;
                    sent.fetch_add(1, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(100));
                }
                Ok(())
            })
        }
        Some(Reply::Endless(total)) => write_head(
            &mut tls,
            200,
            &[("Content-Type".into(), "application/json".into())],
        )
        .and_then(|()| {
            let chunk = vec![b' '; 64 * 1024];
            let mut written = 0;
            while written < total {
                tls.write_all(&chunk)?;
                tls.flush()?;
                written += chunk.len() as u64;
                sent.fetch_add(chunk.len() as u64, Ordering::SeqCst);
            }
            Ok(())
        }),
    };
    let _ = tls.flush();
    tls.conn.send_close_notify();
    let _ = tls.flush();
}

/// A proxy that tunnels `CONNECT host:port` (as company proxies do for
/// https); gives its port and the targets it was asked for.
fn start_proxy() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut client) = stream else { continue };
            let log = log.clone();
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match client.read(&mut byte) {
                        Ok(1) if head.len() < 16 * 1024 => head.push(byte[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let target = head.split(' ').nth(1).unwrap_or_default().to_string();
                log.lock().unwrap().push(target.clone());
                // Only this machine's loopback addresses are ever reached.
                if !target.starts_with("127.0.0.1:") {
                    return;
                }
                let Ok(mut server) = TcpStream::connect(&target) else {
                    return;
                };
                let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || std::io::copy(&mut s2, &mut c2));
                let _ = std::io::copy(&mut client, &mut server);
            });
        }
    });
    (port, asked)
}

// ---------------------------------------------------------------------------
// Packs, keys and the companion.

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "postcheck-companion-sources-{}-{name}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("packs")).unwrap();
    fs::create_dir_all(dir.join("keys")).unwrap();
    fs::create_dir_all(dir.join("served")).unwrap();
    dir
}

/// `postcheck ARGS` with the test's folders, the test CA trusted, no proxy.
fn postcheck(dir: &Path, args: &[&str]) -> std::process::Output {
    postcheck_with(dir, args, &[])
}

/// `postcheck ARGS` as [`postcheck`], with the variables `extra` set last.
fn postcheck_with(dir: &Path, args: &[&str], extra: &[(&str, &str)]) -> std::process::Output {
    let mut command = common::postcheck();
    command
        .args(args)
        .current_dir(dir)
        .env("LANG", "C")
        .env("HOME", dir)
        .env("POSTCHECK_PACKS_DIR", dir.join("packs"))
        .env("POSTCHECK_CACHE_DIR", dir.join("cache"))
        .env("POSTCHECK_FETCH_TIMEOUT_MS", TIME_LIMIT_MS.to_string())
        .env("SSL_CERT_FILE", format!("{TLS}/ca.pem"))
        .env_remove("SSL_CERT_DIR")
        .env_remove("POSTCHECK_KEY_PASSWORD")
        .stdin(Stdio::null());
    for proxy in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        command.env_remove(proxy);
    }
    command.env_remove("NO_PROXY").env_remove("no_proxy");
    for (name, value) in extra {
        command.env(name, value);
    }
    command.output().unwrap()
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `companion refresh`: whether it succeeded, and what it said.
fn refresh(dir: &Path) -> (bool, String) {
    let out = postcheck(dir, &["companion", "refresh"]);
    (out.status.success(), text(&out))
}

/// A key pair `keys/NAME.pub` / `keys/NAME.key`; the public key line.
fn keygen(dir: &Path, name: &str) -> String {
    let out = postcheck(dir, &["pack", "keygen", "--out", &format!("keys/{name}")]);
    assert!(out.status.success(), "{}", text(&out));
    fs::read_to_string(dir.join(format!("keys/{name}.pub")))
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string()
}

/// The test pack with `version` (and `id`), signed by `key` when given: its
/// text and signature.
fn pack(dir: &Path, id: &str, version: &str, key: Option<&str>) -> (Vec<u8>, Option<Vec<u8>>) {
    let json_text = fs::read_to_string(PACK)
        .unwrap()
        .replace("2026.12.1", version)
        .replace("\"signing-test\"", &format!("\"{id}\""));
    let path = dir.join("served/pack.json");
    fs::write(&path, &json_text).unwrap();
    let signature = path.with_extension("json.minisig");
    let _ = fs::remove_file(&signature);
    let Some(key) = key else {
        return (json_text.into_bytes(), None);
    };
    let out = postcheck(
        dir,
        &[
            "pack",
            "sign",
            path.to_str().unwrap(),
            "--key",
            &format!("keys/{key}.key"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    (json_text.into_bytes(), Some(fs::read(signature).unwrap()))
}

/// Serves a pack and its signature at `/acme.json` with `etag`.
fn serve_pack(server: &Server, etag: &str, (body, signature): (Vec<u8>, Option<Vec<u8>>)) {
    server.route("/acme.json", Reply::Tagged(format!("\"{etag}\""), body));
    match signature {
        Some(sig) => server.route("/acme.json.minisig", Reply::Full(200, Vec::new(), sig)),
        None => {
            server
                .state
                .lock()
                .unwrap()
                .routes
                .remove("/acme.json.minisig");
        }
    }
}

fn configure(dir: &Path, pins: Value, sources: &[String]) {
    fs::write(
        dir.join("packs/config.json"),
        json!({ "publishers": pins, "sources": sources }).to_string(),
    )
    .unwrap();
}

/// The `list` answer's packs (`serve` does not refresh by itself).
fn list(dir: &Path) -> Vec<Value> {
    list_with_interval(dir, "0")
}

/// The `list` answer's packs, with `serve`'s refresh interval in minutes.
fn list_with_interval(dir: &Path, minutes: &str) -> Vec<Value> {
    let body = serde_json::to_vec(&json!({"type":"list"})).unwrap();
    let mut input = (body.len() as u32).to_ne_bytes().to_vec();
    input.extend(body);
    let mut child = common::postcheck()
        .args(["companion", "serve"])
        .env("HOME", dir)
        .env("POSTCHECK_PACKS_DIR", dir.join("packs"))
        .env("POSTCHECK_CACHE_DIR", dir.join("cache"))
        .env("POSTCHECK_REFRESH_MINUTES", minutes)
        .env("POSTCHECK_FETCH_TIMEOUT_MS", TIME_LIMIT_MS.to_string())
        .env("SSL_CERT_FILE", format!("{TLS}/ca.pem"))
        .env_remove("SSL_CERT_DIR")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let answer: Value = serde_json::from_slice(&out.stdout[4..]).unwrap();
    answer["packs"].as_array().unwrap().clone()
}

fn problems(p: &Value) -> String {
    p["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The one pack of `list`, with the checks every source entry passes.
fn the_source(dir: &Path, url: &str) -> Value {
    let packs = list(dir);
    assert_eq!(packs.len(), 1, "{packs:?}");
    let p = packs[0].clone();
    assert_eq!(p["file"], url);
    assert_eq!(p["folder"], "variable");
    p
}

// ---------------------------------------------------------------------------
// The tests.

#[test]
fn a_signed_pack_is_fetched_kept_with_304_updated_and_not_downgraded() {
    let dir = workdir("good");
    let server = Server::start();
    let key = keygen(&dir, "it");
    let url = server.url("/acme.json");
    configure(
        &dir,
        json!({ "signing-test": key }),
        std::slice::from_ref(&url),
    );

    // Before any refresh: not downloaded yet, in plain words.
    let p = the_source(&dir, &url);
    assert_eq!(p["state"], "refused");
    assert!(
        problems(&p).contains("run `postcheck companion refresh`"),
        "{}",
        problems(&p)
    );

    serve_pack(
        &server,
        "v1",
        pack(&dir, "signing-test", "2026.12.1", Some("it")),
    );
    let (ok, said) = refresh(&dir);
    assert!(ok, "{said}");
    let p = the_source(&dir, &url);
    assert_eq!(p["state"], "ok", "{}", problems(&p));
    assert_eq!(p["version"], "2026.12.1");
    assert!(p["signer"].is_string());

    // 304: the copy stays, the signature is not asked again.
    let before = server.requests().len();
    let (ok, said) = refresh(&dir);
    assert!(ok, "{said}");
    let asked = &server.requests()[before..];
    assert_eq!(asked.len(), 1, "only the pack is asked: {:?}", asked);
    assert_eq!(
        asked[0].1.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
    let p = the_source(&dir, &url);
    assert_eq!(
        (p["state"].as_str(), p["version"].as_str()),
        (Some("ok"), Some("2026.12.1"))
    );

    // A newer version is taken.
    serve_pack(
        &server,
        "v2",
        pack(&dir, "signing-test", "2026.12.2", Some("it")),
    );
    let (ok, said) = refresh(&dir);
    assert!(ok, "{said}");
    let p = the_source(&dir, &url);
    assert_eq!(
        (p["state"].as_str(), p["version"].as_str()),
        (Some("ok"), Some("2026.12.2"))
    );
    let good_sha = p["sha256"].clone();

    // An older one is a downgrade: refused, the newer copy stays.
    serve_pack(
        &server,
        "v0",
        pack(&dir, "signing-test", "2026.11.9", Some("it")),
    );
    let (ok, said) = refresh(&dir);
    assert!(!ok, "{said}");
    assert!(said.contains("downgrade"), "{said}");
    let p = the_source(&dir, &url);
    assert_eq!(p["state"], "previous", "{}", problems(&p));
    assert_eq!(p["version"], "2026.12.2");
    assert_eq!(p["sha256"], good_sha);
    assert!(problems(&p).contains("downgrade"), "{}", problems(&p));

    // `status` shows the source, its last download and why it failed.
    let status = text(&postcheck(&dir, &["companion", "status"]));
    assert!(status.contains(&format!("source {url}")), "{status}");
    assert!(
        status.contains("failed, the previous copy is kept"),
        "{status}"
    );
    assert!(
        status.contains("why: the address gives version 2026.11.9"),
        "{status}"
    );

    // A server that is down keeps the last good copy.
    server.shut_down();
    let (ok, said) = refresh(&dir);
    assert!(!ok, "{said}");
    assert!(
        said.contains("cannot be reached") || said.contains("cannot be downloaded"),
        "{said}"
    );
    let p = the_source(&dir, &url);
    assert_eq!(p["state"], "previous", "{}", problems(&p));
    assert_eq!(p["sha256"], good_sha);
}

#[test]
fn another_pack_a_tampered_pack_or_a_wrong_signature_is_refused() {
    let dir = workdir("refused");
    let server = Server::start();
    let key = keygen(&dir, "it");
    keygen(&dir, "stranger");
    let url = server.url("/acme.json");
    configure(
        &dir,
        json!({ "signing-test": key, "other-pack": key }),
        std::slice::from_ref(&url),
    );
    serve_pack(
        &server,
        "v1",
        pack(&dir, "signing-test", "2026.12.1", Some("it")),
    );
    assert!(refresh(&dir).0);
    let good_sha = the_source(&dir, &url)["sha256"].clone();

    let check_refused = |what: &str, served: (Vec<u8>, Option<Vec<u8>>), words: &str| {
        serve_pack(&server, what, served);
        let (ok, said) = refresh(&dir);
        assert!(!ok, "{what}: {said}");
        assert!(said.contains(words), "{what}: {said}");
        let p = the_source(&dir, &url);
        assert_eq!(p["state"], "previous", "{what}: {}", problems(&p));
        assert_eq!(p["sha256"], good_sha, "{what}");
        assert!(problems(&p).contains(words), "{what}: {}", problems(&p));
    };

    // Another pack id from the same address, even well signed.
    check_refused(
        "foreign",
        pack(&dir, "other-pack", "2027.1.1", Some("it")),
        "not the pack \"signing-test\" it gave before",
    );
    // A tampered pack: its bytes changed after signing.
    let (body, sig) = pack(&dir, "signing-test", "2026.12.5", Some("it"));
    let body = String::from_utf8(body)
        .unwrap()
        .replace("anna@", "bert@")
        .into_bytes();
    check_refused("tampered", (body, sig), "signature does not match");
    // Signed by another key than the pinned one.
    check_refused(
        "stranger",
        pack(&dir, "signing-test", "2026.12.6", Some("stranger")),
        "key",
    );
    // No signature at all.
    check_refused(
        "unsigned",
        pack(&dir, "signing-test", "2026.12.7", None),
        "has no signature",
    );
}

#[test]
fn a_redirect_is_refused_and_the_other_host_gets_nothing() {
    let dir = workdir("redirect");
    let (first, other) = (Server::start(), Server::start());
    let target = format!("https://localhost:{}/acme.json", other.port);
    first.route(
        "/acme.json",
        Reply::Full(302, vec![("Location".into(), target.clone())], Vec::new()),
    );
    serve_pack(&other, "v1", pack(&dir, "signing-test", "2026.12.1", None));
    let url = first.url("/acme.json");
    configure(&dir, json!({}), std::slice::from_ref(&url));
    let (ok, said) = refresh(&dir);
    assert!(!ok, "{said}");
    assert!(said.contains(&url) && said.contains(&target), "{said}");
    assert!(said.contains("redirect is not followed"), "{said}");
    assert_eq!(other.requests().len(), 0);
    assert_eq!(the_source(&dir, &url)["state"], "refused");
}

#[test]
fn a_body_that_never_ends_stops_at_the_time_limit() {
    let dir = workdir("stall");
    let server = Server::start();
    server.route("/acme.json", Reply::Stall);
    let url = server.url("/acme.json");
    configure(&dir, json!({}), std::slice::from_ref(&url));
    let started = Instant::now();
    let (ok, said) = refresh(&dir);
    let took = started.elapsed();
    eprintln!(
        "a body that never ends: refused after {took:?}, {} bytes sent",
        server.sent.load(Ordering::SeqCst)
    );
    assert!(!ok, "{said}");
    assert!(said.contains("no complete answer within 2 s"), "{said}");
    // A generous guard: the server would trickle for 30 s.
    assert!(took < Duration::from_secs(20), "{took:?}");
    assert!(server.sent.load(Ordering::SeqCst) < 250);
    assert_eq!(the_source(&dir, &url)["state"], "refused");
}

#[test]
fn fifty_megabytes_stop_soon_after_the_limit() {
    let dir = workdir("huge");
    let server = Server::start();
    server.route("/acme.json", Reply::Endless(50 * 1024 * 1024));
    let url = server.url("/acme.json");
    configure(&dir, json!({}), std::slice::from_ref(&url));
    let (ok, said) = refresh(&dir);
    assert!(!ok, "{said}");
    assert!(said.contains("larger than 16 MB"), "{said}");
    // Give the server's thread time to see the closed connection.
    std::thread::sleep(Duration::from_millis(300));
    let sent = server.sent.load(Ordering::SeqCst);
    eprintln!("50 MB offered, the server could send {sent} bytes");
    assert!(sent > 16 * 1024 * 1024, "{sent}");
    assert!(
        sent < 32 * 1024 * 1024,
        "the server could send {sent} bytes"
    );
    // A Content-Length over the limit is refused before reading.
    server.route(
        "/acme.json",
        Reply::Full(200, Vec::new(), vec![b' '; 17 * 1024 * 1024]),
    );
    let before = server.sent.load(Ordering::SeqCst);
    let (ok, said) = refresh(&dir);
    assert!(!ok && said.contains("larger than 16 MB"), "{said}");
    assert_eq!(server.sent.load(Ordering::SeqCst), before);
}

#[test]
fn a_web_page_is_refused() {
    let dir = workdir("html");
    let server = Server::start();
    server.route(
        "/acme.json",
        Reply::Full(
            200,
            vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            b"<html><body>Please log in</body></html>".to_vec(),
        ),
    );
    let url = server.url("/acme.json");
    configure(&dir, json!({}), std::slice::from_ref(&url));
    let (ok, said) = refresh(&dir);
    assert!(!ok, "{said}");
    assert!(said.contains("sent a web page"), "{said}");
    assert_eq!(the_source(&dir, &url)["state"], "refused");
}

#[test]
fn plain_http_is_refused_and_a_file_share_is_read() {
    let dir = workdir("share");
    let share = dir.join("share");
    fs::create_dir_all(&share).unwrap();
    let (body, _) = pack(&dir, "signing-test", "2026.12.1", None);
    fs::write(share.join("acme.json"), body).unwrap();
    let file_url = format!("file://{}", share.join("acme.json").display());
    configure(
        &dir,
        json!({}),
        &["http://127.0.0.1:9/acme.json".to_string(), file_url.clone()],
    );
    let (ok, said) = refresh(&dir);
    assert!(!ok, "{said}");
    assert!(said.contains("plain http address is refused"), "{said}");
    let packs = list(&dir);
    assert_eq!(packs.len(), 2, "{packs:?}");
    assert_eq!(packs[0]["state"], "refused");
    assert_eq!(packs[1]["file"], file_url.as_str());
    assert_eq!(packs[1]["state"], "ok", "{}", problems(&packs[1]));
}

#[test]
fn serve_starts_a_refresh_when_due_and_the_next_reading_uses_it() {
    let dir = workdir("background");
    let server = Server::start();
    serve_pack(&server, "v1", pack(&dir, "signing-test", "2026.12.1", None));
    let url = server.url("/acme.json");
    configure(&dir, json!({}), std::slice::from_ref(&url));
    // Never refreshed: this reading has nothing yet and starts a refresh.
    let p = &list_with_interval(&dir, "360")[0];
    assert_eq!(p["state"], "refused", "{}", problems(p));
    // The next readings use it once it is done (a bounded wait).
    let mut state = Value::Null;
    for _ in 0..100 {
        state = the_source(&dir, &url)["state"].clone();
        if state == "ok" {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(state, "ok");
    let asked = server.requests().len();
    assert_eq!(asked, 2, "the pack and its signature");
    // Within the interval, a reading starts no other refresh.
    list_with_interval(&dir, "360");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(server.requests().len(), asked);
}

#[test]
fn the_proxy_of_the_environment_is_used_unless_no_proxy_names_the_host() {
    let dir = workdir("proxy");
    let server = Server::start();
    serve_pack(&server, "v1", pack(&dir, "signing-test", "2026.12.1", None));
    let url = server.url("/acme.json");
    configure(&dir, json!({}), std::slice::from_ref(&url));
    let (port, asked) = start_proxy();
    let proxy = format!("http://127.0.0.1:{port}");
    let out = postcheck_with(
        &dir,
        &["companion", "refresh"],
        &[("HTTPS_PROXY", proxy.as_str())],
    );
    assert!(out.status.success(), "{}", text(&out));
    let target = format!("127.0.0.1:{}", server.port);
    assert_eq!(*asked.lock().unwrap(), [target.clone(), target]);
    assert_eq!(the_source(&dir, &url)["state"], "ok");

    let out = postcheck_with(
        &dir,
        &["companion", "refresh"],
        &[("HTTPS_PROXY", proxy.as_str()), ("NO_PROXY", "127.0.0.1")],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(asked.lock().unwrap().len(), 2, "NO_PROXY goes direct");
}

#[test]
fn a_refresh_killed_midway_leaves_the_previous_copy() {
    let dir = workdir("killed");
    let server = Server::start();
    serve_pack(&server, "v1", pack(&dir, "signing-test", "2026.12.1", None));
    let url = server.url("/acme.json");
    configure(&dir, json!({}), std::slice::from_ref(&url));
    assert!(refresh(&dir).0);
    let good = the_source(&dir, &url);
    assert_eq!(good["state"], "ok");

    server.route("/acme.json", Reply::Stall);
    let mut child = common::postcheck()
        .args(["companion", "refresh"])
        .env("POSTCHECK_PACKS_DIR", dir.join("packs"))
        .env("POSTCHECK_CACHE_DIR", dir.join("cache"))
        .env("POSTCHECK_FETCH_TIMEOUT_MS", "20000")
        .env("SSL_CERT_FILE", format!("{TLS}/ca.pem"))
        .env("NO_PROXY", "127.0.0.1")
        .env("no_proxy", "127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once the server has started to answer (a bounded wait).
    for _ in 0..100 {
        if server.sent.load(Ordering::SeqCst) > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(server.sent.load(Ordering::SeqCst) > 0);
    child.kill().unwrap();
    child.wait().unwrap();
    let p = the_source(&dir, &url);
    assert_eq!(p["state"], "ok", "{}", problems(&p));
    assert_eq!(p["sha256"], good["sha256"]);
    let left: Vec<_> = fs::read_dir(dir.join("cache/sources"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".new"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_server_whose_certificate_this_computer_does_not_trust_is_refused() {
    let dir = workdir("untrusted");
    let server = Server::start();
    serve_pack(&server, "v1", pack(&dir, "signing-test", "2026.12.1", None));
    let url = server.url("/acme.json");
    configure(&dir, json!({}), std::slice::from_ref(&url));
    // The trust store holds another certificate than the test CA.
    let out = postcheck_with(
        &dir,
        &["companion", "refresh"],
        &[("SSL_CERT_FILE", &format!("{TLS}/server.pem"))],
    );
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("not trusted by this computer"), "{said}");
    assert!(
        server.requests().is_empty(),
        "no request is sent over an untrusted connection"
    );
    assert_eq!(the_source(&dir, &url)["state"], "refused");
}
