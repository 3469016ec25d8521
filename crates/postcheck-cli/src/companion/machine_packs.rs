//! Machine packs: the packs IT (or the employee) puts in the computer's pack
//! folders, verified by the extension's rules, for every browser and the
//! command line alike.
//!
//! Each folder holds packs (`NAME.json`, each with an optional
//! `NAME.json.minisig`) and an optional `config.json` that pins publisher
//! keys per pack id:
//!
//! ```json
//! { "publishers": { "acme": "RWR5beY3X8JkfBpJ6XAU2h7KKox7z3PAy3CvDooCWfYadectBbDJr837" } }
//! ```
//!
//! A pack whose id has a pinned key is taken only with a valid signature by
//! that key whose trusted comment names its id and version; every pack must
//! load and its examples pass. The last good copy of each pack id is kept in
//! a cache folder: a broken, refused or older file keeps that copy and says why.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use postcheck_core::CompiledPack;
use postcheck_core::format::limits::MAX_PACK_BYTES;
use postcheck_core::format::signature::{self, MAX_SIGNATURE_BYTES, PublicKey, Signature};
use sha2::{Digest, Sha256};

use super::places::{PackFolder, Places, shown};
use super::sources;

/// The configuration file of a pack folder.
pub const CONFIG_FILE: &str = "config.json";

/// The most machine packs a computer may have (all folders together); more
/// are refused, so that memory stays bounded (each pack is at most 16 MB).
pub const MAX_MACHINE_PACKS: usize = 32;

/// The largest configuration file read.
const MAX_CONFIG_BYTES: u64 = 256 * 1024;

/// What became of a pack file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackState {
    /// The file's pack is verified and used.
    Ok,
    /// The file was refused (broken, wrongly signed, or older), and the last
    /// good copy of its pack id, from the cache, is used instead.
    Previous,
    /// The file was refused and no good copy is known: the pack is not used.
    Refused,
}

impl PackState {
    /// The word in answers and in `status`.
    pub fn word(self) -> &'static str {
        match self {
            PackState::Ok => "ok",
            PackState::Previous => "previous",
            PackState::Refused => "refused",
        }
    }
}

/// A verified pack, ready to use.
pub struct Accepted {
    /// The pack's JSON text, exactly as verified.
    pub text: String,
    /// The compiled pack.
    pub pack: CompiledPack,
    /// SHA-256 of the text, in lowercase hexadecimal.
    pub sha256: String,
    /// The signer's key id (16 hexadecimal digits) when a pinned key checked it.
    pub signer: Option<String>,
    /// Whether it comes from the cache (the last good copy).
    pub from_cache: bool,
}

/// One pack file and what became of it.
pub struct MachinePack {
    /// The file.
    pub file: PathBuf,
    /// The kind of its folder: `variable`, `system` or `user`.
    pub folder: &'static str,
    /// What became of it.
    pub state: PackState,
    /// Why it was refused, or other things to know, in plain words.
    pub problems: Vec<String>,
    /// The pack used for it (the file's, or the cache's for [`PackState::Previous`]).
    pub accepted: Option<Accepted>,
}

/// A pack folder and what was found there besides packs.
pub struct FolderReport {
    /// The folder.
    pub folder: PackFolder,
    /// Whether it exists.
    pub exists: bool,
    /// Problems of the folder or of its configuration file.
    pub problems: Vec<String>,
    /// Pack addresses the configuration lists (`sources`), fetched by
    /// `companion refresh` (see [`super::sources`]).
    pub sources: Vec<String>,
}

/// Everything the companion knows of the computer's packs.
pub struct MachinePacks {
    /// The folders read, in order.
    pub folders: Vec<FolderReport>,
    /// The pack files, in the order read (system folder first, then by file name).
    pub packs: Vec<MachinePack>,
    /// The cache folder.
    pub cache: PathBuf,
}

impl MachinePacks {
    /// The packs in use (state ok or previous), in order.
    pub fn usable(&self) -> impl Iterator<Item = (&MachinePack, &Accepted)> {
        self.packs
            .iter()
            .filter_map(|p| p.accepted.as_ref().map(|a| (p, a)))
    }
}

