//! The wire format: how a [`Report`] and a pack's [`Problem`]s are written for
//! the CLI's JSON and for JavaScript, and how a report's offsets are converted.
//!
//! There is one result type, [`Report`], and one problem type, [`Problem`];
//! the CLI and the wasm crate convert the offsets ([`Report::convert_offsets`])
//! and serialise what [`Report::serialize_as`] / [`PackError::serialize_as`] /
//! [`serialize_problems_as`] give, in one of two ways ([`Absent`]):
//!
//! - [`Absent::Skip`], the CLI's JSON (`postcheck check --format json`,
//!   offsets in [`Offsets::Chars`]): a hint's absent `advice`, `guideline` and
//!   `contact`, and a problem's absent `line`, `rule` and `fix`, are left out.
//!   This is also what the types' own `Serialize` writes.
//! - [`Absent::Null`], JavaScript's objects (offsets in
//!   [`Offsets::Utf16Units`]): they are written as `null`, so every object of
//!   one kind has the same keys in the same order.
//!
//! A hint's `fix` ([`super::report::Fix`], `{"kind", "text"}`: the change the
//! extension's "Apply" makes) is written after `suggestions`; when a hint has
//! none it is left out of the CLI's JSON and `null` for JavaScript, like the
//! other absent parts. A fix has no offsets of its own: it acts on the hint's
//! span (or, to append, at the draft's end), so it needs no conversion.
//!
//! In both: the keys in the order of the types' fields; `platform` and
//! `length` always written (`null` when no platform was given); `omitted` only
//! when hints were left out; a guideline's absent link and a contact's absent
//! e-mail, phone and web page left out; the offsets' unit not written.
//!
//! A stack check ([`super::stack::PackStack`]) adds two things, in both ways:
//! `packs`, the layers bottom first (`[{id, version, name, publisher}]`),
//! after `pack` (which names the topmost layer), and each hint's `pack`, the id
//! of the layer it comes from, after its `rule`. A pack checked alone
//! ([`crate::CompiledPack::check`]) writes neither: its result is byte for
//! byte what it was before stacks (the snapshots of the CLI and the wasm pin it).

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::report::{Hint, Report};
use crate::format::model::Platform;
use crate::format::problem::{PackError, Problem};

/// The unit in which a report's offsets (each hint's `start` and `end`) count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Offsets {
    /// Bytes of the UTF-8 draft, as the engine gives them: `&text[start..end]` in Rust.
    #[default]
    Utf8Bytes,
    /// UTF-16 code units: `text.slice(start, end)` in JavaScript.
    Utf16Units,
    /// Unicode scalar values (Rust's `char`s): the CLI's JSON.
    Chars,
}

impl Offsets {
    /// How many of this unit the character `c` takes.
    fn width(self, c: char) -> usize {
        match self {
            Offsets::Utf8Bytes => c.len_utf8(),
            Offsets::Utf16Units => c.len_utf16(),
            Offsets::Chars => 1,
        }
    }
}

/// Converts `offsets` into `text` from the unit `from` to the unit `to`, in one
/// pass over the text (and a sort of the offsets), in place.
///
/// An offset inside a character counts that character; an offset at or past
/// the end gives the text's length in `to`.
pub fn convert_offsets(text: &str, from: Offsets, to: Offsets, offsets: &mut [usize]) {
    if from == to {
        return;
    }
    let mut order: Vec<(usize, usize)> = offsets
        .iter()
        .copied()
        .enumerate()
        .map(|(i, offset)| (offset, i))
        .collect();
    order.sort_unstable();
    let mut chars = text.chars();
    // Where the next character starts, in `from` and in `to`.
    let (mut source, mut target) = (0, 0);
    for (offset, i) in order {
        while source < offset {
            let Some(c) = chars.next() else { break };
            source += from.width(c);
            target += to.width(c);
        }
        if let Some(slot) = offsets.get_mut(i) {
            *slot = target;
        }
    }
}

impl Report {
    /// Converts every hint's span into `to`, in one pass over `text`: the
    /// draft this report was made of. Converting to the unit it has changes
    /// nothing.
    pub fn convert_offsets(&mut self, text: &str, to: Offsets) {
        let mut spans: Vec<usize> = self.hints.iter().flat_map(|h| [h.start, h.end]).collect();
        convert_offsets(text, self.offsets, to, &mut spans);
        for (hint, span) in self.hints.iter_mut().zip(spans.chunks_exact(2)) {
            if let [start, end] = *span {
                (hint.start, hint.end) = (start, end);
            }
        }
        self.offsets = to;
    }

