//! Pack addresses (`sources` in `config.json`): `companion refresh` downloads
//! each one (see [`super::fetch`]), verifies it by the rules of folder files
//! (pinned key, trusted comment, loads, examples pass), refuses an older
//! version or another pack id than the copy it already has from the same
//! address, and keeps the verified copy in the cache folder; the machine packs
//! then include it. A failed download keeps the copy and records why.
//!
//! In `<cache>/sources/`, per address (`KEY` = the first 32 hexadecimal
//! digits of the address's SHA-256):
//! - `KEY.record.json`: the address, the name of its verified copy, its
//!   `ETag`/`Last-Modified`, the times of the last try and the last success,
//!   and why the last try failed;
//! - `KEY-SHA.json` (and `KEY-SHA.json.minisig` when a pinned key checked it):
//!   the verified copy, named by the first 16 digits of its SHA-256.
//!
//! Every file is written under a temporary name and renamed, and the record
//! (renamed last) names the copy: a process killed at any moment leaves the
//! previous record and its complete copy.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use postcheck_core::format::limits::MAX_PACK_BYTES;
use postcheck_core::format::signature::MAX_SIGNATURE_BYTES;
use serde::{Deserialize, Serialize};

use super::fetch::{Address, Fetched, Fetcher, Validators};
use super::machine_packs::{self, Pins, compare_versions, sha256_hex};
use super::places::{Places, shown};

/// How often `companion serve` refreshes the sources by itself (when the last
/// refresh is older): 6 hours.
pub const REFRESH_INTERVAL: Duration = Duration::from_secs(6 * 3600);

/// The environment variable that sets `serve`'s refresh interval in minutes
/// (0: `serve` never refreshes; IT's scheduler runs `companion refresh`).
pub const INTERVAL_VARIABLE: &str = "POSTCHECK_REFRESH_MINUTES";

/// The most sources read from all configurations together.
pub const MAX_SOURCES: usize = 32;

/// What the companion knows of one address.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    /// The address.
    pub url: String,
    /// The file name of the verified copy (in the same folder), if any.
    #[serde(default)]
    pub copy: Option<String>,
    /// The copy's `ETag`, for a conditional request.
    #[serde(default)]
    pub etag: Option<String>,
    /// The copy's `Last-Modified`, for a conditional request.
    #[serde(default)]
    pub last_modified: Option<String>,
    /// When it was last tried (seconds since 1970, UTC).
    #[serde(default)]
    pub last_try: Option<u64>,
    /// When a try last succeeded (a new copy, or the server said it is current).
    #[serde(default)]
    pub last_success: Option<u64>,
    /// Why the last try failed (empty when it succeeded).
    #[serde(default)]
    pub problems: Vec<String>,
}

/// The folder of the downloads, in the cache folder.
pub fn folder(cache: &Path) -> PathBuf {
    cache.join("sources")
}

/// The key of an address: the first 32 hexadecimal digits of its SHA-256.
fn key(url: &str) -> String {
    sha256_hex(url.as_bytes()).chars().take(32).collect()
}

fn record_path(cache: &Path, url: &str) -> PathBuf {
    folder(cache).join(format!("{}.record.json", key(url)))
}

/// The record of `url` (an empty one when there is none or it is unreadable).
pub fn record(cache: &Path, url: &str) -> Record {
    std::fs::read(record_path(cache, url))
        .ok()
        .filter(|b| b.len() <= 64 * 1024)
        .and_then(|b| serde_json::from_slice::<Record>(&b).ok())
        .filter(|r| r.url == url)
        .unwrap_or_else(|| Record {
            url: url.to_string(),
            ..Record::default()
        })
}

/// The path of the verified copy a record names.
pub fn copy_path(cache: &Path, record: &Record) -> Option<PathBuf> {
    let name = record.copy.as_ref()?;
    // Only a name this module writes: no path can come from the record.
    let plain = name.len() < 80
        && name.ends_with(".json")
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    plain.then(|| folder(cache).join(name))
}

/// Writes `bytes` to `to` under a temporary name, then renames it.
fn write_atomically(to: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temporary = to.as_os_str().to_owned();
    temporary.push(format!(".{}.new", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let written = std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, to));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

fn save_record(cache: &Path, record: &Record) -> Result<(), String> {
    let text = serde_json::to_vec_pretty(record).unwrap_or_default();
    std::fs::create_dir_all(folder(cache))
        .and_then(|()| write_atomically(&record_path(cache, &record.url), &text))
        .map_err(|e| format!("cannot write in the cache {}: {e}", shown(&folder(cache))))
}

/// Seconds since 1970 now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A time as `2026-12-07 16:30 UTC`.
pub fn shown_time(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let minutes_of_day = (seconds % 86_400) / 60;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minutes_of_day / 60,
        minutes_of_day % 60
    )
}

