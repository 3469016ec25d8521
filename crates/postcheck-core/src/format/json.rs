//! Reading a pack's JSON text: syntax errors worded for people, duplicate keys
//! found, and the names of JSON value types.

use serde_json::Value;

use super::problem::Problem;

/// Parses a pack's JSON text; on a syntax error, adds a problem that says
/// where (line) and what to do, in plain words, and gives `None`.
pub fn parse(json: &str, problems: &mut Vec<Problem>) -> Option<Value> {
    match serde_json::from_str(json) {
        Ok(v) => Some(v),
        Err(e) => {
            let message = strip_position(&e.to_string());
            let (what, fix) = match e.classify() {
                serde_json::error::Category::Eof => (
                    "the file ends too early (is it cut off?)".to_string(),
                    "check quotes, commas and brackets near that line; a JSON validator or editor shows the spot",
                ),
                _ if message.starts_with("recursion limit exceeded") => (
                    "the values are nested more than 128 levels deep".to_string(),
                    "a pack nests only a few levels: check that this is a pack file",
                ),
                _ if message.contains("hex escape") || message.contains("surrogate") => (
                    format!("this is not valid JSON: a \\u escape is broken ({message})"),
                    "write the character itself, or a complete escape; a lone UTF-16 surrogate such as \\ud800 is not a character",
                ),
                _ => match common_slip(json, e.line(), e.column(), &message) {
                    Some((slip, fix)) => (format!("this is not valid JSON: {slip}"), fix),
                    None => (
                        format!("this is not valid JSON: {message}"),
                        "check quotes, commas and brackets near that line and column; a JSON validator or editor shows the spot",
                    ),
                },
            };
            let mut p = Problem::error("$", what).fix(fix);
            p.line = Some(e.line());
            p.column = char_column(json, e.line(), e.column());
            problems.push(p);
            None
        }
    }
}

/// Typographic quotes that word processors put where JSON needs `"`.
const TYPOGRAPHIC_QUOTES: [char; 9] = ['„', '“', '”', '«', '»', '‘', '’', '‚', '‹'];

/// The text of line `line` (1-based) of `json`.
fn line_text(json: &str, line: usize) -> Option<&str> {
    json.split('\n').nth(line.checked_sub(1)?)
}

/// serde_json's column (1-based, in bytes of the line) as a column in
/// characters, as editors count.
fn char_column(json: &str, line: usize, byte_column: usize) -> Option<std::num::NonZeroU32> {
    let text = line_text(json, line)?;
    let before = byte_column.saturating_sub(1).min(text.len());
    let mut end = before;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let column = u32::try_from(text.get(..end)?.chars().count() + 1).ok()?;
    std::num::NonZeroU32::new(column)
}

/// What went wrong at a syntax error when it is a common slip (a
/// typographic quote, a trailing comma, single quotes, a comment, a missing
/// comma), with the fix; `None` for anything else.
fn common_slip(
    json: &str,
    line: usize,
    byte_column: usize,
    message: &str,
) -> Option<(String, &'static str)> {
    let text = line_text(json, line)?;
    // The error is reported at (or just after) the character that is wrong.
    let at = byte_column.saturating_sub(1).min(text.len());
    let mut start = at.saturating_sub(4);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 4).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let near = text.get(start..end)?;
    if let Some(q) = near.chars().find(|c| TYPOGRAPHIC_QUOTES.contains(c)) {
        return Some((
            format!("the typographic quote {q} stands where JSON needs a straight quote \""),
            "write straight double quotes \" around every key and text (an editor's \"smart quotes\" turn them into „ “ ” « »); typographic quotes may stay inside a text",
        ));
    }
    if message.starts_with("trailing comma") {
        return Some((
            "a comma after the last item of a list or object".into(),
            "remove the comma before the closing ] or }",
        ));
    }
    let after: String = text.get(at.saturating_sub(1)..)?.chars().take(3).collect();
    if after.contains("//") || after.contains("/*") {
        return Some((
            "JSON has no comments".into(),
            "remove the comment (// ... or /* ... */); a note for readers fits into the pack's `description`",
        ));
    }
    if after.starts_with('\'') || after.get(1..).is_some_and(|s| s.starts_with('\'')) {
        return Some((
            "a key or text in single quotes '...'".into(),
            "write straight double quotes \" around every key and text",
        ));
    }
    if message.starts_with("expected `,` or") {
        return Some((
            format!("{message} (a comma is probably missing before this place)"),
            "separate the items of a list or object with commas",
        ));
    }
    if message.contains("control character") {
        return Some((
            "a text goes on over a line break or holds a tab".into(),
            "close the text's quote on the same line, or write a line break inside a text as \\n and a tab as \\t",
        ));
    }
    None
}

pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

pub(crate) fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(msg).to_string(),
        None => msg.to_string(),
    }
}

/// The first key that appears twice in one object, as a problem at its path.
/// JSON readers keep only one of them (serde and JavaScript the last), so a
/// second `"terms"` could hide the list a reviewer sees.
pub(crate) fn duplicate_key(json: &str) -> Option<Problem> {
    use serde::de::DeserializeSeed;
    let found = std::cell::RefCell::new(None);
    let walk = KeyWalk {
        step: Step::Root,
        parent: None,
        found: &found,
    };
    let mut de = serde_json::Deserializer::from_str(json);
    let line = walk.deserialize(&mut de).err().map(|e| e.line());
    let (path, key) = found.into_inner()?;
    let mut p = Problem::error(
        path,
        format!("the key \"{key}\" appears twice in this object; only the last one would be read"),
    )
    .fix("remove one of them, or merge them into one")
    .at_key();
    p.line = line;
    Some(p)
}

