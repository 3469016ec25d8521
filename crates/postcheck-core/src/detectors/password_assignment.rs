//! `password-assignment`: a password, secret or token written out after its
//! label ("Passwort: Sommer2024!", "password=hunter2", "mot de passe : ...").
//!
//! Why it matters: a password in a post (the guest Wi-Fi, a demo account, a
//! screenshot caption) is out for good; even a "temporary" one tends to be
//! reused elsewhere.
//!
//! Example: "WLAN für Gäste, Passwort: Sommer2024!" flags `Sommer2024!`.
//!
//! A label (German, English, French, Italian: Passwort, Kennwort, password,
//! passwd, pwd, pw, passphrase, mot de passe, mdp, parola d'ordine, secret, token,
//! api_key, client_secret ...), then `:`, `=`, `=>` or a verb ("ist", "is",
//! "est", "è", "lautet"), then the value on the same line, quoted or not. The
//! value is judged, not the label: masked values (`****`), placeholders
//! (`<password>`, `${TOKEN}`, `your_password`) and links are ignored; a plain
//! word ("Passwort: vergessen?", "password is required") is low; letters with
//! digits or symbols, or long digit strings, are high. The span is the value.
//! The password labels (`pw`, `pwd`, Passwort, password, Kennwort, mot de
//! passe, parola d'ordine) also count with only a space before the value
//! ("pwd Winter-2025", "Passwort acme-demo-2026"), but then only for a value
//! of letters and digits that is high: "PW" is an abbreviation in many posts
//! ("the PW team"), and "Passwort vergessen" is prose.

use std::ops::Range;
use std::sync::LazyLock;

use super::around::{char_after, char_before};
use super::bounded::Bounded;
use super::scan::Stems;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds passwords and secrets written after their label.
pub struct PasswordAssignment;

static LABEL: LazyLock<Bounded> = LazyLock::new(|| {
    Bounded::new(
        "(?i)",
        concat!(
            r"(?:(?P<label>passwort|password|passwd|pwd|pw|kennwort|passphrase|passcode|mot de passe|mdp|",
            r"parola d['’]ordine|parola chiave|client[_-]?secret|secret[_-]?key|api[_-]?key|apikey|",
            r"access[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|secret|token)",
            // "mot de passe provisoire", "Passwort für das WLAN", "parola d'ordine del Wi-Fi"
            r"(?:[ \t]+(?:provisoire|temporaire|initial|initiale|temporary|provvisoria|temporanea|iniziale))?",
            r"(?:[ \t]+(?:für|fürs|vom|for|of|pour|du|des|per|del|della|dello|dei)[ \t]+[^\s:=]{1,40}(?:[ \t]+[^\s:=]{1,40})?)?",
            r#"["'”]?"#,
            r"(?:[ \t]{0,3}(?:=>|:=|[:=])[ \t]*|[ \t]+(?:ist|is|est|è|lautet|was|war)(?:[ \t]*:)?[ \t]+)",
            // the password labels also with only a space before the value:
            // "pwd Winter-2025", "Passwort acme-demo-2026"
            r"|(?P<bare>pwd?|passwort|password|kennwort|mot de passe|parola d['’]ordine)[ \t]+)",
        ),
        false,
    )
});

/// How the labels start, in lower case: a label is only looked for where one of these is.
/// (A stem has at least three bytes: "pw" is found with what follows it.)
const LABEL_STARTS: &[&str] = &[
    "pass",
    "pwd",
    "pw:",
    "pw=",
    "pw ",
    "pw\t",
    "pw\"",
    "pw'",
    "pw\u{201d}",
    "kennwort",
    "mot de passe",
    "mdp",
    "parola",
    "client",
    "secret",
    "api",
    "access",
    "auth",
    "refresh",
    "token",
];

static STARTS: LazyLock<Stems> = LazyLock::new(|| Stems::new(LABEL_STARTS.iter().copied()));

/// Labels that name a password (rather than any secret or token).
const PASSWORD_LABELS: &[&str] = &[
    "passwort",
    "password",
    "passwd",
    "pwd",
    "pw",
    "kennwort",
    "passphrase",
    "passcode",
    "mot de passe",
    "mdp",
    "parola d'ordine",
    "parola d’ordine",
    "parola chiave",
];

