//! `postcheck companion install | uninstall`: the host manifests that let the
//! browsers start the companion (native messaging).
//!
//! Each browser reads a host manifest named `ch.postcheck.companion.json`
//! from its own folder (Linux, macOS), or from the path in a registry key
//! (Windows). The manifest names the `postcheck` binary; the browser starts
//! it with the caller's origin (Chromium family) or the manifest's path and
//! the extension's id (Firefox) as arguments, which `postcheck` recognises
//! as `companion serve` (see [`super::started_by_browser`]).
//!
//! `install` records what it wrote (files, folders it created, registry
//! keys) in a receipt, and `uninstall` removes exactly that.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::Failure;
use crate::terminal::Output;

use super::places::{Os, Places, shown};
use super::{BrowserArg, CHROMIUM_EXTENSION_ID, FIREFOX_EXTENSION_ID, HOST_NAME};

/// The receipt of what `install` wrote, in the companion's state folder.
pub const RECEIPT_FILE: &str = "companion-install.json";

/// Whether `name` is a valid native messaging host name: lowercase letters,
/// digits, underscores and dots; no dot first, last or twice in a row.
pub fn valid_host_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        && !name.starts_with('.')
        && !name.ends_with('.')
        && !name.contains("..")
}

/// A browser the companion can be registered with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    /// Google Chrome.
    Chrome,
    /// Chromium.
    Chromium,
    /// Microsoft Edge.
    Edge,
    /// Brave.
    Brave,
    /// Firefox.
    Firefox,
}

impl Browser {
    /// Every browser, in the order shown.
    pub const ALL: [Browser; 5] = [
        Browser::Chrome,
        Browser::Chromium,
        Browser::Edge,
        Browser::Brave,
        Browser::Firefox,
    ];

