//! `postcheck companion install | status | uninstall` through the binary,
//! for one user with a fake home folder (Linux layout). Every browser and
//! both layouts (Linux, macOS, per user and system) and the Windows registry
//! are tested in the unit tests of `companion::install`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

fn home(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "postcheck-companion-install-{}-{name}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn postcheck(home: &Path, args: &[&str]) -> Output {
    let out = common::postcheck()
        .args(args)
        .env("LANG", "C")
        .env("HOME", home)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env("POSTCHECK_PACKS_DIR", home.join("packs"))
        .env("POSTCHECK_CACHE_DIR", home.join("cache"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn install_status_uninstall_for_one_user() {
    let home = home("round-trip");
    let status = text(&postcheck(&home, &["companion", "status"]));
    assert!(status.contains("nowhere yet"), "{status}");

    let out = text(&postcheck(
        &home,
        &["companion", "install", "--browser", "chromium"],
    ));
    let chromium = home.join(".config/chromium/NativeMessagingHosts/ch.postcheck.companion.json");
    assert!(out.contains("Chromium:"), "{out}");
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&chromium).unwrap()).unwrap();
    let program = PathBuf::from(manifest["path"].as_str().unwrap());
    assert!(program.is_absolute());
    assert_eq!(
        program,
        Path::new(env!("CARGO_BIN_EXE_postcheck"))
            .canonicalize()
            .unwrap()
    );
    assert_eq!(
        manifest["allowed_origins"][0],
        "chrome-extension://gjpblondocmnkbomdcedjpbjekfmadac/"
    );

    postcheck(&home, &["companion", "install", "--browser", "firefox"]);
    let firefox = home.join(".mozilla/native-messaging-hosts/ch.postcheck.companion.json");
    assert!(firefox.exists());

    let status = text(&postcheck(&home, &["companion", "status"]));
    assert!(status.contains("Chromium (this user):"), "{status}");
    assert!(status.contains("Firefox (this user):"), "{status}");
    assert!(status.contains("Machine packs: none"), "{status}");

    let out = text(&postcheck(&home, &["companion", "uninstall"]));
    assert!(out.contains("removed"), "{out}");
    assert!(!chromium.exists() && !firefox.exists());
    let left: Vec<_> = fs::read_dir(&home)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "uninstall leaves nothing behind: {left:?}");
    let out = text(&postcheck(&home, &["companion", "uninstall"]));
    assert!(out.contains("Nothing to remove"), "{out}");
}

#[test]
fn status_shows_the_machine_packs_their_state_and_unfetched_sources() {
    let home = home("status-packs");
    let packs = home.join("packs");
    fs::create_dir_all(&packs).unwrap();
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/signed-pack.json"),
        packs.join("a.json"),
    )
    .unwrap();
    fs::write(packs.join("b.json"), "{ not json").unwrap();
    fs::write(
        packs.join("config.json"),
        r#"{"sources": ["https://intranet.example/acme.json"], "colour": "blue"}"#,
    )
    .unwrap();
    let status = text(&postcheck(&home, &["companion", "status"]));
    assert!(status.contains("(variable)"), "{status}");
    assert!(
        status.contains("a.json [variable]: ok: signing-test 2026.12.1 by postcheck tests, not signed (no key pinned)"),
        "{status}"
    );
    assert!(
        status.contains("b.json [variable]: refused: not used"),
        "{status}"
    );
    assert!(status.contains("does not load"), "{status}");
    assert!(
        status.contains("source https://intranet.example/acme.json\n      not downloaded yet; run `postcheck companion refresh`"),
        "{status}"
    );
    assert!(status.contains("$.colour: unknown setting"), "{status}");
}
