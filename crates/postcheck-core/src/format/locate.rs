//! Finding the line of a JSON path (`$.rules[3].terms[2]`) in a pack's text,
//! so that problems can say "line 42" as well as the path.

/// One step of a JSON path.
#[derive(Debug, PartialEq, Eq)]
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

fn parse_path(path: &str) -> Option<Vec<Step<'_>>> {
    let mut rest = path.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            steps.push(Step::Index(r.get(..end)?.parse().ok()?));
            rest = r.get(end + 1..)?;
        } else if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            steps.push(Step::Key(r.get(..end)?));
            rest = r.get(end..)?;
        } else {
            return None;
        }
    }
    Some(steps)
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    /// Skips a string starting at `"`; returns the byte range of its raw content.
    fn string(&mut self) -> Option<std::ops::Range<usize>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.i += 1;
        let start = self.i;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.i += 2,
                b'"' => {
                    let s = start..self.i;
                    self.i += 1;
                    return Some(s);
                }
                _ => self.i += 1,
            }
        }
        None
    }

    /// Skips one value of any depth, without recursion.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.skip_ws();
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.i += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.i += 1;
                }
                b',' | b':' => {
                    self.i += 1;
                    continue;
                }
                _ => {
                    while self.peek().is_some_and(|c| {
                        !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace()
                    }) {
                        self.i += 1;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }

    /// Byte position of the value (or, for the last key, of the key) at `steps`.
    fn find(&mut self, steps: &[Step<'_>]) -> Option<usize> {
        self.skip_ws();
        let Some((step, rest)) = steps.split_first() else {
            return Some(self.i);
        };
        match (self.peek()?, step) {
            (b'{', Step::Key(key)) => {
                self.i += 1;
                loop {
                    self.skip_ws();
                    let key_at = self.i;
                    let k = self.string()?;
                    self.skip_ws();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.i += 1;
                    if self.b.get(k) == Some(key.as_bytes()) {
                        return if rest.is_empty() {
                            Some(key_at)
                        } else {
                            self.find(rest)
                        };
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? != b',' {
                        return None;
                    }
                    self.i += 1;
                }
            }
            (b'[', Step::Index(n)) => {
                self.i += 1;
                for _ in 0..*n {
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? != b',' {
                        return None;
                    }
                    self.i += 1;
                }
                self.find(rest)
            }
            _ => None,
        }
    }
}

/// The line (1-based) where the JSON path `path` stands in `json`, if it is there.
/// For a path ending in a key, the line of the key.
pub fn line_of(json: &str, path: &str) -> Option<usize> {
    let steps = parse_path(path)?;
    let mut s = Scanner {
        b: json.as_bytes(),
        i: 0,
    };
    let at = s.find(&steps)?;
    Some(
        json.as_bytes()
            .get(..at)?
            .iter()
            .filter(|&&c| c == b'\n')
            .count()
            + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &str = "{\n  \"id\": \"x\",\n  \"rules\": [\n    { \"id\": \"a\", \"terms\": [\"x\"] },\n    {\n      \"id\": \"b\",\n      \"terms\": [\n        \"one\",\n        \"two\"\n      ]\n    }\n  ]\n}";

    #[test]
    fn finds_keys_and_array_items() {
        assert_eq!(line_of(PACK, "$"), Some(1));
        assert_eq!(line_of(PACK, "$.id"), Some(2));
        assert_eq!(line_of(PACK, "$.rules[0]"), Some(4));
        assert_eq!(line_of(PACK, "$.rules[1].id"), Some(6));
        assert_eq!(line_of(PACK, "$.rules[1].terms[1]"), Some(9));
    }

    #[test]
    fn missing_places_have_no_line() {
        assert_eq!(line_of(PACK, "$.rules[5]"), None);
        assert_eq!(line_of(PACK, "$.nope"), None);
        assert_eq!(line_of("[[[[", "$.a"), None);
        assert_eq!(line_of("", "$.a"), None);
    }

    #[test]
    fn skips_strings_with_escapes_and_nested_values() {
        let json = r#"{"a": "x\"]}", "b": [{"c": [1, {"d": null}]}, "e"], "f": 1}"#;
        assert_eq!(line_of(json, "$.f"), Some(1));
        assert_eq!(
            line_of(&json.replace(", \"f\"", ",\n\"f\""), "$.f"),
            Some(2)
        );
    }
}
