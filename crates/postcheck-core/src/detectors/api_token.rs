//! `api-token`: access keys and tokens of well-known services, by their
//! documented fixed shapes.
//!
//! Why it matters: a token in a post (a screenshot of a config file, a code
//! snippet, a "how I automated it" story) lets anyone act as you or your
//! company on that service until it is revoked. Scanners harvest public posts
//! and repositories for them within minutes.
//!
//! Example: "mein Token ghp_8fK2mQ9xLr4TzW1bN7cV3yH5jD0sA6eP2uXo" flags the token.
//!
//! Shapes (each with the service's documented prefix and length): AWS access
//! key ids (`AKIA`/`ASIA`/`ABIA`/`ACCA` + 16), GitHub (`ghp_`, `gho_`, `ghu_`,
//! `ghs_`, `ghr_`, `github_pat_`), GitLab (`glpat-`), Slack (`xoxa-`, `xoxb-`,
//! `xoxp-`, `xoxo-`, `xoxr-`, `xoxs-` and incoming webhooks), Google API keys
//! (`AIza` + 35), Stripe secret and restricted keys (`sk_live_`, `rk_live_`;
//! test keys at medium), OpenAI-style keys (`sk-`, `sk-proj-`, `sk-ant-`...),
//! npm (`npm_`), PyPI (`pypi-AgEIcHlwaS5vcmc`), Hugging Face (`hf_`),
//! SendGrid (`SG.`), Shopify (`shpat_` ...), DigitalOcean (`dop_v1_`).
//! The random part must look random (letters and digits, no long runs of one
//! character); documentation placeholders such as
//! `AKIAIOSFODNN7EXAMPLE` or `ghp_xxxxxxxx...` are low confidence.

use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use super::scan::{Stems, long_runs};
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds tokens of well-known services.
pub struct ApiToken;

/// A token shape: pattern, how many bytes of prefix precede the random part,
/// and the confidence of a random-looking match.
struct Shape {
    pattern: &'static str,
    /// Text that every match holds, one of these (its fixed prefix).
    literals: &'static [&'static str],
    prefix: usize,
    confidence: Confidence,
}