/// A pinned key: the key, or why the configuration's text is not one.
type Pin = Result<PublicKey, String>;

/// SHA-256 of `bytes` in lowercase hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares two pack versions as the extension does (`compareVersions`):
/// dot- or dash-separated numbers, part by part, a missing part counting as
/// 0; `None` when either has anything else in it.
pub fn compare_versions(a: &str, b: &str) -> Option<std::cmp::Ordering> {
    fn parts(v: &str) -> Option<Vec<u64>> {
        v.split(['.', '-'])
            .map(|p| {
                (!p.is_empty() && p.len() <= 15 && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect()
    }
    let (x, y) = (parts(a)?, parts(b)?);
    for i in 0..x.len().max(y.len()) {
        let order = x
            .get(i)
            .copied()
            .unwrap_or(0)
            .cmp(&y.get(i).copied().unwrap_or(0));
        if order.is_ne() {
            return Some(order);
        }
    }
    Some(std::cmp::Ordering::Equal)
}

/// Reads at most `limit` bytes and one more (to tell a file over the limit).
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `path` with `suffix` added to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Reads a folder's configuration into `pins` (a pin already set by an
/// earlier folder stays) and gives its problems and sources.
fn read_config(
    folder: &Path,
    pins: &mut BTreeMap<String, (Pin, PathBuf)>,
) -> (Vec<String>, Vec<String>) {
    let path = folder.join(CONFIG_FILE);
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    let bytes = match read_bounded(&path, MAX_CONFIG_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (problems, sources),
        Err(e) => {
            problems.push(format!("{}: cannot be read: {e}", shown(&path)));
            return (problems, sources);
        }
    };
    let place = shown(&path);
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        problems.push(format!(
            "{place}: the file is larger than {} KB; a configuration is a few lines",
            MAX_CONFIG_BYTES / 1024
        ));
        return (problems, sources);
    }
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            problems.push(format!(
                "{place}: not valid JSON ({e}); no key is pinned by it, so every pack it should protect is refused"
            ));
            // An unreadable configuration must not unpin keys silently: the
            // packs of this folder are refused (see `load_with`).
            pins.insert(
                String::from("*"),
                (Err(format!("{place} cannot be read")), path.clone()),
            );
            return (problems, sources);
        }
    };
    let Some(object) = value.as_object() else {
        problems.push(format!(
            "{place}: the file must be a JSON object such as {{\"publishers\": {{\"acme\": \"RW...\"}}}}"
        ));
        return (problems, sources);
    };
    for (key, field) in object {
        match key.as_str() {
            "publishers" => {
                let Some(map) = field.as_object() else {
                    problems.push(format!(
                        "{place}: $.publishers must map pack ids to public keys, e.g. {{\"acme\": \"RW...\"}}"
                    ));
                    continue;
                };
                for (id, key_text) in map {
                    let pin = match key_text.as_str() {
                        Some(text) => PublicKey::parse(text).map_err(|e| {
                            format!(
                                "{place}: $.publishers.{}: {e}; fix: give the publisher's public key line (RW...) or the whole NAME.pub text",
                                crate::terminal::escape(id)
                            )
                        }),
                        None => Err(format!(
                            "{place}: $.publishers.{}: a public key is a text (RW...)",
                            crate::terminal::escape(id)
                        )),
                    };
                    if let Err(e) = &pin {
                        problems.push(e.clone());
                    }
                    if let Some((_, earlier)) = pins.get(id) {
                        problems.push(format!(
                            "{place}: $.publishers.{}: the key for this pack is already pinned by {}, which comes first; this one is not used",
                            crate::terminal::escape(id),
                            shown(earlier)
                        ));
                    } else {
                        pins.insert(id.clone(), (pin, path.clone()));
                    }
                }
            }
            "sources" => match field.as_array() {
                Some(list) => {
                    for item in list {
                        match item.as_str() {
                            Some(url) => sources.push(url.to_string()),
                            None => problems.push(format!(
                                "{place}: $.sources: each source is an https address in quotes"
                            )),
                        }
                    }
                }
                None => problems.push(format!(
                    "{place}: $.sources must be a list of https addresses"
                )),
            },
            other => problems.push(format!(
                "{place}: $.{}: unknown setting, ignored; the settings are \"publishers\" and \"sources\"",
                crate::terminal::escape(other)
            )),
        }
    }
    (problems, sources)
}