    /// The report with its spans in `to` ([`Report::convert_offsets`]).
    pub fn with_offsets(mut self, text: &str, to: Offsets) -> Report {
        self.convert_offsets(text, to);
        self
    }

    /// The report, to serialise in the way `absent` says (see the module's doc).
    pub fn serialize_as(&self, absent: Absent) -> WireReport<'_> {
        WireReport {
            report: self,
            absent,
            pack_texts: true,
        }
    }
}

/// How a part that is not there is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// Left out: the CLI's JSON.
    Skip,
    /// Written as `null`: JavaScript's objects.
    Null,
}

/// A [`Report`] as it is written ([`Report::serialize_as`]).
#[derive(Debug, Clone, Copy)]
pub struct WireReport<'a> {
    report: &'a Report,
    absent: Absent,
    /// Whether the texts of the pack in each hint are written.
    pack_texts: bool,
}

impl WireReport<'_> {
    /// Writes `null` for each hint's texts of the pack (`message`, `advice`,
    /// `guideline`, `contact`), in their places: the wasm crate sets them
    /// afterwards as JavaScript values shared by the hints that show them.
    pub fn without_pack_texts(self) -> Self {
        WireReport {
            pack_texts: false,
            ..self
        }
    }
}

impl Serialize for WireReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.report;
        let mut s = serializer.serialize_struct("Report", 6)?;
        s.serialize_field("pack", &r.pack)?;
        if r.packs.is_empty() {
            s.skip_field("packs")?;
        } else {
            s.serialize_field("packs", &r.packs)?;
        }
        s.serialize_field("platform", &r.platform.map(Platform::as_str))?;
        s.serialize_field("length", &r.length)?;
        s.serialize_field(
            "hints",
            &Hints {
                hints: &r.hints,
                absent: self.absent,
                pack_texts: self.pack_texts,
            },
        )?;
        if r.omitted > 0 {
            s.serialize_field("omitted", &r.omitted)?;
        } else {
            s.skip_field("omitted")?;
        }
        s.end()
    }
}

impl Serialize for Report {
    /// The CLI's JSON: [`Absent::Skip`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_as(Absent::Skip).serialize(serializer)
    }
}

/// The hints of a [`WireReport`].
struct Hints<'a> {
    hints: &'a [Hint],
    absent: Absent,
    pack_texts: bool,
}

impl Serialize for Hints<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.hints.iter().map(|hint| WireHint {
            hint,
            absent: self.absent,
            pack_texts: self.pack_texts,
        }))
    }
}

/// A [`Hint`] as it is written.
struct WireHint<'a> {
    hint: &'a Hint,
    absent: Absent,
    pack_texts: bool,
}

impl Serialize for WireHint<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (h, absent) = (self.hint, self.absent);
        let mut s = serializer.serialize_struct("Hint", 13)?;
        s.serialize_field("rule", &h.rule)?;
        match &h.pack {
            Some(pack) => s.serialize_field("pack", pack)?,
            None => s.skip_field("pack")?,
        }
        s.serialize_field("category", &h.category)?;
        s.serialize_field("level", &h.level)?;
        s.serialize_field("start", &h.start)?;
        s.serialize_field("end", &h.end)?;
        s.serialize_field("excerpt", &h.excerpt)?;
        if self.pack_texts {
            s.serialize_field("message", &h.message)?;
            optional(&mut s, "advice", h.advice.as_ref(), absent)?;
            s.serialize_field("suggestions", &h.suggestions)?;
            optional(&mut s, "fix", h.fix.as_ref(), absent)?;
            optional(&mut s, "guideline", h.guideline.as_ref(), absent)?;
            optional(&mut s, "contact", h.contact.as_ref(), absent)?;
        } else {
            s.serialize_field("message", &None::<()>)?;
            s.serialize_field("advice", &None::<()>)?;
            s.serialize_field("suggestions", &h.suggestions)?;
            optional(&mut s, "fix", h.fix.as_ref(), absent)?;
            s.serialize_field("guideline", &None::<()>)?;
            s.serialize_field("contact", &None::<()>)?;
        }
        s.end()
    }
}

impl Serialize for Hint {
    /// The CLI's JSON: [`Absent::Skip`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WireHint {
            hint: self,
            absent: Absent::Skip,
            pack_texts: true,
        }
        .serialize(serializer)
    }
}