/// The signature's address: the pack's with `.minisig` added.
fn signature_address(address: &Address) -> Address {
    match address {
        Address::Https(url) => Address::Https(format!("{url}.minisig")),
        Address::File(path) => {
            let mut name = path.as_os_str().to_owned();
            name.push(".minisig");
            Address::File(PathBuf::from(name))
        }
    }
}

/// Downloads and verifies `url` under `pins`; on success keeps the copy and
/// gives the new record, on failure the record keeps the previous copy and
/// says why.
pub fn refresh_one(fetcher: &Fetcher, cache: &Path, url: &str, pins: &Pins<'_>) -> Record {
    let outcome = try_refresh(fetcher, cache, url, pins, &record(cache, url));
    // Read again: another refresh (the scheduler's, serve's) may have kept a
    // newer copy meanwhile; a 304 or a failure keeps whatever copy is there.
    let mut rec = record(cache, url);
    let now = now();
    rec.last_try = Some(now);
    let mut replaced = None;
    match outcome {
        Ok(Some((copy, validators))) => {
            replaced = rec
                .copy
                .replace(copy)
                .filter(|old| Some(old) != rec.copy.as_ref());
            rec.etag = validators.etag;
            rec.last_modified = validators.last_modified;
            rec.last_success = Some(now);
            rec.problems.clear();
        }
        Ok(None) => {
            rec.last_success = Some(now);
            rec.problems.clear();
        }
        Err(why) => rec.problems = vec![why],
    }
    match save_record(cache, &rec) {
        Err(e) => rec.problems.push(e),
        Ok(()) => remove_copy(cache, replaced.as_deref()),
    }
    rec
}

/// Removes an old copy (and its signature) that no record names any more.
fn remove_copy(cache: &Path, name: Option<&str>) {
    let Some(name) = name else { return };
    let rec = Record {
        copy: Some(name.to_string()),
        ..Record::default()
    };
    if let Some(path) = copy_path(cache, &rec) {
        let _ = std::fs::remove_file(&path);
        let mut sig = path.into_os_string();
        sig.push(".minisig");
        let _ = std::fs::remove_file(sig);
    }
}

/// One try: `Ok(None)` when the copy is current (304), `Ok(Some)` with the
/// new copy's name when a newer or equal verified pack was kept.
fn try_refresh(
    fetcher: &Fetcher,
    cache: &Path,
    url: &str,
    pins: &Pins<'_>,
    rec: &Record,
) -> Result<Option<(String, Validators)>, String> {
    let address = Address::parse(url)?;
    // The copy from this address, verified again under today's pins.
    let previous = copy_path(cache, rec).and_then(|p| machine_packs::verify_file(&p, pins).ok());
    let known = if previous.is_some() {
        Validators {
            etag: rec.etag.clone(),
            last_modified: rec.last_modified.clone(),
        }
    } else {
        Validators::default()
    };
    let (bytes, validators) = match fetcher.fetch(&address, MAX_PACK_BYTES, &known)? {
        Fetched::NotModified => return Ok(None),
        Fetched::Missing => {
            return Err(
                "nothing at this address (the server answered 404 Not Found, or the file is missing)"
                    .into(),
            );
        }
        Fetched::Body(bytes, validators) => (bytes, validators),
    };
    let signature_at = signature_address(&address);
    let signature_text = match fetcher
        .fetch(&signature_at, MAX_SIGNATURE_BYTES, &Validators::default())
        .map_err(|e| format!("its signature {url}.minisig: {e}"))?
    {
        Fetched::Body(b, _) => Some(String::from_utf8_lossy(&b).into_owned()),
        _ => None,
    };
    let shown_signature = PathBuf::from(format!("{url}.minisig"));
    let new = machine_packs::verify(bytes, signature_text.as_deref(), &shown_signature, pins)?;
    let manifest = new.pack.manifest();
    if let Some(old) = &previous {
        let before = old.pack.manifest();
        if before.id != manifest.id {
            return Err(format!(
                "the address now gives the pack \"{}\", not the pack \"{}\" it gave before; another pack from the same address is refused; fix: if the change is intended, delete {} so that the address starts afresh",
                crate::terminal::escape(&manifest.id),
                crate::terminal::escape(&before.id),
                shown(&record_path(cache, url))
            ));
        }
        if compare_versions(&manifest.version, &before.version) == Some(std::cmp::Ordering::Less) {
            return Err(format!(
                "the address gives version {}, older than version {} taken before (a downgrade); the previous copy is kept",
                crate::terminal::escape(&manifest.version),
                crate::terminal::escape(&before.version)
            ));
        }
    }
    let name = format!("{}-{}.json", key(url), &new.sha256.get(..16).unwrap_or("0"));
    let path = folder(cache).join(&name);
    let failed =
        |e: std::io::Error| format!("cannot write in the cache {}: {e}", shown(&folder(cache)));
    std::fs::create_dir_all(folder(cache)).map_err(failed)?;
    let mut sig_path = path.clone().into_os_string();
    sig_path.push(".minisig");
    match (&signature_text, &new.signer) {
        (Some(sig), Some(_)) => {
            write_atomically(Path::new(&sig_path), sig.as_bytes()).map_err(failed)?
        }
        _ => {
            let _ = std::fs::remove_file(&sig_path);
        }
    }
    write_atomically(&path, new.text.as_bytes()).map_err(failed)?;
    Ok(Some((name, validators)))
}