/// The id a pack's JSON names, read without loading it (to find its pinned key).
fn peek_id(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        id: Option<serde_json::Value>,
    }
    serde_json::from_str::<Head>(text)
        .ok()
        .and_then(|h| h.id)
        .and_then(|v| v.as_str().map(str::to_string))
}

/// The pins in force: the key pinned for `id`, and whether an unreadable
/// configuration asks to refuse every pack.
pub struct Pins<'a>(&'a BTreeMap<String, (Pin, PathBuf)>);

impl Pins<'_> {
    fn get(&self, id: &str) -> Option<&Pin> {
        self.0
            .get(id)
            .or_else(|| self.0.get("*"))
            .map(|(pin, _)| pin)
    }
}

/// Checks the signature of `bytes` against a pinned key; gives the signer's key id.
fn check_signature(
    bytes: &[u8],
    signature_text: Option<&str>,
    signature_path: &Path,
    id: &str,
    pin: &Pin,
) -> Result<String, String> {
    let key = pin.as_ref().map_err(|e| {
        format!("the publisher key pinned for the pack id \"{id}\" is unusable ({e}), so the pack is refused")
    })?;
    let text = signature_text.ok_or_else(|| {
        format!(
            "the pack id \"{id}\" has a pinned publisher key {}, but the pack has no signature ({} is missing); fix: put the publisher's .minisig file next to the pack",
            key.key_id(),
            shown(signature_path)
        )
    })?;
    let sig = Signature::parse(text)
        .map_err(|e| format!("{}: {e}; fix: {}", shown(signature_path), e.fix()))?;
    signature::verify(bytes, &sig, key)
        .map(|v| v.key_id.to_string())
        .map_err(|e| match e {
            signature::SignatureError::BadSignature => "the signature does not match: the pack or its signature was changed after signing; fix: get the pack and its signature again from the publisher".to_string(),
            e => format!("{e}; fix: {}", e.fix()),
        })
}

/// Verifies one pack (its bytes and signature) by the extension's rules.
pub fn verify(
    bytes: Vec<u8>,
    signature_text: Option<&str>,
    signature_path: &Path,
    pins: &Pins<'_>,
) -> Result<Accepted, String> {
    if bytes.len() > MAX_PACK_BYTES {
        return Err(format!(
            "the file is larger than {} MB, the most a pack may have",
            MAX_PACK_BYTES / 1_048_576
        ));
    }
    let sha256 = sha256_hex(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    // A pinned key is checked before the pack is read as a pack.
    let mut signer = None;
    let peeked = peek_id(&text);
    if let Some(id) = &peeked
        && let Some(pin) = pins.get(id)
    {
        signer = Some(check_signature(
            text.as_bytes(),
            signature_text,
            signature_path,
            id,
            pin,
        )?);
    }
    let pack = CompiledPack::from_json(&text).map_err(|e| {
        let n = e.errors().count();
        let first = e
            .problems
            .iter()
            .find(|p| matches!(p.severity, postcheck_core::Severity::Error))
            .map(|p| {
                let line = p.line.map(|l| format!("line {l}, ")).unwrap_or_default();
                format!("{line}{}: {}", p.path, p.message)
            })
            .unwrap_or_default();
        format!(
            "the pack does not load ({n} problem{}; first: {first}); fix: run `postcheck pack lint` on it",
            if n == 1 { "" } else { "s" }
        )
    })?;
    let manifest = pack.manifest();
    if let Some(pin) = pins.get(&manifest.id) {
        if peeked.as_deref() != Some(manifest.id.as_str()) {
            signer = Some(check_signature(
                text.as_bytes(),
                signature_text,
                signature_path,
                &manifest.id,
                pin,
            )?);
        }
        // The signature must name this pack and version.
        if let Some(sig_text) = signature_text
            && let Ok(sig) = Signature::parse(sig_text)
        {
            signature::check_trusted_comment(
                sig.trusted_comment(),
                &manifest.id,
                &manifest.version,
            )
            .map_err(|e| format!("{e}; fix: {}", e.fix()))?;
        }
    }
    Ok(Accepted {
        text,
        pack,
        sha256,
        signer,
        from_cache: false,
    })
}

/// Reads and verifies the pack at `file` with its `.minisig`.
pub fn verify_file(file: &Path, pins: &Pins<'_>) -> Result<Accepted, String> {
    let bytes =
        read_bounded(file, MAX_PACK_BYTES as u64).map_err(|e| format!("cannot be read: {e}"))?;
    let signature_path = with_suffix(file, ".minisig");
    let signature_text = match read_bounded(&signature_path, MAX_SIGNATURE_BYTES as u64) {
        Ok(b) if b.len() <= MAX_SIGNATURE_BYTES => Some(String::from_utf8_lossy(&b).into_owned()),
        Ok(_) => {
            return Err(format!(
                "{}: larger than a signature may be",
                shown(&signature_path)
            ));
        }
        Err(_) => None,
    };
    verify(bytes, signature_text.as_deref(), &signature_path, pins)
}

/// The cache of the last good copy of each pack id: `ID.json`,
/// `ID.json.minisig` (when signed) and `ID.source` (the file it came from).
struct Cache<'a> {
    folder: &'a Path,
}

