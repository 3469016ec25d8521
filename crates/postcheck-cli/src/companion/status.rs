//! `postcheck companion status`: where the companion is registered, which
//! browsers cannot reach it (Snap, Flatpak), and the machine packs.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::Failure;
use crate::terminal::{Output, escape};

use super::install::{self, Browser, Registry};
use super::machine_packs::{self, PackState};
use super::places::{Os, Places, shown};
use super::sources;

/// A browser installed in a sandbox that cannot start native messaging hosts.
#[derive(Debug, PartialEq, Eq)]
pub struct Sandboxed {
    /// The browser.
    pub browser: Browser,
    /// `Snap` or `Flatpak`.
    pub kind: &'static str,
    /// Where it was found.
    pub place: PathBuf,
}

/// The Snap names and Flatpak ids of each browser.
fn sandbox_names(browser: Browser) -> (&'static [&'static str], &'static [&'static str]) {
    match browser {
        Browser::Chrome => (&[], &["com.google.Chrome"]),
        Browser::Chromium => (
            &["chromium"],
            &[
                "org.chromium.Chromium",
                "io.github.ungoogled_software.ungoogled_chromium",
            ],
        ),
        Browser::Edge => (&[], &["com.microsoft.Edge"]),
        Browser::Brave => (&["brave"], &["com.brave.Browser"]),
        Browser::Firefox => (&["firefox"], &["org.mozilla.firefox"]),
    }
}

/// Browsers installed as Snap or Flatpak (Linux).
pub fn sandboxed_browsers(places: &Places) -> Vec<Sandboxed> {
    let mut out = Vec::new();
    if places.os != Os::Linux {
        return out;
    }
    for browser in Browser::ALL {
        let (snaps, flatpaks) = sandbox_names(browser);
        for snap in snaps {
            let place = places.system("/snap/bin").join(snap);
            if place.exists() || places.system("/snap").join(snap).exists() {
                out.push(Sandboxed {
                    browser,
                    kind: "Snap",
                    place,
                });
            }
        }
        for id in flatpaks {
            let candidates = [
                places.system("/var/lib/flatpak/app").join(id),
                places.in_home(".local/share/flatpak/app").join(id),
                places.in_home(".var/app").join(id),
            ];
            if let Some(place) = candidates.into_iter().find(|p| p.exists()) {
                out.push(Sandboxed {
                    browser,
                    kind: "Flatpak",
                    place,
                });
            }
        }
    }
    out
}

/// What a registration looks like: the manifest, and whether it is usable.
fn registration_line(file: &std::path::Path) -> Option<String> {
    if !file.exists() {
        return None;
    }
    if !install::is_our_manifest(file) {
        return Some(format!(
            "{}: a file with the companion's name that is not its manifest; run `postcheck companion install` again",
            shown(file)
        ));
    }
    let program = std::fs::read_to_string(file)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("path").and_then(|p| p.as_str()).map(PathBuf::from));
    Some(match program {
        Some(p) if p.is_file() => format!("{} (starts {})", shown(file), shown(&p)),
        Some(p) => format!(
            "{}: it starts {}, which is missing; run `postcheck companion install` again from the postcheck you use",
            shown(file),
            shown(&p)
        ),
        None => format!(
            "{}: it names no program; run `postcheck companion install` again",
            shown(file)
        ),
    })
}