    /// The browser's name for people.
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chrome => "Google Chrome",
            Browser::Chromium => "Chromium",
            Browser::Edge => "Microsoft Edge",
            Browser::Brave => "Brave",
            Browser::Firefox => "Firefox",
        }
    }

    /// The browsers a `--browser` value names.
    pub fn from_arg(arg: BrowserArg) -> Option<Browser> {
        match arg {
            BrowserArg::Chrome => Some(Browser::Chrome),
            BrowserArg::Chromium => Some(Browser::Chromium),
            BrowserArg::Edge => Some(Browser::Edge),
            BrowserArg::Brave => Some(Browser::Brave),
            BrowserArg::Firefox => Some(Browser::Firefox),
            BrowserArg::All => None,
        }
    }

    /// The folder of the browser's host manifests (Linux, macOS), or the
    /// folder where the companion keeps the manifest a registry key names (Windows).
    pub fn manifest_folder(self, places: &Places, system: bool) -> PathBuf {
        let config = places.config_home();
        match (places.os, system) {
            (Os::Linux, false) => match self {
                Browser::Chrome => config.join("google-chrome/NativeMessagingHosts"),
                Browser::Chromium => config.join("chromium/NativeMessagingHosts"),
                Browser::Edge => config.join("microsoft-edge/NativeMessagingHosts"),
                Browser::Brave => config.join("BraveSoftware/Brave-Browser/NativeMessagingHosts"),
                Browser::Firefox => places.in_home(".mozilla/native-messaging-hosts"),
            },
            (Os::Linux, true) => places.system(match self {
                Browser::Chrome => "/etc/opt/chrome/native-messaging-hosts",
                Browser::Chromium => "/etc/chromium/native-messaging-hosts",
                Browser::Edge => "/etc/opt/edge/native-messaging-hosts",
                Browser::Brave => "/etc/opt/brave/native-messaging-hosts",
                Browser::Firefox => "/usr/lib/mozilla/native-messaging-hosts",
            }),
            (Os::Macos, false) => config.join(match self {
                Browser::Chrome => "Google/Chrome/NativeMessagingHosts",
                Browser::Chromium => "Chromium/NativeMessagingHosts",
                Browser::Edge => "Microsoft Edge/NativeMessagingHosts",
                Browser::Brave => "BraveSoftware/Brave-Browser/NativeMessagingHosts",
                Browser::Firefox => "Mozilla/NativeMessagingHosts",
            }),
            (Os::Macos, true) => places.system(match self {
                Browser::Chrome => "/Library/Google/Chrome/NativeMessagingHosts",
                Browser::Chromium => "/Library/Application Support/Chromium/NativeMessagingHosts",
                Browser::Edge => "/Library/Microsoft/Edge/NativeMessagingHosts",
                Browser::Brave => {
                    "/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts"
                }
                Browser::Firefox => "/Library/Application Support/Mozilla/NativeMessagingHosts",
            }),
            (Os::Windows, system) => places
                .state_folder(system)
                .join("native-messaging")
                .join(self.word()),
        }
    }

    /// A short lowercase word for the browser (`--browser` and folder names).
    pub fn word(self) -> &'static str {
        match self {
            Browser::Chrome => "chrome",
            Browser::Chromium => "chromium",
            Browser::Edge => "edge",
            Browser::Brave => "brave",
            Browser::Firefox => "firefox",
        }
    }

    /// The registry key (Windows) whose default value is the manifest's path.
    pub fn registry_key(self, system: bool) -> String {
        let hive = if system { "HKLM" } else { "HKCU" };
        let vendor = match self {
            Browser::Chrome => "Google\\Chrome",
            Browser::Chromium => "Chromium",
            Browser::Edge => "Microsoft\\Edge",
            Browser::Brave => "BraveSoftware\\Brave-Browser",
            Browser::Firefox => "Mozilla",
        };
        format!("{hive}\\Software\\{vendor}\\NativeMessagingHosts\\{HOST_NAME}")
    }

    /// Places whose existence shows the browser is installed (profile
    /// folders and programs).
    pub fn signs(self, places: &Places) -> Vec<PathBuf> {
        let config = places.config_home();
        match places.os {
            Os::Linux => {
                let (profile, programs): (&str, &[&str]) = match self {
                    Browser::Chrome => (
                        "google-chrome",
                        &[
                            "/usr/bin/google-chrome",
                            "/usr/bin/google-chrome-stable",
                            "/opt/google/chrome",
                        ],
                    ),
                    Browser::Chromium => (
                        "chromium",
                        &[
                            "/usr/bin/chromium",
                            "/usr/bin/chromium-browser",
                            "/usr/lib/chromium",
                        ],
                    ),
                    Browser::Edge => (
                        "microsoft-edge",
                        &[
                            "/usr/bin/microsoft-edge",
                            "/usr/bin/microsoft-edge-stable",
                            "/opt/microsoft/msedge",
                        ],
                    ),
                    Browser::Brave => (
                        "BraveSoftware/Brave-Browser",
                        &["/usr/bin/brave-browser", "/opt/brave.com/brave"],
                    ),
                    Browser::Firefox => (
                        "",
                        &[
                            "/usr/bin/firefox",
                            "/usr/lib/firefox",
                            "/usr/lib/firefox-esr",
                            "/usr/bin/firefox-esr",
                        ],
                    ),
                };
                let mut out: Vec<PathBuf> = programs.iter().map(|p| places.system(p)).collect();
                out.push(if self == Browser::Firefox {
                    places.in_home(".mozilla/firefox")
                } else {
                    config.join(profile)
                });
                out
            }
            Os::Macos => {
                let (app, profile) = match self {
                    Browser::Chrome => ("Google Chrome.app", "Google/Chrome"),
                    Browser::Chromium => ("Chromium.app", "Chromium"),
                    Browser::Edge => ("Microsoft Edge.app", "Microsoft Edge"),
                    Browser::Brave => ("Brave Browser.app", "BraveSoftware/Brave-Browser"),
                    Browser::Firefox => ("Firefox.app", "Firefox"),
                };
                vec![
                    places.system("/Applications").join(app),
                    places.in_home("Applications").join(app),
                    config.join(profile),
                ]
            }
            Os::Windows => {
                let local = places
                    .var("LOCALAPPDATA")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| places.in_home("AppData\\Local"));
                vec![match self {
                    Browser::Chrome => local.join("Google\\Chrome\\User Data"),
                    Browser::Chromium => local.join("Chromium\\User Data"),
                    Browser::Edge => local.join("Microsoft\\Edge\\User Data"),
                    Browser::Brave => local.join("BraveSoftware\\Brave-Browser\\User Data"),
                    Browser::Firefox => config.join("Mozilla\\Firefox"),
                }]
            }
        }
    }

    /// Whether the browser seems installed.
    pub fn found(self, places: &Places) -> bool {
        self.signs(places).iter().any(|p| p.exists())
    }
}

