//! A pack ready to check drafts, and the check itself.

use std::cell::OnceCell;
use std::collections::HashMap;

use serde::Serialize;

use super::load;
use super::report::{
    ContactRef, GuidelineRef, Hint, HintLimits, Length, PackRef, Report, SharedText,
};
use super::wire::Offsets;
use crate::context::Context;
use crate::format::locales::Locales;
use crate::format::model::{
    Category, Level, Localized, Manifest, Platform, PlatformSettings, RuleCommon,
};
use crate::format::problem::{PackError, Problem};
use crate::rules::fix::Fix;
use crate::rules::{CompiledRule, Detections, Draft, Finding, Findings};
use crate::text::fold::Folded;
use crate::text::language::LanguageGuess;
use crate::text::regexes::{RegexId, RegexMatches, RegexTable};
use crate::text::terms::{TermIndex, TermSetId};

/// A rule of a compiled pack.
#[derive(Debug)]
pub(crate) struct LoadedRule {
    /// Position in the pack's `rules`.
    pub index: usize,
    pub common: RuleCommon,
    pub kind: &'static str,
    pub compiled: Box<dyn CompiledRule>,
    /// The word list of the rule's `exceptions`, if it has any.
    pub exceptions: Option<TermSetId>,
    /// The numbers of the word lists the rule reads (see [`TermIndex::find_sets`]).
    pub term_sets: std::ops::Range<usize>,
    /// The patterns the rule reads, sorted (see [`RegexMatches::only`]).
    pub regex_ids: Vec<RegexId>,
}

/// A validated, compiled rule pack. Build it once, check many drafts.
#[derive(Debug)]
pub struct CompiledPack {
    manifest: Manifest,
    rules: Vec<LoadedRule>,
    terms: TermIndex,
    regexes: RegexTable,
    pub(crate) warnings: Vec<Problem>,
}

/// What a pack holds, for showing to the employee (`postcheck pack info`, the options page).
#[derive(Debug, Clone, Serialize)]
pub struct PackInfo {
    /// Pack id.
    pub id: String,
    /// Name in the reader's locale.
    pub name: String,
    /// Version.
    pub version: String,
    /// Publisher.
    pub publisher: String,
    /// Release date.
    pub date: String,
    /// Languages of its texts.
    pub languages: Vec<String>,
    /// Description in the reader's locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where updates are published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_url: Option<String>,
    /// Number of distinct terms in all word lists.
    pub terms: usize,
    /// The rules.
    pub rules: Vec<RuleInfo>,
    /// The guideline sections.
    pub guidelines: Vec<GuidelineRef>,
    /// The contacts.
    pub contacts: Vec<ContactRef>,
}

/// One rule, as shown to the employee.
#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    /// Rule id.
    pub id: String,
    /// Rule kind.
    pub kind: String,
    /// Category.
    pub category: Category,
    /// Level.
    pub level: Level,
    /// The message, in the reader's locale.
    pub message: String,
    /// Platforms it is limited to (empty: all).
    pub platforms: Vec<Platform>,
    /// Languages it is limited to (empty: all).
    pub languages: Vec<String>,
    /// Guideline id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guideline: Option<String>,
    /// The rule stops on this date (an embargo ends), `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_from: Option<String>,
    /// The rule starts on this date, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// The rule stops after this date, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
}

impl CompiledPack {
    /// Reads, validates and compiles a pack, running its examples.
    /// A pack with any error is refused with every problem found.
    pub fn from_json(json: &str) -> Result<CompiledPack, PackError> {
        load::load(json)
    }

    /// Reads, validates and compiles a pack without running its examples
    /// (see [`CompiledPack::run_examples`]).
    pub fn from_json_without_examples(json: &str) -> Result<CompiledPack, PackError> {
        load::load_without_examples(json)
    }

    /// Lints a pack for its author: every problem at once (the examples of
    /// every rule that compiles run even when the pack is refused for other
    /// problems), with warnings for dates already past on `today`.
    pub fn lint(json: &str, today: crate::format::date::Date) -> load::Lint {
        load::lint(json, today)
    }

