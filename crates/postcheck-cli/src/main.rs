//! `postcheck`: the local companion. Checks drafts against a rule pack and helps
//! communications teams write, lint and test packs. Works offline; reads only the
//! files it is given and sends nothing anywhere.

mod authoring;
mod check;
mod companion;
mod input;
mod pack;
mod render;
mod sign;
mod style;
mod terminal;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Check a draft post against your company's social-media guidelines before you post.
///
/// Every hint is advice: postcheck never blocks anything, and the exit status is 0
/// whatever it finds. Nothing leaves your machine.
#[derive(Parser, Debug)]
#[command(name = "postcheck", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check a draft (a file, or `-` / nothing for standard input).
    Check(CheckArgs),
    /// Write, lint and test rule packs.
    #[command(subcommand)]
    Pack(PackCommand),
    /// The local companion of the browser extension: machine packs for every
    /// browser and the command line (see docs/companion.md).
    #[command(subcommand)]
    Companion(companion::CompanionCommand),
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The draft: a text file, or `-` for standard input (the default).
    file: Option<PathBuf>,
    /// A company rule pack (JSON); repeat for a stack, bottom first (group,
    /// then team...). They are checked on top of the built-in baseline (the
    /// starter pack); without any, the baseline alone.
    #[arg(long)]
    pack: Vec<PathBuf>,
    /// Check the given packs alone, without the built-in baseline.
    #[arg(long)]
    no_baseline: bool,
    /// Without --pack, check against the baseline alone, not the computer's
    /// machine packs (see `postcheck companion status`).
    #[arg(long)]
    no_machine_packs: bool,
    /// The platform the post is for; sets the length limit and platform rules.
    #[arg(long, value_enum)]
    platform: Option<PlatformArg>,
    /// Language of the hints, e.g. de, de-CH, en, fr, it, or several in order of
    /// preference (de-CH,fr): a hint the pack lacks in the first is given in the
    /// next, else in English, else in the pack's default. Default: from LANGUAGE
    /// and LANG, else en.
    #[arg(long)]
    lang: Option<String>,
    /// Media attached to the post (repeat for several).
    #[arg(long, value_enum)]
    media: Vec<MediaArg>,
    /// The day to check for (embargoes end, rules expire), YYYY-MM-DD. Default: today (UTC).
    #[arg(long)]
    date: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

