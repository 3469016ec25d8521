//! Links in a post.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static URL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>]+[^\s<>.,;:!?)\]}'’”]").ok()
});

/// Byte ranges of the links in `text`.
///
/// Preliminary: links with a scheme or `www.`; the twitter-text URL rules follow.
pub fn find_urls(text: &str) -> Vec<Range<usize>> {
    URL.as_ref().map(|re| re.find_iter(text).map(|m| m.range()).collect()).unwrap_or_default()
}