/// Words that stand for a value rather than being one.
const PLACEHOLDERS: &[&str] = &[
    "password",
    "passwort",
    "kennwort",
    "secret",
    "token",
    "your",
    "dein",
    "deine",
    "ihr",
    "votre",
    "ton",
    "tuo",
    "tua",
    "redacted",
    "hidden",
    "changeme",
    "example",
    "beispiel",
    "xxx",
    "...",
    "…",
    "null",
    "none",
    "undefined",
    "true",
    "false",
];

/// The value after a label that ends at `start`: its byte range without trailing
/// punctuation, and how many bytes of trailing `!` or `?` follow it (part of a
/// password like "Sommer2024!", or the end of a sentence).
fn value_at(text: &str, start: usize) -> Option<(Range<usize>, usize)> {
    let first = char_after(text, start)?;
    let closer = match first {
        '"' => Some('"'),
        '\'' => Some('\''),
        '`' => Some('`'),
        '“' | '„' => Some('“'),
        '«' => Some('»'),
        _ => None,
    };
    if let Some(close) = closer {
        let inner_start = start + first.len_utf8();
        let inner = text.get(inner_start..)?;
        for (i, c) in inner.char_indices().take(200) {
            if c == '\n' {
                return None;
            }
            if c == close || (close == '“' && c == '”') {
                return Some((inner_start..inner_start + i, 0));
            }
        }
        return None;
    }
    let rest = text.get(start..)?;
    let len: usize = rest
        .chars()
        .take(200)
        .take_while(|c| !c.is_whitespace())
        .map(char::len_utf8)
        .sum();
    let raw = rest.get(..len)?;
    let core = raw.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '»', '"', '\'', '”']);
    let bang: usize = raw
        .get(core.len()..)
        .unwrap_or("")
        .chars()
        .take_while(|c| matches!(c, '!' | '?'))
        .map(char::len_utf8)
        .sum();
    Some((start..start + core.len(), bang))
}

/// How much a value looks like a real secret, if at all.
fn judge(value: &str, password_label: bool) -> Option<Confidence> {
    let n = value.chars().count();
    if n < 4 {
        return None;
    }
    let lower = value.to_lowercase();
    // masked, placeholders, variables, links
    if value.chars().all(|c| {
        matches!(
            c,
            '*' | '•' | '●' | '·' | '.' | 'x' | 'X' | '#' | '-' | '_' | '…'
        )
    }) {
        return None;
    }
    if value.chars().all(|c| value.starts_with(c)) {
        return None;
    }
    if (value.starts_with('<') && value.ends_with('>'))
        || (value.starts_with('[') && value.ends_with(']'))
        || value.starts_with("${")
        || value.starts_with("{{")
        || value.starts_with("%(")
        || value.starts_with('$')
        || value.starts_with("process.env")
        || value.starts_with("os.environ")
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || PLACEHOLDERS.iter().any(|p| lower.contains(p))
    {
        return None;
    }
    let letters = value.chars().filter(|c| c.is_alphabetic()).count();
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let others = n - letters - digits;
    let upper = value.chars().filter(|c| c.is_uppercase()).count();
    let inner_upper = value.chars().skip(1).any(char::is_uppercase);
    let lower_count = value.chars().filter(|c| c.is_lowercase()).count();
    Some(
        if (letters > 0 && (digits > 0 || others > 0)) || (letters == 0 && digits >= 6) {
            Confidence::High
        } else if letters == 0 {
            Confidence::Low
        } else if inner_upper && lower_count > 0 && upper > 0 {
            // mixed case like "SoMmEr" or "correctHorse"
            if password_label {
                Confidence::Medium
            } else {
                Confidence::Low
            }
        } else {
            Confidence::Low
        },
    )
}

/// Whether `value` starts with a letter or digit and has both.
fn letters_and_digits(value: &str) -> bool {
    value.chars().next().is_some_and(char::is_alphanumeric)
        && value.chars().any(char::is_alphabetic)
        && value.chars().any(|c| c.is_ascii_digit())
}

