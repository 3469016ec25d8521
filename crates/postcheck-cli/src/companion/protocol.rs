//! The companion's protocol with the extension (see docs/companion.md).
//!
//! Three requests, each a JSON object with exactly the fields listed:
//! `{"type":"hello","version":1}`, `{"type":"list"}` and
//! `{"type":"get","id":"acme","chunk":0}`. No request carries post text: any
//! other type, and any other field (such as `text` or `draft`), is refused
//! with an `error` answer and the exchange ends.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::ops::Range;

use serde_json::{Value, json};

use super::framing::{self, FrameError, MAX_INCOMING_BYTES, MAX_OUTGOING_BYTES};
use super::machine_packs::{Accepted, MachinePacks};

/// The protocol version this companion speaks.
pub const PROTOCOL_VERSION: u64 = 1;

/// The longest text a request's field may hold (pack ids have at most 64 characters).
const MAX_FIELD_CHARS: usize = 200;

/// A request from the extension.
#[derive(Debug, PartialEq, Eq)]
pub enum Request {
    /// Which protocol versions both sides speak.
    Hello {
        /// The extension's protocol version.
        version: u64,
    },
    /// The machine packs and their state.
    List,
    /// One chunk of a pack's content.
    Get {
        /// The pack id.
        id: String,
        /// The chunk, from 0.
        chunk: usize,
    },
}

/// A refused request: a code for programs and a message in plain words.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    /// `bad-request`, `unknown-type`, `unexpected-field`, `post-text`, ...
    pub code: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

fn refused(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
    }
}

/// Field names that would carry a draft: the companion never receives one.
const POST_TEXT_FIELDS: [&str; 8] = [
    "text", "draft", "post", "content", "body", "html", "message", "input",
];

/// Reads a request, strictly: an object with a known `type` and exactly its fields.
pub fn parse_request(value: &Value) -> Result<Request, Refusal> {
    let Some(object) = value.as_object() else {
        return Err(refused(
            "bad-request",
            "a request is a JSON object with a \"type\"",
        ));
    };
    // A field that could carry a draft is named as such, whatever else is wrong.
    if let Some(key) = object
        .keys()
        .find(|k| POST_TEXT_FIELDS.contains(&k.to_ascii_lowercase().as_str()))
    {
        return Err(refused(
            "post-text",
            format!(
                "the field {} is refused: the companion never receives post text; checks stay in the extension",
                short(key)
            ),
        ));
    }
    let kind = match object.get("type") {
        Some(Value::String(t)) => t.as_str(),
        _ => {
            return Err(refused(
                "bad-request",
                "a request needs a \"type\": \"hello\", \"list\" or \"get\"",
            ));
        }
    };
    let allowed: &[&str] = match kind {
        "hello" => &["type", "version"],
        "list" => &["type"],
        "get" => &["type", "id", "chunk"],
        _ => {
            return Err(refused(
                "unknown-type",
                format!(
                    "unknown request type {}; the companion answers \"hello\", \"list\" and \"get\"",
                    short(kind)
                ),
            ));
        }
    };
    for key in object.keys() {
        if !allowed.contains(&key.as_str()) {
            return Err(refused(
                "unexpected-field",
                format!(
                    "the request \"{kind}\" has the field {}, which it does not take (its fields: {})",
                    short(key),
                    allowed.join(", ")
                ),
            ));
        }
    }
    let number = |name: &str| -> Result<u64, Refusal> {
        object.get(name).and_then(Value::as_u64).ok_or_else(|| {
            refused(
                "bad-request",
                format!("\"{kind}\" needs \"{name}\": a whole number, 0 or more"),
            )
        })
    };
    match kind {
        "hello" => Ok(Request::Hello {
            version: number("version")?,
        }),
        "list" => Ok(Request::List),
        _ => {
            let id = match object.get("id") {
                Some(Value::String(id)) if id.chars().count() <= MAX_FIELD_CHARS => id.clone(),
                _ => {
                    return Err(refused(
                        "bad-request",
                        "\"get\" needs \"id\": the id of a pack from \"list\"",
                    ));
                }
            };
            let chunk = usize::try_from(number("chunk")?)
                .map_err(|_| refused("bad-request", "\"chunk\" is too large"))?;
            Ok(Request::Get { id, chunk })
        }
    }
}

