//! `postcheck companion`: the local companion of the browser extension.
//!
//! It gives every browser on the computer (and `postcheck check`) one set of
//! verified machine packs, through the browsers' native messaging. It never
//! receives a draft: checks stay in the extension. See docs/companion.md.

pub mod fetch;
pub mod framing;
pub mod install;
pub mod machine_packs;
pub mod places;
pub mod protocol;
pub mod sources;
pub mod status;

use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use crate::Failure;

/// The extension's id in Chrome, Chromium, Edge and Brave (from its key).
pub const CHROMIUM_EXTENSION_ID: &str = "gjpblondocmnkbomdcedjpbjekfmadac";

/// The extension's id in Firefox (`browser_specific_settings.gecko.id`).
pub const FIREFOX_EXTENSION_ID: &str = "postcheck@postcheck.invalid";

/// The native messaging host's name, as the extension asks for it.
pub const HOST_NAME: &str = "ch.postcheck.companion";

/// `postcheck companion ...`.
#[derive(Subcommand, Debug)]
pub enum CompanionCommand {
    /// Speak the native messaging protocol on standard input and output (the
    /// browsers start this; see docs/companion.md).
    Serve,
    /// Register the companion with the browsers (writes their host manifests).
    Install {
        /// Which browser; `all`: every browser found on this computer.
        #[arg(long, value_enum, default_value_t = BrowserArg::All)]
        browser: BrowserArg,
        /// For every user of the computer (system folders; needs administrator rights).
        #[arg(long)]
        system: bool,
    },
    /// Remove exactly what `install` wrote.
    Uninstall {
        /// Remove the system-wide registration instead of the user's.
        #[arg(long)]
        system: bool,
    },
    /// Show where the companion is registered, the machine packs and their state.
    Status,
    /// Download the pack addresses (`sources`) of the configurations now and
    /// keep each verified pack (for IT's scheduler: cron, launchd, Task Scheduler).
    Refresh,
}

/// A browser on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BrowserArg {
    /// Google Chrome.
    Chrome,
    /// Chromium.
    Chromium,
    /// Microsoft Edge.
    Edge,
    /// Brave.
    Brave,
    /// Firefox.
    Firefox,
    /// Every browser found.
    All,
}

/// Whether a browser started this program as its native messaging host: it
/// passes the caller's origin (`chrome-extension://ID/`) as the first
/// argument (Chromium family), or the host manifest's path and the
/// extension's id (Firefox). The host manifest names the `postcheck` binary
/// itself, so these arguments mean `companion serve`.
pub fn started_by_browser(args: &[std::ffi::OsString]) -> bool {
    let arg = |i: usize| args.get(i).and_then(|a| a.to_str()).unwrap_or_default();
    arg(1).starts_with("chrome-extension://") || (args.len() >= 3 && arg(2) == FIREFOX_EXTENSION_ID)
}

/// Runs a companion command.
pub fn run(command: &CompanionCommand) -> Result<ExitCode, Failure> {
    let places = places::Places::of_this_computer();
    match command {
        CompanionCommand::Serve => Ok(serve(&places)),
        CompanionCommand::Install { browser, system } => {
            install::install_command(&places, *browser, *system)
        }
        CompanionCommand::Uninstall { system } => install::uninstall_command(&places, *system),
        CompanionCommand::Status => status::status_command(&places),
        CompanionCommand::Refresh => status::refresh_command(&places),
    }
}

/// `companion serve` on this process's standard input and output.
pub fn serve(places: &places::Places) -> ExitCode {
    sources::refresh_in_background_when_due(places);
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let ending = protocol::serve(&mut stdin.lock(), &mut stdout.lock(), || {
        machine_packs::load(places)
    });
    match ending {
        protocol::Ending::Closed => ExitCode::SUCCESS,
        protocol::Ending::Refused(why) => {
            // The browser keeps a native host's standard error in its log.
            crate::terminal::error(&format!("companion: the exchange ended: {why}"));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<std::ffi::OsString> {
        list.iter().map(Into::into).collect()
    }

    #[test]
    fn browser_starts_are_recognised() {
        assert!(started_by_browser(&args(&[
            "postcheck",
            "chrome-extension://gjpblondocmnkbomdcedjpbjekfmadac/"
        ])));
        assert!(started_by_browser(&args(&[
            "postcheck",
            "chrome-extension://gjpblondocmnkbomdcedjpbjekfmadac/",
            "--parent-window=0"
        ])));
        assert!(started_by_browser(&args(&[
            "postcheck",
            "/home/anna/.mozilla/native-messaging-hosts/ch.postcheck.companion.json",
            "postcheck@postcheck.invalid"
        ])));
        assert!(!started_by_browser(&args(&["postcheck", "check"])));
        assert!(!started_by_browser(&args(&["postcheck"])));
        assert!(!started_by_browser(&args(&[
            "postcheck",
            "check",
            "draft.txt"
        ])));
    }

    #[test]
    fn the_host_name_has_the_allowed_form() {
        assert!(install::valid_host_name(HOST_NAME));
    }
}
