//! Reads a JSON value into the pack model's types, and on failure says where.
//!
//! serde's errors say what is wrong but not where, and in Rust's words
//! ("invalid type: integer `3`, expected a string", "expected f64"). This
//! deserializer walks the value, gives the first problem the path of the value
//! it came from, such as `message.de` or `terms[2]`, which the loader puts
//! after the rule's own path, and says it in plain words with the allowed
//! range or shape ("must be a text, not 3", "must be a whole number from 0 to
//! 65535, not 1.5").
//!
//! Why our own: it is a plain deserializer of `serde_json::Value`, as
//! serde_json has one, with the path added; a wrapper around any deserializer
//! (serde_path_to_error) doubled the code of every type read, 30 KB of the
//! wasm engine gzipped.
//!
//! Example: reading `{"id": 3}` as a rule's common fields fails with path
//! `id` and message `must be a text, not 3`.
//!
//! [`fields_of`] gives the field names a struct reads, for the loader's
//! check of fields no rule kind knows.

use super::problem::Problem;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use serde_json::Value;

/// A value that could not be read: where, inside the value read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// Path inside the value: `.` for the value itself, else keys joined by
    /// `.` and indexes as `[i]` (`rules[0].kind`).
    pub path: String,
    /// What is wrong, in plain words.
    pub message: String,
}

/// Reads `value` as a `T`.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, PathError> {
    T::deserialize(At {
        value,
        place: &Place::Root,
    })
    .map_err(|e| PathError {
        path: e.path.unwrap_or_else(|| ".".into()),
        message: e.message,
    })
}

/// The names of the fields a struct `T` reads from an object, as serde's
/// derive lists them (renamed as packs write them); empty for other types.
/// Example: the pack model's `Contact` gives `["id", "name", "email", "phone", "url", "topics"]`.
pub fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(FieldNames) {
        Err(FieldsOf(fields)) => fields,
        Ok(_) => &[],
    }
}

/// A deserializer that reads nothing: it stops at the first request with the
/// field names of a struct, or with none.
struct FieldNames;

/// The field names [`FieldNames`] stopped with.
#[derive(Debug)]
struct FieldsOf(&'static [&'static str]);

impl fmt::Display for FieldsOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fields {:?}", self.0)
    }
}

impl std::error::Error for FieldsOf {}

impl de::Error for FieldsOf {
    fn custom<T: fmt::Display>(_: T) -> FieldsOf {
        FieldsOf(&[])
    }
}