#[derive(Clone, Copy)]
pub(crate) enum Step<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// Walks a JSON text without keeping it, to find a repeated key.
pub(crate) struct KeyWalk<'a> {
    step: Step<'a>,
    parent: Option<&'a KeyWalk<'a>>,
    found: &'a std::cell::RefCell<Option<(String, String)>>,
}

impl KeyWalk<'_> {
    fn path(&self) -> String {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(w) = at {
            steps.push(w.step);
            at = w.parent;
        }
        let mut path = String::from("$");
        for step in steps.iter().rev() {
            match step {
                Step::Root => {}
                Step::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Step::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for KeyWalk<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeyWalk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while seq
            .next_element_seed(KeyWalk {
                step: Step::Index(i),
                parent: Some(&self),
                found: self.found,
            })?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                *self.found.borrow_mut() = Some((format!("{}.{key}", self.path()), key));
                return Err(serde::de::Error::custom("repeated key"));
            }
            map.next_value_seed(KeyWalk {
                step: Step::Key(&key),
                parent: Some(&self),
                found: self.found,
            })?;
            seen.insert(key);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_problem(json: &str) -> Problem {
        let mut problems = Vec::new();
        assert!(
            parse(json, &mut problems).is_none(),
            "{json} should not parse"
        );
        assert_eq!(problems.len(), 1);
        problems.remove(0)
    }

    #[test]
    fn common_slips_are_named_at_their_line_and_column() {
        let cases = [
            (
                "{\n  \"id\": „acme“\n}",
                (2, 9),
                "the typographic quote „ stands where JSON needs a straight quote",
            ),
            (
                "{\n  \"name\": «Acme»\n}",
                (2, 11),
                "the typographic quote « stands",
            ),
            (
                "{\n  \"rules\": [1, 2,]\n}",
                (2, 18),
                "a comma after the last item",
            ),
            ("{'id': 'acme'}", (1, 2), "single quotes"),
            (
                "{\n  // the id\n  \"id\": 1}",
                (2, 3),
                "JSON has no comments",
            ),
            (
                "{\"id\": 1\n \"name\": 2}",
                (2, 2),
                "a comma is probably missing",
            ),
            (
                "{\"id\": \"a\nb\"}",
                (2, 0),
                "a text goes on over a line break",
            ),
        ];
        for (json, (line, column), want) in cases {
            let p = parse_problem(json);
            assert!(p.message.contains(want), "{json:?}: {}", p.message);
            assert_eq!(p.line, Some(line), "{json:?}");
            if column > 0 {
                assert_eq!(p.column.map(|c| c.get()), Some(column), "{json:?}");
            }
        }
    }

    #[test]
    fn the_column_counts_characters_not_bytes() {
        let p = parse_problem("{\"name\": \"Zürich\", „x“}");
        assert_eq!((p.line, p.column.map(|c| c.get())), (Some(1), Some(20)));
    }

    #[test]
    fn parses_valid_json() {
        let mut problems = Vec::new();
        let value = parse(r#"{"id": "acme", "rules": []}"#, &mut problems);
        assert_eq!(
            value.and_then(|v| v.get("id").cloned()),
            Some("acme".into())
        );
        assert!(problems.is_empty());
    }

    #[test]
    fn a_syntax_error_names_its_line_without_serde_position() {
        let p = parse_problem("{\n  \"id\": \"acme\",\n  \"rules\": [,]\n}");
        assert_eq!(p.line, Some(3));
        assert!(
            p.message.starts_with("this is not valid JSON: "),
            "{}",
            p.message
        );
        assert!(!p.message.contains(" at line "), "{}", p.message);
        assert!(p.fix.is_some());
    }

    #[test]
    fn a_cut_off_file_says_so() {
        let p = parse_problem("{\"id\": \"acme\", \"rules\": [");
        assert_eq!(p.message, "the file ends too early (is it cut off?)");
    }

    #[test]
    fn deep_nesting_and_broken_escapes_are_worded_for_people() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            parse_problem(&deep).message,
            "the values are nested more than 128 levels deep"
        );
        let p = parse_problem(r#"{"id": "\ud800"}"#);
        assert!(
            p.message.contains("a \\u escape is broken"),
            "{}",
            p.message
        );
        assert!(p.fix.is_some_and(|f| f.contains("surrogate")));
    }

    #[test]
    fn finds_the_first_duplicate_key_at_its_path() {
        let json = r#"{"id": "a", "rules": [{"id": "r", "terms": ["x"], "terms": []}]}"#;
        let p = duplicate_key(json).expect("a duplicate key");
        assert_eq!(p.path, "$.rules[0].terms");
        assert!(
            p.message.contains("\"terms\" appears twice"),
            "{}",
            p.message
        );
        assert_eq!(duplicate_key(r#"{"a": {"b": 1}, "b": 2}"#), None);
    }

    #[test]
    fn names_json_value_types_in_plain_words() {
        let names: Vec<&str> = [
            Value::Null,
            Value::Bool(true),
            Value::from(1),
            Value::from("x"),
            Value::Array(Vec::new()),
            Value::Object(serde_json::Map::new()),
        ]
        .iter()
        .map(kind_of)
        .collect();
        assert_eq!(
            names,
            ["null", "boolean", "number", "string", "array", "object"]
        );
    }
}