impl Cache<'_> {
    fn pack_path(&self, id: &str) -> PathBuf {
        self.folder.join(format!("{id}.json"))
    }

    /// The pack id whose cached copy came from `file`.
    fn id_of_source(&self, file: &Path) -> Option<String> {
        let entries = std::fs::read_dir(self.folder).ok()?;
        for entry in entries.flatten().take(1000) {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "source")
                && read_bounded(&path, 4096).ok().as_deref()
                    == Some(file.as_os_str().as_encoded_bytes())
            {
                return path.file_stem().map(|s| s.to_string_lossy().into_owned());
            }
        }
        None
    }

    /// The cached copy of `id`, verified again under today's pins.
    fn get(&self, id: &str, pins: &Pins<'_>) -> Option<Accepted> {
        let path = self.pack_path(id);
        if !path.exists() {
            return None;
        }
        let mut accepted = verify_file(&path, pins).ok()?;
        (accepted.pack.manifest().id == id).then(|| {
            accepted.from_cache = true;
            accepted
        })
    }

    /// Keeps `accepted` (from `file`, read from `stored`) as the good copy of its id.
    fn put(&self, file: &Path, stored: &Path, accepted: &Accepted) -> Result<(), String> {
        let id = &accepted.pack.manifest().id;
        let path = self.pack_path(id);
        if read_bounded(&path, MAX_PACK_BYTES as u64)
            .is_ok_and(|b| sha256_hex(&b) == accepted.sha256)
        {
            return Ok(());
        }
        let failed = |e: std::io::Error| {
            format!(
                "cannot keep a copy in the cache {}: {e}; the pack is used, but a broken file later cannot fall back to it",
                shown(self.folder)
            )
        };
        std::fs::create_dir_all(self.folder).map_err(failed)?;
        let signature_source = with_suffix(stored, ".minisig");
        let signature_copy = with_suffix(&path, ".minisig");
        let write = |to: &Path, bytes: &[u8]| {
            let temporary = with_suffix(to, ".new");
            std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, to))
        };
        match std::fs::read(&signature_source) {
            Ok(sig) if accepted.signer.is_some() => write(&signature_copy, &sig).map_err(failed)?,
            _ => match std::fs::remove_file(&signature_copy) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(failed(e)),
                _ => {}
            },
        }
        write(&path, accepted.text.as_bytes()).map_err(failed)?;
        write(
            &self.folder.join(format!("{id}.source")),
            file.as_os_str().as_encoded_bytes(),
        )
        .map_err(failed)
    }
}