impl<'de> de::Deserializer<'de> for FieldNames {
    type Error = FieldsOf;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, FieldsOf> {
        Err(FieldsOf(&[]))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, FieldsOf> {
        Err(FieldsOf(fields))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// Where a value is, as a chain of places up to the root; written out only
/// when there is a problem.
enum Place<'a> {
    Root,
    Key(&'a Place<'a>, &'a str),
    Index(&'a Place<'a>, usize),
}

impl Place<'_> {
    fn path(&self) -> String {
        let mut steps = Vec::new();
        let mut place = self;
        loop {
            match place {
                Place::Root => break,
                Place::Key(parent, key) => {
                    steps.push(Step::Key(key));
                    place = parent;
                }
                Place::Index(parent, i) => {
                    steps.push(Step::Index(*i));
                    place = parent;
                }
            }
        }
        if steps.is_empty() {
            return ".".into();
        }
        let mut path = String::new();
        for (n, step) in steps.iter().rev().enumerate() {
            match step {
                Step::Key(key) => {
                    if n > 0 {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Step::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    }
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// A problem while reading; the innermost value that sees it gives it its path.
#[derive(Debug)]
struct Error {
    message: String,
    path: Option<String>,
}

impl Error {
    fn at(mut self, place: &Place<'_>) -> Error {
        if self.path.is_none() {
            self.path = Some(place.path());
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error {
            message: message.to_string(),
            path: None,
        }
    }

    // serde words these with Rust's types ("invalid type: string \"1\",
    // expected f64"); a pack's author reads them in plain words.
    fn invalid_type(found: de::Unexpected<'_>, expected: &dyn de::Expected) -> Error {
        de::Error::custom(format!(
            "must be {}, not {}",
            plain_expected(expected),
            plain_found(&found)
        ))
    }

    fn invalid_value(found: de::Unexpected<'_>, expected: &dyn de::Expected) -> Error {
        de::Error::invalid_type(found, expected)
    }

    fn invalid_length(len: usize, expected: &dyn de::Expected) -> Error {
        de::Error::custom(format!(
            "must be {}, not a list of {len}",
            plain_expected(expected)
        ))
    }
}

/// What a type's visitor expects, in plain words: serde says `f64`, `i64`,
/// `struct Contact`, `a sequence`; a pack says a number, a whole number, an
/// object, a list. Expectations written for packs (`a date`) stay as written.
fn plain_expected(expected: &dyn de::Expected) -> String {
    let said = expected.to_string();
    let plain = match said.as_str() {
        "f32" | "f64" => "a number",
        "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64" | "u128" | "usize"
        | "isize" => "a whole number",
        "a string" | "a borrowed string" | "a char" | "a character" => "a text",
        "a boolean" => "true or false",
        "a sequence" => "a list",
        "a map" | "struct variant" => "an object",
        "unit" => "null",
        "option" => "a value or null",
        s if s.starts_with("struct ") => "an object",
        s if s.starts_with("enum ") => "one of the names the schema lists",
        s if s.starts_with("tuple") || s.starts_with("an array") => "a list",
        s => return s.to_string(),
    };
    plain.to_string()
}

/// A value that was found where another was expected, in plain words:
/// `the text "1"`, `1.5`, `a list`.
fn plain_found(found: &de::Unexpected<'_>) -> String {
    match *found {
        de::Unexpected::Bool(b) => b.to_string(),
        de::Unexpected::Unsigned(u) => u.to_string(),
        de::Unexpected::Signed(i) => i.to_string(),
        de::Unexpected::Float(f) => plain_float(f),
        de::Unexpected::Char(c) => shown_text(&c.to_string()),
        de::Unexpected::Str(s) => shown_text(s),
        de::Unexpected::Unit => "null".into(),
        de::Unexpected::Seq => "a list".into(),
        de::Unexpected::Map => "an object".into(),
        _ => "this value".into(),
    }
}

/// A fraction as written, a huge number as `1e20` (not
/// `100000000000000000000.0`).
fn plain_float(f: f64) -> String {
    if f.abs() >= 1e15 {
        format!("{f:e}")
    } else {
        f.to_string()
    }
}

/// A text found where a number or a list was expected: quoted when short.
fn shown_text(s: &str) -> String {
    if s.chars().count() > 40 {
        "a text".into()
    } else {
        format!("the text \"{s}\"")
    }
}

/// A JSON value in a message, in plain words: `-1`, `1e20`, `the text "5"`, `a list`.
fn shown(value: &Value) -> String {
    match value {
        Value::Number(n) => match n.as_f64() {
            // 1e20, not 100000000000000000000.0
            Some(f) if n.is_f64() && f.abs() >= 1e15 => plain_float(f),
            _ => n.to_string(),
        },
        Value::String(s) => shown_text(s),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// The deserializer of one value at one place.
struct At<'v, 'p> {
    value: &'v Value,
    place: &'p Place<'p>,
}

impl<'de> de::Deserializer<'de> for At<'de, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let place = self.place;
        let result = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visitor.visit_seq(Items {
                items: items.iter().enumerate(),
                place,
            }),
            Value::Object(map) => visitor.visit_map(Entries {
                entries: map.iter(),
                value: None,
                place,
            }),
        };
        result.map_err(|e| e.at(place))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let place = self.place;
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
        .map_err(|e| e.at(place))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // The model's enums are all plain names, written as strings.
        match self.value {
            Value::String(s) => visitor
                .visit_enum(BorrowedStrDeserializer::<Error>::new(s))
                .map_err(|e| e.at(self.place)),
            other => Err(Error {
                message: format!(
                    "must be one of {}, not {}",
                    variants
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    shown(other)
                ),
                path: Some(self.place.path()),
            }),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let place = self.place;
        visitor.visit_newtype_struct(self).map_err(|e| e.at(place))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    // An object, an array and a string are read as such and nothing else: a
    // type's visitor is then called for its own kind of value only, and the
    // code of the others (a struct read from an array by position, say) is
    // never reached, so it is left out of the build.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let place = self.place;
        match self.value {
            Value::Object(map) => visitor
                .visit_map(Entries {
                    entries: map.iter(),
                    value: None,
                    place,
                })
                .map_err(|e| e.at(place)),
            other => Err(unexpected(other, &visitor).at(place)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let place = self.place;
        match self.value {
            Value::Array(items) => visitor
                .visit_seq(Items {
                    items: items.iter().enumerate(),
                    place,
                })
                .map_err(|e| e.at(place)),
            other => Err(unexpected(other, &visitor).at(place)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor
                .visit_borrowed_str(s)
                .map_err(|e: Error| e.at(self.place)),
            other => Err(unexpected(other, &visitor).at(self.place)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    // Whole numbers (`usize` asks for a `u64`): one limit on every target, so
    // that a value a 64-bit build reads is never refused by the 32-bit wasm
    // engine, and a plain message for a fraction, a negative or a huge number.
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.whole_number(u64::from(u32::MAX), visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.whole_number(u64::from(u32::MAX), visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.whole_number(u64::from(u16::MAX), visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.whole_number(u64::from(u8::MAX), visitor)
    }

    // Signed whole numbers (a `hashed_terms` rule's `marks`): any whole number
    // is read, and the rule checks its range with its own message; anything
    // else is refused with the field's range.
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let place = self.place;
        match self.value {
            Value::Number(n) if n.is_i64() => self.deserialize_any(visitor),
            other => Err(Error {
                message: format!(
                    "must be {}, not {}",
                    whole_number_range(place, u64::from(u32::MAX)),
                    shown(other)
                ),
                path: Some(place.path()),
            }),
        }
        .map_err(|e| e.at(place))
    }

    // Numbers (a `metric` rule's `max`): any number is read, and the rule
    // checks its range; anything else is refused with the field's range.
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let place = self.place;
        match self.value {
            Value::Number(n) => visitor
                .visit_f64(n.as_f64().unwrap_or(f64::NAN))
                .map_err(|e: Error| e.at(place)),
            other => {
                let range = NUMBER_RANGES
                    .iter()
                    .find(|(name, _)| Some(*name) == field_of(place))
                    .map_or("a number", |&(_, range)| range);
                Err(Error {
                    message: format!("must be {range}, not {}", shown(other)),
                    path: Some(place.path()),
                })
            }
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i128 u128 char
        bytes byte_buf unit unit_struct tuple tuple_struct identifier
    }
}

/// The documented range of the pack's numbers that may have a fraction, by
/// name, for the message of a value that is not a number (`"1"`, `[1]`).
/// Other fields: "a number".
pub const NUMBER_RANGES: [(&str, &str); 1] = [(
    "max",
    "a number of 0 or more (for `caps_ratio` a share from 0 to 1)",
)];

/// The name of the field a value is in: its key, or the key of the list it
/// is an item of (`marks` for `marks[3]`).
fn field_of<'a>(place: &Place<'a>) -> Option<&'a str> {
    match *place {
        Place::Key(_, key) => Some(key),
        Place::Index(Place::Key(_, key), _) => Some(key),
        _ => None,
    }
}

/// "a whole number from `least` to `most`", with the field's documented
/// range from [`WHOLE_NUMBER_RANGES`], else from 0 to `most`.
fn whole_number_range(place: &Place<'_>, most: u64) -> String {
    let field = field_of(place);
    let (least, most) = WHOLE_NUMBER_RANGES
        .iter()
        .find(|(name, _, _)| Some(*name) == field)
        .map_or((0, most), |&(_, least, most)| (least, most));
    format!("a whole number from {least} to {most}")
}

/// The documented range of the pack's whole-number fields, by name, for the
/// message of a value that is not one (`1e20`, `2.5`, `-1`, `4294967296`).
/// A value in the type's range is read, and the rule (or the manifest) checks
/// its own range with its own message; a test checks that both agree.
/// Other fields: from 0 to [`u32::MAX`].
pub const WHOLE_NUMBER_RANGES: [(&str, u64, u64); 5] = [
    ("max_length", 1, super::model::MAX_PLATFORM_LENGTH as u64),
    ("fold_at", 0, super::model::MAX_PLATFORM_LENGTH as u64),
    ("max_words", 1, 8),
    ("within", 0, 100),
    ("marks", 0, u16::MAX as u64),
];

impl<'de> At<'de, '_> {
    /// Reads a whole number from 0 to `most`; anything else is refused with the
    /// field's range in plain words.
    fn whole_number<V: Visitor<'de>>(self, most: u64, visitor: V) -> Result<V::Value, Error> {
        let place = self.place;
        if let Some(u) = self.value.as_u64().filter(|&u| u <= most) {
            return visitor.visit_u64(u).map_err(|e: Error| e.at(place));
        }
        Err(Error {
            message: format!(
                "must be {}, not {}",
                whole_number_range(place, most),
                shown(self.value)
            ),
            path: Some(place.path()),
        })
    }
}

/// The error for `value` where `expected` was asked for, in plain words:
/// ``must be a list, not the text "a"``.
fn unexpected(value: &Value, expected: &dyn de::Expected) -> Error {
    let found = match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => de::Unexpected::Unsigned(u),
            (None, Some(i)) => de::Unexpected::Signed(i),
            _ => de::Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    };
    de::Error::invalid_type(found, expected)
}

/// The items of an array, each at its index.
struct Items<'v, 'p, I: Iterator<Item = (usize, &'v Value)>> {
    items: I,
    place: &'p Place<'p>,
}

impl<'de, I: Iterator<Item = (usize, &'de Value)>> de::SeqAccess<'de> for Items<'de, '_, I> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some((i, value)) = self.items.next() else {
            return Ok(None);
        };
        let place = Place::Index(self.place, i);
        seed.deserialize(At {
            value,
            place: &place,
        })
        .map(Some)
        .map_err(|e| e.at(&place))
    }
}

/// The entries of an object, each value at its key.
struct Entries<'v, 'p> {
    entries: serde_json::map::Iter<'v>,
    /// The key and value of the entry whose key was read last.
    value: Option<(&'v str, &'v Value)>,
    place: &'p Place<'p>,
}

impl<'de> de::MapAccess<'de> for Entries<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(key))
            .map(Some)
            // An unknown field is at its key.
            .map_err(|e| e.at(&Place::Key(self.place, key)))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom("a value was asked for before its key"));
        };
        let place = Place::Key(self.place, key);
        seed.deserialize(At {
            value,
            place: &place,
        })
        .map_err(|e| e.at(&place))
    }
}

/// Turns a serde error into a located problem with a fix.
pub(crate) fn serde_problem(
    base: &str,
    inner_path: String,
    message: String,
    rule: Option<&str>,
) -> Problem {
    let path = if inner_path == "." || inner_path.is_empty() {
        base.to_string()
    } else {
        format!("{base}.{inner_path}")
    };
    let at_key = message.starts_with("unknown field");
    let fix = if at_key {
        "remove the field or correct its spelling (see `postcheck pack schema`)"
    } else if message.starts_with("missing field") {
        "add the field (see `postcheck pack schema` and the pack guide in the README)"
    } else if message.starts_with("unknown variant") || message.starts_with("unknown value") {
        "use one of the values listed"
    } else if message.contains("untagged enum Example") {
        "write the example as a text, or as {\"text\": \"...\", \"platform\": \"x\", \"media\": [\"image\"]}"
    } else if message.contains("untagged enum TermEntry") {
        "write the term as a text, or as {\"term\": \"...\", \"public_from\": \"YYYY-MM-DD\"}"
    } else if message.contains("untagged enum Group") {
        "name the group by its number (1 for the first) or by its name"
    } else if message.contains("data did not match any variant") {
        "write a text either as a string or as an object of locale to text, e.g. {\"de\": \"...\", \"en\": \"...\"}"
    } else {
        "correct the value (see `postcheck pack schema`)"
    };
    let message = message
        .replacen("unknown variant", "unknown value", 1)
        .replace(
            "data did not match any variant of untagged enum Localized",
            "expected a text or an object of locale to text",
        )
        .replace(
            "data did not match any variant of untagged enum Example",
            "expected a text, or an object with `text` and optionally `platform` (x, linkedin) and `media` (image, video, document)",
        )
        .replace(
            "data did not match any variant of untagged enum TermEntry",
            "expected a term, or an object with `term` and `public_from` (YYYY-MM-DD)",
        )
        .replace(
            "data did not match any variant of untagged enum Group",
            "expected a group number or name",
        );
    let p = Problem::error(path, message).fix(fix).in_rule(rule);
    if at_key { p.at_key() } else { p }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Contact {
        id: String,
        #[serde(default)]
        email: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Level {
        Note,
        Consider,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Pack {
        contacts: Vec<Contact>,
        level: Level,
        #[serde(default)]
        max: Option<f64>,
    }

    /// The path and message of the value's problem; serde_json refuses the
    /// value too (in its own words, which name Rust's types).
    fn error(value: Value) -> (String, String) {
        let e = from_value::<Pack>(&value).expect_err("the value is refused");
        assert!(
            serde_json::from_value::<Pack>(value).is_err(),
            "serde_json refuses it too"
        );
        (e.path, e.message)
    }

    #[test]
    fn knows_the_fields_of_a_struct() {
        assert_eq!(fields_of::<Contact>(), ["id", "email"]);
        assert_eq!(fields_of::<Pack>(), ["contacts", "level", "max"]);
        // The example of the doc comment.
        assert_eq!(
            fields_of::<crate::format::model::Contact>(),
            ["id", "name", "email", "phone", "url", "topics"]
        );
        assert!(fields_of::<Level>().is_empty());
        assert!(fields_of::<String>().is_empty());
    }

    #[test]
    fn reads_a_valid_value() {
        let pack: Pack = from_value(&json!({
            "contacts": [{"id": "comms", "email": null}, {"id": "legal", "email": "l@example.com"}],
            "level": "consider",
            "max": 1.5,
        }))
        .expect("reads");
        assert_eq!(pack.level, Level::Consider);
        assert_eq!(pack.contacts[1].email.as_deref(), Some("l@example.com"));
        assert_eq!(pack.max, Some(1.5));
    }

    #[test]
    fn says_where_the_first_problem_is() {
        let ok = json!({"contacts": [{"id": "a"}], "level": "note"});
        let with = |pointer: &str, value: Value| {
            let mut v = ok.clone();
            if let Some(slot) = v.pointer_mut(pointer) {
                *slot = value;
            }
            error(v)
        };
        assert_eq!(
            with("/contacts/0/id", json!(3)),
            ("contacts[0].id".into(), "must be a text, not 3".into())
        );
        assert_eq!(
            with("/level", json!("error")),
            (
                "level".into(),
                "unknown variant `error`, expected `note` or `consider`".into()
            )
        );
        assert_eq!(
            with("/contacts/0", json!({"id": "a", "mail": "x"})),
            (
                "contacts[0].mail".into(),
                "unknown field `mail`, expected `id` or `email`".into()
            )
        );
        assert_eq!(
            with("/contacts/0", json!({})),
            ("contacts[0]".into(), "missing field `id`".into())
        );
        assert_eq!(
            with("/contacts", json!("a")),
            (
                "contacts".into(),
                "must be a list, not the text \"a\"".into()
            )
        );
        // serde_json would read a struct from an array, field by field in
        // order; a pack never writes one so, and an array is the wrong type.
        assert_eq!(
            from_value::<Pack>(&json!([])),
            Err(PathError {
                path: ".".into(),
                message: "must be an object, not a list".into()
            })
        );
        assert_eq!(
            from_value::<Pack>(&json!({"contacts": [["a"]], "level": "note"})),
            Err(PathError {
                path: "contacts[0]".into(),
                message: "must be an object, not a list".into()
            })
        );
        assert_eq!(
            with("/contacts/0/id", json!(["a"])),
            ("contacts[0].id".into(), "must be a text, not a list".into())
        );
        assert_eq!(
            error(json!({"contacts": [], "level": "note", "max": "1"})),
            (
                "max".into(),
                "must be a number of 0 or more (for `caps_ratio` a share from 0 to 1), not the text \"1\"".into()
            )
        );
    }

    #[derive(Debug, Deserialize)]
    struct Marks {
        #[allow(dead_code)]
        marks: Vec<i64>,
    }

    #[test]
    fn says_the_range_of_a_number_in_plain_words() {
        let marks = |value: Value| {
            from_value::<Marks>(&json!({ "marks": [1, value] }))
                .map(|_| ())
                .map_err(|e| (e.path, e.message))
        };
        let refused = |shown: &str| {
            Err((
                "marks[1]".to_string(),
                format!("must be a whole number from 0 to 65535, not {shown}"),
            ))
        };
        assert_eq!(marks(json!("x")), refused("the text \"x\""));
        assert_eq!(marks(json!(1.5)), refused("1.5"));
        assert_eq!(marks(json!(null)), refused("null"));
        assert_eq!(marks(json!(u64::MAX)), refused("18446744073709551615"));
        // In the type's range: read, and the rule says what is not a mark.
        assert_eq!(marks(json!(-1)), Ok(()));
        assert_eq!(marks(json!(70000)), Ok(()));
        assert_eq!(
            from_value::<Pack>(&json!({"contacts": [], "level": 3})),
            Err(PathError {
                path: "level".into(),
                message: "must be one of `note`, `consider`, not 3".into()
            })
        );
    }
}
