//! The corpus of posts shipped with postcheck: ordinary posts (harmless, a
//! hint at `consider` or above on them is a false alarm) and posts with real
//! problems, in de, en, fr and it, written for the project without reading
//! the detectors. `postcheck pack audit` runs packs on them, and the core's
//! `tests/corpus.rs` measures detection on them; both read them with
//! [`posts`].
//!
//! File format (`tests/data/corpus/<lang>-{ordinary,problems}.txt`): lines
//! starting with `//` before the first post are comments; each post starts
//! with a header line and runs to the next one (trailing blank lines dropped).
//! `=== ordinary` starts an ordinary post; `=== expect: RULE "PASSAGE"` (more
//! separated by `;`) a post with problems: RULE should flag PASSAGE, which
//! occurs in the post. Text after ` // ` in a header is a note.

/// The languages of the corpus.
pub const LANGUAGES: [&str; 4] = ["de", "en", "fr", "it"];

/// The corpus files: (language, file name, text).
pub const FILES: [(&str, &str, &str); 8] = [
    (
        "de",
        "de-ordinary.txt",
        include_str!("../../tests/data/corpus/de-ordinary.txt"),
    ),
    (
        "de",
        "de-problems.txt",
        include_str!("../../tests/data/corpus/de-problems.txt"),
    ),
    (
        "en",
        "en-ordinary.txt",
        include_str!("../../tests/data/corpus/en-ordinary.txt"),
    ),
    (
        "en",
        "en-problems.txt",
        include_str!("../../tests/data/corpus/en-problems.txt"),
    ),
    (
        "fr",
        "fr-ordinary.txt",
        include_str!("../../tests/data/corpus/fr-ordinary.txt"),
    ),
    (
        "fr",
        "fr-problems.txt",
        include_str!("../../tests/data/corpus/fr-problems.txt"),
    ),
    (
        "it",
        "it-ordinary.txt",
        include_str!("../../tests/data/corpus/it-ordinary.txt"),
    ),
    (
        "it",
        "it-problems.txt",
        include_str!("../../tests/data/corpus/it-problems.txt"),
    ),
];

/// One post of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// Its language: `de`, `en`, `fr` or `it`.
    pub lang: &'static str,
    /// Where it starts, for messages: `de-problems.txt:12`.
    pub place: String,
    /// The text of the post.
    pub text: String,
    /// The problems it has; empty for an ordinary post.
    pub expected: Vec<Expected>,
}

impl Post {
    /// Whether the post is an ordinary one (no problem expected).
    pub fn is_ordinary(&self) -> bool {
        self.expected.is_empty()
    }
}

/// A problem a post has: the rule that should find it, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// Id of the rule that should flag it.
    pub rule: String,
    /// The passage the hint should point at; it occurs in the post.
    pub passage: String,
}

/// Every post of the shipped corpus, ordinary and with problems, by language
/// (de, en, fr, it) and in file order.
///
/// The files are part of postcheck and checked by its tests, so they parse;
/// a header that does not (which the tests would catch) makes a post without
/// expectations that is not counted as ordinary either: it is left out.
pub fn posts() -> Vec<Post> {
    FILES
        .iter()
        .flat_map(|(lang, name, file)| parse(lang, name, file))
        .filter_map(Result::ok)
        .collect()
}

/// Parses one corpus file named `name` (for places) in language `lang`:
/// each post, or why its header is wrong (with its place). A file of
/// ordinary posts holds only `=== ordinary` headers, a file of problems
/// (name ending in `-problems.txt`) only `=== expect:` ones.
pub fn parse(lang: &'static str, name: &str, file: &str) -> Vec<Result<Post, String>> {
    let problems_file = name.ends_with("-problems.txt");
    blocks(file)
        .into_iter()
        .map(|(line, header, text)| {
            let place = format!("{name}:{line}");
            let header = header.split(" // ").next().unwrap_or_default().trim();
            let expected = if header == "ordinary" {
                if problems_file {
                    return Err(format!("{place}: an ordinary post among problems"));
                }
                Vec::new()
            } else {
                if !problems_file {
                    return Err(format!("{place}: a problem post among ordinary posts"));
                }
                expectations(header).map_err(|e| format!("{place}: {e}"))?
            };
            if let Some(e) = expected.iter().find(|e| !text.contains(&e.passage)) {
                return Err(format!(
                    "{place}: the passage {:?} is not in the post",
                    e.passage
                ));
            }
            Ok(Post {
                lang,
                place,
                text,
                expected,
            })
        })
        .collect()
}

/// Splits `file` into (line of the header, header, text) blocks: a header is
/// a line starting with `=== `; text before the first is comments.
pub fn blocks(file: &str) -> Vec<(usize, &str, String)> {
    let mut out: Vec<(usize, &str, String)> = Vec::new();
    for (n, line) in file.lines().enumerate() {
        if let Some(header) = line.strip_prefix("=== ") {
            out.push((n + 1, header, String::new()));
        } else if let Some((_, _, text)) = out.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    for (_, _, text) in &mut out {
        let end = text.trim_end().len();
        text.truncate(end);
    }
    out
}

/// The expectations of a problem header: `expect: RULE "PASSAGE"; ...`.
fn expectations(header: &str) -> Result<Vec<Expected>, String> {
    let list = header
        .strip_prefix("expect:")
        .ok_or("a header is `=== ordinary` or `=== expect: RULE \"PASSAGE\"`")?;
    list.split(';')
        .map(|part| {
            let part = part.trim();
            let (rule, rest) = part
                .split_once(' ')
                .ok_or_else(|| format!("`RULE \"PASSAGE\"` expected, got {part:?}"))?;
            let passage = rest
                .trim()
                .strip_prefix('"')
                .and_then(|p| p.strip_suffix('"'))
                .ok_or_else(|| format!("the passage needs quotes: {part:?}"))?;
            Ok(Expected {
                rule: rule.to_owned(),
                passage: passage.to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_parses_into_posts_and_located_errors() {
        let file =
            "// comment\n=== ordinary // a note\nHello\n\nworld\n\n\n=== expect: x \"y\"\ny\n";
        let posts = parse("en", "en-ordinary.txt", file);
        assert_eq!(posts.len(), 2);
        let first = posts[0].as_ref().expect("an ordinary post");
        assert_eq!(first.text, "Hello\n\nworld");
        assert_eq!(first.place, "en-ordinary.txt:2");
        assert!(first.is_ordinary());
        assert_eq!(
            posts[1],
            Err("en-ordinary.txt:8: a problem post among ordinary posts".to_owned())
        );
        let problems = parse(
            "en",
            "en-problems.txt",
            "=== expect: a \"b\"; c \"zz\"\nb\n",
        );
        assert_eq!(
            problems[0],
            Err("en-problems.txt:1: the passage \"zz\" is not in the post".to_owned())
        );
    }

    #[test]
    fn the_shipped_corpus_parses_without_error() {
        for (lang, name, file) in FILES {
            for post in parse(lang, name, file) {
                assert!(post.is_ok(), "{post:?}");
            }
        }
        assert!(posts().len() > 600);
    }
}
