//! The one way text reaches the terminal.
//!
//! Packs, drafts and file names are untrusted: a contact e-mail may hold an
//! OSC 52 sequence that writes the clipboard, a link an OSC 8 that hides where
//! it goes, a name a `\r` that fakes a line or a bidi override that reorders
//! it. Two things keep them off the terminal:
//!
//! - [`escape`] shows such characters visibly (`\u{1b}`, `\r`, `\u{202e}`);
//!   every field from a pack or a draft goes through it, which also keeps a
//!   field on its own line (its line breaks become `\n`).
//! - [`Output`] is the only writer of standard output, and [`error`] of
//!   standard error: they escape whatever control or invisible format character
//!   is left, letting through only the line breaks and colours the CLI writes
//!   itself. A field that missed [`escape`] can at worst break a line.
//!
//! JSON output ([`Output::json`]) is written as serde_json made it. A reader
//! that closes the pipe early (`postcheck check big.txt | head -1`) ends the
//! output quietly: the rest is dropped and the command ends as it would have.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

/// Characters a terminal acts on or does not show: C0 and C1 controls (ESC,
/// CR, LF, BEL, DEL, NEL ...), bidi controls, zero-width and other invisible
/// format characters, line and paragraph separators. The zero-width joiner
/// and non-joiner, variation selectors and tag characters stay: emoji and
/// scripts need them, and a terminal does not act on them.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0001}'
        )
}

/// Appends `c` as Rust writes it in a string literal: `\n`, `\r`, `\t`, `\0`,
/// else `\u{..}` in hex.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// `text` with every control and invisible format character shown visibly
/// (`\u{1b}`, `\r`, `\n`, `\u{202e}`), for one field on one line. Text without
/// such characters comes back as it is.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` in double quotes, escaped as by [`escape`], with `"` and `\` escaped
/// too (as Rust's `{:?}` would for ordinary text).
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_hidden(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Length of the colour sequence (`ESC [ digits/semicolons m`) at the start of
/// `rest`, the only escape sequence the CLI writes itself.
fn colour_sequence(rest: &str) -> Option<usize> {
    let body = rest.strip_prefix("\x1b[")?;
    let params = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (params <= 16 && body.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

/// The last guard before the terminal: line breaks and colour sequences stay,
/// every other control or invisible format character is escaped.
fn guard(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_hidden(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let mut taken = c.len_utf8();
        if c == '\n' {
            out.push(c);
        } else if let Some(n) = colour_sequence(rest) {
            out.push_str(rest.get(..n).unwrap_or_default());
            taken = n;
        } else if is_hidden(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
        rest = rest.get(taken..).unwrap_or_default();
    }
    Cow::Owned(out)
}

/// Standard output, the way every command writes it.
pub struct Output<W: Write> {
    sink: W,
    /// The reader closed the pipe: nothing more is written.
    closed: bool,
}

impl Output<io::BufWriter<io::StdoutLock<'static>>> {
    /// Buffered, locked standard output.
    pub fn stdout() -> Self {
        Output::new(io::BufWriter::new(io::stdout().lock()))
    }
}

impl<W: Write> Output<W> {
    /// Output to `sink`.
    pub fn new(sink: W) -> Self {
        Output {
            sink,
            closed: false,
        }
    }

    /// Writes text for people, guarded (see the module documentation).
    pub fn text(&mut self, text: &str) -> io::Result<()> {
        self.write(guard(text).as_bytes())
    }

    /// Writes a line of text for people, guarded, and a line break.
    pub fn line(&mut self, text: &str) -> io::Result<()> {
        self.text(text)?;
        self.write(b"\n")
    }

    /// Writes JSON made by serde_json (its strings escape control characters)
    /// or built-in text as it is, so the output stays byte for byte the same.
    pub fn json(&mut self, json: &str) -> io::Result<()> {
        self.write(json.as_bytes())
    }

    /// Writes `value` as serde_json's pretty JSON and a line break, streamed:
    /// a large report (200 hints that each cite a long guideline text) is not
    /// held in memory whole. Byte for byte what `to_string_pretty` makes.
    pub fn json_pretty<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer_pretty(JsonSink(self), value).map_err(io::Error::from)?;
        self.write(b"\n")
    }

    /// Writes out what is buffered.
    pub fn finish(mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.sink.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.sink.write_all(bytes) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// serde_json's way into an [`Output`]: unguarded, like [`Output::json`].
struct JsonSink<'o, W: Write>(&'o mut Output<W>);

impl<W: Write> Write for JsonSink<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes `postcheck: message` to standard error, guarded; a closed standard
/// error is ignored (there is nowhere else to say it).
pub fn error(message: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "postcheck: {}", guard(message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_shows_controls_and_invisible_format_characters() {
        assert_eq!(
            escape("a\x1b]52;c;SGVsbG8=\x07b\r\n\t\0\u{7f}\u{85}\u{9b}c"),
            "a\\u{1b}]52;c;SGVsbG8=\\u{7}b\\r\\n\\t\\0\\u{7f}\\u{85}\\u{9b}c"
        );
        assert_eq!(
            escape("x\u{202E}y\u{2066}z\u{200B}\u{FEFF}\u{2028}"),
            "x\\u{202e}y\\u{2066}z\\u{200b}\\u{feff}\\u{2028}"
        );
    }

    #[test]
    fn escape_keeps_ordinary_text_emoji_and_scripts() {
        for text in ["Grüsse 👩🏽‍💻🇨🇭 – ok", "שלום مرحبا", "می‌خواهم", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"]
        {
            assert!(
                matches!(escape(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
    }

    #[test]
    fn quoted_is_like_debug_for_ordinary_text() {
        for text in ["Nebula", "say \"hi\" C:\\x", "a\nb\x1b"] {
            assert_eq!(quoted(text), format!("{text:?}"));
        }
        assert_eq!(quoted("a\u{202E}"), "\"a\\u{202e}\"");
    }

    #[test]
    fn guard_keeps_line_breaks_and_colours_only() {
        let ours = "\x1b[1;33mimportant\x1b[0m\n\x1b[2m|\x1b[0m\n";
        assert_eq!(guard(ours), ours);
        assert_eq!(
            guard("a\x1b]8;;https://evil\x1b\\b\x1b[2J\rc\u{202E}\t"),
            "a\\u{1b}]8;;https://evil\\u{1b}\\b\\u{1b}[2J\\rc\\u{202e}\\t"
        );
    }

    #[test]
    fn streamed_json_is_what_to_string_pretty_makes() {
        let value = serde_json::json!({ "a": [1, "x\u{1b}\n\u{202e}"], "b": { "c": null } });
        let mut out = Output::new(Vec::new());
        assert!(out.json_pretty(&value).is_ok());
        let want = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
        assert_eq!(String::from_utf8_lossy(&out.sink), want);
    }

    #[test]
    fn a_closed_pipe_ends_the_output_quietly() {
        struct Closed(usize);
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                self.0 += 1;
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
        }
        let mut out = Output::new(Closed(0));
        assert!(out.line("one").is_ok());
        assert!(out.line("two").is_ok());
        assert_eq!(out.sink.0, 1, "nothing is written after the pipe closed");
        assert!(out.finish().is_ok());
    }
}
