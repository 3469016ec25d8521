//! The browsers' native messaging framing: each message is a 32-bit length in
//! the computer's byte order followed by that many bytes of UTF-8 JSON, in
//! both directions.
//!
//! Reading is bounded: a length over the limit is refused before anything is
//! allocated for it, so a prefix that announces gigabytes costs nothing.
//! Writing is bounded too: the browsers refuse a message to the extension
//! over 1 MB, so [`write_message`] never sends one.

use std::fmt;
use std::io::{self, Read, Write};

/// The largest message the companion sends: the browsers' limit for a
/// message from a native host (1 MB = 1,048,576 bytes of JSON).
pub const MAX_OUTGOING_BYTES: usize = 1024 * 1024;

/// The largest request the companion reads. Requests are tiny (a few dozen
/// bytes); 64 KiB leaves room and refuses anything else.
pub const MAX_INCOMING_BYTES: usize = 64 * 1024;

/// Why reading a message stopped.
#[derive(Debug)]
pub enum FrameError {
    /// The input ended inside the 4-byte length (after `got` bytes).
    TruncatedLength {
        /// Bytes of the length read.
        got: usize,
    },
    /// The length announces more than the companion reads.
    TooLong {
        /// The length announced.
        length: u64,
        /// The most allowed.
        limit: usize,
    },
    /// The input ended before the announced message did.
    TruncatedMessage {
        /// The length announced.
        length: usize,
        /// Bytes received.
        got: usize,
    },
    /// The message is not UTF-8 JSON.
    NotJson(String),
    /// An answer would be over the browsers' 1 MB limit; it is not sent.
    AnswerTooLong {
        /// Its size in bytes.
        length: usize,
    },
    /// Reading or writing failed.
    Io(io::Error),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::TruncatedLength { got } => write!(
                f,
                "the input ended inside a message's 4-byte length (after {got} byte{})",
                if *got == 1 { "" } else { "s" }
            ),
            FrameError::TooLong { length, limit } => write!(
                f,
                "a message announces {length} bytes, more than the {limit} bytes a request may have"
            ),
            FrameError::TruncatedMessage { length, got } => write!(
                f,
                "the input ended inside a message: {got} of the {length} bytes announced arrived"
            ),
            FrameError::NotJson(why) => write!(f, "a message is not JSON: {why}"),
            FrameError::AnswerTooLong { length } => write!(
                f,
                "an answer of {length} bytes would be over the browsers' limit of {MAX_OUTGOING_BYTES} bytes; it was not sent"
            ),
            FrameError::Io(e) => write!(f, "cannot read or write the messages: {e}"),
        }
    }
}

