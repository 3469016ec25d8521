//! Signed packs: a pack's detached signature in the minisign format.
//!
//! A publisher signs the pack file with an Ed25519 key, as the `minisign` tool
//! (or `postcheck pack sign`) does; the signature travels next to the pack as
//! `PACK.minisig`. This module reads a minisign public key and signature (both
//! untrusted text), checks the signature over the pack's bytes, and says in
//! plain words what is wrong when it does not hold. It does no I/O and imports
//! nothing else of the crate. The cryptography is the `minisign-verify` crate's.
//!
//! Both signature algorithms of minisign are accepted: `ED` (the pack's
//! BLAKE2b-512 hash is signed; minisign's default since 0.8 and what
//! `postcheck pack sign` writes) and the legacy `Ed` (the pack itself is signed).
//!
//! The trusted comment (signed too) names the pack: see [`trusted_comment`].
//! A signature made for another pack, or for another version of it, holds
//! cryptographically; [`check_trusted_comment`] catches it.

use std::fmt;

use serde::Serialize;

use crate::format::problem::{PackError, Problem};

/// Longest public key file read, in bytes: a minisign public key file is
/// about 110 bytes; a longer comment is allowed, not a document.
pub const MAX_PUBLIC_KEY_BYTES: usize = 4096;

/// Longest signature file read, in bytes: minisign allows a trusted comment
/// of up to 8 KB; the rest of the file is about 300 bytes.
pub const MAX_SIGNATURE_BYTES: usize = 16 * 1024;

/// How the trusted comment of a pack's signature starts; see [`trusted_comment`].
pub const TRUSTED_COMMENT_PREFIX: &str = "postcheck-pack id=";

/// What separates the pack id from its version in the trusted comment.
const VERSION_SEPARATOR: &str = " version=";

/// The id of a minisign key, as minisign shows it: 16 hexadecimal digits in
/// capitals (`85DDAA14F41B9329`). A public key and the signatures made with
/// its secret key carry the same id; it is what a person compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId([u8; 8]);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // minisign prints the id as a little-endian number.
        for byte in self.0.iter().rev() {
            write!(f, "{byte:02X}")?;
        }
        Ok(())
    }
}

/// A minisign public key: the key that checks a publisher's signatures.
#[derive(Debug, Clone)]
pub struct PublicKey {
    id: KeyId,
    key: minisign_verify::PublicKey,
}

impl PublicKey {
    /// Reads a public key: a minisign public key file (`untrusted comment: ...`
    /// then the key line `RW...`) or the key line alone.
    pub fn parse(text: &str) -> Result<PublicKey, SignatureError> {
        let malformed =
            |line: Option<usize>, what: String| SignatureError::MalformedKey { line, what };
        if text.len() > MAX_PUBLIC_KEY_BYTES {
            return Err(malformed(
                None,
                format!(
                    "the file has {} bytes, a public key has about 110; is it the right file?",
                    text.len()
                ),
            ));
        }
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty());
        let Some((mut number, mut line)) = lines.next() else {
            return Err(malformed(None, "the file is empty".into()));
        };
        if line.starts_with("untrusted comment:") {
            (number, line) = lines.next().ok_or_else(|| {
                malformed(
                    None,
                    "the key line (starting with RW) is missing after the comment line".into(),
                )
            })?;
        }
        let signature_file = text.lines().any(|l| l.starts_with("trusted comment:"));
        let what = if signature_file {
            Some("this looks like a signature file, not a public key".to_string())
        } else {
            match decode_base64(line) {
                None => Some(
                    "the key is not base64 text (a minisign public key line looks like RWQpkxv0...)"
                        .to_string(),
                ),
                // A secret key: 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32 bytes.
                Some(bytes) if bytes.len() == 158 => Some(
                    "this is a secret key, not a public key: give the .pub file, and keep the secret key private"
                        .to_string(),
                ),
                Some(bytes) if bytes.len() != 42 => Some(format!(
                    "the key has {} bytes, a minisign public key has 42; is this a secret key or a signature?",
                    bytes.len()
                )),
                Some(bytes) if bytes.get(..2) != Some(b"Ed".as_slice()) => {
                    Some("the key is not an Ed25519 key of minisign".to_string())
                }
                Some(_) => None,
            }
        };
        if let Some(what) = what {
            return Err(malformed(Some(number), what));
        }
        let key = minisign_verify::PublicKey::from_base64(line)
            .map_err(|_| malformed(Some(number), "the key cannot be read".into()))?;
        let id = key_id_at(line, 2).ok_or_else(|| malformed(Some(number), "no key id".into()))?;
        Ok(PublicKey { id, key })
    }

    /// The key's id, as minisign shows it.
    pub fn key_id(&self) -> KeyId {
        self.id
    }
}

