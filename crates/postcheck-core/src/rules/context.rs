//! `context`: hints about the post's context rather than its words.
//!
//! What it finds: nothing in the text; it fires for the whole post when the
//! context matches `when`, e.g. an image is attached. The hint has an empty span
//! at the start of the post.
//!
//! Why it matters: image rights and the consent of people in a photo are part of
//! every social-media guideline, and no word of the draft shows them.
//!
//! Example:
//! ```json
//! { "id": "image-rights", "kind": "context", "category": "copyright", "level": "consider",
//!   "when": { "media": ["image", "video"] },
//!   "message": "Is the picture yours to share, and did everyone in it agree?" }
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CompiledRule, Compiler, Draft, Finding, Findings, Kind};
use crate::format::model::Media;
use crate::format::problem::Problem;

/// Fields of a `context` rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct ContextRule {
    /// When the rule fires.
    pub when: When,
}

/// The conditions of a `context` rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// Fires when any of these media are attached.
    pub media: Vec<Media>,
}

#[derive(Debug)]
struct CompiledContext {
    media: Vec<Media>,
}

impl Kind for ContextRule {
    const SUMMARY: &'static str =
        "Hints about the post's context rather than its words, e.g. an attached image.";
    const FINDS: &'static str = "the post's context, e.g. an attached image";
    const FIELDS: &'static str = r#"`when: {"media": ["image", "video"]}`"#;

    fn compile(&self, _: &mut Compiler, path: &str) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
        if self.when.media.is_empty() {
            return Err(vec![
                Problem::error(format!("{path}.when.media"), "the list is empty")
                    .fix("name the media the hint is about: \"image\", \"video\" or \"document\""),
            ]);
        }
        Ok(Box::new(CompiledContext {
            media: self.when.media.clone(),
        }))
    }
}

impl CompiledRule for CompiledContext {
    fn check(&self, draft: &Draft<'_>, out: &mut Findings) {
        if draft.context.media.iter().any(|m| self.media.contains(m)) {
            out.push(Finding::at(0..0));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::context::Context;
    use crate::format::model::Media;
    use crate::testing::hits_in;

    const RULE: &str = r#"{ "id": "image-rights", "kind": "context", "category": "copyright",
        "level": "consider", "message": "image", "when": { "media": ["image"] } }"#;

    #[test]
    fn fires_only_with_matching_media() {
        let with_image = Context {
            media: vec![Media::Image],
            ..Context::default()
        };
        let with_video = Context {
            media: vec![Media::Video],
            ..Context::default()
        };
        assert_eq!(hits_in(RULE, "Our booth", &with_image), [""]);
        assert!(hits_in(RULE, "Our booth", &with_video).is_empty());
        assert!(hits_in(RULE, "Our booth", &Context::default()).is_empty());
    }
}