#[derive(Subcommand, Debug)]
enum PackCommand {
    /// Validate a pack and list every problem, with its place and a fix.
    Lint {
        /// The pack file.
        pack: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Run the examples of every rule and report each failure, with what the
    /// rule found (also when the pack has other errors).
    Test {
        /// The pack file.
        pack: PathBuf,
        /// Examples kept outside the pack (e.g. for `hashed_terms`, whose
        /// examples would reveal the names): a JSON object of rule id to
        /// examples written as in a rule, {"codenames": {"hit": ["..."], "miss": ["..."]}}.
        #[arg(long)]
        examples: Option<PathBuf>,
    },
    /// Print the JSON Schema of rule packs.
    Schema,
    /// Turn secret words (one per line) into a `hashed_terms` rule.
    HashTerms {
        /// File with one term per line; `-` or nothing for standard input.
        file: Option<PathBuf>,
        /// The salt; a new random one when absent (keep it with the hashes).
        #[arg(long)]
        salt: Option<String>,
        /// Id of the rule to print.
        #[arg(long, default_value = "secret-code-names")]
        id: String,
        /// The pack the rule is for: its message is written in every language
        /// of the pack (without it: de, en, fr, it).
        #[arg(long)]
        pack: Option<PathBuf>,
        /// Also write a private examples file for `pack test --examples`: a
        /// `hit` example per term (it holds the words: keep it out of the pack).
        /// An existing file keeps the examples of its other rules.
        #[arg(long)]
        examples_out: Option<PathBuf>,
    },
    /// Show what a pack contains (manifest, rules, guidelines, contacts); for
    /// several packs, or one on the baseline, the stack and what each layer changes.
    Info {
        /// Pack files, bottom first, on top of the built-in baseline; the
        /// baseline alone when absent.
        packs: Vec<PathBuf>,
        /// More pack files, after those above (as `check --pack`).
        #[arg(long = "pack")]
        pack: Vec<PathBuf>,
        /// Show the given packs without the built-in baseline.
        #[arg(long)]
        no_baseline: bool,
        /// Language of the texts shown, or several in order of preference
        /// (de-CH,fr), as for `check`.
        #[arg(long)]
        lang: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the built-in starter pack, as a starting point for your own.
    Starter,
    /// Write a new pack to fill in, on top of the built-in baseline: asks on
    /// a terminal for what the options do not give.
    New {
        /// The company's name, e.g. "ACME Robotics".
        #[arg(long)]
        company: Option<String>,
        /// The pack's id (lowercase letters, digits, `-`); from the company's name when absent.
        #[arg(long)]
        id: Option<String>,
        /// The languages of its texts, the default first: some of de,en,fr,it.
        #[arg(long)]
        languages: Option<String>,
        /// The team or person employees can ask.
        #[arg(long)]
        contact_name: Option<String>,
        /// Their e-mail address.
        #[arg(long)]
        contact_email: Option<String>,
        /// The file to write (never overwritten); standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Ask for what is missing on standard input even when it is not a
        /// terminal (answers piped in, one per line; an empty line takes the default).
        #[arg(long)]
        ask: bool,
    },
    /// Run a pack (on the built-in baseline) on the ordinary posts shipped
    /// with postcheck: probable false alarms, terms that are everyday words
    /// or place names, rules that fire only on their own examples.
    Audit {
        /// The pack file.
        pack: PathBuf,
        /// Languages of the posts, e.g. de,fr; all (de, en, fr, it) when absent.
        #[arg(long)]
        lang: Option<String>,
        /// The day to check for (dated rules), YYYY-MM-DD. Default: today (UTC).
        #[arg(long)]
        date: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write a pack's guidelines as a page for employees.
    Docs {
        /// The pack file.
        pack: PathBuf,
        /// The reader's language, or several in order of preference (de-CH,fr).
        #[arg(long)]
        lang: Option<String>,
        /// Markdown or one self-contained HTML page.
        #[arg(long, value_enum, default_value_t = authoring::docs::DocsFormat::Md)]
        format: authoring::docs::DocsFormat,
        /// The file to write; standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Leave out the built-in checks beneath the pack ("Also checked
        /// for everyone"): the pack's own guidelines only.
        #[arg(long)]
        only_pack: bool,
    },
    /// Make a key pair for signing packs: BASENAME.pub and BASENAME.key (minisign's formats).
    Keygen {
        /// Where to write the keys, without the ending.
        #[arg(long, default_value = "postcheck")]
        out: PathBuf,
        /// Encrypt the secret key with a password (asked on the terminal, or
        /// from POSTCHECK_KEY_PASSWORD); like `minisign -G`. Without it, the
        /// secret key is not encrypted, like `minisign -G -W`.
        #[arg(long)]
        encrypt: bool,
    },
    /// Sign a pack: writes PACK.minisig next to it (minisign's format).
    Sign {
        /// The pack file; it must load.
        pack: PathBuf,
        /// The secret key file (from `pack keygen` or `minisign -G`).
        #[arg(long)]
        key: PathBuf,
    },
    /// Check a pack's signature against the publisher's public key.
    Verify {
        /// The pack file.
        pack: PathBuf,
        /// The publisher's public key file (NAME.pub).
        #[arg(long)]
        key: PathBuf,
        /// The signature file; PACK.minisig when absent.
        #[arg(long)]
        sig: Option<PathBuf>,
    },
}

/// A platform on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PlatformArg {
    /// X (Twitter).
    X,
    /// LinkedIn.
    Linkedin,
}

/// An attachment on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MediaArg {
    /// A photo or picture.
    Image,
    /// A video.
    Video,
    /// A document.
    Document,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For programs (a stable contract).
    Json,
}

/// When to use colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

fn main() -> ExitCode {
    // A browser starts the native messaging host with the caller's origin
    // (or, Firefox, the host manifest and the extension id) as arguments.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if companion::started_by_browser(&args) {
        return companion::serve(&companion::places::Places::of_this_computer());
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Companion(command) => companion::run(&command),
        Command::Pack(PackCommand::Lint { pack: p, format }) => pack::lint(&p, format),
        Command::Pack(PackCommand::Test { pack: p, examples }) => {
            pack::test(&p, examples.as_deref())
        }
        Command::Pack(PackCommand::Schema) => pack::schema(),
        Command::Pack(PackCommand::HashTerms {
            file,
            salt,
            id,
            pack: for_pack,
            examples_out,
        }) => pack::hash_terms(
            file.as_deref(),
            salt,
            &id,
            for_pack.as_deref(),
            examples_out.as_deref(),
        ),
        Command::Pack(PackCommand::Info {
            mut packs,
            pack: more,
            no_baseline,
            lang,
            format,
        }) => {
            packs.extend(more);
            pack::info(&packs, no_baseline, lang, format)
        }
        Command::Pack(PackCommand::Starter) => pack::starter(),
        Command::Pack(PackCommand::New {
            company,
            id,
            languages,
            contact_name,
            contact_email,
            out,
            ask,
        }) => authoring::new::run(&authoring::new::NewArgs {
            company,
            id,
            languages,
            contact_name,
            contact_email,
            out,
            ask,
        }),
        Command::Pack(PackCommand::Audit {
            pack: p,
            lang,
            date,
            format,
        }) => authoring::audit::run(&p, lang.as_deref(), date.as_deref(), format),
        Command::Pack(PackCommand::Docs {
            pack: p,
            lang,
            format,
            out,
            only_pack,
        }) => authoring::docs::run(&p, lang.as_deref(), format, out.as_deref(), only_pack),
        Command::Pack(PackCommand::Keygen { out, encrypt }) => sign::keygen(&out, encrypt),
        Command::Pack(PackCommand::Sign { pack: p, key }) => sign::sign(&p, &key),
        Command::Pack(PackCommand::Verify { pack: p, key, sig }) => {
            sign::verify(&p, &key, sig.as_deref())
        }
    };
    match result {
        Ok(code) => code,
        Err(Failure::Message(message)) => {
            terminal::error(&message);
            ExitCode::FAILURE
        }
        Err(Failure::Write(e)) => {
            terminal::error(&format!("cannot write the output: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// Why a command stopped without finishing.
#[derive(Debug)]
pub enum Failure {
    /// What went wrong and how to fix it, for the user; pack and file names
    /// in it are escaped (see `terminal::escape`).
    Message(String),
    /// Standard output could not be written (a closed pipe is no failure:
    /// `terminal::Output` ends quietly then).
    Write(std::io::Error),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Message(message)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Write(e)
    }
}