/// A minisign signature (`.minisig` file): the signature of the pack, the
/// trusted comment, and the signature of both together.
#[derive(Clone)]
pub struct Signature {
    key_id: KeyId,
    prehashed: bool,
    signature: minisign_verify::Signature,
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("key_id", &self.key_id)
            .field("prehashed", &self.prehashed)
            .field("trusted_comment", &self.trusted_comment())
            .finish()
    }
}

impl Signature {
    /// Reads a minisign signature file: four lines, `untrusted comment: ...`,
    /// the signature, `trusted comment: ...`, the global signature.
    pub fn parse(text: &str) -> Result<Signature, SignatureError> {
        let malformed = |line: Option<usize>, what: &str| SignatureError::MalformedSignature {
            line,
            what: what.to_string(),
        };
        if text.len() > MAX_SIGNATURE_BYTES {
            return Err(malformed(
                None,
                "the file is larger than 16 KB, a signature has less than 1 KB; is it the right file?",
            ));
        }
        if text.trim().is_empty() {
            return Err(malformed(None, "the file is empty"));
        }
        let lines: Vec<&str> = text.lines().map(|l| l.trim_end()).collect();
        let line = |n: usize| lines.get(n - 1).copied().unwrap_or_default();
        if !line(1).starts_with("untrusted comment:") {
            let what = if line(1).starts_with("RW") {
                "this looks like a public key, not a signature"
            } else {
                "the first line must start with \"untrusted comment:\""
            };
            return Err(malformed(Some(1), what));
        }
        let signature_line = line(2).trim();
        match decode_base64(signature_line) {
            _ if signature_line.is_empty() => {
                return Err(malformed(Some(2), "the signature line is missing"));
            }
            None => return Err(malformed(Some(2), "the signature is not base64 text")),
            Some(bytes) if bytes.len() == 42 => {
                return Err(malformed(
                    Some(2),
                    "this looks like a public key, not a signature",
                ));
            }
            Some(bytes) if bytes.len() != 74 => {
                return Err(malformed(
                    Some(2),
                    "the signature has the wrong length for a minisign signature",
                ));
            }
            Some(_) => {}
        }
        let prehashed = match signature_line.get(..2) {
            Some("RU") => true,  // "ED": BLAKE2b-512 of the pack, signed
            Some("RW") => false, // "Ed": the pack itself, signed (legacy)
            _ => {
                return Err(malformed(
                    Some(2),
                    "the signature algorithm is unknown (minisign uses Ed25519, ED or Ed)",
                ));
            }
        };
        if !line(3).starts_with("trusted comment: ") {
            return Err(malformed(
                Some(3),
                "the third line must start with \"trusted comment: \"",
            ));
        }
        let global = line(4).trim();
        match decode_base64(global) {
            _ if global.is_empty() => {
                return Err(malformed(Some(4), "the global signature line is missing"));
            }
            None => {
                return Err(malformed(
                    Some(4),
                    "the global signature is not base64 text",
                ));
            }
            Some(bytes) if bytes.len() != 64 => {
                return Err(malformed(
                    Some(4),
                    "the global signature has the wrong length (64 bytes in minisign)",
                ));
            }
            Some(_) => {}
        }
        if let Some(extra) = lines.iter().skip(4).position(|l| !l.trim().is_empty()) {
            return Err(malformed(
                Some(extra + 5),
                "a minisign signature has four lines; this file has more",
            ));
        }
        let four = format!("{}\n{signature_line}\n{}\n{global}\n", line(1), line(3));
        let signature = minisign_verify::Signature::decode(&four)
            .map_err(|_| malformed(None, "the signature cannot be read"))?;
        let key_id = key_id_at(signature_line, 2).ok_or_else(|| malformed(Some(2), "no key id"))?;
        Ok(Signature {
            key_id,
            prehashed,
            signature,
        })
    }