/// Reads as many bytes as `buf` holds, across as many reads as the input
/// needs; gives how many arrived before the end of the input.
fn read_full(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while let Some(rest) = buf.get_mut(filled..) {
        if rest.is_empty() {
            break;
        }
        match input.read(rest) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Reads one message's bytes: `None` at a clean end of the input (before a
/// length); an error for a length over `limit` (nothing allocated), or an
/// input that ends inside a message.
pub fn read_frame(input: &mut impl Read, limit: usize) -> Result<Option<Vec<u8>>, FrameError> {
    let mut prefix = [0u8; 4];
    let got = read_full(input, &mut prefix).map_err(FrameError::Io)?;
    match got {
        0 => return Ok(None),
        4 => {}
        got => return Err(FrameError::TruncatedLength { got }),
    }
    let length = u32::from_ne_bytes(prefix);
    let length = match usize::try_from(length) {
        Ok(n) if n <= limit => n,
        _ => {
            return Err(FrameError::TooLong {
                length: u64::from(length),
                limit,
            });
        }
    };
    let mut body = vec![0u8; length];
    let got = read_full(input, &mut body).map_err(FrameError::Io)?;
    if got < length {
        return Err(FrameError::TruncatedMessage { length, got });
    }
    Ok(Some(body))
}

/// Reads one message as JSON (see [`read_frame`]).
pub fn read_message(
    input: &mut impl Read,
    limit: usize,
) -> Result<Option<serde_json::Value>, FrameError> {
    match read_frame(input, limit)? {
        None => Ok(None),
        Some(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| FrameError::NotJson(e.to_string())),
    }
}

/// Writes `body` with its length, unless it is over [`MAX_OUTGOING_BYTES`].
pub fn write_frame(output: &mut impl Write, body: &[u8]) -> Result<(), FrameError> {
    let length = match u32::try_from(body.len()) {
        Ok(n) if body.len() <= MAX_OUTGOING_BYTES => n,
        _ => return Err(FrameError::AnswerTooLong { length: body.len() }),
    };
    output
        .write_all(&length.to_ne_bytes())
        .and_then(|()| output.write_all(body))
        .and_then(|()| output.flush())
        .map_err(FrameError::Io)
}

/// Writes `value` as one message (see [`write_frame`]).
pub fn write_message(output: &mut impl Write, value: &serde_json::Value) -> Result<(), FrameError> {
    let body = serde_json::to_vec(value).map_err(|e| FrameError::NotJson(e.to_string()))?;
    write_frame(output, &body)
}

/// Bytes `c` takes inside a JSON string as serde_json writes it.
fn escaped_len(c: char) -> usize {
    match c {
        '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
        c if (c as u32) < 0x20 => 6,
        c => c.len_utf8(),
    }
}

/// Cuts `text` into pieces, at character boundaries, each taking at most
/// `budget` bytes once escaped in a JSON string (`budget` at least 6, the
/// longest escape). The same text always gives the same pieces, so a piece
/// can be asked for by its number alone; joined, they give `text` back.
pub fn split_for_json(text: &str, budget: usize) -> Vec<std::ops::Range<usize>> {
    let budget = budget.max(6);
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut used = 0;
    for (at, c) in text.char_indices() {
        let cost = escaped_len(c);
        if used + cost > budget {
            pieces.push(start..at);
            start = at;
            used = 0;
        }
        used += cost;
    }
    if start < text.len() || pieces.is_empty() {
        pieces.push(start..text.len());
    }
    pieces
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use proptest::prelude::*;

    fn framed(body: &[u8]) -> Vec<u8> {
        let mut out = (body.len() as u32).to_ne_bytes().to_vec();
        out.extend_from_slice(body);
        out
    }

    /// A reader that gives at most `step` bytes per read.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
        reads: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.reads += 1;
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn reads_messages_split_into_one_byte_reads() {
        let mut data = framed(br#"{"type":"hello","version":1}"#);
        data.extend(framed(br#"{"type":"list"}"#));
        let mut input = Trickle {
            data: &data,
            step: 1,
            reads: 0,
        };
        let first = read_message(&mut input, MAX_INCOMING_BYTES)
            .unwrap()
            .unwrap();
        assert_eq!(first["type"], "hello");
        let second = read_message(&mut input, MAX_INCOMING_BYTES)
            .unwrap()
            .unwrap();
        assert_eq!(second["type"], "list");
        assert!(
            read_message(&mut input, MAX_INCOMING_BYTES)
                .unwrap()
                .is_none()
        );
        assert!(input.reads > data.len(), "one byte per read");
    }

    #[test]
    fn an_empty_input_is_a_clean_end() {
        assert!(read_frame(&mut &b""[..], 10).unwrap().is_none());
    }

    #[test]
    fn a_truncated_length_is_refused() {
        for n in 1..4 {
            let data = vec![1u8; n];
            match read_frame(&mut &data[..], 10) {
                Err(FrameError::TruncatedLength { got }) => assert_eq!(got, n),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_truncated_message_is_refused() {
        let mut data = framed(b"{\"type\":\"list\"}");
        data.truncate(10);
        assert!(matches!(
            read_frame(&mut &data[..], 100),
            Err(FrameError::TruncatedMessage { length: 15, got: 6 })
        ));
    }

    #[test]
    fn gigabyte_lengths_are_refused_without_reading_or_allocating() {
        for length in [
            MAX_INCOMING_BYTES as u32 + 1,
            1 << 30,
            u32::MAX,
            0x7fff_ffff,
        ] {
            let mut data = length.to_ne_bytes().to_vec();
            data.extend_from_slice(b"{}");
            let mut input = Trickle {
                data: &data,
                step: usize::MAX,
                reads: 0,
            };
            match read_frame(&mut input, MAX_INCOMING_BYTES) {
                Err(FrameError::TooLong { length: l, limit }) => {
                    assert_eq!(l, u64::from(length));
                    assert_eq!(limit, MAX_INCOMING_BYTES);
                }
                other => panic!("{other:?}"),
            }
            assert_eq!(input.data, b"{}", "the body is not read");
        }
    }

    #[test]
    fn the_length_is_in_the_computers_byte_order() {
        let data = [&2u32.to_ne_bytes()[..], b"{}"].concat();
        assert_eq!(read_frame(&mut &data[..], 10).unwrap().unwrap(), b"{}");
        let mut out = Vec::new();
        write_frame(&mut out, b"[1]").unwrap();
        assert_eq!(out[..4], 3u32.to_ne_bytes());
        assert_eq!(&out[4..], b"[1]");
    }

    #[test]
    fn invalid_json_and_utf8_are_refused() {
        for body in [&b"{"[..], b"\xff\xfe", b"", b"{\"a\":1}x"] {
            let data = framed(body);
            assert!(
                matches!(
                    read_message(&mut &data[..], 100),
                    Err(FrameError::NotJson(_))
                ),
                "{body:?}"
            );
        }
    }

    #[test]
    fn the_writer_sends_exactly_one_megabyte_and_not_one_byte_more() {
        let mut out = Vec::new();
        write_frame(&mut out, &vec![b' '; MAX_OUTGOING_BYTES]).unwrap();
        assert_eq!(out.len(), MAX_OUTGOING_BYTES + 4);
        let mut out = Vec::new();
        assert!(matches!(
            write_frame(&mut out, &vec![b' '; MAX_OUTGOING_BYTES + 1]),
            Err(FrameError::AnswerTooLong { length }) if length == MAX_OUTGOING_BYTES + 1
        ));
        assert!(out.is_empty(), "nothing of a refused answer is sent");
    }

    #[test]
    fn the_reader_takes_exactly_its_limit() {
        let body = vec![b' '; 100];
        let data = framed(&body);
        assert_eq!(read_frame(&mut &data[..], 100).unwrap().unwrap().len(), 100);
        assert!(matches!(
            read_frame(&mut &data[..], 99),
            Err(FrameError::TooLong { length: 100, .. })
        ));
    }

    #[test]
    fn pieces_respect_the_budget_with_escapes() {
        let text = "a\"\\\n\u{1}é€😀";
        for budget in 6..40 {
            let pieces = split_for_json(text, budget);
            let mut joined = String::new();
            for r in &pieces {
                let piece = &text[r.clone()];
                let json = serde_json::to_string(piece).unwrap();
                assert!(json.len() - 2 <= budget, "{budget}: {json}");
                joined.push_str(piece);
            }
            assert_eq!(joined, text);
        }
        assert_eq!(split_for_json("", 10), vec![0..0]);
    }

    proptest! {
        #[test]
        fn any_text_splits_and_joins_back(text in "\\PC{0,300}|[\\x00-\\x7f]{0,300}", budget in 6usize..64) {
            let pieces = split_for_json(&text, budget);
            let mut joined = String::new();
            for r in &pieces {
                let piece = &text[r.clone()];
                let json = serde_json::to_string(piece).unwrap();
                prop_assert!(json.len() - 2 <= budget);
                joined.push_str(piece);
            }
            prop_assert_eq!(joined, text);
        }

        #[test]
        fn any_message_round_trips_through_any_read_sizes(
            messages in proptest::collection::vec("\\PC{0,50}", 0..5),
            step in 1usize..9,
        ) {
            let mut data = Vec::new();
            for m in &messages {
                write_message(&mut data, &serde_json::json!({ "m": m })).unwrap();
            }
            let mut input = Trickle { data: &data, step, reads: 0 };
            for m in &messages {
                let got = read_message(&mut input, MAX_INCOMING_BYTES).unwrap().unwrap();
                prop_assert_eq!(got["m"].as_str().unwrap(), m.as_str());
            }
            prop_assert!(read_message(&mut input, MAX_INCOMING_BYTES).unwrap().is_none());
        }

        #[test]
        fn any_bytes_end_without_a_panic(data in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut input = &data[..];
            for _ in 0..20 {
                match read_message(&mut input, 32) {
                    Ok(Some(_)) => {}
                    Ok(None) | Err(_) => break,
                }
            }
        }
    }
}