    /// Loads a pack that this same engine build loaded with
    /// [`CompiledPack::from_json`] before: its examples are not run and its
    /// patterns are compiled when a draft first needs them (their size limits
    /// were checked then). For a pack kept from an earlier session; anything
    /// else goes through `from_json`.
    pub fn from_json_validated(json: &str) -> Result<CompiledPack, PackError> {
        load::load_validated(json)
    }

    pub(crate) fn new(
        manifest: Manifest,
        rules: Vec<LoadedRule>,
        terms: TermIndex,
        regexes: RegexTable,
    ) -> CompiledPack {
        CompiledPack {
            manifest,
            rules,
            terms,
            regexes,
            warnings: Vec::new(),
        }
    }

    /// The pack's manifest (without its rules).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Warnings found while loading: the pack works, but the author may want to look.
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    pub(crate) fn rules(&self) -> &[LoadedRule] {
        &self.rules
    }

    /// Number of rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    fn text<'a>(&'a self, t: &'a Localized, reader: &Locales) -> String {
        t.resolve(reader, &self.manifest.default_locale)
            .unwrap_or_default()
            .to_string()
    }

    /// [`Self::text`] as a [`SharedText`], copied once (not into a `String` first).
    pub(crate) fn shared(&self, t: &Localized, reader: &Locales) -> SharedText {
        SharedText::from(
            t.resolve(reader, &self.manifest.default_locale)
                .unwrap_or_default(),
        )
    }

    /// A summary of the pack in the reader's locales (`"de"`, or
    /// [`Locales`] most preferred first; the order a text is picked in:
    /// [`crate::format::locales`]).
    pub fn info(&self, reader: impl Into<Locales>) -> PackInfo {
        let reader = &reader.into();
        let m = &self.manifest;
        PackInfo {
            id: m.id.clone(),
            name: self.text(&m.name, reader),
            version: m.version.clone(),
            publisher: m.publisher.clone(),
            date: m.date.to_string(),
            languages: m.languages.clone(),
            description: m.description.as_ref().map(|d| self.text(d, reader)),
            update_url: m.update_url.clone(),
            terms: self.terms.len(),
            rules: self
                .rules
                .iter()
                .map(|r| RuleInfo {
                    id: r.common.id.clone(),
                    kind: r.kind.to_string(),
                    category: r.common.category,
                    level: r.common.level,
                    message: self.text(&r.common.message, reader),
                    platforms: r.common.platforms.clone(),
                    languages: r.common.languages.clone(),
                    guideline: r.common.guideline.clone(),
                    public_from: r.common.public_from.map(|d| d.to_string()),
                    valid_from: r.common.valid_from.map(|d| d.to_string()),
                    valid_until: r.common.valid_until.map(|d| d.to_string()),
                })
                .collect(),
            guidelines: m
                .guidelines
                .iter()
                .filter_map(|g| self.guideline(&g.id, reader))
                .collect(),
            contacts: m
                .contacts
                .iter()
                .filter_map(|c| self.contact(&c.id, reader))
                .collect(),
        }
    }

    fn guideline(&self, id: &str, reader: &Locales) -> Option<GuidelineRef> {
        let g = self.manifest.guidelines.iter().find(|g| g.id == id)?;
        Some(GuidelineRef {
            id: g.id.clone(),
            title: self.shared(&g.title, reader),
            text: self.shared(&g.text, reader),
            link: g.link.as_deref().map(SharedText::from),
        })
    }

    fn contact(&self, id: &str, reader: &Locales) -> Option<ContactRef> {
        let c = self.manifest.contacts.iter().find(|c| c.id == id)?;
        Some(ContactRef {
            id: c.id.clone(),
            name: self.shared(&c.name, reader),
            email: c.email.as_deref().map(SharedText::from),
            phone: c.phone.as_deref().map(SharedText::from),
            url: c.url.as_deref().map(SharedText::from),
        })
    }

    /// The limits of `platform` in this pack.
    pub fn platform_settings(&self, platform: Platform) -> &PlatformSettings {
        match platform {
            Platform::X => &self.manifest.platforms.x,
            Platform::Linkedin => &self.manifest.platforms.linkedin,
        }
    }

    pub(crate) fn draft<'a>(&'a self, text: &'a str, ctx: &'a Context) -> Draft<'a> {
        self.draft_for(None, text, ctx)
    }

    /// A draft prepared for every rule, or (`only`) for one rule: then only
    /// that rule's word lists and patterns are searched, so that checking one
    /// example costs what the example and its rule cost, not the whole pack.
    fn draft_for<'a>(
        &'a self,
        only: Option<&'a LoadedRule>,
        text: &'a str,
        ctx: &'a Context,
    ) -> Draft<'a> {
        let folded = Folded::new(text, false);
        let (terms, regexes) = match only {
            None => (
                self.terms.find_all(text, &folded),
                RegexMatches::new(&self.regexes, text),
            ),
            Some(rule) => (
                self.terms.find_sets(text, &folded, rule.term_sets.clone()),
                RegexMatches::only(&self.regexes, &rule.regex_ids, text),
            ),
        };
        Draft {
            text,
            terms,
            regexes,
            word_ends: OnceCell::new(),
            folded,
            context: ctx,
            platform: ctx.platform.map(|p| self.platform_settings(p)),
            default_locale: &self.manifest.default_locale,
            length: OnceCell::new(),
            languages: OnceCell::new(),
            detections: Detections::default(),
            folded_words: OnceCell::new(),
        }
    }

    /// Whether `rule` applies to this check. The draft's languages are guessed
    /// (by `languages`) only for a rule limited to some languages.
    pub(crate) fn applies<'g>(
        rule: &LoadedRule,
        ctx: &Context,
        languages: impl FnOnce() -> &'g LanguageGuess,
    ) -> bool {
        let c = &rule.common;
        if let Some(today) = ctx.date
            && (c.public_from.is_some_and(|from| today >= from)
                || c.valid_from.is_some_and(|from| today < from)
                || c.valid_until.is_some_and(|until| today > until))
        {
            return false;
        }
        if !c.platforms.is_empty() && !ctx.platform.is_some_and(|p| c.platforms.contains(&p)) {
            return false;
        }
        if !c.with_media.is_empty() && !ctx.media.iter().any(|m| c.with_media.contains(m)) {
            return false;
        }
        c.languages.is_empty() || languages().allows(&c.languages)
    }

    /// Checks a draft and gives every hint. Hints are sorted by position, then
    /// by rule order; hints of different rules on the same passage are all
    /// kept. For untrusted packs or drafts, use [`CompiledPack::check_limited`]:
    /// a hostile pack and draft can make millions of hints here.
    pub fn check(&self, text: &str, ctx: &Context) -> Report {
        self.check_limited(text, ctx, HintLimits::NONE)
    }

    /// Checks a draft like [`CompiledPack::check`], but gives at most
    /// `limits.per_rule` hints of one rule and `limits.total` in all, the first
    /// in that order. The findings are gathered (spans) and cut to those limits
    /// before any hint text is built; the rest are counted in [`Report::omitted`].
    pub fn check_limited(&self, text: &str, ctx: &Context, limits: HintLimits) -> Report {
        let draft = self.draft(text, ctx);
        let guess = || draft.languages();
        let mut omitted = 0;
        // (rule position, finding), at most twice `limits.total` at any moment.
        let mut kept: Vec<(usize, Finding)> = Vec::new();
        for (position, rule) in self.rules.iter().enumerate() {
            if !Self::applies(rule, ctx, guess) {
                continue;
            }
            let mut findings = Self::findings(rule, &draft, limits.per_rule);
            rule.compiled.check(&draft, &mut findings);
            let (found, left_out) = findings.finish();
            omitted += left_out;
            // A span that is not on character boundaries gives no hint (none does).
            for f in found
                .into_iter()
                .filter(|f| text.get(f.span.clone()).is_some())
            {
                kept.push((position, f));
                if kept.len() >= limits.total.saturating_mul(2) {
                    omitted += self.keep_first_hints(&mut kept, limits.total);
                }
            }
        }
        omitted += self.keep_first_hints(&mut kept, limits.total);
        let mut texts = HintTexts::default();
        let reader = ctx.reader_locales();
        let hints = kept
            .into_iter()
            .filter_map(|(position, f)| {
                let rule = self.rules.get(position)?;
                let shared = texts.of_rule(self, rule, position, &reader, |_| {});
                self.hint(rule, text, f, rule.common.level, shared)
            })
            .collect();
        let length = ctx.platform.map(|p| Length {
            used: draft.platform_length().unwrap_or_default(),
            limit: self.platform_settings(p).max_length,
        });
        Report {
            pack: PackRef {
                id: self.manifest.id.clone(),
                version: self.manifest.version.clone(),
            },
            platform: ctx.platform,
            length,
            packs: Vec::new(),
            hints,
            omitted,
            offsets: Offsets::Utf8Bytes,
        }
    }

    /// Sorts the findings by position, then rule order, keeps the first
    /// `total` and says how many it dropped.
    fn keep_first_hints(&self, kept: &mut Vec<(usize, Finding)>, total: usize) -> usize {
        let index = |position: &usize| self.rules.get(*position).map_or(usize::MAX, |r| r.index);
        kept.sort_by_key(|(position, f)| (f.span.start, f.span.end, index(position)));
        let dropped = kept.len().saturating_sub(total);
        kept.truncate(total);
        dropped
    }

    /// Room for the first `cap` findings of `rule` in `draft`, without those
    /// inside the rule's `exceptions`.
    pub(crate) fn findings(rule: &LoadedRule, draft: &Draft<'_>, cap: usize) -> Findings {
        let findings = Findings::new(cap);
        match rule.exceptions {
            Some(set) => findings.except(draft.terms.of(set).iter().map(|m| m.span.clone())),
            None => findings,
        }
    }

    /// Whether one rule fires on a text: for the pack's examples and `postcheck pack test`.
    pub(crate) fn check_rule(&self, rule: &LoadedRule, text: &str, ctx: &Context) -> bool {
        let draft = self.draft_for(Some(rule), text, ctx);
        let guess = || draft.languages();
        if !Self::applies(rule, ctx, guess) {
            return false;
        }
        let mut findings = Self::findings(rule, &draft, 1);
        rule.compiled.check(&draft, &mut findings);
        !findings.is_empty()
    }

    /// The first passage `rule` finds in `text`, whether or not it applies in
    /// `ctx` (platform, media, languages), and without its `exceptions` when
    /// `except` is false: for `postcheck pack test` to say what an example
    /// found, or what nearly matched.
    pub(crate) fn first_finding(
        &self,
        rule: &LoadedRule,
        text: &str,
        ctx: &Context,
        except: bool,
    ) -> Option<std::ops::Range<usize>> {
        let draft = self.draft_for(Some(rule), text, ctx);
        let mut findings = if except {
            Self::findings(rule, &draft, 1)
        } else {
            crate::rules::Findings::new(1)
        };
        rule.compiled.check(&draft, &mut findings);
        findings.finish().0.into_iter().next().map(|f| f.span)
    }

    /// Why `rule` does not apply to a check in `ctx`, in plain words (`None`
    /// when it does).
    pub(crate) fn why_not_applied(
        &self,
        rule: &LoadedRule,
        text: &str,
        ctx: &Context,
    ) -> Option<String> {
        let c = &rule.common;
        let names = |list: Vec<String>| list.join(", ");
        if !c.platforms.is_empty() && !ctx.platform.is_some_and(|p| c.platforms.contains(&p)) {
            return Some(format!(
                "the rule is only for posts on {}; give the example a \"platform\"",
                names(
                    c.platforms
                        .iter()
                        .map(|p| format!("{p:?}").to_lowercase())
                        .collect()
                )
            ));
        }
        if !c.with_media.is_empty() && !ctx.media.iter().any(|m| c.with_media.contains(m)) {
            return Some(format!(
                "the rule is only for posts with {}; give the example \"media\"",
                names(
                    c.with_media
                        .iter()
                        .map(|m| format!("{m:?}").to_lowercase())
                        .collect()
                )
            ));
        }
        let draft = self.draft_for(Some(rule), text, ctx);
        if !c.languages.is_empty() && !draft.languages().allows(&c.languages) {
            return Some(format!(
                "the rule is only for drafts in {}, and this example does not read as one",
                names(c.languages.clone())
            ));
        }
        None
    }

    /// The hint of a finding of `rule`, with `level` and the rule's texts
    /// `shared` (its own, or as a layer above re-worded them).
    pub(crate) fn hint(
        &self,
        rule: &LoadedRule,
        text: &str,
        f: Finding,
        level: Level,
        shared: &RuleTexts,
    ) -> Option<Hint> {
        let excerpt = text.get(f.span.clone())?.to_string();
        let c = &rule.common;
        // A finding with its own level and texts (an organisation's public
        // contact): never above the level the rule has here.
        let (level, template, advice) = match f.shown_as.as_deref() {
            Some(own) => (
                own.level.min(level),
                SharedText::from(own.message.as_str()),
                own.advice
                    .as_deref()
                    .map(SharedText::from)
                    .or_else(|| shared.advice.clone()),
            ),
            None => (level, shared.message.clone(), shared.advice.clone()),
        };
        let message = if f.vars.is_empty() && !template.contains("{match}")
            || template.len() > MAX_FILLED_MESSAGE_BYTES
        {
            template
        } else {
            let mut message = template.replacen("{match}", &shorten(&excerpt, 60), MAX_FILLS);
            for (name, value) in &f.vars {
                message = message.replacen(&format!("{{{name}}}"), value, MAX_FILLS);
            }
            SharedText::from(message)
        };
        Some(Hint {
            rule: c.id.clone(),
            pack: None,
            category: c.category,
            level,
            start: f.span.start,
            end: f.span.end,
            excerpt,
            message,
            advice,
            suggestions: f.suggestions,
            // A rule that says its passages can go offers to remove each, unless it has a fix of its own.
            fix: f
                .fix
                .or_else(|| (c.offer_removal && !f.span.is_empty()).then(Fix::remove)),
            guideline: shared.guideline.clone(),
            contact: shared.contact.clone(),
        })
    }
}