/// The pack files of a folder (`*.json` but the configuration), by name.
fn pack_files(folder: &Path) -> Result<Vec<PathBuf>, std::io::Error> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name().is_some_and(|n| n != CONFIG_FILE)
                && p.is_file()
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Reads the machine packs of this computer.
pub fn load(places: &Places) -> MachinePacks {
    load_from(&places.pack_folders(), &places.cache_folder())
}

/// Reads the machine packs of `folders` (in order), with `cache` as the cache.
pub fn load_from(folders: &[PackFolder], cache_folder: &Path) -> MachinePacks {
    let cache = Cache {
        folder: cache_folder,
    };
    let mut reports = Vec::new();
    let mut packs: Vec<MachinePack> = Vec::new();
    let mut pins_by_id = BTreeMap::new();
    for folder in folders {
        let exists = folder.path.is_dir();
        let (mut problems, sources) = if exists {
            read_config(&folder.path, &mut pins_by_id)
        } else {
            (Vec::new(), Vec::new())
        };
        let files = if exists {
            pack_files(&folder.path).unwrap_or_else(|e| {
                problems.push(format!("{}: cannot be read: {e}", shown(&folder.path)));
                Vec::new()
            })
        } else {
            Vec::new()
        };
        let pins = Pins(&pins_by_id);
        for file in files {
            let mut pack = MachinePack {
                file: file.clone(),
                folder: folder.kind,
                state: PackState::Refused,
                problems: Vec::new(),
                accepted: None,
            };
            if packs.len() >= MAX_MACHINE_PACKS {
                pack.problems.push(format!(
                    "more than {MAX_MACHINE_PACKS} pack files on this computer; this one is not read"
                ));
                packs.push(pack);
                continue;
            }
            decide(
                &mut pack,
                verify_file(&file, &pins),
                &file,
                &cache,
                &pins,
                &packs,
            );
            packs.push(pack);
        }
        for url in sources.iter().take(sources::MAX_SOURCES) {
            let mut pack = MachinePack {
                file: PathBuf::from(url),
                folder: folder.kind,
                state: PackState::Refused,
                problems: Vec::new(),
                accepted: None,
            };
            if packs.len() >= MAX_MACHINE_PACKS {
                pack.problems.push(format!(
                    "more than {MAX_MACHINE_PACKS} packs on this computer (files and sources); this source is not used"
                ));
            } else {
                decide_source(&mut pack, url, &cache, &pins, &packs);
            }
            packs.push(pack);
        }
        reports.push(FolderReport {
            folder: folder.clone(),
            exists,
            problems,
            sources,
        });
    }
    MachinePacks {
        folders: reports,
        packs,
        cache: cache_folder.to_path_buf(),
    }
}

/// Decides what a source gives: its downloaded copy (verified again), the
/// last good copy of its id, or nothing; a failed last download is said.
fn decide_source(
    pack: &mut MachinePack,
    url: &str,
    cache: &Cache<'_>,
    pins: &Pins<'_>,
    earlier: &[MachinePack],
) {
    let record = sources::record(cache.folder, url);
    let stored = sources::copy_path(cache.folder, &record);
    let fresh = match &stored {
        Some(path) if path.is_file() => verify_file(path, pins),
        _ if !record.problems.is_empty() => Err(record.problems.join("; ")),
        _ => Err("not downloaded yet; fix: run `postcheck companion refresh` (IT schedules it, see docs/companion.md)".into()),
    };
    let downloaded = fresh.is_ok();
    let stored = stored.unwrap_or_else(|| PathBuf::from(url));
    decide(pack, fresh, &stored, cache, pins, earlier);
    if downloaded && !record.problems.is_empty() {
        let when = record.last_try.map(sources::shown_time).unwrap_or_default();
        let since = record
            .last_success
            .map(|t| format!(" (downloaded {})", sources::shown_time(t)))
            .unwrap_or_default();
        for why in &record.problems {
            pack.problems
                .push(format!("the download of {when} was refused: {why}"));
        }
        if pack.state == PackState::Ok {
            pack.state = PackState::Previous;
            pack.problems
                .push(format!("the previous good copy{since} is used"));
        }
    }
}