const SHAPES: &[Shape] = &[
    // AWS access key id: 4-letter prefix + 16 base32 characters.
    Shape {
        pattern: r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b",
        literals: &["AKIA", "ASIA", "ABIA", "ACCA"],
        prefix: 4,
        confidence: Confidence::High,
    },
    // GitHub tokens.
    Shape {
        pattern: r"\bgh[pousr]_[A-Za-z0-9]{36,251}\b",
        literals: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        prefix: 4,
        confidence: Confidence::High,
    },
    Shape {
        pattern: r"\bgithub_pat_[A-Za-z0-9_]{40,244}\b",
        literals: &["github_pat_"],
        prefix: 11,
        confidence: Confidence::High,
    },
    // GitLab personal access token.
    Shape {
        pattern: r"\bglpat-[A-Za-z0-9_\-]{20,64}",
        literals: &["glpat-"],
        prefix: 6,
        confidence: Confidence::High,
    },
    // Slack tokens and incoming webhooks.
    Shape {
        pattern: r"\bxox[abposr]-[A-Za-z0-9\-]{10,250}",
        literals: &["xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-"],
        prefix: 5,
        confidence: Confidence::High,
    },
    Shape {
        pattern: r"https://hooks\.slack\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}",
        literals: &["https://hooks.slack.com/services/T"],
        prefix: 33,
        confidence: Confidence::High,
    },
    // Google API key.
    Shape {
        pattern: r"\bAIza[0-9A-Za-z_\-]{35}",
        literals: &["AIza"],
        prefix: 4,
        confidence: Confidence::High,
    },
    // Stripe secret and restricted keys.
    Shape {
        pattern: r"\b[sr]k_live_[0-9A-Za-z]{20,247}\b",
        literals: &["sk_live_", "rk_live_"],
        prefix: 8,
        confidence: Confidence::High,
    },
    Shape {
        pattern: r"\b[sr]k_test_[0-9A-Za-z]{20,247}\b",
        literals: &["sk_test_", "rk_test_"],
        prefix: 8,
        confidence: Confidence::Medium,
    },
    // OpenAI-style keys (also Anthropic sk-ant-..., DeepSeek ...).
    Shape {
        pattern: r"\bsk-(?:proj-|svcacct-|admin-|ant-[a-z]{3,5}[0-9]{2}-)?[A-Za-z0-9_\-]{32,200}",
        literals: &["sk-"],
        prefix: 3,
        confidence: Confidence::High,
    },
    // npm, PyPI, Hugging Face.
    Shape {
        pattern: r"\bnpm_[A-Za-z0-9]{36}\b",
        literals: &["npm_"],
        prefix: 4,
        confidence: Confidence::High,
    },
    Shape {
        pattern: r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}",
        literals: &["pypi-AgEIcHlwaS5vcmc"],
        prefix: 19,
        confidence: Confidence::High,
    },
    Shape {
        pattern: r"\bhf_[A-Za-z0-9]{34,40}\b",
        literals: &["hf_"],
        prefix: 3,
        confidence: Confidence::High,
    },
    // SendGrid.
    Shape {
        pattern: r"\bSG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}",
        literals: &["SG."],
        prefix: 3,
        confidence: Confidence::High,
    },
    // Shopify, DigitalOcean.
    Shape {
        pattern: r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b",
        literals: &["shpat_", "shpca_", "shppa_", "shpss_"],
        prefix: 6,
        confidence: Confidence::High,
    },
    Shape {
        pattern: r"\bdo[opr]_v1_[a-f0-9]{64}\b",
        literals: &["doo_v1_", "dop_v1_", "dor_v1_"],
        prefix: 7,
        confidence: Confidence::High,
    },
];

/// The literals of the shapes that start a word (all but the Slack webhook),
/// with the shape each belongs to.
static WORD_LITERALS: LazyLock<(Stems, Vec<usize>)> = LazyLock::new(|| {
    let literals: Vec<(usize, &str)> = SHAPES
        .iter()
        .enumerate()
        .filter(|(_, s)| s.pattern.starts_with(r"\b"))
        .flat_map(|(i, s)| s.literals.iter().map(move |l| (i, *l)))
        .collect();
    let stems = Stems::new(literals.iter().map(|(_, l)| *l));
    (stems, literals.into_iter().map(|(i, _)| i).collect())
});

/// Each shape's pattern, compiled when a draft first holds one of its literals.
static COMPILED: LazyLock<Vec<OnceLock<Option<Regex>>>> =
    LazyLock::new(|| SHAPES.iter().map(|_| OnceLock::new()).collect());

/// The shortest token of a shape that starts a word (`xoxb-` and ten more).
const SHORTEST: usize = 15;

/// Which shapes can match in `text`: those with a literal in it. Tokens that
/// start a word are runs of letters, digits and `_-.` of at least [`SHORTEST`]
/// bytes, rare in prose: only those runs are searched for literals, so a draft
/// without is done at once.
fn shapes_in(text: &str) -> Vec<bool> {
    let mut present = vec![false; SHAPES.len()];
    let (stems, shape_of) = &*WORD_LITERALS;
    let token_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    for run in long_runs(text, token_char, SHORTEST) {
        let part = text.get(run.clone()).unwrap_or("");
        for (at, literal) in stems.find_all(part).unwrap_or_default() {
            let Some(&shape) = shape_of.get(literal) else {
                continue;
            };
            // The stems ignore case, the patterns do not.
            let rest = part.get(at..).unwrap_or("");
            if SHAPES
                .get(shape)
                .is_some_and(|s| s.literals.iter().any(|l| rest.starts_with(l)))
                && let Some(seen) = present.get_mut(shape)
            {
                *seen = true;
            }
        }
    }
    for (shape, seen) in SHAPES.iter().zip(present.iter_mut()) {
        if !shape.pattern.starts_with(r"\b") {
            *seen = shape.literals.iter().any(|l| text.contains(l));
        }
    }
    present
}