/// A text from a request, quoted and cut short, for a message.
fn short(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    let more = if cut.len() < text.len() { "..." } else { "" };
    format!("{}{more}", serde_json::to_string(&cut).unwrap_or_default())
}

/// An `error` answer.
pub fn error_answer(code: &str, message: &str) -> Value {
    json!({ "type": "error", "code": code, "message": message })
}

/// The `hello` answer, or an error for a version the companion does not speak.
pub fn hello_answer(version: u64) -> Value {
    if version != PROTOCOL_VERSION {
        return error_answer(
            "unsupported-version",
            &format!(
                "the companion speaks protocol version {PROTOCOL_VERSION}, not {version}; update the extension or the companion"
            ),
        );
    }
    json!({
        "type": "hello",
        "protocol": PROTOCOL_VERSION,
        "protocols": [PROTOCOL_VERSION],
        "companion": env!("CARGO_PKG_VERSION"),
        "maxMessageBytes": MAX_OUTGOING_BYTES,
    })
}

/// The chunk answer's fields but the data, to measure its size.
fn chunk_envelope(accepted: &Accepted, chunk: usize, chunks: usize, data: &str) -> Value {
    let manifest = accepted.pack.manifest();
    json!({
        "type": "chunk",
        "id": manifest.id,
        "version": manifest.version,
        "sha256": accepted.sha256,
        "bytes": accepted.text.len(),
        "chunk": chunk,
        "chunks": chunks,
        "data": data,
    })
}

/// How a pack's text is cut into chunks: each chunk answer, with its JSON
/// escapes, stays under the browsers' 1 MB. Depends on the text alone.
pub fn chunk_ranges(accepted: &Accepted) -> Vec<Range<usize>> {
    // The envelope with the longest numbers a chunk answer can have.
    let envelope = serde_json::to_vec(&chunk_envelope(accepted, usize::MAX, usize::MAX, ""))
        .map(|v| v.len())
        .unwrap_or(MAX_OUTGOING_BYTES);
    framing::split_for_json(&accepted.text, MAX_OUTGOING_BYTES.saturating_sub(envelope))
}

/// The most problems listed per pack or folder, and characters per problem:
/// 32 packs with all of them stay far under the 1 MB of an answer.
const MAX_PROBLEMS: usize = 10;
const MAX_PROBLEM_CHARS: usize = 1_000;

/// Problems for an answer: the first [`MAX_PROBLEMS`], each cut to
/// [`MAX_PROBLEM_CHARS`] characters.
fn bounded_problems(problems: &[String]) -> Vec<String> {
    problems
        .iter()
        .take(MAX_PROBLEMS)
        .map(|p| p.chars().take(MAX_PROBLEM_CHARS).collect())
        .collect()
}

/// One pack in the `list` answer.
fn list_entry(pack: &super::machine_packs::MachinePack, chunks: Option<usize>) -> Value {
    let mut entry = json!({
        "file": pack.file.display().to_string(),
        "folder": pack.folder,
        "state": pack.state.word(),
        "problems": bounded_problems(&pack.problems),
    });
    if let (Some(a), Some(object)) = (&pack.accepted, entry.as_object_mut()) {
        let m = a.pack.manifest();
        let name = m
            .name
            .resolve(&"en".into(), &m.default_locale)
            .unwrap_or_default();
        object.insert("id".into(), json!(m.id));
        object.insert("version".into(), json!(m.version));
        object.insert("name".into(), json!(name));
        object.insert("publisher".into(), json!(m.publisher));
        object.insert("signer".into(), json!(a.signer));
        object.insert("fromCache".into(), json!(a.from_cache));
        object.insert("sha256".into(), json!(a.sha256));
        object.insert("bytes".into(), json!(a.text.len()));
        object.insert("chunks".into(), json!(chunks));
    }
    entry
}