    /// The id of the key that made the signature.
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// The trusted comment (signed with the pack), without `trusted comment: `.
    pub fn trusted_comment(&self) -> &str {
        self.signature.trusted_comment()
    }

    /// True for the `ED` algorithm (the pack's hash signed), false for legacy `Ed`.
    pub fn is_prehashed(&self) -> bool {
        self.prehashed
    }
}

/// A signature that holds: who signed, and what they said in the trusted comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The id of the signer's key.
    pub key_id: KeyId,
    /// The trusted comment, signed with the pack.
    pub trusted_comment: String,
}

/// Checks that `signature` was made by `key` over exactly `data` (the pack
/// file's bytes) and that its trusted comment was not changed.
pub fn verify(
    data: &[u8],
    signature: &Signature,
    key: &PublicKey,
) -> Result<Verified, SignatureError> {
    if signature.key_id != key.id {
        return Err(SignatureError::WrongKey {
            key: key.id,
            signed_by: signature.key_id,
        });
    }
    match key.key.verify(data, &signature.signature, true) {
        Ok(()) => Ok(Verified {
            key_id: key.id,
            trusted_comment: signature.trusted_comment().to_string(),
        }),
        Err(minisign_verify::Error::UnexpectedKeyId) => Err(SignatureError::WrongKey {
            key: key.id,
            signed_by: signature.key_id,
        }),
        Err(_) => Err(SignatureError::BadSignature),
    }
}

/// [`PublicKey::parse`], [`Signature::parse`] and [`verify`] in one step.
pub fn verify_texts(
    data: &[u8],
    signature_text: &str,
    public_key_text: &str,
) -> Result<Verified, SignatureError> {
    let key = PublicKey::parse(public_key_text)?;
    let signature = Signature::parse(signature_text)?;
    verify(data, &signature, &key)
}

/// The trusted comment that names a pack: `postcheck-pack id=<id> version=<version>`,
/// e.g. `postcheck-pack id=acme version=2026.11.1`. `postcheck pack sign` writes
/// it; with the `minisign` tool, give it with `-t`. The version is the rest of the
/// line (it may hold spaces); a version with a line break cannot be named (`None`).
pub fn trusted_comment(id: &str, version: &str) -> Option<String> {
    if id.contains(char::is_whitespace) || version.contains(['\n', '\r']) {
        return None;
    }
    Some(format!(
        "{TRUSTED_COMMENT_PREFIX}{id}{VERSION_SEPARATOR}{version}"
    ))
}

/// The pack id and version a trusted comment names, when it follows the
/// convention of [`trusted_comment`].
pub fn named_pack(trusted_comment: &str) -> Option<(&str, &str)> {
    let rest = trusted_comment.strip_prefix(TRUSTED_COMMENT_PREFIX)?;
    let (id, version) = rest.split_once(VERSION_SEPARATOR)?;
    (!id.is_empty() && !id.contains(char::is_whitespace)).then_some((id, version))
}

/// What a signature that holds says, as the extension receives it
/// (`verifyPack`): the signer's key id as minisign shows it (what the employee
/// compares, and what is pinned), the trusted comment, and the pack it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignatureReport {
    /// The signer's key id (16 hexadecimal digits).
    pub key_id: String,
    /// The trusted comment, signed with the pack.
    pub trusted_comment: String,
    /// The pack id and version the trusted comment names, when it follows the
    /// convention of [`trusted_comment`].
    pub pack: Option<NamedPack>,
}

/// The pack a signature names in its trusted comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedPack {
    /// Pack id.
    pub id: String,
    /// Pack version.
    pub version: String,
}

/// [`verify_texts`], with the result as [`SignatureReport`] and a failure as
/// a refusal of one located problem (like a refused pack's).
pub fn report(
    data: &[u8],
    signature_text: &str,
    public_key_text: &str,
) -> Result<SignatureReport, PackError> {
    let verified = verify_texts(data, signature_text, public_key_text).map_err(|e| PackError {
        problems: vec![e.problem()],
    })?;
    let pack = named_pack(&verified.trusted_comment).map(|(id, version)| NamedPack {
        id: id.to_string(),
        version: version.to_string(),
    });
    Ok(SignatureReport {
        key_id: verified.key_id.to_string(),
        trusted_comment: verified.trusted_comment,
        pack,
    })
}