impl Detector for PasswordAssignment {
    fn id(&self) -> &'static str {
        "password-assignment"
    }

    fn summary(&self) -> &'static str {
        "a password or token written after its label: `password=`, `Passwort:`, `mot de passe :`, `token:` with a real value"
    }

    fn example(&self) -> &'static str {
        "WLAN-Passwort: `Sommer2024!`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        let starts = STARTS
            .find_all(text)
            .map(|found| found.into_iter().map(|(at, _)| at).collect());
        let mut done = 0;
        for caps in LABEL.captures_at_known_starts(text, starts) {
            // "pwd Winter-2025": a short label with only a space before the value
            let bare = caps.range("bare").is_some();
            let (Some(all), Some(label), Some(label_text)) = (
                caps.range("hit"),
                caps.range("label").or_else(|| caps.range("bare")),
                caps.text("label").or_else(|| caps.text("bare")),
            ) else {
                continue;
            };
            if all.start < done {
                continue;
            }
            let Some((mut span, bang)) = value_at(text, all.end) else {
                continue;
            };
            // In a link's query the value ends at the next parameter.
            if matches!(char_before(text, label.start), Some('?' | '&'))
                && let Some(cut) = text.get(span.clone()).and_then(|v| v.find(['&', '#']))
            {
                span.end = span.start + cut;
            }
            let Some(value) = text.get(span.clone()) else {
                continue;
            };
            let password_label = PASSWORD_LABELS.contains(&label_text.to_lowercase().as_str());
            if let Some(confidence) = judge(value, password_label) {
                // Without ":" or "=", only a word of letters and digits counts
                // ("PW team", "PW (Projektwoche)", "pwd Datei" are prose).
                if bare && (confidence < Confidence::High || !letters_and_digits(value)) {
                    continue;
                }
                if confidence == Confidence::High {
                    span.end += bang;
                }
                done = span.end;
                found.push(Candidate { span, confidence });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&PasswordAssignment, text)
    }

    fn shown(text: &str) -> Vec<&str> {
        testing::shown(&PasswordAssignment, text)
    }

    #[test]
    fn labels_with_a_qualifier_or_only_a_space() {
        assert_eq!(
            shown("Benutzer „webinar“, Passwort acme-demo-2026. Viel Spass"),
            ["acme-demo-2026"]
        );
        assert_eq!(
            shown("le mot de passe provisoire : Bienvenue-2027. Vous devrez"),
            ["Bienvenue-2027"]
        );
        assert_eq!(
            shown("la parola d'ordine del Wi-Fi è: Lucomagno1987. Il primo"),
            ["Lucomagno1987"]
        );
        assert_eq!(
            shown("il tablet si sblocca con password Fiera!Hannover27, l'abbiamo cambiata"),
            ["Fiera!Hannover27"]
        );
        for prose in [
            "Passwort vergessen? Kein Problem.",
            "The password manager we use is great.",
            "Mot de passe oublié : cliquez ici.",
        ] {
            assert!(shown(prose).is_empty(), "{prose}: {:?}", find(prose));
        }
    }

    #[test]
    fn tried_at_the_label_starts_the_labels_are_those_of_the_whole_text() {
        let labels = [
            "Passwort",
            "PASSWORD",
            "passwd",
            "pwd",
            "PW",
            "pw",
            "Kennwort",
            "passphrase",
            "passcode",
            "Mot de passe",
            "mdp",
            "parola d'ordine",
            "parola d’ordine",
            "parola chiave",
            "client_secret",
            "client-secret",
            "clientsecret",
            "secret_key",
            "secretkey",
            "API_KEY",
            "api-key",
            "apikey",
            "access_key",
            "accesskey",
            "access-token",
            "auth_token",
            "refresh_token",
            "secret",
            "Token",
        ];
        let mut texts = Vec::new();
        for label in labels {
            for tail in [
                ": x1",
                "=x1",
                " => x1",
                " ist x1",
                "\" : x1",
                " für das WLAN: x1",
                " is x1",
            ] {
                texts.push(format!("{label}{tail}"));
                texts.push(format!(
                    "(mein {label}{tail}) und {label}s{tail} _{label}{tail}"
                ));
                texts.push(format!("?{label}{tail}&{label}{tail}"));
            }
        }
        for text in &texts {
            let starts = STARTS
                .find_all(text)
                .map(|found| found.into_iter().map(|(at, _)| at).collect());
            let at_starts: Vec<_> = LABEL
                .captures_at_known_starts(text, starts)
                .filter_map(|hit| hit.range("hit"))
                .collect();
            let whole: Vec<_> = LABEL.find_iter(text).collect();
            assert!(!whole.is_empty(), "{text}");
            assert_eq!(at_starts, whole, "{text}");
        }
    }

    #[test]
    fn finds_passwords_after_their_labels() {
        assert_eq!(
            shown("WLAN für Gäste, Passwort: Sommer2024! Viel Spass"),
            ["Sommer2024!"]
        );
        assert_eq!(shown("login with password=hunter2."), ["hunter2"]);
        assert_eq!(shown("Le mot de passe est Soleil#75, merci"), ["Soleil#75"]);
        assert_eq!(
            shown("Wi-Fi invités – mot de passe : Bienvenue2026 !"),
            ["Bienvenue2026"]
        );
        assert_eq!(shown("mdp: Zürich-2026"), ["Zürich-2026"]);
        assert_eq!(shown("La password è Estate2024"), ["Estate2024"]);
        assert_eq!(
            shown("Passwort für das Gäste-WLAN: Gast-4711"),
            ["Gast-4711"]
        );
        assert_eq!(
            shown(r#"{"api_key": "a8f5f167f44f4964e6c998dee827110c"}"#),
            ["a8f5f167f44f4964e6c998dee827110c"]
        );
        assert_eq!(shown("pwd: 83920174"), ["83920174"]);
        assert_eq!(shown("token=ab12cd34ef56"), ["ab12cd34ef56"]);
        assert_eq!(shown("Kennwort lautet „Blau-Wal-7“"), ["Blau-Wal-7"]);
        assert_eq!(shown("password: correctHorse"), ["correctHorse"]);
        assert_eq!(
            shown("https://x.example/cb?token=ab12cd34ef56&lang=de"),
            ["ab12cd34ef56"]
        );
    }

    #[test]
    fn finds_passwords_after_short_labels() {
        assert_eq!(shown("WLAN: Gast, pw: Sommer2026!"), ["Sommer2026!"]);
        assert_eq!(shown("Demo-Zugang: user demo, PW: Acme#2026"), ["Acme#2026"]);
        assert_eq!(shown("Login admin / pwd Winter-2025"), ["Winter-2025"]);
        assert_eq!(shown("wifi guest pwd=Coffee4All"), ["Coffee4All"]);
        assert_eq!(shown("Accès invité, PW = Bonjour2026"), ["Bonjour2026"]);
        assert_eq!(shown("Wi-Fi ospiti, pw: Caffe2026!"), ["Caffe2026!"]);
        assert_eq!(shown("Zugang: PW Gast-4711"), ["Gast-4711"]);
    }

    #[test]
    fn pw_as_an_abbreviation_in_prose_is_no_label() {
        for text in [
            "PW ist bei uns die Abkürzung für Projektwoche.",
            "The PW team (Product Workshop) met today.",
            "Next PW: Thursday at 10, bring ideas.",
            "Die PW 2026 war ein Erfolg.",
            "La PW : une semaine de projets.",
            "MPW: Sommer2026 und UPW=Test-1",
            "pwd zeigt das aktuelle Verzeichnis",
            "Die PW (Projektwoche) startet am Montag.",
            "PW-Treffen um 10 Uhr",
        ] {
            assert!(shown(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn ignores_masked_values_placeholders_and_prose() {
        assert!(shown("password: ****").is_empty());
        assert!(shown("Passwort: vergessen? Kein Problem.").is_empty());
        assert!(shown("Passwort: ••••••••").is_empty());
        assert!(shown("password=<your password>").is_empty());
        assert!(shown("token: ${GITHUB_TOKEN}").is_empty());
        assert!(shown("api_key = \"YOUR_API_KEY\"").is_empty());
        assert!(shown("The password is required for every login.").is_empty());
        assert!(shown("Token: https://example.com/docs").is_empty());
        assert!(shown("Passwortmanager: 1Password ist Pflicht").is_empty());
        assert!(shown("Token: Anerkennung für das ganze Team").is_empty());
        assert!(shown("Das Passwort ist sicher.").is_empty());
        assert!(shown("Secret: Teamgeist").is_empty());
        assert!(shown("PIN: 1234").is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        assert!(find("password:").is_empty());
        assert!(find("password: \"unterminated").is_empty());
        assert!(find("Passwort: ü").is_empty());
        let long = format!("password={}", "a1".repeat(10_000));
        assert_eq!(find(&long).len(), 1);
    }
}