/// A serving session: the machine packs, read at the first request that
/// needs them and kept for the session, so that chunks agree.
pub struct Session<F: FnOnce() -> MachinePacks> {
    load: Option<F>,
    packs: Option<MachinePacks>,
    ranges: BTreeMap<String, Vec<Range<usize>>>,
}

impl<F: FnOnce() -> MachinePacks> Session<F> {
    /// A session that reads the packs with `load` when first needed.
    pub fn new(load: F) -> Self {
        Session {
            load: Some(load),
            packs: None,
            ranges: BTreeMap::new(),
        }
    }

    fn packs(&mut self) -> &MachinePacks {
        if self.packs.is_none()
            && let Some(load) = self.load.take()
        {
            let packs = load();
            for (_, a) in packs.usable() {
                self.ranges
                    .insert(a.pack.manifest().id.clone(), chunk_ranges(a));
            }
            self.packs = Some(packs);
        }
        self.packs.get_or_insert_with(|| MachinePacks {
            folders: Vec::new(),
            packs: Vec::new(),
            cache: Default::default(),
        })
    }

    /// The answer to one request.
    pub fn answer(&mut self, request: &Request) -> Value {
        match request {
            Request::Hello { version } => hello_answer(*version),
            Request::List => {
                self.packs();
                let Some(packs) = &self.packs else {
                    return error_answer("internal", "the packs could not be read");
                };
                let list: Vec<Value> = packs
                    .packs
                    .iter()
                    .map(|p| {
                        let chunks = p
                            .accepted
                            .as_ref()
                            .and_then(|a| self.ranges.get(&a.pack.manifest().id))
                            .map(Vec::len);
                        list_entry(p, chunks)
                    })
                    .collect();
                let folders: Vec<Value> = packs
                    .folders
                    .iter()
                    .map(|f| {
                        json!({
                            "folder": f.folder.kind,
                            "path": f.folder.path.display().to_string(),
                            "exists": f.exists,
                            "problems": bounded_problems(&f.problems),
                        })
                    })
                    .collect();
                json!({ "type": "list", "packs": list, "folders": folders })
            }
            Request::Get { id, chunk } => {
                self.packs();
                let Some(packs) = &self.packs else {
                    return error_answer("internal", "the packs could not be read");
                };
                let Some((_, accepted)) = packs.usable().find(|(_, a)| &a.pack.manifest().id == id)
                else {
                    return error_answer(
                        "unknown-pack",
                        &format!("this computer has no usable pack with the id {}", short(id)),
                    );
                };
                let ranges = self.ranges.get(id).map(Vec::as_slice).unwrap_or_default();
                match ranges
                    .get(*chunk)
                    .and_then(|r| accepted.text.get(r.clone()))
                {
                    Some(data) => chunk_envelope(accepted, *chunk, ranges.len(), data),
                    None => error_answer(
                        "no-such-chunk",
                        &format!(
                            "the pack {} has {} chunk{} (0 to {}), not chunk {chunk}",
                            short(id),
                            ranges.len(),
                            if ranges.len() == 1 { "" } else { "s" },
                            ranges.len().saturating_sub(1)
                        ),
                    ),
                }
            }
        }
    }
}

/// How a session ended.
#[derive(Debug)]
pub enum Ending {
    /// The extension closed the exchange.
    Closed,
    /// The companion refused something and ended the exchange; why.
    Refused(String),
}

