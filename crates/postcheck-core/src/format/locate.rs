//! Finding where JSON paths (`$.rules[3].terms[2]`) stand in a pack's text,
//! so that problems can say "line 42, column 7" as well as the path.
//!
//! [`locate`] places every problem of a list in one pass over the text: the
//! paths wanted are put into a tree, and the scanner goes into a value only
//! when a wanted path goes below it; every other value is skipped without
//! recursion. The work is linear in the size of the text and of the paths,
//! however deep the nesting and however many problems (a 16 MB pack with
//! thousands of problems is read once).

use std::collections::HashMap;
use std::num::NonZeroU32;

use super::problem::Problem;

/// A place in a text: line and column, both 1-based; the column counts
/// characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Line (1-based).
    pub line: usize,
    /// Column in that line (1-based, in characters).
    pub column: NonZeroU32,
}

/// Most steps of a path followed: a deeper path is placed at its step 64
/// (the pack format's paths have fewer than ten).
const MAX_STEPS: usize = 64;

/// One step of a JSON path.
#[derive(Debug, PartialEq, Eq)]
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// The steps of `path` (`$.rules[3].terms[2]`); `None` when it does not
/// start with `$`. A part that cannot be read (a field name with `[` in it,
/// from a hostile pack) ends the steps: the path is placed at what comes
/// before it.
fn parse_path(path: &str) -> Option<Vec<Step<'_>>> {
    let mut rest = path.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() && steps.len() < MAX_STEPS {
        let Some((step, after)) = next_step(rest) else {
            break;
        };
        steps.push(step);
        rest = after;
    }
    Some(steps)
}

/// The first step of `rest` and what follows it.
fn next_step(rest: &str) -> Option<(Step<'_>, &str)> {
    if let Some(r) = rest.strip_prefix('[') {
        let end = r.find(']')?;
        Some((Step::Index(r.get(..end)?.parse().ok()?), r.get(end + 1..)?))
    } else if let Some(r) = rest.strip_prefix('.') {
        let end = r.find(['.', '[']).unwrap_or(r.len());
        Some((Step::Key(r.get(..end)?), r.get(end..)?))
    } else {
        None
    }
}

/// A value some wanted path reaches: its children wanted, and where it was found.
#[derive(Default)]
struct Node<'p> {
    parent: Option<usize>,
    keys: HashMap<&'p [u8], usize>,
    items: HashMap<usize, usize>,
    /// Byte position of the key naming it (for a value in an object).
    key_at: Option<usize>,
    /// Byte position of the start of the value.
    value_at: Option<usize>,
}

/// The wanted paths as a tree; node 0 is the whole text (`$`).
struct Tree<'p> {
    nodes: Vec<Node<'p>>,
}

impl<'p> Tree<'p> {
    fn new() -> Self {
        Tree {
            nodes: vec![Node::default()],
        }
    }