/// Writes the field `key`: its value, or for `None` what `absent` says.
fn optional<S: SerializeStruct, T: Serialize>(
    s: &mut S,
    key: &'static str,
    value: Option<&T>,
    absent: Absent,
) -> Result<(), S::Error> {
    match (value, absent) {
        (Some(value), _) => s.serialize_field(key, value),
        (None, Absent::Null) => s.serialize_field(key, &None::<()>),
        (None, Absent::Skip) => s.skip_field(key),
    }
}

// The problems of a pack live in the format layer; how they are written for
// the CLI and JavaScript is said here, beside the reports.
impl Problem {
    /// The problem, to serialise in the way `absent` says.
    pub fn serialize_as(&self, absent: Absent) -> WireProblem<'_> {
        WireProblem {
            problem: self,
            absent,
        }
    }
}

impl PackError {
    /// `{"problems": [...]}`, each problem written in the way `absent` says:
    /// what the wasm engine throws for a refused pack ([`Absent::Null`]).
    pub fn serialize_as(&self, absent: Absent) -> WirePackError<'_> {
        WirePackError {
            problems: &self.problems,
            absent,
        }
    }
}

/// Problems (e.g. a pack's warnings) as a list, each written in the way
/// `absent` says.
pub fn serialize_problems_as(problems: &[Problem], absent: Absent) -> WireProblems<'_> {
    WireProblems { problems, absent }
}

/// A [`Problem`] as it is written ([`Problem::serialize_as`]).
#[derive(Debug, Clone, Copy)]
pub struct WireProblem<'a> {
    problem: &'a Problem,
    absent: Absent,
}

impl Serialize for WireProblem<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (p, absent) = (self.problem, self.absent);
        let mut s = serializer.serialize_struct("Problem", 7)?;
        s.serialize_field("severity", &p.severity)?;
        s.serialize_field("path", &p.path)?;
        optional(&mut s, "line", p.line.as_ref(), absent)?;
        optional(&mut s, "column", p.column.as_ref(), absent)?;
        optional(&mut s, "rule", p.rule.as_ref(), absent)?;
        s.serialize_field("message", &p.message)?;
        optional(&mut s, "fix", p.fix.as_ref(), absent)?;
        s.end()
    }
}

/// Problems as they are written ([`serialize_problems_as`]).
#[derive(Debug, Clone, Copy)]
pub struct WireProblems<'a> {
    problems: &'a [Problem],
    absent: Absent,
}

impl Serialize for WireProblems<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.problems.iter().map(|p| p.serialize_as(self.absent)))
    }
}

/// A refused pack as it is written ([`PackError::serialize_as`]).
#[derive(Debug, Clone, Copy)]
pub struct WirePackError<'a> {
    problems: &'a [Problem],
    absent: Absent,
}