/// Checks that a trusted comment names the pack with this id and version,
/// exactly as [`trusted_comment`] writes it.
pub fn check_trusted_comment(
    trusted_comment: &str,
    id: &str,
    version: &str,
) -> Result<(), SignatureError> {
    match named_pack(trusted_comment) {
        Some((i, v)) if i == id && v == version => Ok(()),
        _ => Err(SignatureError::WrongPack {
            trusted_comment: trusted_comment.to_string(),
            id: id.to_string(),
            version: version.to_string(),
        }),
    }
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// The public key file cannot be read as a minisign public key.
    MalformedKey {
        /// The line of the file (1-based), when one is to blame.
        line: Option<usize>,
        /// What is wrong.
        what: String,
    },
    /// The signature file cannot be read as a minisign signature.
    MalformedSignature {
        /// The line of the file (1-based), when one is to blame.
        line: Option<usize>,
        /// What is wrong.
        what: String,
    },
    /// The signature was made with another key than the one given.
    WrongKey {
        /// The id of the key given.
        key: KeyId,
        /// The id of the key that made the signature.
        signed_by: KeyId,
    },
    /// The signature does not match the pack: the pack or the trusted comment
    /// was changed after signing (or the signature was made up).
    BadSignature,
    /// The signature holds, but its trusted comment does not name this pack
    /// and version (a signature of another pack, or of another version).
    WrongPack {
        /// The trusted comment of the signature.
        trusted_comment: String,
        /// The id of the pack checked.
        id: String,
        /// The version of the pack checked.
        version: String,
    },
}

impl SignatureError {
    /// Which file is to blame: `public key`, `signature` or `pack`.
    pub fn place(&self) -> &'static str {
        match self {
            SignatureError::MalformedKey { .. } => "public key",
            SignatureError::MalformedSignature { .. } | SignatureError::WrongPack { .. } => {
                "signature"
            }
            SignatureError::WrongKey { .. } | SignatureError::BadSignature => "pack",
        }
    }

    /// How to fix it, in plain words.
    pub fn fix(&self) -> String {
        match self {
            SignatureError::MalformedKey { .. } => "use the publisher's public key file (NAME.pub, made by `postcheck pack keygen` or `minisign -G`), or its key line starting with RW".into(),
            SignatureError::MalformedSignature { .. } => "use the PACK.minisig file made by `postcheck pack sign` or `minisign -S`, unchanged".into(),
            SignatureError::WrongKey { .. } => "check that the pack comes from the publisher you expect; if they changed their key, get the new public key from them by a way you trust".into(),
            SignatureError::BadSignature => "do not use this pack; get the pack and its signature again from the publisher".into(),
            SignatureError::WrongPack { id, version, .. } => format!(
                "sign the pack again (`postcheck pack sign`), or with minisign: -t \"{TRUSTED_COMMENT_PREFIX}{id}{VERSION_SEPARATOR}{version}\""
            ),
        }
    }

    /// The problem, with its place, line and fix (for the extension's lists of problems).
    pub fn problem(&self) -> Problem {
        let mut problem = Problem::error(self.place(), self.to_string()).fix(self.fix());
        if let SignatureError::MalformedKey { line, .. }
        | SignatureError::MalformedSignature { line, .. } = self
        {
            problem.line = *line;
        }
        problem
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::MalformedKey { line, what } => {
                write!(f, "the public key is not a minisign public key")?;
                if let Some(line) = line {
                    write!(f, " (line {line})")?;
                }
                write!(f, ": {what}")
            }
            SignatureError::MalformedSignature { line, what } => {
                write!(f, "the signature is not a minisign signature")?;
                if let Some(line) = line {
                    write!(f, " (line {line})")?;
                }
                write!(f, ": {what}")
            }
            SignatureError::WrongKey { key, signed_by } => write!(
                f,
                "the pack was signed by another key: the signature is by key {signed_by}, the public key given is key {key}"
            ),
            SignatureError::BadSignature => write!(
                f,
                "the signature does not match the pack: the pack (or the signature's trusted comment) was changed after it was signed"
            ),
            SignatureError::WrongPack {
                trusted_comment,
                id,
                version,
            } => match named_pack(trusted_comment) {
                Some((i, v)) => write!(
                    f,
                    "the signature is for pack \"{i}\" version \"{v}\", not for this pack (\"{id}\" version \"{version}\")"
                ),
                None => write!(
                    f,
                    "the signature's trusted comment does not name the pack (\"{id}\" version \"{version}\"): it says \"{}\"",
                    trusted_comment.escape_debug()
                ),
            },
        }
    }
}

