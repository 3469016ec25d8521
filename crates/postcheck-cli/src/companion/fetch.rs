//! Downloads of pack addresses (`sources` in `config.json`), bounded: `https`
//! only (or a file on a mounted share), no redirect followed, a time limit per
//! download, at most a pack's size read, no HTML.
//!
//! The companion runs outside the browser, so it uses the operating system's
//! trust store (where companies that inspect TLS install their root; on Linux
//! `SSL_CERT_FILE`/`SSL_CERT_DIR` are honoured) and the proxy of the
//! environment (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`). Everything read here
//! is untrusted until `machine_packs` has verified it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ureq::tls::{RootCerts, TlsConfig, TlsProvider};

/// The environment variable that sets the time limit of one download, in
/// milliseconds (tests use a short one); default [`DEFAULT_TIME_LIMIT`].
pub const TIME_LIMIT_VARIABLE: &str = "POSTCHECK_FETCH_TIMEOUT_MS";

/// The time limit of one download (connecting, asking, reading all of it).
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(30);

/// The time limit to connect (within the download's).
const CONNECT_LIMIT: Duration = Duration::from_secs(10);

/// A pack address, as `config.json` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    /// An `https://` address.
    Https(String),
    /// A file: `file://` address or an absolute path (a mounted or UNC share).
    File(PathBuf),
}

impl Address {
    /// Reads an address; refuses what is not `https://`, `file://` or an
    /// absolute path, saying why in plain words.
    pub fn parse(text: &str) -> Result<Address, String> {
        let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
        if lower.starts_with("https://") {
            if text.len() <= 8 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err("not a usable https address (empty, or with spaces or control characters); fix: give the whole address, e.g. https://intranet.example/packs/acme.json".into());
            }
            return Ok(Address::Https(text.to_string()));
        }
        if lower.starts_with("http://") {
            return Err("a plain http address is refused: anybody on the way could change or replace the pack; fix: use its https address".into());
        }
        if lower.starts_with("file://") {
            return file_url_path(text).map(Address::File);
        }
        let path = Path::new(text);
        if path.is_absolute() || text.starts_with("\\\\") {
            return Ok(Address::File(path.to_path_buf()));
        }
        Err("not an https address nor an absolute file path; fix: give https://..., file:///... or a full path to the pack on a file share".into())
    }
}

/// The path of a `file://` address: `file:///srv/packs/acme.json`,
/// `file:///C:/packs/acme.json`, or `file://server/share/acme.json` (a share).
fn file_url_path(text: &str) -> Result<PathBuf, String> {
    let rest = text.get(7..).unwrap_or_default();
    let decoded = percent_decoded(rest)
        .ok_or("the file address has a bad %-escape; fix: write the path as it is, e.g. file:///srv/packs/acme.json")?;
    if decoded.is_empty() {
        return Err("the file address names no file".into());
    }
    if let Some(local) = decoded.strip_prefix('/') {
        // file:///C:/x on Windows; file:///srv/x elsewhere.
        let windows_drive = local.len() >= 2 && local.as_bytes().get(1) == Some(&b':');
        return Ok(if windows_drive && cfg!(windows) {
            PathBuf::from(local)
        } else {
            PathBuf::from(format!("/{local}"))
        });
    }
    if let Some(local) = decoded.strip_prefix("localhost/") {
        return Ok(PathBuf::from(format!("/{local}")));
    }
    // file://server/share/x: a network share.
    Ok(if cfg!(windows) {
        PathBuf::from(format!("\\\\{}", decoded.replace('/', "\\")))
    } else {
        PathBuf::from(format!("//{decoded}"))
    })
}

/// `text` with its `%XX` escapes decoded (UTF-8); `None` when one is broken.
fn percent_decoded(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What a server said of a copy the companion already has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    /// Its `ETag`.
    pub etag: Option<String>,
    /// Its `Last-Modified`.
    pub last_modified: Option<String>,
}

/// A download.
#[derive(Debug)]
pub enum Fetched {
    /// The server says the copy the companion has is current (304).
    NotModified,
    /// The bytes, with the validators for the next conditional request.
    Body(Vec<u8>, Validators),
    /// Nothing there (404 or 410; a missing file).
    Missing,
}

/// The downloader: one agent with the bounds, the trust store and the proxy.
pub struct Fetcher {
    agent: ureq::Agent,
    time_limit: Duration,
}

