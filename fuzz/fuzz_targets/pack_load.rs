//! Arbitrary bytes as a pack: UTF-8 (lossily) into `CompiledPack::from_json`.
//! A refusal has located problems with messages; an accepted pack checks drafts.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use postcheck_core::{CompiledPack, Severity};

const DRAFTS: [&str; 4] = [
    "",
    "Orion kommt! Mail anna@acme.example #a #b @x https://acme.example 👩🏽‍💻🇨🇭 e\u{301}te\r\n!!!",
    "שלום\u{202E}Orion\u{2028}ACME Cloud Mitarbeiter 4711 Q3",
    "\0\u{FFFD}\u{200D}a.a.a.a.a",
];

fuzz_target!(|data: &[u8]| {
    let json = String::from_utf8_lossy(data);
    match CompiledPack::from_json(&json) {
        Err(e) => {
            assert!(e.errors().next().is_some(), "refused without an error");
            for p in &e.problems {
                assert!(p.path.starts_with('$'), "{p:?}");
                assert!(!p.message.trim().is_empty(), "{p:?}");
                assert!(
                    p.severity == Severity::Warning || p.fix.is_some() || p.path == "$",
                    "{p:?}"
                );
            }
            let _ = e.to_string();
        }
        Ok(pack) => {
            let _ = pack.info("de-CH");
            let _ = pack.run_examples();
            for (i, draft) in DRAFTS.iter().enumerate() {
                common::check_all(&pack, draft, i as u8);
            }
        }
    }
});