/// Calls `each` with every source of the configurations of `folders` (in
/// order, at most [`sources::MAX_SOURCES`]) and the pins in force for it.
pub fn with_sources(folders: &[PackFolder], mut each: impl FnMut(sources::Listed, &Pins<'_>)) {
    let mut pins_by_id = BTreeMap::new();
    let mut count = 0;
    for folder in folders {
        if !folder.path.is_dir() {
            continue;
        }
        let (_, listed) = read_config(&folder.path, &mut pins_by_id);
        let pins = Pins(&pins_by_id);
        for url in listed {
            if count >= sources::MAX_SOURCES {
                return;
            }
            count += 1;
            each(
                sources::Listed {
                    url,
                    folder: folder.kind,
                },
                &pins,
            );
        }
    }
}

/// Decides what a pack file gives: its own pack, the cached copy, or nothing.
/// `stored` is where its bytes are (the file itself, or a source's download).
fn decide(
    pack: &mut MachinePack,
    fresh: Result<Accepted, String>,
    stored: &Path,
    cache: &Cache<'_>,
    pins: &Pins<'_>,
    earlier: &[MachinePack],
) {
    let id = match &fresh {
        Ok(a) => Some(a.pack.manifest().id.clone()),
        Err(_) => read_bounded(stored, MAX_PACK_BYTES as u64)
            .ok()
            .filter(|b| b.len() <= MAX_PACK_BYTES)
            .and_then(|b| peek_id(&String::from_utf8_lossy(&b)))
            .or_else(|| cache.id_of_source(&pack.file)),
    };
    if let Some(id) = &id
        && let Some(first) = earlier.iter().find(|p| {
            p.accepted
                .as_ref()
                .is_some_and(|a| &a.pack.manifest().id == id)
        })
    {
        pack.problems.push(format!(
            "the pack id \"{id}\" is already given by {}, which comes first; this file is not used",
            shown(&first.file)
        ));
        return;
    }
    let cached = id.as_deref().and_then(|id| cache.get(id, pins));
    match (fresh, cached) {
        (Ok(new), Some(old)) => {
            let (v_new, v_old) = (&new.pack.manifest().version, &old.pack.manifest().version);
            if compare_versions(v_new, v_old) == Some(std::cmp::Ordering::Less) {
                pack.problems.push(format!(
                    "the file has version {v_new}, older than version {v_old} taken before (a downgrade); the previous copy is kept"
                ));
                pack.state = PackState::Previous;
                pack.accepted = Some(old);
            } else {
                accept(pack, new, stored, cache);
            }
        }
        (Ok(new), None) => accept(pack, new, stored, cache),
        (Err(why), Some(old)) => {
            let version = old.pack.manifest().version.clone();
            pack.problems.push(why);
            pack.problems.push(format!(
                "the previous good copy, version {version}, is used instead"
            ));
            pack.state = PackState::Previous;
            pack.accepted = Some(old);
        }
        (Err(why), None) => pack.problems.push(why),
    }
}

/// Takes a verified pack and keeps it as its id's good copy.
fn accept(pack: &mut MachinePack, new: Accepted, stored: &Path, cache: &Cache<'_>) {
    if let Err(e) = cache.put(&pack.file, stored, &new) {
        pack.problems.push(e);
    }
    pack.state = PackState::Ok;
    pack.accepted = Some(new);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::*;

    #[test]
    fn versions_compare_as_the_extension_does() {
        assert_eq!(compare_versions("2026.11.1", "2026.12.0"), Some(Less));
        assert_eq!(compare_versions("2026.12.10", "2026.12.9"), Some(Greater));
        assert_eq!(compare_versions("1.2", "1.2.0"), Some(Equal));
        assert_eq!(compare_versions("3-2", "3.1"), Some(Greater));
        assert_eq!(compare_versions("1.a", "1.0"), None);
        assert_eq!(compare_versions("1..2", "1.0"), None);
        assert_eq!(compare_versions("", "1"), None);
        assert_eq!(compare_versions("1234567890123456", "1"), None);
    }

    #[test]
    fn sha256_of_nothing() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