impl Serialize for WirePackError<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("PackError", 1)?;
        s.serialize_field(
            "problems",
            &serialize_problems_as(self.problems, self.absent),
        )?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CompiledPack, Context, starter_pack};

    fn converted(text: &str, from: Offsets, to: Offsets, offsets: &[usize]) -> Vec<usize> {
        let mut offsets = offsets.to_vec();
        convert_offsets(text, from, to, &mut offsets);
        offsets
    }

    #[test]
    fn converts_byte_offsets_to_utf16_and_chars_after_emoji() {
        // 👍 is 4 bytes, 2 UTF-16 units, 1 char; 🇨🇭 is 8 bytes, 4 units, 2 chars; é is 2 bytes, 1 unit, 1 char.
        let text = "👍🇨🇭 é x";
        let x = text.find('x').unwrap_or_default();
        assert_eq!(x, 16);
        let bytes = [0, 4, 12, 13, x, text.len()];
        assert_eq!(
            converted(text, Offsets::Utf8Bytes, Offsets::Utf16Units, &bytes),
            [0, 2, 6, 7, 9, 10]
        );
        assert_eq!(
            converted(text, Offsets::Utf8Bytes, Offsets::Chars, &bytes),
            [0, 1, 3, 4, 6, 7]
        );
        assert_eq!(
            converted(
                text,
                Offsets::Utf16Units,
                Offsets::Chars,
                &[0, 2, 6, 7, 9, 10]
            ),
            [0, 1, 3, 4, 6, 7]
        );
        assert_eq!(
            converted(
                text,
                Offsets::Chars,
                Offsets::Utf8Bytes,
                &[0, 1, 3, 4, 6, 7]
            ),
            bytes
        );
    }

    #[test]
    fn converts_unsorted_repeated_and_inner_offsets() {
        let text = "a😀b";
        let to16 = |o: &[usize]| converted(text, Offsets::Utf8Bytes, Offsets::Utf16Units, o);
        assert_eq!(to16(&[6, 0, 5, 1, 5]), [4, 0, 3, 1, 3]);
        assert_eq!(
            converted("", Offsets::Utf8Bytes, Offsets::Utf16Units, &[0, 3]),
            [0, 0]
        );
        // Inside a character: that character counts; past the end: the length.
        assert_eq!(to16(&[2, 99]), [3, 4]);
        assert_eq!(
            converted(text, Offsets::Utf8Bytes, Offsets::Chars, &[2, 99]),
            [2, 3]
        );
    }

    fn pack() -> CompiledPack {
        CompiledPack::from_json(starter_pack()).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_report_converts_its_spans_and_says_their_unit() {
        let text = "🎉🇨🇭 Cafe\u{301}! Write to anna.muster@acme.example 😀";
        let report = pack().check(text, &Context::default());
        assert_eq!(report.offsets, Offsets::Utf8Bytes);
        let hint = report
            .hints
            .first()
            .cloned()
            .unwrap_or_else(|| panic!("a hint"));
        assert_eq!(text.get(hint.start..hint.end), Some(hint.excerpt.as_str()));
        let utf16 = report.clone().with_offsets(text, Offsets::Utf16Units);
        assert_eq!(utf16.offsets, Offsets::Utf16Units);
        let units: Vec<u16> = text.encode_utf16().collect();
        let h = utf16.hints.first().unwrap_or_else(|| panic!("a hint"));
        assert_eq!((h.start, h.end), (23, 47));
        assert_eq!(
            units.get(h.start..h.end).map(String::from_utf16_lossy),
            Some(hint.excerpt.clone())
        );
        let chars = utf16.with_offsets(text, Offsets::Chars);
        let h = chars.hints.first().unwrap_or_else(|| panic!("a hint"));
        let excerpt: String = text.chars().skip(h.start).take(h.end - h.start).collect();
        assert_eq!(excerpt, hint.excerpt);
        // 🎉 and the two letters of 🇨🇭 are one character each, two UTF-16 units and four bytes.
        assert_eq!((h.start, h.end), (20, 44));
        assert_eq!((hint.start, hint.end), (30, 54));
    }

    #[test]
    fn skip_leaves_absent_parts_out_and_null_writes_them() {
        let report = pack().check("mail anna@acme.example", &Context::default());
        let skip = serde_json::to_value(report.serialize_as(Absent::Skip)).unwrap_or_default();
        assert_eq!(skip, serde_json::to_value(&report).unwrap_or_default());
        let null = serde_json::to_value(report.serialize_as(Absent::Null)).unwrap_or_default();
        assert!(skip["platform"].is_null() && skip["length"].is_null());
        assert!(skip.get("omitted").is_none() && null.get("omitted").is_none());
        assert!(skip["hints"][0].get("contact").is_none());
        assert!(
            null["hints"][0]
                .get("contact")
                .is_some_and(serde_json::Value::is_null)
        );
        let shell = serde_json::to_value(report.serialize_as(Absent::Null).without_pack_texts())
            .unwrap_or_default();
        assert!(shell["hints"][0]["message"].is_null());
        assert_eq!(shell["hints"][0]["excerpt"], "anna@acme.example");
    }

    #[test]
    fn problems_skip_or_null_their_absent_parts() {
        let e = CompiledPack::from_json("{")
            .err()
            .unwrap_or_else(|| panic!("refused"));
        let null = serde_json::to_string(&e.serialize_as(Absent::Null)).unwrap_or_default();
        assert!(
            null.starts_with(
                r#"{"problems":[{"severity":"error","path":"$","line":1,"column":1,"rule":null,"message":"#
            ),
            "{null}"
        );
        let skip = serde_json::to_string(&serialize_problems_as(&e.problems, Absent::Skip))
            .unwrap_or_default();
        // The same as the problems' own Serialize (the CLI's `pack lint --format json`).
        assert_eq!(skip, serde_json::to_string(&e.problems).unwrap_or_default());
        assert!(!skip.contains("\"rule\""), "{skip}");
    }
}