/// Whether the random part of a token looks random rather than like a placeholder.
fn looks_random(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    if [
        "example", "xxxxx", "your", "token", "0000000", "1234567", "abcdef",
    ]
    .iter()
    .any(|p| lower.contains(p))
    {
        return false;
    }
    let classes = [
        body.bytes().any(|b| b.is_ascii_lowercase()),
        body.bytes().any(|b| b.is_ascii_uppercase()),
        body.bytes().any(|b| b.is_ascii_digit()),
    ]
    .iter()
    .filter(|&&x| x)
    .count();
    let mut longest_run = 0;
    let mut run = 0;
    let mut prev = None;
    for b in body.bytes() {
        run = if Some(b) == prev { run + 1 } else { 1 };
        longest_run = longest_run.max(run);
        prev = Some(b);
    }
    let has_digit = body.bytes().any(|b| b.is_ascii_digit());
    classes >= 2 && has_digit && longest_run < 6
}

/// The spans of all well-known tokens in `text`, in order, without overlaps.
pub(super) fn tokens(text: &str) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let present = shapes_in(text);
    for ((shape, compiled), _) in SHAPES
        .iter()
        .zip(COMPILED.iter())
        .zip(&present)
        .filter(|(_, present)| **present)
    {
        let Some(re) = compiled
            .get_or_init(|| Regex::new(shape.pattern).ok())
            .as_ref()
        else {
            continue;
        };
        for m in re.find_iter(text) {
            let body = m.as_str().get(shape.prefix..).unwrap_or("");
            let confidence = if looks_random(body) {
                shape.confidence
            } else {
                Confidence::Low
            };
            out.push(Candidate {
                span: m.range(),
                confidence,
            });
        }
    }
    out.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    let mut kept: Vec<Candidate> = Vec::with_capacity(out.len());
    for c in out {
        if kept.last().is_some_and(|k| c.span.start < k.span.end) {
            continue;
        }
        kept.push(c);
    }
    kept
}