/// The host manifest for `browser`, naming the program at `program`.
pub fn manifest_json(browser: Browser, program: &Path) -> Value {
    let mut manifest = json!({
        "name": HOST_NAME,
        "description": "postcheck companion: this computer's rule packs for the postcheck extension (never receives a draft)",
        "path": program.display().to_string(),
        "type": "stdio",
    });
    if let Some(object) = manifest.as_object_mut() {
        if browser == Browser::Firefox {
            object.insert("allowed_extensions".into(), json!([FIREFOX_EXTENSION_ID]));
        } else {
            object.insert(
                "allowed_origins".into(),
                json!([format!("chrome-extension://{CHROMIUM_EXTENSION_ID}/")]),
            );
        }
    }
    manifest
}

/// The Windows registry, as far as the companion uses it: one key's default value.
pub trait Registry {
    /// Sets the default value of `key` (created with its parents).
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;
    /// The default value of `key`, when it exists.
    fn get(&self, key: &str) -> Option<String>;
    /// Deletes `key`.
    fn delete(&mut self, key: &str) -> Result<(), String>;
}

/// The real registry, through Windows' own `reg.exe`.
pub struct RegExe;

impl Registry for RegExe {
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let out = std::process::Command::new("reg")
            .args(["add", key, "/ve", "/t", "REG_SZ", "/d", value, "/f"])
            .output()
            .map_err(|e| format!("cannot run reg.exe: {e}"))?;
        out.status.success().then_some(()).ok_or_else(|| {
            format!(
                "cannot write the registry key {key}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )
        })
    }

    fn get(&self, key: &str) -> Option<String> {
        let out = std::process::Command::new("reg")
            .args(["query", key, "/ve"])
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines()
            .find_map(|l| l.split_once("REG_SZ").map(|(_, v)| v.trim().to_string()))
    }

    fn delete(&mut self, key: &str) -> Result<(), String> {
        let out = std::process::Command::new("reg")
            .args(["delete", key, "/f"])
            .output()
            .map_err(|e| format!("cannot run reg.exe: {e}"))?;
        out.status.success().then_some(()).ok_or_else(|| {
            format!(
                "cannot delete the registry key {key}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )
        })
    }
}

/// What `install` wrote: files, the folders it created, registry keys.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Receipt {
    /// Host manifests written.
    pub files: Vec<PathBuf>,
    /// Folders created (parents before children).
    pub folders: Vec<PathBuf>,
    /// Registry keys written (Windows).
    pub registry: Vec<String>,
}

impl Receipt {
    fn to_json(&self) -> Value {
        let paths = |list: &[PathBuf]| -> Vec<String> {
            list.iter().map(|p| p.display().to_string()).collect()
        };
        json!({
            "files": paths(&self.files),
            "folders": paths(&self.folders),
            "registry": self.registry,
        })
    }

