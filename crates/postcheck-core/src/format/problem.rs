//! Problems found in a rule pack, each with its place and a fix.

use std::fmt;

use serde::Serialize;

/// How serious a problem in a pack is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The pack works, but something is likely not as the author meant (`postcheck pack lint` shows it).
    Warning,
    /// The pack cannot be used until this is fixed; it is refused.
    Error,
}

/// One problem in a rule pack: where it is, what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Whether the pack is refused because of it.
    pub severity: Severity,
    /// JSON path of the place, e.g. `$.rules[3].terms[2]`.
    pub path: String,
    /// Line in the pack file (1-based), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Column in that line (1-based, in characters), when known: where the
    /// value at `path` starts (its key for [`Problem::at_key`]), or where a
    /// JSON syntax error is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<std::num::NonZeroU32>,
    /// The problem is about the key that ends `path` (an unknown or
    /// repeated field), not its value: its line and column are the key's.
    #[serde(skip)]
    pub at_key: bool,
    /// Id of the rule concerned, when the problem is in a rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// `n` with a comma between groups of three digits, as messages write
/// numbers: `4,000,000` for 4000000.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

impl Problem {
    /// An error at `path`.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            at_key: false,
            rule: None,
            message: message.into(),
            fix: None,
        }
    }

    /// A warning at `path`.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(path, message)
        }
    }

    /// Adds how to fix it.
    pub fn fix(mut self, fix: impl Into<String>) -> Problem {
        self.fix = Some(fix.into());
        self
    }

    /// Places the problem at the key ending its path, not at the value (an
    /// unknown or repeated field).
    pub fn at_key(mut self) -> Problem {
        self.at_key = true;
        self
    }

    /// Names the rule concerned.
    pub fn in_rule(mut self, rule: Option<&str>) -> Problem {
        if self.rule.is_none() {
            self.rule = rule.map(str::to_string);
        }
        self
    }

    /// True for problems that make the pack unusable.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: ")?;
        if let Some(line) = self.line {
            match self.column {
                Some(column) => write!(f, "line {line}, column {column}, ")?,
                None => write!(f, "line {line}, ")?,
            }
        }
        write!(f, "{}", self.path)?;
        if let Some(rule) = &self.rule {
            write!(f, " (rule \"{rule}\")")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(fix) = &self.fix {
            write!(f, "\n  fix: {fix}")?;
        }
        Ok(())
    }
}

/// A pack that was refused, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackError {
    /// All problems, errors and warnings, in the order of the file.
    pub problems: Vec<Problem>,
}

impl PackError {
    /// The problems that made the pack refused.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors().count();
        writeln!(
            f,
            "the rule pack was refused: {n} problem{} to fix",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PackError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated_by_commas() {
        for (n, want) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1,000"),
            (12_345, "12,345"),
            (1_254_800, "1,254,800"),
        ] {
            assert_eq!(thousands(n), want);
        }
    }
}
