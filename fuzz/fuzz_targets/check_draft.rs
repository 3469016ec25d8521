//! Arbitrary drafts against fixed packs (every rule kind, every detector).
//! The first byte picks the context; when its top bit is set, the rest is read
//! as UTF-16 code units (lone surrogates included) and decoded as wasm-bindgen
//! does for the extension; else as UTF-8, lossily.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    if first & 0x80 != 0 {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let text = String::from_utf16_lossy(&units);
        assert_eq!(text.encode_utf16().count(), units.len());
        let (ctx, options) = common::context(first);
        for pack in common::PACKS.iter() {
            common::assert_report(&text, &pack.check(&text, &ctx));
            common::assert_js(pack, &units, &text, &options);
        }
    } else {
        let text = String::from_utf8_lossy(rest);
        for pack in common::PACKS.iter() {
            common::check_all(pack, &text, first);
        }
    }
});