impl Detector for ApiToken {
    fn id(&self) -> &'static str {
        "api-token"
    }

    fn summary(&self) -> &'static str {
        "access keys and tokens of well-known services, by their documented shapes: AWS, GitHub, GitLab, Slack, Google, Stripe, OpenAI and more"
    }

    fn example(&self) -> &'static str {
        "mein Token `ghp_8fK2mQ9xLr4TzW1bN7cV3yH5jD0sA6eP2uXo`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        found.extend(tokens(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&ApiToken, text)
    }

    fn high(text: &str) -> Vec<&str> {
        testing::shown(&ApiToken, text)
    }

    #[test]
    fn finds_the_documented_shapes() {
        assert_eq!(
            high("key AKIAZ7KQ4HXV2MRT3NPB in der Config"),
            ["AKIAZ7KQ4HXV2MRT3NPB"]
        );
        assert_eq!(
            high("mein Token ghp_8fK2mQ9xLr4TzW1bN7cV3yH5jD0sA6eP2uXo, sorry"),
            ["ghp_8fK2mQ9xLr4TzW1bN7cV3yH5jD0sA6eP2uXo"]
        );
        assert_eq!(
            high("glpat-Xy7bQ2rT9mK4vN8pL3sW"),
            ["glpat-Xy7bQ2rT9mK4vN8pL3sW"]
        );
        assert_eq!(
            high("SLACK_TOKEN=xoxb-2048163729-4096327158-Ab3dE6gH9jK2mN5pQ8sT1vW4"),
            ["xoxb-2048163729-4096327158-Ab3dE6gH9jK2mN5pQ8sT1vW4"]
        );
        assert_eq!(
            high("AIzaSyD4f7Hk2Lm9Qp3Rt6Vx8Zb1Cd5Fg0Jk2Mn"),
            ["AIzaSyD4f7Hk2Lm9Qp3Rt6Vx8Zb1Cd5Fg0Jk2Mn"]
        );
        assert_eq!(
            high("sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
            ["sk_live_4eC39HqLyjWDarjtT1zdp7dc"]
        );
        assert_eq!(
            high("OPENAI_API_KEY=sk-proj-Q3m8Vb2Xr7Kt9Lp4Zw6Nc1Hd5Jf0Gs2Ay8Be3"),
            ["sk-proj-Q3m8Vb2Xr7Kt9Lp4Zw6Nc1Hd5Jf0Gs2Ay8Be3"]
        );
        assert_eq!(
            high(
                "webhook https://hooks.slack.com/services/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"
            ),
            ["https://hooks.slack.com/services/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"]
        );
        assert_eq!(
            find("sk_test_4eC39HqLyjWDarjtT1zdp7dc")[0].1,
            Confidence::Medium
        );
    }

    #[test]
    fn a_token_of_every_shape_has_its_literal_found() {
        let random = "Q3m8Vb2Xr7Kt9Lp4Zw6Nc1Hd5Jf0Gs2Ay8Be3q9W8e7R6t5Y4u3I2o1P0aSdF4eC3";
        let hex = "4ec39a1b2c3d4e5f6a7b8c9d0e1f2a3b4ec39a1b2c3d4e5f6a7b8c9d0e1f2a3b";
        let examples = [
            "AKIAZ7KQ4HXV2MRT3NPB".to_owned(),
            format!("ghr_{}", &random[..40]),
            format!("github_pat_{}", &random[..50]),
            format!("glpat-{}", &random[..24]),
            "xoxr-12345-abcd".to_owned(),
            "https://hooks.slack.com/services/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"
                .to_owned(),
            format!("AIza{}", &random[..35]),
            format!("rk_live_{}", &random[..24]),
            format!("sk_test_{}", &random[..24]),
            format!("sk-ant-api03-{}", &random[..40]),
            format!("npm_{}", &random[..36]),
            format!("pypi-AgEIcHlwaS5vcmc{}", &random[..60]),
            format!("hf_{}", &random[..36]),
            format!("SG.{}.{}", &random[..22], &random[..43]),
            format!("shpss_{}", &hex[..32]),
            format!("dor_v1_{hex}"),
        ];
        assert_eq!(examples.len(), SHAPES.len());
        for (i, (shape, token)) in SHAPES.iter().zip(&examples).enumerate() {
            assert!(
                Regex::new(shape.pattern).is_ok_and(|re| re.is_match(token)),
                "{token}"
            );
            for text in [token.clone(), format!("Grüße: {token}, über-{token}")] {
                assert_eq!(shapes_in(&text).get(i), Some(&true), "{text}");
                assert!(!tokens(&text).is_empty(), "{text}");
            }
        }
        assert!(
            shapes_in("Wir nutzen scikit-learn und ASIA-Reisen")
                .iter()
                .all(|&p| !p)
        );
    }

    #[test]
    fn placeholders_are_low() {
        assert_eq!(
            find("AKIAIOSFODNN7EXAMPLE"),
            [("AKIAIOSFODNN7EXAMPLE", Confidence::Low)]
        );
        assert_eq!(
            high("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn ignores_ordinary_words_and_short_lookalikes() {
        assert!(find("Wir nutzen scikit-learn (sk-learn) und ghp_ ist ein Präfix.").is_empty());
        assert!(
            find("sk-Gesellschaft-für-Weiterbildung-und-Entwicklung")
                .iter()
                .all(|(_, c)| *c == Confidence::Low)
        );
        assert!(find("AKIA ist kein Schlüssel, AIza auch nicht").is_empty());
        assert!(find("#ghp_2026 und xox-Marketing").is_empty());
    }
}
