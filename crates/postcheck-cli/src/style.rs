//! Terminal colours, only when wanted: on a terminal, unless `NO_COLOR` is set.

use std::io::IsTerminal;

use postcheck_core::Level;

use crate::ColorArg;

/// Paints text with ANSI colours, or leaves it as it is.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    on: bool,
}

impl Style {
    /// Decides from the `--color` choice and the terminal.
    pub fn new(choice: ColorArg) -> Style {
        let on = match choice {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Style { on }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// The colour of a level: none of them is red, because none is an error.
    pub fn level(&self, level: Level, text: &str) -> String {
        match level {
            Level::Important => self.paint("1;33", text),
            Level::Consider => self.paint("1;36", text),
            Level::Note => self.paint("1;34", text),
        }
    }

    /// Bold.
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Dim, for the gutter.
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// Green, for good news.
    pub fn good(&self, text: &str) -> String {
        self.paint("1;32", text)
    }
}