/// The lines of `companion status`.
pub fn status_lines(places: &Places, registry: &dyn Registry) -> Vec<String> {
    let mut lines = vec!["Registered with the browsers:".to_string()];
    let mut any = false;
    for browser in Browser::ALL {
        for system in [false, true] {
            let scope = if system { "all users" } else { "this user" };
            let file = install::manifest_path(browser, places, system);
            if places.os == Os::Windows {
                let key = browser.registry_key(system);
                if let Some(value) = registry.get(&key) {
                    any = true;
                    let detail = registration_line(&PathBuf::from(&value)).unwrap_or_else(|| {
                        format!(
                            "{} is missing; run `postcheck companion install` again",
                            escape(&value)
                        )
                    });
                    lines.push(format!("  {} ({scope}): {key} -> {detail}", browser.name()));
                }
            } else if let Some(detail) = registration_line(&file) {
                any = true;
                lines.push(format!("  {} ({scope}): {detail}", browser.name()));
            }
        }
    }
    if !any {
        lines.push(
            "  nowhere yet; run `postcheck companion install` (add --system for every user)".into(),
        );
    }
    let found: Vec<&str> = Browser::ALL
        .iter()
        .filter(|b| b.found(places))
        .map(|b| b.name())
        .collect();
    lines.push(format!(
        "Browsers found: {}",
        if found.is_empty() {
            "none".to_string()
        } else {
            found.join(", ")
        }
    ));
    for s in sandboxed_browsers(places) {
        lines.push(format!(
            "  {} is installed as a {} ({}): its sandbox cannot start native messaging hosts, so it cannot reach the companion and does not get this computer's packs (the extension works as before). To use them, install {} from your distribution's packages or the vendor's .deb/.rpm, or import the packs in the extension's options.",
            s.browser.name(),
            s.kind,
            shown(&s.place),
            s.browser.name()
        ));
    }
    let packs = machine_packs::load(places);
    lines.push("Machine pack folders, in order:".into());
    for f in &packs.folders {
        lines.push(format!(
            "  {} ({}{})",
            shown(&f.folder.path),
            f.folder.kind,
            if f.exists { "" } else { ", does not exist" }
        ));
        for p in &f.problems {
            lines.push(format!("    problem: {}", escape(p)));
        }
        for s in &f.sources {
            lines.push(format!("    source {}", escape(s)));
            lines.extend(
                source_lines(&sources::record(&packs.cache, s))
                    .into_iter()
                    .map(|l| format!("      {l}")),
            );
        }
    }
    lines.push(format!("Cache of good copies: {}", shown(&packs.cache)));
    if packs.packs.is_empty() {
        lines.push("Machine packs: none".into());
    } else {
        lines.push("Machine packs:".into());
    }
    for p in &packs.packs {
        let what = match &p.accepted {
            Some(a) => {
                let m = a.pack.manifest();
                format!(
                    "{} {} by {}{}",
                    escape(&m.id),
                    escape(&m.version),
                    escape(&m.publisher),
                    a.signer
                        .as_ref()
                        .map(|k| format!(", signed by key {k}"))
                        .unwrap_or_else(|| ", not signed (no key pinned)".into())
                )
            }
            None => "not used".into(),
        };
        let state = match p.state {
            PackState::Ok => "ok",
            PackState::Previous => "kept the previous good copy",
            PackState::Refused => "refused",
        };
        lines.push(format!(
            "  {} [{}]: {state}: {what}",
            shown(&p.file),
            p.folder
        ));
        for problem in &p.problems {
            lines.push(format!("    {}", escape(problem)));
        }
    }
    lines
}

/// What is known of a source: last try, last success, why the last try failed.
pub fn source_lines(record: &sources::Record) -> Vec<String> {
    let mut lines = Vec::new();
    match record.last_try {
        None => lines
            .push("not downloaded yet; run `postcheck companion refresh` (IT schedules it)".into()),
        Some(t) => {
            let state = if record.problems.is_empty() {
                "ok"
            } else if record.copy.is_some() {
                "failed, the previous copy is kept"
            } else {
                "failed, no copy"
            };
            lines.push(format!("last download {}: {state}", sources::shown_time(t)));
        }
    }
    if let Some(t) = record.last_success {
        lines.push(format!("last success {}", sources::shown_time(t)));
    }
    for p in &record.problems {
        lines.push(format!("why: {}", escape(p)));
    }
    lines
}

