//! How long a post is, as each platform counts it.

use crate::pack::model::Platform;

mod punycode;
pub mod urls;
mod x_emoji;
pub mod x_length;

/// The length of `text` as `platform` counts it.
///
/// X counts the weighted length of twitter-text (configuration v3); LinkedIn
/// counts JavaScript string length (UTF-16 code units).
pub fn length(platform: Platform, text: &str) -> usize {
    match platform {
        Platform::X => x_length::weighted_length(text),
        Platform::Linkedin => text.encode_utf16().count(),
    }
}
