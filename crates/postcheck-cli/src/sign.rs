//! `postcheck pack keygen | sign | verify`: signed packs, in minisign's formats.
//!
//! Keys and signatures are those of the `minisign` tool, so a team can use
//! either: `NAME.pub` (public key), `NAME.key` (secret key, unencrypted as by
//! `minisign -G -W`, or password-encrypted), and `PACK.minisig` next to the
//! pack (prehashed `ED` signature). The trusted comment names the pack:
//! `postcheck-pack id=<id> version=<version>` (see
//! `postcheck_core::format::signature::trusted_comment`). Checking is the
//! core's (the same code as in the extension); making keys and signatures is
//! the `minisign` crate's.

use std::fs::OpenOptions;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ct_codecs::{Base64, Decoder};
use minisign::{KeyPair, SecretKey, SecretKeyBox};
use postcheck_core::CompiledPack;
use postcheck_core::format::signature::{
    self, MAX_PUBLIC_KEY_BYTES, MAX_SIGNATURE_BYTES, PublicKey, Signature, SignatureError,
};

use crate::Failure;
use crate::input::{describe_refusal, read_pack_text, read_text};
use crate::terminal::{Output, escape, quoted};

/// The environment variable that gives the secret key's password (for
/// scripts); without it, the password is asked on the terminal.
pub const PASSWORD_VARIABLE: &str = "POSTCHECK_KEY_PASSWORD";

/// Bytes of a minisign secret key: algorithms (2 + 2 + 2), scrypt salt (32)
/// and limits (8 + 8), key id (8), Ed25519 secret key (64), checksum (32).
const SECRET_KEY_BYTES: usize = 158;

/// A file name for messages, escaped.
fn shown(path: &Path) -> String {
    escape(&path.display().to_string()).into_owned()
}

/// `path` with `suffix` added to its file name (`acme.json` → `acme.json.minisig`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The password for a secret key: from [`PASSWORD_VARIABLE`], else asked on
/// the terminal (twice when `confirm`, for a new key).
fn password(what: &str, confirm: bool) -> Result<String, Failure> {
    if let Ok(password) = std::env::var(PASSWORD_VARIABLE) {
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Message(format!(
            "{what} needs a password: run on a terminal, or set {PASSWORD_VARIABLE}"
        )));
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| Failure::Message(format!("cannot read the password: {e}")))
    };
    let first = ask("Password for the secret key: ")?;
    if confirm && ask("The same password again: ")? != first {
        return Err(Failure::Message(
            "the two passwords differ; nothing was written".into(),
        ));
    }
    Ok(first)
}

/// Creates `path` with `text`; refuses to replace a file. The secret key is
/// readable by its owner only (0600) from the start.
fn write_new(path: &Path, text: &str, secret: bool) -> Result<(), Failure> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot write {}: {e}", shown(path)))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Failure::Message(format!("cannot write {}: {e}", shown(path))))
}

