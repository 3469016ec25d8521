//! `postcheck companion install | uninstall`.

use std::process::ExitCode;

use crate::Failure;

use super::BrowserArg;
use super::places::Places;

/// Whether `name` is a valid native messaging host name: lowercase letters,
/// digits, underscores and dots; no dot first, last or twice in a row.
pub fn valid_host_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        && !name.starts_with('.')
        && !name.ends_with('.')
        && !name.contains("..")
}

/// `companion install`.
pub fn install_command(_p: &Places, _b: BrowserArg, _s: bool) -> Result<ExitCode, Failure> {
    Err(Failure::Message("not yet".into()))
}

/// `companion uninstall`.
pub fn uninstall_command(_p: &Places, _s: bool) -> Result<ExitCode, Failure> {
    Err(Failure::Message("not yet".into()))
}