    /// The node of `steps`, added when new.
    fn insert(&mut self, steps: &[Step<'p>]) -> usize {
        let mut at = 0;
        for step in steps {
            let known = match step {
                Step::Key(k) => self.nodes.get(at).and_then(|n| n.keys.get(k.as_bytes())),
                Step::Index(i) => self.nodes.get(at).and_then(|n| n.items.get(i)),
            };
            at = match known {
                Some(&next) => next,
                None => {
                    let next = self.nodes.len();
                    self.nodes.push(Node {
                        parent: Some(at),
                        ..Node::default()
                    });
                    if let Some(n) = self.nodes.get_mut(at) {
                        match step {
                            Step::Key(k) => n.keys.insert(k.as_bytes(), next),
                            Step::Index(i) => n.items.insert(*i, next),
                        };
                    }
                    next
                }
            };
        }
        at
    }

    /// Where `node` was found: its key (when `at_key` and it has one) or
    /// its value; else where its nearest found parent is.
    fn position(&self, node: usize, at_key: bool) -> Option<usize> {
        let mut at = Some(node);
        let mut first = true;
        while let Some(n) = at.and_then(|i| self.nodes.get(i)) {
            let found = if first && at_key {
                n.key_at.or(n.value_at)
            } else {
                n.value_at
            };
            if found.is_some() {
                return found;
            }
            first = false;
            at = n.parent;
        }
        None
    }
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    /// Loop rounds so far (each moves `i` forward): the work done.
    rounds: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
            self.rounds += 1;
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
            self.rounds += 1;
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
            self.rounds += 1;
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
                    let start = self.i;
                    while self.peek().is_some_and(|c| {
                        !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace()
                    }) {
                        self.i += 1;
                        self.rounds += 1;
                    }
                    if self.i == start {
                        return None;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }

    /// Reads the value here, noting where the wanted paths below `node` are.
    /// Goes into a value only when a wanted path goes below it, so the
    /// recursion is at most as deep as the longest path ([`MAX_STEPS`]).
    fn visit(&mut self, tree: &mut Tree<'_>, node: usize) -> Option<()> {
        self.skip_ws();
        let first = self.peek()?;
        let n = tree.nodes.get_mut(node)?;
        n.value_at.get_or_insert(self.i);
        let (has_keys, has_items) = (!n.keys.is_empty(), !n.items.is_empty());
        match first {
            b'{' if has_keys => {
                self.i += 1;
                self.skip_ws();
                if self.peek()? == b'}' {
                    self.i += 1;
                    return Some(());
                }
                loop {
                    self.rounds += 1;
                    self.skip_ws();
                    let key_at = self.i;
                    let key = self.string()?;
                    self.skip_ws();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.i += 1;
                    let child = self
                        .b
                        .get(key)
                        .and_then(|k| tree.nodes.get(node)?.keys.get(k).copied());
                    match child {
                        Some(child) => {
                            if let Some(c) = tree.nodes.get_mut(child) {
                                c.key_at.get_or_insert(key_at);
                            }
                            self.visit(tree, child)?;
                        }
                        None => self.skip_value()?,
                    }
                    if !self.next_member(b'}')? {
                        return Some(());
                    }
                }
            }
            b'[' if has_items => {
                self.i += 1;
                self.skip_ws();
                if self.peek()? == b']' {
                    self.i += 1;
                    return Some(());
                }
                let mut index = 0usize;
                loop {
                    self.rounds += 1;
                    let child = tree.nodes.get(node)?.items.get(&index).copied();
                    match child {
                        Some(child) => self.visit(tree, child)?,
                        None => self.skip_value()?,
                    }
                    if !self.next_member(b']')? {
                        return Some(());
                    }
                    index += 1;
                }
            }
            _ => self.skip_value(),
        }
    }

    /// After a member of an object or array: true after a comma (another
    /// member follows), false after `close` (the end).
    fn next_member(&mut self, close: u8) -> Option<bool> {
        self.skip_ws();
        let c = self.peek()?;
        self.i += 1;
        match c {
            b',' => Some(true),
            c if c == close => Some(false),
            _ => None,
        }
    }
}

/// The places of the byte positions `at` of `text`, in one pass.
fn places(text: &str, at: &[usize]) -> HashMap<usize, Place> {
    let mut sorted: Vec<usize> = at.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let b = text.as_bytes();
    let (mut line, mut column, mut i) = (1usize, 1u32, 0usize);
    let mut out = HashMap::with_capacity(sorted.len());
    for pos in sorted {
        let pos = pos.min(b.len());
        for &c in b.get(i..pos).unwrap_or_default() {
            if c == b'\n' {
                line += 1;
                column = 1;
            } else if c & 0xC0 != 0x80 {
                // Not a continuation byte: a new character.
                column = column.saturating_add(1);
            }
        }
        i = i.max(pos);
        if let Some(column) = NonZeroU32::new(column) {
            out.insert(pos, Place { line, column });
        }
    }
    out
}

/// What [`locate`] found, with the work it did (for the tests).
struct Located {
    places: Vec<Option<Place>>,
    // Read by the tests, which bound the work on hostile texts.
    #[cfg_attr(not(test), allow(dead_code))]
    rounds: usize,
}

fn locate_paths(json: &str, wanted: &[(&str, bool)]) -> Located {
    let text = json.strip_prefix('\u{FEFF}').unwrap_or(json);
    let mut tree = Tree::new();
    let nodes: Vec<Option<usize>> = wanted
        .iter()
        .map(|(path, _)| parse_path(path).map(|steps| tree.insert(&steps)))
        .collect();
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
        rounds: 0,
    };
    // A text that is not JSON to its end still has places up to the slip.
    let _ = s.visit(&mut tree, 0);
    let positions: Vec<Option<usize>> = nodes
        .iter()
        .zip(wanted)
        .map(|(node, (_, at_key))| tree.position((*node)?, *at_key))
        .collect();
    let found: Vec<usize> = positions.iter().flatten().copied().collect();
    let places = places(text, &found);
    Located {
        places: positions
            .iter()
            .map(|p| p.and_then(|p| places.get(&p).copied()))
            .collect(),
        rounds: s.rounds,
    }
}