/// `companion refresh`: downloads every source now, says what became of each.
/// Exit status 1 when a source failed (its previous copy, if any, stays in use).
pub fn refresh_command(places: &Places) -> Result<ExitCode, Failure> {
    let mut out = Output::stdout();
    let results = sources::refresh_all(places);
    if results.is_empty() {
        out.line("No pack addresses (\"sources\") in the configurations; nothing to download.")?;
    }
    let mut failed = false;
    for (listed, record) in &results {
        failed |= !record.problems.is_empty();
        out.line(&format!("{} [{}]", escape(&listed.url), listed.folder))?;
        for line in source_lines(record) {
            out.line(&format!("  {line}"))?;
        }
    }
    out.finish()?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `companion status`.
pub fn status_command(places: &Places) -> Result<ExitCode, Failure> {
    let registry = install::this_registry(places);
    let mut out = Output::stdout();
    for line in status_lines(places, registry.as_ref()) {
        out.line(&line)?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use std::collections::BTreeMap;

    fn fake(name: &str, os: Os) -> Places {
        let dir = std::env::temp_dir().join(format!(
            "postcheck-status-unit-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("home")).unwrap();
        std::fs::create_dir_all(dir.join("root")).unwrap();
        let mut vars = BTreeMap::new();
        vars.insert(
            "POSTCHECK_CACHE_DIR".to_string(),
            dir.join("cache").display().to_string(),
        );
        Places {
            os,
            home: dir.join("home"),
            root: dir.join("root"),
            vars,
        }
    }

    #[test]
    fn snap_and_flatpak_browsers_are_named_with_what_to_do() {
        let places = fake("sandboxes", Os::Linux);
        std::fs::create_dir_all(places.system("/snap/bin")).unwrap();
        std::fs::write(places.system("/snap/bin/chromium"), "").unwrap();
        std::fs::create_dir_all(places.in_home(".var/app/org.mozilla.firefox")).unwrap();
        std::fs::create_dir_all(places.system("/var/lib/flatpak/app/com.brave.Browser")).unwrap();
        let found = sandboxed_browsers(&places);
        let names: Vec<(Browser, &str)> = found.iter().map(|s| (s.browser, s.kind)).collect();
        assert_eq!(
            names,
            [
                (Browser::Chromium, "Snap"),
                (Browser::Brave, "Flatpak"),
                (Browser::Firefox, "Flatpak")
            ]
        );
        let text = status_lines(&places, &install::NoRegistry).join("\n");
        assert!(text.contains("Chromium is installed as a Snap"), "{text}");
        assert!(text.contains("Firefox is installed as a Flatpak"), "{text}");
        assert!(
            text.contains("cannot start native messaging hosts"),
            "{text}"
        );
        assert!(text.contains("distribution's packages"), "{text}");
        assert!(sandboxed_browsers(&fake("none", Os::Linux)).is_empty());
    }

    #[test]
    fn status_shows_registrations_and_a_missing_program() {
        for os in [Os::Linux, Os::Macos] {
            let places = fake(&format!("registrations-{os:?}"), os);
            let text = status_lines(&places, &install::NoRegistry).join("\n");
            assert!(text.contains("nowhere yet"), "{text}");
            let program = std::env::current_exe().unwrap();
            install::install(
                &places,
                &[Browser::Chrome, Browser::Firefox],
                false,
                &program,
                &mut install::NoRegistry,
            )
            .unwrap();
            install::install(
                &places,
                &[Browser::Edge],
                true,
                Path::new("/nonexistent/postcheck"),
                &mut install::NoRegistry,
            )
            .unwrap();
            let text = status_lines(&places, &install::NoRegistry).join("\n");
            assert!(text.contains("Google Chrome (this user):"), "{text}");
            assert!(text.contains("Firefox (this user):"), "{text}");
            assert!(text.contains("Microsoft Edge (all users):"), "{text}");
            assert!(text.contains("which is missing"), "{text}");
            assert!(!text.contains("Chromium (this user)"), "{text}");
            assert!(!text.contains("nowhere yet"), "{text}");
        }
    }

    use std::path::Path;
}