/// A message longer than this is shown as written, its placeholders
/// (`{match}`, `{count}`, ...) not filled in: filling them writes a new copy
/// for each hint (200 hints of a 4 MB message would be 800 MB), while a message
/// as written is shared by all. Real messages are a few hundred bytes.
const MAX_FILLED_MESSAGE_BYTES: usize = 16 * 1024;

/// The most places of one placeholder filled in one message: each `{match}`
/// adds up to 60 characters per hint, and a message of thousands of them would
/// grow thousands of times. Real messages have one.
const MAX_FILLS: usize = 8;

/// The texts of the rules that give hints in one check, in the reader's locales,
/// resolved once per rule and shared by its hints (and a guideline or contact
/// by every rule that cites it).
#[derive(Debug, Default)]
pub(crate) struct HintTexts {
    rules: HashMap<usize, RuleTexts>,
    guidelines: HashMap<String, Option<GuidelineRef>>,
    contacts: HashMap<String, Option<ContactRef>>,
}

/// The texts of one rule's hints, shared by them.
#[derive(Debug)]
pub(crate) struct RuleTexts {
    pub message: SharedText,
    pub advice: Option<SharedText>,
    pub guideline: Option<GuidelineRef>,
    pub contact: Option<ContactRef>,
}

impl HintTexts {
    /// The texts of the rule at `position`, resolved on the first call and
    /// then changed by `edit` (a layer above may re-word them).
    pub(crate) fn of_rule(
        &mut self,
        pack: &CompiledPack,
        rule: &LoadedRule,
        position: usize,
        reader: &Locales,
        edit: impl FnOnce(&mut RuleTexts),
    ) -> &RuleTexts {
        let HintTexts {
            rules,
            guidelines,
            contacts,
        } = self;
        rules.entry(position).or_insert_with(|| {
            let c = &rule.common;
            let guideline = c.guideline.as_deref().and_then(|id| {
                guidelines
                    .entry(id.to_string())
                    .or_insert_with(|| pack.guideline(id, reader))
                    .clone()
            });
            let contact = c.contact.as_deref().and_then(|id| {
                contacts
                    .entry(id.to_string())
                    .or_insert_with(|| pack.contact(id, reader))
                    .clone()
            });
            let mut texts = RuleTexts {
                message: pack.shared(&c.message, reader),
                advice: c.suggestion.as_ref().map(|s| pack.shared(s, reader)),
                guideline,
                contact,
            };
            edit(&mut texts);
            texts
        })
    }
}

fn shorten(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut t: String = one_line.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}