/// The place of each path of `paths` in `json` (`None` for a path that is
/// not a JSON path). A path ending in a key is placed at the value when
/// `at_key` is false, else at the key; a path not in the text at its
/// nearest part that is (a missing field at its object).
pub fn places_of(json: &str, paths: &[(&str, bool)]) -> Vec<Option<Place>> {
    locate_paths(json, paths).places
}

/// Gives every problem of `problems` without a column the line and column
/// of its path in `json` (the pack's text, as read): of the value at the
/// path, or of the key for a problem about the key (an unknown field, see
/// [`Problem::at_key`]). A problem that already has a line keeps it, and
/// gets the column only when its path is on that line. One pass over `json`.
pub fn locate(json: &str, problems: &mut [Problem]) {
    let todo: Vec<usize> = (0..problems.len())
        .filter(|&i| problems.get(i).is_some_and(|p| p.column.is_none()))
        .collect();
    if todo.is_empty() {
        return;
    }
    let wanted: Vec<(&str, bool)> = todo
        .iter()
        .filter_map(|&i| problems.get(i))
        .map(|p| (p.path.as_str(), p.at_key))
        .collect();
    let found = locate_paths(json, &wanted).places;
    // The paths are borrowed from the problems: set the places afterwards.
    let found: Vec<(usize, Place)> = todo
        .iter()
        .zip(found)
        .filter_map(|(&i, place)| Some((i, place?)))
        .collect();
    for (i, place) in found {
        let Some(p) = problems.get_mut(i) else {
            continue;
        };
        match p.line {
            None => {
                p.line = Some(place.line);
                p.column = Some(place.column);
            }
            Some(line) if line == place.line => p.column = Some(place.column),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &str = "{\n  \"id\": \"x\",\n  \"rules\": [\n    { \"id\": \"a\", \"terms\": [\"x\"] },\n    {\n      \"id\": \"b\",\n      \"terms\": [\n        \"one\",\n        \"two\"\n      ]\n    }\n  ]\n}";

    fn place(json: &str, path: &str, at_key: bool) -> Option<(usize, u32)> {
        places_of(json, &[(path, at_key)])[0].map(|p| (p.line, p.column.get()))
    }

    /// The line of a path, at its key when it ends in one.
    fn line_of(json: &str, path: &str) -> Option<usize> {
        place(json, path, true).map(|(line, _)| line)
    }

    #[test]
    fn finds_keys_and_array_items() {
        assert_eq!(line_of(PACK, "$"), Some(1));
        assert_eq!(line_of(PACK, "$.id"), Some(2));
        assert_eq!(line_of(PACK, "$.rules[0]"), Some(4));
        assert_eq!(line_of(PACK, "$.rules[1].id"), Some(6));
        assert_eq!(line_of(PACK, "$.rules[1].terms[1]"), Some(9));
    }

    #[test]
    fn places_values_or_keys_with_columns() {
        assert_eq!(place(PACK, "$", false), Some((1, 1)));
        assert_eq!(place(PACK, "$.id", false), Some((2, 9)));
        assert_eq!(place(PACK, "$.id", true), Some((2, 3)));
        assert_eq!(place(PACK, "$.rules[0].terms", false), Some((4, 27)));
        assert_eq!(place(PACK, "$.rules[0].terms[0]", false), Some((4, 28)));
        assert_eq!(place(PACK, "$.rules[1].terms[1]", false), Some((9, 9)));
    }

    #[test]
    fn many_paths_are_placed_in_one_pass() {
        let paths = [
            ("$.rules[1].terms[1]", false),
            ("$.id", true),
            ("$.rules[0].id", false),
            ("$.rules[1]", false),
        ];
        let found: Vec<_> = places_of(PACK, &paths)
            .into_iter()
            .map(|p| p.map(|p| (p.line, p.column.get())))
            .collect();
        assert_eq!(
            found,
            [Some((9, 9)), Some((2, 3)), Some((4, 13)), Some((5, 5))]
        );
    }

    #[test]
    fn columns_count_characters_and_skip_a_byte_order_mark() {
        let json = "\u{FEFF}{\"name\": \"Zürich ✓\", \"id\": 1}";
        assert_eq!(place(json, "$.id", true), Some((1, 22)));
        assert_eq!(place(json, "$.id", false), Some((1, 28)));
    }

    #[test]
    fn missing_places_are_at_their_nearest_part() {
        assert_eq!(place(PACK, "$.rules[5]", false), Some((3, 12)));
        assert_eq!(place(PACK, "$.rules[1].nope", true), Some((5, 5)));
        assert_eq!(place(PACK, "$.nope", false), Some((1, 1)));
        assert_eq!(place("", "$.a", false), None);
        assert_eq!(place(PACK, "not a path", false), None);
        // Field names that are not plain (from a hostile pack): placed at
        // the part before them.
        assert_eq!(place(PACK, "$.rules[1].a[b", true), Some((5, 5)));
        assert_eq!(place(PACK, "$.rules[1].x.y", true), Some((5, 5)));
        assert_eq!(
            place(PACK, "$.rules[99999999999999999999999]", false),
            Some((3, 12))
        );
        assert_eq!(line_of("[[[[", "$.a"), Some(1));
    }

    #[test]
    fn skips_strings_with_escapes_and_nested_values() {
        let json = r#"{"a": "x\"]}", "b": [{"c": [1, {"d": null}]}, "e"], "f": 1}"#;
        assert_eq!(line_of(json, "$.f"), Some(1));
        assert_eq!(
            line_of(&json.replace(", \"f\"", ",\n\"f\""), "$.f"),
            Some(2)
        );
        assert_eq!(place(json, "$.b[1]", false), Some((1, 47)));
    }

    #[test]
    fn problems_get_line_and_column_and_keep_a_line_they_have() {
        let mut problems = vec![
            Problem::error("$.rules[1].terms[0]", "a"),
            Problem::error("$.rules[0].bogus", "b"),
            Problem::error("$.rules[1].id", "c").at_key(),
            Problem::error("$.id", "d"),
        ];
        problems[1].line = Some(4);
        problems[3].line = Some(7);
        let json = PACK.replace("\"id\": \"a\",", "\"id\": \"a\", \"bogus\": 1,");
        locate(&json, &mut problems);
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.column.map(|c| c.get())))
            .collect();
        assert_eq!(
            found,
            [
                (Some(8), Some(9)),
                (Some(4), Some(27)),
                (Some(6), Some(7)),
                (Some(7), None)
            ]
        );
    }

    /// A pack as large as may be read (16 MB), nested as deep as the text
    /// allows, with thousands of wanted paths: read once.
    #[test]
    fn hostile_texts_are_read_once() {
        let deep = format!("{}{}", "[".repeat(8_000_000), "]".repeat(8_000_000));
        let json = format!("{{\"a\": {deep}, \"b\": 1}}");
        let mut paths: Vec<String> = (0..5_000).map(|i| format!("$.a[0][{i}].x")).collect();
        paths.push("$.b".into());
        paths.push(format!("$.a{}", "[0]".repeat(200)));
        let wanted: Vec<(&str, bool)> = paths.iter().map(|p| (p.as_str(), false)).collect();
        let found = locate_paths(&json, &wanted);
        assert!(found.rounds <= 2 * json.len(), "{} rounds", found.rounds);
        assert_eq!(
            found
                .places
                .last()
                .copied()
                .flatten()
                .map(|p| p.column.get()),
            Some(7 + 63)
        );
        assert_eq!(
            found.places[5_000].map(|p| p.column.get()),
            Some(u32::try_from(json.len()).unwrap_or(0) - 1)
        );

        // Many values side by side, each wanted: still one pass.
        let wide = format!(
            "{{\"rules\": [{}]}}",
            vec!["{\"id\": \"r\", \"x\": [[[[1]]]]}"; 400_000].join(",")
        );
        let paths: Vec<String> = (0..400_000)
            .step_by(7)
            .map(|i| format!("$.rules[{i}].x"))
            .collect();
        let wanted: Vec<(&str, bool)> = paths.iter().map(|p| (p.as_str(), true)).collect();
        let found = locate_paths(&wide, &wanted);
        assert!(found.rounds <= 2 * wide.len(), "{} rounds", found.rounds);
        assert!(found.places.iter().all(Option::is_some));
    }
}