/// The sources of every configuration, with the pins in force for each.
pub struct Listed {
    /// The address.
    pub url: String,
    /// The kind of folder whose `config.json` lists it.
    pub folder: &'static str,
}

/// `companion refresh`: downloads every source now; gives one line per source.
pub fn refresh_all(places: &Places) -> Vec<(Listed, Record)> {
    let fetcher = Fetcher::new(places.var(super::fetch::TIME_LIMIT_VARIABLE));
    let cache = places.cache_folder();
    let mut out = Vec::new();
    machine_packs::with_sources(&places.pack_folders(), |listed, pins| {
        let rec = refresh_one(&fetcher, &cache, &listed.url, pins);
        out.push((listed, rec));
    });
    let _ = std::fs::create_dir_all(folder(&cache))
        .and_then(|()| write_atomically(&last_refresh_path(&cache), now().to_string().as_bytes()));
    out
}

fn last_refresh_path(cache: &Path) -> PathBuf {
    folder(cache).join("last-refresh")
}

/// The refresh interval of `companion serve`: [`INTERVAL_VARIABLE`] in
/// minutes (0: never), else [`REFRESH_INTERVAL`].
fn interval(places: &Places) -> Option<Duration> {
    match places
        .var(INTERVAL_VARIABLE)
        .map(|v| v.trim().parse::<u64>())
    {
        Some(Ok(0)) => None,
        Some(Ok(minutes)) => Some(Duration::from_secs(minutes.saturating_mul(60))),
        _ => Some(REFRESH_INTERVAL),
    }
}

/// Whether the last refresh of all sources is older than `interval` (or in
/// the future: a clock set back).
fn refresh_due(cache: &Path, interval: Duration) -> bool {
    let last = std::fs::read_to_string(last_refresh_path(cache))
        .ok()
        .and_then(|t| t.trim().parse::<u64>().ok());
    let now = now();
    match last {
        Some(t) => now.saturating_sub(t) >= interval.as_secs() || t > now + 3600,
        None => true,
    }
}

/// `companion serve`: when the configurations list sources and the last
/// refresh is older than the interval, starts `postcheck companion refresh`
/// as a separate process and goes on at once with the copies already there;
/// its result is used from the next reading on. The time of this start is
/// recorded first, so that the many short sessions of the browsers start at
/// most one refresh per interval. The browser may end this process at any
/// moment: the refresh writes every file atomically.
pub fn refresh_in_background_when_due(places: &Places) {
    let Some(interval) = interval(places) else {
        return;
    };
    let cache = places.cache_folder();
    if !refresh_due(&cache, interval) {
        return;
    }
    let mut any = false;
    machine_packs::with_sources(&places.pack_folders(), |_, _| any = true);
    if !any {
        return;
    }
    let claimed = std::fs::create_dir_all(folder(&cache))
        .and_then(|()| write_atomically(&last_refresh_path(&cache), now().to_string().as_bytes()));
    let Ok(program) = std::env::current_exe() else {
        return;
    };
    if claimed.is_ok() {
        let mut command = std::process::Command::new(program);
        // Nothing of it reaches the browser's pipe.
        command
            .args(["companion", "refresh"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        #[cfg(windows)]
        {
            use std::os::windows::process::CommandExt;
            // CREATE_NO_WINDOW: no console window flashes up.
            command.creation_flags(0x0800_0000);
        }
        let _ = command.spawn();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_utc() {
        assert_eq!(shown_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(shown_time(1_796_663_400), "2026-12-07 17:10 UTC");
        assert_eq!(shown_time(951_782_400), "2000-02-29 00:00 UTC");
    }

    #[test]
    fn a_record_names_only_a_copy_in_its_folder() {
        let cache = Path::new("/cache");
        let rec = |name: &str| Record {
            copy: Some(name.into()),
            ..Record::default()
        };
        assert!(copy_path(cache, &rec("0123abcd-89ef.json")).is_some());
        assert!(copy_path(cache, &rec("../../etc/passwd.json")).is_none());
        assert!(copy_path(cache, &rec("/etc/x.json")).is_none());
        assert!(copy_path(cache, &Record::default()).is_none());
    }
}