/// `pack keygen`: a new key pair, `BASENAME.pub` and `BASENAME.key`.
pub fn keygen(basename: &Path, encrypt: bool) -> Result<ExitCode, Failure> {
    let public_path = with_suffix(basename, ".pub");
    let secret_path = with_suffix(basename, ".key");
    for path in [&public_path, &secret_path] {
        if path.exists() {
            return Err(Failure::Message(format!(
                "{} exists already; nothing was written. Choose another name with --out, or move the old key away first (packs signed with it then need the new key)",
                shown(path)
            )));
        }
    }
    let failed = |e: minisign::PError| format!("cannot make a key pair: {e}");
    let pair = if encrypt {
        KeyPair::generate_encrypted_keypair(Some(password("a new encrypted key", true)?))
    } else {
        KeyPair::generate_unencrypted_keypair()
    }
    .map_err(failed)?;
    let public_line = pair.pk.to_base64();
    let key_id = PublicKey::parse(&public_line)
        .map_err(|e| e.to_string())?
        .key_id();
    let public_text = format!("untrusted comment: minisign public key {key_id}\n{public_line}\n");
    let comment = if encrypt {
        format!("minisign encrypted secret key {key_id}")
    } else {
        format!("minisign secret key {key_id} (not encrypted)")
    };
    let secret_text = pair
        .sk
        .to_box(Some(&comment))
        .map_err(failed)?
        .into_string();
    write_new(&secret_path, &secret_text, true)?;
    write_new(&public_path, &public_text, false)?;
    let mut out = Output::stdout();
    out.line(&format!("New key {key_id}:"))?;
    out.line(&format!(
        "  public key {} (publish it; employees and IT compare the key id {key_id})",
        shown(&public_path)
    ))?;
    out.line(&format!(
        "  secret key {} ({}keep it private; whoever has it can sign packs in your name)",
        shown(&secret_path),
        if encrypt {
            "encrypted with your password; "
        } else {
            "not encrypted: "
        }
    ))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// Reads a secret key file (unencrypted, or encrypted and then asks for its password).
fn read_secret_key(path: &Path) -> Result<SecretKey, Failure> {
    let text = read_text(Some(path), "secret key", MAX_PUBLIC_KEY_BYTES as u64)?;
    let not_a_key = |detail: &str| {
        Failure::Message(format!(
            "{} is not a minisign secret key ({detail})\n  fix: give the NAME.key file made by `postcheck pack keygen` or `minisign -G`; the .pub file is for verifying",
            shown(path)
        ))
    };
    let key_line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
        .unwrap_or_default();
    if PublicKey::parse(&text).is_ok() {
        return Err(not_a_key("this is a public key"));
    }
    let boxed = SecretKeyBox::from_string(&text).map_err(|_| not_a_key("it cannot be read"))?;
    let bytes = Base64::decode_to_vec(key_line, None).unwrap_or_default();
    match SecretKey::from_unencrypted_box(boxed.clone()) {
        Ok(key) => Ok(key),
        // minisign 0.11's unencrypted keys (`-G -W`) leave the checksum (the
        // last 32 bytes) at zero, which the crate takes for a damaged key.
        Err(_)
            if bytes.len() == SECRET_KEY_BYTES
                && bytes.get(2..4) == Some(&[0, 0])
                && bytes.iter().rev().take(32).all(|b| *b == 0) =>
        {
            SecretKey::from_bytes(&bytes).map_err(|_| not_a_key("it cannot be read"))
        }
        // An encrypted key starts with the bytes "EdSc" (scrypt): base64 "RWRT".
        Err(_) if key_line.starts_with("RWRT") => {
            let password = password(&format!("the secret key {}", shown(path)), false)?;
            SecretKey::from_box(boxed, Some(password)).map_err(|e| {
                if e.to_string().contains("Wrong password") {
                    Failure::Message(format!("wrong password for the secret key {}", shown(path)))
                } else {
                    not_a_key("it cannot be decrypted")
                }
            })
        }
        Err(_) => Err(not_a_key("it cannot be read")),
    }
}

/// `pack sign`: writes `PACK.minisig`, a prehashed minisign signature whose
/// trusted comment names the pack's id and version. The pack must load.
pub fn sign(pack_path: &Path, key_path: &Path) -> Result<ExitCode, Failure> {
    let text = read_pack_text(pack_path)?;
    let file = pack_path.display().to_string();
    let pack = CompiledPack::from_json(&text).map_err(|e| {
        format!(
            "{}\nOnly a pack that loads can be signed.",
            describe_refusal(&file, &e)
        )
    })?;
    let manifest = pack.manifest();
    let comment = signature::trusted_comment(&manifest.id, &manifest.version).ok_or_else(|| {
        format!(
            "{}: the version {} has a line break, which a signature's trusted comment cannot hold\n  fix: use a version on one line, e.g. \"2026.11.1\"",
            shown(pack_path),
            quoted(&manifest.version)
        )
    })?;
    let secret = read_secret_key(key_path)?;
    let public = minisign::PublicKey::from_secret_key(&secret)
        .map_err(|e| format!("cannot use the secret key {}: {e}", shown(key_path)))?;
    let key = PublicKey::parse(&public.to_base64()).map_err(|e| e.to_string())?;
    let untrusted = format!("signature from postcheck, key {}", key.key_id());
    let made = minisign::sign(
        Some(&public),
        &secret,
        text.as_bytes(),
        Some(&comment),
        Some(&untrusted),
    )
    .map_err(|e| format!("cannot sign {}: {e}", shown(pack_path)))?
    .into_string();
    // The signature is checked as every reader will check it before it is written.
    let parsed = Signature::parse(&made).map_err(|e| e.to_string())?;
    signature::verify(text.as_bytes(), &parsed, &key).map_err(|e| e.to_string())?;
    let signature_path = with_suffix(pack_path, ".minisig");
    std::fs::write(&signature_path, &made)
        .map_err(|e| format!("cannot write {}: {e}", shown(&signature_path)))?;
    let mut out = Output::stdout();
    out.line(&format!(
        "{}: signed pack {} version {} with key {}",
        shown(&signature_path),
        quoted(&manifest.id),
        quoted(&manifest.version),
        key.key_id()
    ))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// The pack file's bytes, as they are (at most a pack's size and one byte more).
fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    let limit = postcheck_core::format::limits::MAX_PACK_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(limit).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read the pack {}: {e}", shown(path)))?;
    Ok(bytes)
}

/// A signature problem as `file: message` and its fix.
fn refusal(file: &Path, e: &SignatureError) -> Failure {
    Failure::Message(format!(
        "{}: {}\n  fix: {}",
        shown(file),
        escape(&e.to_string()),
        escape(&e.fix())
    ))
}

/// `pack verify`: exit 0 and the signer's key id, pack id and version when the
/// signature holds and names this pack; a plain message and exit 1 otherwise.
pub fn verify(
    pack_path: &Path,
    key_path: &Path,
    signature_path: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let signature_path = signature_path
        .map(Path::to_path_buf)
        .unwrap_or_else(|| with_suffix(pack_path, ".minisig"));
    let key_text = read_text(Some(key_path), "public key", MAX_PUBLIC_KEY_BYTES as u64)?;
    let key = PublicKey::parse(&key_text).map_err(|e| refusal(key_path, &e))?;
    if !signature_path.exists() {
        return Err(Failure::Message(format!(
            "{}: the pack has no signature: {} is missing\n  fix: get the signature with the pack, or give it with --sig",
            shown(pack_path),
            shown(&signature_path)
        )));
    }
    let signature_text = read_text(
        Some(&signature_path),
        "signature",
        MAX_SIGNATURE_BYTES as u64,
    )?;
    let signature = Signature::parse(&signature_text).map_err(|e| refusal(&signature_path, &e))?;
    // The bytes are checked before anything reads them as a pack.
    let bytes = read_bytes(pack_path)?;
    let verified =
        signature::verify(&bytes, &signature, &key).map_err(|e| refusal(pack_path, &e))?;
    let text = read_pack_text(pack_path)?;
    let pack = CompiledPack::from_json(&text)
        .map_err(|e| describe_refusal(&pack_path.display().to_string(), &e))?;
    let manifest = pack.manifest();
    signature::check_trusted_comment(&verified.trusted_comment, &manifest.id, &manifest.version)
        .map_err(|e| refusal(&signature_path, &e))?;
    let mut out = Output::stdout();
    out.line(&format!(
        "{}: good signature by key {} for pack {} version {}",
        shown(pack_path),
        verified.key_id,
        quoted(&manifest.id),
        quoted(&manifest.version)
    ))?;
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}