impl Fetcher {
    /// A downloader with the time limit of [`TIME_LIMIT_VARIABLE`] (or the default).
    pub fn new(time_limit_variable: Option<&str>) -> Fetcher {
        let time_limit = time_limit_variable
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis)
            .unwrap_or(DEFAULT_TIME_LIMIT);
        let tls = TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            .root_certs(RootCerts::PlatformVerifier)
            .build();
        let config = ureq::Agent::config_builder()
            .https_only(true)
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(time_limit))
            .timeout_connect(Some(time_limit.min(CONNECT_LIMIT)))
            .proxy(ureq::Proxy::try_from_env())
            .tls_config(tls)
            .user_agent(concat!("postcheck-companion/", env!("CARGO_PKG_VERSION")))
            .max_idle_connections(0)
            .build();
        Fetcher {
            agent: config.into(),
            time_limit,
        }
    }

    /// Reads `address` (at most `limit` bytes and one more, to tell a larger
    /// one), conditionally when `known` validators are given.
    pub fn fetch(
        &self,
        address: &Address,
        limit: usize,
        known: &Validators,
    ) -> Result<Fetched, String> {
        match address {
            Address::File(path) => read_file(path, limit),
            Address::Https(url) => self.fetch_https(url, limit, known),
        }
    }

    fn fetch_https(&self, url: &str, limit: usize, known: &Validators) -> Result<Fetched, String> {
        let started = Instant::now();
        let seconds = self.time_limit.as_secs_f64();
        let timed_out = |e: &dyn std::fmt::Display| {
            if started.elapsed() >= self.time_limit {
                format!("no complete answer within {seconds} s (the time limit of a download)")
            } else {
                format!("cannot be downloaded: {}", plain_error(&e.to_string()))
            }
        };
        let mut request = self
            .agent
            .get(url)
            .header("Accept", "application/json, */*;q=0.5");
        if let Some(etag) = &known.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &known.last_modified {
            request = request.header("If-Modified-Since", date);
        }
        let mut response = request.call().map_err(|e| timed_out(&e))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        match status {
            200 => {}
            304 if known != &Validators::default() => return Ok(Fetched::NotModified),
            404 | 410 => return Ok(Fetched::Missing),
            300..=399 => {
                let to: String = header("location")
                    .unwrap_or_else(|| "an address it does not name".into())
                    .chars()
                    .take(300)
                    .collect();
                return Err(format!(
                    "the server redirects {url} to {}; a redirect is not followed (it could lead anywhere); fix: list the pack's final https address in config.json",
                    crate::terminal::escape(&to)
                ));
            }
            _ => {
                return Err(format!(
                    "the server answered {status} {}; the pack could not be downloaded",
                    response.status().canonical_reason().unwrap_or("")
                ));
            }
        }
        let content_type = header("content-type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if content_type.contains("html") {
            return Err(format!(
                "the server sent a web page ({}), not a pack: often a login or error page of a proxy; fix: give the address of the pack's .json file itself",
                crate::terminal::escape(&content_type)
            ));
        }
        if let Some(length) = response.body().content_length()
            && length > limit as u64
        {
            return Err(too_large(limit));
        }
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let mut bytes = Vec::new();
        response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .reader()
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| timed_out(&e))?;
        if bytes.len() > limit {
            return Err(too_large(limit));
        }
        Ok(Fetched::Body(bytes, validators))
    }
}

/// Reads a file of a share (at most `limit` bytes and one more).
fn read_file(path: &Path, limit: usize) -> Result<Fetched, String> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Fetched::Missing),
        Err(e) => return Err(format!("cannot be read: {e}")),
    };
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() > limit {
        return Err(too_large(limit));
    }
    Ok(Fetched::Body(bytes, Validators::default()))
}

fn too_large(limit: usize) -> String {
    if limit >= 1_048_576 {
        format!(
            "larger than {} MB, the most a pack may have; reading stopped there",
            limit / 1_048_576
        )
    } else {
        format!("larger than {limit} bytes, the most it may have; reading stopped there")
    }
}

/// A network error in plain words (ureq's messages, without its prefixes).
fn plain_error(text: &str) -> String {
    let text = crate::terminal::escape(text.strip_prefix("io: ").unwrap_or(text)).into_owned();
    if text.contains("certificate") || text.contains("UnknownIssuer") {
        return format!(
            "the server's certificate is not trusted by this computer ({text}); fix: IT installs the company's root certificate in the system's trust store"
        );
    }
    if text.contains("host not found") {
        return "the server's name is not known (no network, or a wrong address)".into();
    }
    if text.contains("onnection refused") || text.contains("connection failed") {
        return format!("the server cannot be reached ({text})");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_or_refused_in_plain_words() {
        assert_eq!(
            Address::parse("https://intranet.example/packs/acme.json"),
            Ok(Address::Https(
                "https://intranet.example/packs/acme.json".into()
            ))
        );
        assert!(
            Address::parse("http://intranet.example/acme.json")
                .unwrap_err()
                .contains("plain http address is refused")
        );
        assert!(Address::parse("ftp://x/acme.json").is_err());
        assert!(Address::parse("packs/acme.json").is_err());
        assert!(Address::parse("https://").is_err());
        assert!(Address::parse("https://a b/x.json").is_err());
        if !cfg!(windows) {
            assert_eq!(
                Address::parse("file:///srv/packs/ac%20me.json"),
                Ok(Address::File("/srv/packs/ac me.json".into()))
            );
            assert_eq!(
                Address::parse("file://server/share/acme.json"),
                Ok(Address::File("//server/share/acme.json".into()))
            );
            assert_eq!(
                Address::parse("/mnt/share/acme.json"),
                Ok(Address::File("/mnt/share/acme.json".into()))
            );
        }
        assert!(Address::parse("file:///x%zz").is_err());
    }
}