    fn from_json(value: &Value) -> Receipt {
        let strings = |name: &str| -> Vec<String> {
            value
                .get(name)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        Receipt {
            files: strings("files").into_iter().map(PathBuf::from).collect(),
            folders: strings("folders").into_iter().map(PathBuf::from).collect(),
            registry: strings("registry"),
        }
    }

    fn merge(&mut self, other: Receipt) {
        for f in other.files {
            if !self.files.contains(&f) {
                self.files.push(f);
            }
        }
        for f in other.folders {
            if !self.folders.contains(&f) {
                self.folders.push(f);
            }
        }
        for k in other.registry {
            if !self.registry.contains(&k) {
                self.registry.push(k);
            }
        }
    }
}

/// Creates `folder` and its missing parents; records those it created.
fn create_folder(folder: &Path, created: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut missing = Vec::new();
    let mut at = Some(folder);
    while let Some(p) = at {
        if p.as_os_str().is_empty() || p.exists() {
            break;
        }
        missing.push(p.to_path_buf());
        at = p.parent();
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("cannot create the folder {}: {e}", shown(folder)))?;
    created.extend(missing.into_iter().rev());
    Ok(())
}

/// The receipt's path.
fn receipt_path(places: &Places, system: bool) -> PathBuf {
    places.state_folder(system).join(RECEIPT_FILE)
}

/// Reads the receipt of an earlier install, if any.
pub fn read_receipt(places: &Places, system: bool) -> Option<Receipt> {
    let text = std::fs::read_to_string(receipt_path(places, system)).ok()?;
    serde_json::from_str::<Value>(&text)
        .ok()
        .map(|v| Receipt::from_json(&v))
}

/// Whether the file at `path` is a host manifest of the companion.
pub fn is_our_manifest(path: &Path) -> bool {
    std::fs::read(path)
        .ok()
        .filter(|b| b.len() < 64 * 1024)
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .is_some_and(|v| v.get("name").and_then(Value::as_str) == Some(HOST_NAME))
}

/// The manifest file of `browser`.
pub fn manifest_path(browser: Browser, places: &Places, system: bool) -> PathBuf {
    browser
        .manifest_folder(places, system)
        .join(format!("{HOST_NAME}.json"))
}

/// Registers the companion (at `program`) with `browsers`; gives what was written.
pub fn install(
    places: &Places,
    browsers: &[Browser],
    system: bool,
    program: &Path,
    registry: &mut dyn Registry,
) -> Result<Receipt, String> {
    if !valid_host_name(HOST_NAME) {
        return Err(format!(
            "the host name {HOST_NAME} is not one the browsers accept"
        ));
    }
    if !program.is_absolute() {
        return Err(format!(
            "the program path {} is not absolute; the browsers need the full path",
            shown(program)
        ));
    }
    let mut receipt = Receipt::default();
    for browser in browsers {
        let folder = browser.manifest_folder(places, system);
        create_folder(&folder, &mut receipt.folders)?;
        let path = manifest_path(*browser, places, system);
        let text = serde_json::to_string_pretty(&manifest_json(*browser, program))
            .map_err(|e| e.to_string())?;
        std::fs::write(&path, format!("{text}\n"))
            .map_err(|e| format!("cannot write {}: {e}", shown(&path)))?;
        receipt.files.push(path.clone());
        if places.os == Os::Windows {
            let key = browser.registry_key(system);
            registry.set(&key, &path.display().to_string())?;
            receipt.registry.push(key);
        }
    }
    let receipt_file = receipt_path(places, system);
    let mut all = read_receipt(places, system).unwrap_or_default();
    if let Some(parent) = receipt_file.parent() {
        create_folder(parent, &mut receipt.folders)?;
    }
    all.merge(Receipt {
        files: receipt.files.clone(),
        folders: receipt.folders.clone(),
        registry: receipt.registry.clone(),
    });
    let text = serde_json::to_string_pretty(&all.to_json()).map_err(|e| e.to_string())?;
    std::fs::write(&receipt_file, format!("{text}\n"))
        .map_err(|e| format!("cannot write {}: {e}", shown(&receipt_file)))?;
    Ok(receipt)
}

/// Removes what `install` wrote (from its receipt; without one, the
/// companion's manifests in the browsers' places). Gives what was removed.
pub fn uninstall(
    places: &Places,
    system: bool,
    registry: &mut dyn Registry,
) -> Result<Vec<String>, String> {
    let receipt_file = receipt_path(places, system);
    let receipt = read_receipt(places, system).unwrap_or_else(|| Receipt {
        files: Browser::ALL
            .iter()
            .map(|b| manifest_path(*b, places, system))
            .collect(),
        folders: Vec::new(),
        registry: if places.os == Os::Windows {
            Browser::ALL
                .iter()
                .map(|b| b.registry_key(system))
                .collect()
        } else {
            Vec::new()
        },
    });
    let mut removed = Vec::new();
    for key in &receipt.registry {
        if registry.get(key).is_some() {
            registry.delete(key)?;
            removed.push(format!("registry key {key}"));
        }
    }
    for file in &receipt.files {
        if is_our_manifest(file) {
            std::fs::remove_file(file)
                .map_err(|e| format!("cannot remove {}: {e}", shown(file)))?;
            removed.push(shown(file));
        }
    }
    if receipt_file.exists() {
        std::fs::remove_file(&receipt_file)
            .map_err(|e| format!("cannot remove {}: {e}", shown(&receipt_file)))?;
        removed.push(shown(&receipt_file));
    }
    // Folders install created, children first, only when empty.
    for folder in receipt.folders.iter().rev() {
        if std::fs::remove_dir(folder).is_ok() {
            removed.push(shown(folder));
        }
    }
    Ok(removed)
}

/// The registry of this computer (Windows), or none elsewhere.
pub fn this_registry(places: &Places) -> Box<dyn Registry> {
    if places.os == Os::Windows {
        Box::new(RegExe)
    } else {
        Box::new(NoRegistry)
    }
}

/// No registry (Linux, macOS).
pub struct NoRegistry;

impl Registry for NoRegistry {
    fn set(&mut self, key: &str, _: &str) -> Result<(), String> {
        Err(format!("no registry on this system to write {key}"))
    }
    fn get(&self, _: &str) -> Option<String> {
        None
    }
    fn delete(&mut self, _: &str) -> Result<(), String> {
        Ok(())
    }
}

/// `companion install`.
pub fn install_command(
    places: &Places,
    browser: BrowserArg,
    system: bool,
) -> Result<ExitCode, Failure> {
    let browsers: Vec<Browser> = match Browser::from_arg(browser) {
        Some(b) => vec![b],
        None => Browser::ALL
            .into_iter()
            .filter(|b| b.found(places))
            .collect(),
    };
    if browsers.is_empty() {
        return Err(Failure::Message(
            "no browser found on this computer (Chrome, Chromium, Edge, Brave, Firefox); name one with --browser".into(),
        ));
    }
    let program = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| format!("cannot find the path of this program: {e}"))?;
    let mut registry = this_registry(places);
    let receipt = install(places, &browsers, system, &program, registry.as_mut())?;
    let mut out = Output::stdout();
    for (browser, file) in browsers.iter().zip(&receipt.files) {
        out.line(&format!("{}: {}", browser.name(), shown(file)))?;
    }
    for key in &receipt.registry {
        out.line(&format!("registry: {key}"))?;
    }
    out.line(&format!(
        "The browsers start {} for the postcheck extension; restart them to pick it up. Machine packs go in: {}",
        shown(&program),
        places
            .pack_folders()
            .iter()
            .map(|f| shown(&f.path))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// `companion uninstall`.
pub fn uninstall_command(places: &Places, system: bool) -> Result<ExitCode, Failure> {
    let mut registry = this_registry(places);
    let removed = uninstall(places, system, registry.as_mut())?;
    let mut out = Output::stdout();
    if removed.is_empty() {
        out.line("Nothing to remove: the companion is not registered here.")?;
    }
    for r in &removed {
        out.line(&format!("removed {r}"))?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use std::collections::BTreeMap;

    /// A registry in memory.
    #[derive(Default)]
    pub struct FakeRegistry(pub BTreeMap<String, String>);

    impl Registry for FakeRegistry {
        fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
            self.0.insert(key.to_string(), value.to_string());
            Ok(())
        }
        fn get(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn delete(&mut self, key: &str) -> Result<(), String> {
            self.0.remove(key);
            Ok(())
        }
    }

    fn fake(name: &str, os: Os) -> Places {
        let dir = std::env::temp_dir().join(format!(
            "postcheck-install-unit-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("home")).unwrap();
        std::fs::create_dir_all(dir.join("root")).unwrap();
        let mut vars = BTreeMap::new();
        if os == Os::Windows {
            for (k, v) in [
                ("APPDATA", "home/AppData/Roaming"),
                ("LOCALAPPDATA", "home/AppData/Local"),
                ("PROGRAMDATA", "root/ProgramData"),
            ] {
                vars.insert(k.to_string(), dir.join(v).display().to_string());
            }
        }
        Places {
            os,
            home: dir.join("home"),
            root: dir.join("root"),
            vars,
        }
    }

    /// Every file and folder under `dir`, relative.
    fn tree(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
                if p.is_dir() {
                    stack.push(p);
                }
            }
        }
        out.sort();
        out
    }

    const PROGRAM: &str = "/opt/postcheck/bin/postcheck";

    #[test]
    fn manifests_for_each_browser_on_linux_and_macos_per_user_and_system() {
        let expected: [(Os, bool, [&str; 5]); 4] = [
            (
                Os::Linux,
                false,
                [
                    "home/.config/google-chrome/NativeMessagingHosts",
                    "home/.config/chromium/NativeMessagingHosts",
                    "home/.config/microsoft-edge/NativeMessagingHosts",
                    "home/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
                    "home/.mozilla/native-messaging-hosts",
                ],
            ),
            (
                Os::Linux,
                true,
                [
                    "root/etc/opt/chrome/native-messaging-hosts",
                    "root/etc/chromium/native-messaging-hosts",
                    "root/etc/opt/edge/native-messaging-hosts",
                    "root/etc/opt/brave/native-messaging-hosts",
                    "root/usr/lib/mozilla/native-messaging-hosts",
                ],
            ),
            (
                Os::Macos,
                false,
                [
                    "home/Library/Application Support/Google/Chrome/NativeMessagingHosts",
                    "home/Library/Application Support/Chromium/NativeMessagingHosts",
                    "home/Library/Application Support/Microsoft Edge/NativeMessagingHosts",
                    "home/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts",
                    "home/Library/Application Support/Mozilla/NativeMessagingHosts",
                ],
            ),
            (
                Os::Macos,
                true,
                [
                    "root/Library/Google/Chrome/NativeMessagingHosts",
                    "root/Library/Application Support/Chromium/NativeMessagingHosts",
                    "root/Library/Microsoft/Edge/NativeMessagingHosts",
                    "root/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts",
                    "root/Library/Application Support/Mozilla/NativeMessagingHosts",
                ],
            ),
        ];
        for (os, system, folders) in expected {
            let places = fake(&format!("{os:?}-{system}"), os);
            let base = places.home.parent().unwrap().to_path_buf();
            let before = tree(&base);
            let receipt = install(
                &places,
                &Browser::ALL,
                system,
                Path::new(PROGRAM),
                &mut NoRegistry,
            )
            .unwrap();
            for (browser, folder) in Browser::ALL.iter().zip(folders) {
                let file = base.join(folder).join("ch.postcheck.companion.json");
                assert!(receipt.files.contains(&file), "{os:?} {system} {browser:?}");
                let manifest: Value =
                    serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
                assert_eq!(manifest["name"], HOST_NAME);
                assert_eq!(manifest["path"], PROGRAM);
                assert_eq!(manifest["type"], "stdio");
                if *browser == Browser::Firefox {
                    assert_eq!(
                        manifest["allowed_extensions"],
                        json!(["postcheck@postcheck.invalid"])
                    );
                    assert!(manifest.get("allowed_origins").is_none());
                } else {
                    assert_eq!(
                        manifest["allowed_origins"],
                        json!(["chrome-extension://gjpblondocmnkbomdcedjpbjekfmadac/"])
                    );
                    assert!(manifest.get("allowed_extensions").is_none());
                }
            }
            assert!(read_receipt(&places, system).is_some());
            let removed = uninstall(&places, system, &mut NoRegistry).unwrap();
            assert!(removed.len() >= 6, "{removed:?}");
            assert_eq!(
                tree(&base),
                before,
                "{os:?} {system}: uninstall removes exactly what install wrote"
            );
        }
    }

    #[test]
    fn uninstall_keeps_what_it_did_not_write() {
        let places = fake("keeps", Os::Linux);
        let folder = Browser::Chromium.manifest_folder(&places, false);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("other.host.json"), "{\"name\":\"other.host\"}").unwrap();
        let base = places.home.parent().unwrap().to_path_buf();
        let before = tree(&base);
        install(
            &places,
            &[Browser::Chromium],
            false,
            Path::new(PROGRAM),
            &mut NoRegistry,
        )
        .unwrap();
        uninstall(&places, false, &mut NoRegistry).unwrap();
        assert_eq!(tree(&base), before);
        // A second install, then a file of the user's own in a folder
        // install created: the folder stays.
        install(
            &places,
            &[Browser::Firefox],
            false,
            Path::new(PROGRAM),
            &mut NoRegistry,
        )
        .unwrap();
        let firefox = Browser::Firefox.manifest_folder(&places, false);
        std::fs::write(firefox.join("mine.json"), "{}").unwrap();
        uninstall(&places, false, &mut NoRegistry).unwrap();
        assert!(firefox.join("mine.json").exists());
        assert!(!firefox.join("ch.postcheck.companion.json").exists());
    }

    #[test]
    fn windows_registry_keys_through_a_fake() {
        for system in [false, true] {
            let places = fake(&format!("windows-{system}"), Os::Windows);
            let mut registry = FakeRegistry::default();
            let base = places.home.parent().unwrap().to_path_buf();
            let before = tree(&base);
            let receipt = install(
                &places,
                &Browser::ALL,
                system,
                Path::new(PROGRAM),
                &mut registry,
            )
            .unwrap();
            let hive = if system { "HKLM" } else { "HKCU" };
            let keys: Vec<&String> = registry.0.keys().collect();
            assert_eq!(
                keys,
                [
                    format!("{hive}\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\ch.postcheck.companion"),
                    format!("{hive}\\Software\\Chromium\\NativeMessagingHosts\\ch.postcheck.companion"),
                    format!("{hive}\\Software\\Google\\Chrome\\NativeMessagingHosts\\ch.postcheck.companion"),
                    format!("{hive}\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\ch.postcheck.companion"),
                    format!("{hive}\\Software\\Mozilla\\NativeMessagingHosts\\ch.postcheck.companion"),
                ]
                .iter()
                .collect::<Vec<_>>()
            );
            for (file, key) in receipt.files.iter().zip(&receipt.registry) {
                assert_eq!(registry.0[key], file.display().to_string());
                assert!(is_our_manifest(file));
            }
            registry
                .0
                .insert("HKCU\\Software\\Other".into(), "x".into());
            uninstall(&places, system, &mut registry).unwrap();
            assert_eq!(registry.0.len(), 1, "only the key install wrote is gone");
            assert_eq!(tree(&base), before);
        }
    }

    #[test]
    fn host_names() {
        assert!(valid_host_name("ch.postcheck.companion"));
        assert!(valid_host_name("com.my_company.host2"));
        for bad in ["", "Ch.postcheck", ".a", "a.", "a..b", "a-b", "a b"] {
            assert!(!valid_host_name(bad), "{bad}");
        }
    }

    #[test]
    fn browsers_are_found_by_their_profile_or_program() {
        let places = fake("found", Os::Linux);
        assert!(Browser::ALL.iter().all(|b| !b.found(&places)));
        std::fs::create_dir_all(places.in_home(".config/chromium")).unwrap();
        std::fs::create_dir_all(places.system("/usr/bin")).unwrap();
        std::fs::write(places.system("/usr/bin/firefox"), "").unwrap();
        let found: Vec<Browser> = Browser::ALL
            .into_iter()
            .filter(|b| b.found(&places))
            .collect();
        assert_eq!(found, [Browser::Chromium, Browser::Firefox]);
        let mac = fake("found-mac", Os::Macos);
        std::fs::create_dir_all(mac.system("/Applications/Microsoft Edge.app")).unwrap();
        assert!(Browser::Edge.found(&mac));
        assert!(!Browser::Chrome.found(&mac));
    }
}