/// The key id at byte `at` of the base64 `line` (2: after the algorithm).
fn key_id_at(line: &str, at: usize) -> Option<KeyId> {
    let bytes = decode_base64(line)?;
    let id: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(KeyId(id))
}

/// Decodes standard base64 (RFC 4648, `=` padding optional); `None` for
/// anything else.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.is_empty() || text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // Bits left over must be zero padding.
    (buffer == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made once with Debian's minisign 0.11:
    //   minisign -G -W -p test.pub -s test.key
    //   printf '{"id":"acme","version":"1.0"}\n' > pack.json
    //   minisign -S -s test.key -m pack.json -t "postcheck-pack id=acme version=1.0"
    //   minisign -S -l -s test.key -m pack.json -x legacy.minisig -t "postcheck-pack id=acme version=1.0"
    const PACK: &[u8] = b"{\"id\":\"acme\",\"version\":\"1.0\"}\n";
    const PUBLIC_KEY: &str = "untrusted comment: minisign public key 85DDAA14F41B9329\nRWQpkxv0FKrdhZwojgjpWwOMXCazZv9JStmwESNwrkeiikF+7nGcMSbp\n";
    const PREHASHED: &str = "untrusted comment: signature from minisign secret key\nRUQpkxv0FKrdhXGWLqO4FINVkc/s6zkCXfRd/wfCCR32TFSkkpGAKCHRDxmNy5IfddsFOGDShHojIkNFtBF/DGU2n1zU/RpPdgY=\ntrusted comment: postcheck-pack id=acme version=1.0\nxEVBIWuuZ9d+rwRznMQi+/s4qxNLWvuXg62lMhjOssBIhsvQJZC4PTtoyvYISuLsUYwWmHbJFXIP2M4hHmPLAA==\n";
    const LEGACY: &str = "untrusted comment: signature from minisign secret key\nRWQpkxv0FKrdheXPDaYrfacH4ppMmAeBUUg2yww8daxm17SOzB3ScMGq3ItZYnkYvW4brwFhc13FwLCpxL6SxW1RyxkcNRxfpAI=\ntrusted comment: postcheck-pack id=acme version=1.0\nK6xxAMtg3Cl103hiNIr3MrgV6QEkXy2C1nNGAub4oq63Rn91MdJk3pOiU7uUQumiUqBeUI+5UYxqCOQNFGEcCA==\n";
    /// The shape of a secret key file (`minisign -G -W`), zeros for the key.
    const SECRET_KEY: &str = "untrusted comment: minisign encrypted secret key\nRWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    /// Another key, made the same way.
    const OTHER_KEY: &str = "untrusted comment: minisign public key 59227DC1E07A17C3\nRWTDF3rgwX0iWV3v+MXFxRPvd4SZ53b7pbltbZsKcYvibORctcd8m5dU\n";

    #[test]
    fn a_signature_by_minisign_holds_in_both_algorithms() {
        for text in [PREHASHED, LEGACY] {
            let verified = verify_texts(PACK, text, PUBLIC_KEY);
            assert_eq!(
                verified,
                Ok(Verified {
                    key_id: PublicKey::parse(PUBLIC_KEY).map(|k| k.key_id()).unwrap(),
                    trusted_comment: "postcheck-pack id=acme version=1.0".into(),
                })
            );
        }
        assert!(Signature::parse(PREHASHED).unwrap().is_prehashed());
        assert!(!Signature::parse(LEGACY).unwrap().is_prehashed());
    }

    #[test]
    fn the_key_id_is_shown_as_minisign_shows_it() {
        let key = PublicKey::parse(PUBLIC_KEY).unwrap();
        assert_eq!(key.key_id().to_string(), "85DDAA14F41B9329");
        let bare = PublicKey::parse("RWQpkxv0FKrdhZwojgjpWwOMXCazZv9JStmwESNwrkeiikF+7nGcMSbp");
        assert_eq!(bare.unwrap().key_id(), key.key_id());
        let sig = Signature::parse(PREHASHED).unwrap();
        assert_eq!(sig.key_id().to_string(), "85DDAA14F41B9329");
        let windows = PUBLIC_KEY.replace('\n', "\r\n");
        assert!(PublicKey::parse(&windows).is_ok());
        assert!(verify_texts(PACK, &PREHASHED.replace('\n', "\r\n"), &windows).is_ok());
    }

    #[test]
    fn one_changed_byte_of_the_pack_is_a_bad_signature() {
        for text in [PREHASHED, LEGACY] {
            for at in [0, 10, PACK.len() - 1] {
                let mut pack = PACK.to_vec();
                pack[at] ^= 1;
                let err = verify_texts(&pack, text, PUBLIC_KEY).unwrap_err();
                assert_eq!(err, SignatureError::BadSignature);
                assert!(err.to_string().contains("changed after it was signed"));
            }
        }
    }

    #[test]
    fn a_changed_trusted_comment_is_a_bad_signature() {
        let changed = PREHASHED.replace("version=1.0", "version=9.0");
        assert_eq!(
            verify_texts(PACK, &changed, PUBLIC_KEY),
            Err(SignatureError::BadSignature)
        );
    }

    #[test]
    fn another_key_is_named_with_both_ids() {
        let err = verify_texts(PACK, PREHASHED, OTHER_KEY).unwrap_err();
        assert!(matches!(err, SignatureError::WrongKey { .. }));
        assert_eq!(
            err.to_string(),
            "the pack was signed by another key: the signature is by key 85DDAA14F41B9329, the public key given is key 59227DC1E07A17C3"
        );
        assert_eq!(err.problem().path, "pack");
    }

    #[test]
    fn malformed_keys_say_what_is_wrong() {
        let cases = [
            ("", "the file is empty"),
            (
                "untrusted comment: x\n",
                "the key line (starting with RW) is missing",
            ),
            ("untrusted comment: x\nnot base64!\n", "not base64 text"),
            ("RWQpkxv0FKrdhZwojgjp", "has 15 bytes"),
            (PREHASHED, "looks like a signature file"),
            // A secret key of minisign -W (all zero but the algorithm bytes).
            (SECRET_KEY, "this is a secret key, not a public key"),
            // Too long for a public key, too short for a secret key.
            (
                "RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "is this a secret key or a signature",
            ),
        ];
        for (text, want) in cases {
            let err = PublicKey::parse(text).unwrap_err();
            let shown = err.to_string();
            assert!(
                shown.starts_with("the public key is not a minisign public key")
                    && shown.contains(want),
                "{text:?}: {shown}"
            );
            assert_eq!(err.problem().path, "public key");
        }
        let long = "x".repeat(MAX_PUBLIC_KEY_BYTES + 1);
        assert!(
            PublicKey::parse(&long)
                .unwrap_err()
                .to_string()
                .contains("the right file")
        );
    }

    #[test]
    fn malformed_signatures_say_what_is_wrong_and_where() {
        let lines: Vec<&str> = PREHASHED.lines().collect();
        let with = |n: usize, text: &str| {
            let mut l = lines.clone();
            l[n - 1] = text;
            l.join("\n")
        };
        let cases = [
            (String::new(), None, "the file is empty"),
            (PUBLIC_KEY.to_string(), Some(2), "looks like a public key"),
            (
                "-----BEGIN PGP SIGNATURE-----".into(),
                Some(1),
                "first line",
            ),
            (
                "RWQpkxv0FKrdhZwojgjpWwOMXCazZv9JStmwESNwrkeiikF+7nGcMSbp".into(),
                Some(1),
                "looks like a public key",
            ),
            (lines[0].to_string(), Some(2), "signature line is missing"),
            (with(2, "RUQ*"), Some(2), "not base64"),
            (with(2, "RUQpkxv0FKrdhXGWLqO4"), Some(2), "wrong length"),
            (with(3, "comment: x"), Some(3), "trusted comment"),
            (
                lines[..3].join("\n"),
                Some(4),
                "global signature line is missing",
            ),
            (with(4, "AAAA"), Some(4), "wrong length"),
            (format!("{PREHASHED}\nmore\n"), Some(6), "four lines"),
        ];
        for (text, line, want) in cases {
            let err = Signature::parse(&text).unwrap_err();
            let shown = err.to_string();
            assert!(
                shown.starts_with("the signature is not a minisign signature")
                    && shown.contains(want),
                "{text:?}: {shown}"
            );
            assert_eq!(err.problem().line, line, "{shown}");
        }
        // The algorithm bytes changed to something unknown ("Ex"): base64 "RX".
        let unknown = with(2, &lines[1].replacen("RU", "RX", 1));
        assert!(
            Signature::parse(&unknown)
                .unwrap_err()
                .to_string()
                .contains("algorithm")
        );
    }

    #[test]
    fn the_trusted_comment_names_the_pack_and_version() {
        let comment = trusted_comment("acme", "2026.11 beta").unwrap();
        assert_eq!(comment, "postcheck-pack id=acme version=2026.11 beta");
        assert_eq!(named_pack(&comment), Some(("acme", "2026.11 beta")));
        assert_eq!(
            check_trusted_comment(&comment, "acme", "2026.11 beta"),
            Ok(())
        );
        assert_eq!(trusted_comment("acme", "1\n2"), None);

        let err = check_trusted_comment(&comment, "acme", "2026.12").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the signature is for pack \"acme\" version \"2026.11 beta\", not for this pack (\"acme\" version \"2026.12\")"
        );
        assert!(
            err.fix()
                .contains("-t \"postcheck-pack id=acme version=2026.12\"")
        );
        let err =
            check_trusted_comment("timestamp:1765100000\tfile:acme.json", "acme", "1").unwrap_err();
        assert!(
            err.to_string()
                .contains("does not name the pack (\"acme\" version \"1\"): it says \"timestamp:1765100000\\tfile:acme.json\"")
        );
    }

    #[test]
    fn base64_is_strict() {
        assert_eq!(decode_base64("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(decode_base64("aGVsbG8"), Some(b"hello".to_vec()));
        assert_eq!(decode_base64("aGVsbG9="), None, "non-zero padding bits");
        assert_eq!(decode_base64("a"), None);
        assert_eq!(decode_base64("aGVs bG8="), None);
        assert_eq!(decode_base64(""), None);
    }

    proptest::proptest! {
        /// Any one character of the signature, trusted comment or global
        /// signature replaced: refused, never accepted, never a panic.
        #[test]
        fn any_changed_character_of_a_signature_is_refused(
            at in 0usize..PREHASHED.len(),
            with in proptest::char::any(),
        ) {
            let first_line = PREHASHED.find('\n').unwrap_or_default();
            let original = PREHASHED.chars().nth(at).unwrap_or_default();
            proptest::prop_assume!(at > first_line && original != with && original != '\n');
            let changed: String = PREHASHED
                .chars()
                .enumerate()
                .map(|(i, c)| if i == at { with } else { c })
                .collect();
            proptest::prop_assert!(verify_texts(PACK, &changed, PUBLIC_KEY).is_err());
        }

        #[test]
        fn any_text_as_key_or_signature_is_refused_without_panic(text in "(?s).{0,400}") {
            proptest::prop_assert!(verify_texts(PACK, &text, &text).is_err());
            proptest::prop_assert!(verify_texts(PACK, PREHASHED, &text).is_err());
            proptest::prop_assert!(verify_texts(PACK, &text, PUBLIC_KEY).is_err());
        }
    }

    #[test]
    fn garbage_never_panics() {
        let samples = [
            "untrusted comment:\nRU\ntrusted comment: \n=",
            "untrusted comment: é\nRUQ€€€€\ntrusted comment: x\nAA==",
            "\n\n\n\n\n",
            "untrusted comment: x\nRWQ=\n",
        ];
        for text in samples {
            let _ = PublicKey::parse(text);
            let _ = Signature::parse(text);
            let _ = verify_texts(PACK, text, text);
        }
    }
}