/// Serves requests from `input` until it ends or a request is refused.
/// Never panics on any input; every refusal is answered (when it can be)
/// with an `error` before the end.
pub fn serve<F: FnOnce() -> MachinePacks>(
    input: &mut impl Read,
    output: &mut impl Write,
    load: F,
) -> Ending {
    let mut session = Session::new(load);
    loop {
        let refusal = match framing::read_message(input, MAX_INCOMING_BYTES) {
            Ok(None) => return Ending::Closed,
            Ok(Some(value)) => match parse_request(&value) {
                Ok(request) => {
                    let answer = session.answer(&request);
                    let failed = answer.get("type").and_then(Value::as_str) == Some("error");
                    match framing::write_message(output, &answer) {
                        Ok(()) if !failed => continue,
                        Ok(()) => {
                            return Ending::Refused(
                                answer
                                    .get("message")
                                    .and_then(Value::as_str)
                                    .unwrap_or_default()
                                    .to_string(),
                            );
                        }
                        Err(FrameError::AnswerTooLong { length }) => refused(
                            "answer-too-large",
                            format!(
                                "the answer would have {length} bytes, over the browsers' limit of 1 MB"
                            ),
                        ),
                        Err(e) => return Ending::Refused(e.to_string()),
                    }
                }
                Err(refusal) => refusal,
            },
            Err(FrameError::Io(e)) => return Ending::Refused(FrameError::Io(e).to_string()),
            Err(e @ FrameError::NotJson(_)) => refused("bad-json", e.to_string()),
            Err(e) => refused("bad-length", e.to_string()),
        };
        let _ = framing::write_message(output, &error_answer(refusal.code, &refusal.message));
        return Ending::Refused(refusal.message);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn the_three_requests() {
        assert_eq!(
            parse_request(&json!({"type":"hello","version":1})),
            Ok(Request::Hello { version: 1 })
        );
        assert_eq!(parse_request(&json!({"type":"list"})), Ok(Request::List));
        assert_eq!(
            parse_request(&json!({"type":"get","id":"acme","chunk":3})),
            Ok(Request::Get {
                id: "acme".into(),
                chunk: 3
            })
        );
    }

    #[test]
    fn any_field_that_could_carry_a_draft_is_refused() {
        for field in ["text", "draft", "Text", "DRAFT", "post", "content", "html"] {
            for kind in ["hello", "list", "get", "check", "analyse"] {
                let mut request = json!({"type": kind, "version": 1, "id": "a", "chunk": 0});
                request[field] = json!("Our Q3 numbers are out early!");
                let refusal = parse_request(&request).unwrap_err();
                assert!(refusal.code == "post-text", "{kind} {field}: {refusal:?}");
            }
        }
        let refusal = parse_request(&json!({"type":"list","draft":"x"})).unwrap_err();
        assert_eq!(refusal.code, "post-text");
        assert!(refusal.message.contains("never receives post text"));
    }

    #[test]
    fn extra_fields_unknown_types_and_wrong_shapes_are_refused() {
        for (request, code) in [
            (json!({"type":"list","x":1}), "unexpected-field"),
            (json!({"type":"hello"}), "bad-request"),
            (json!({"type":"hello","version":-1}), "bad-request"),
            (json!({"type":"hello","version":"1"}), "bad-request"),
            (json!({"type":"get","id":"a"}), "bad-request"),
            (json!({"type":"get","id":7,"chunk":0}), "bad-request"),
            (json!({"type":"get","id":"a","chunk":1.5}), "bad-request"),
            (json!({"type":"check"}), "unknown-type"),
            (json!({"type":null}), "bad-request"),
            (json!({}), "bad-request"),
            (json!([]), "bad-request"),
            (json!("list"), "bad-request"),
            (json!(null), "bad-request"),
        ] {
            assert_eq!(parse_request(&request).unwrap_err().code, code, "{request}");
        }
    }

    #[test]
    fn hello_names_the_versions() {
        let answer = hello_answer(1);
        assert_eq!(answer["type"], "hello");
        assert_eq!(answer["protocol"], 1);
        assert_eq!(answer["companion"], env!("CARGO_PKG_VERSION"));
        assert_eq!(hello_answer(2)["code"], "unsupported-version");
    }
}
