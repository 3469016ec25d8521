//! A stack of packs: the built-in baseline (the starter pack) at the bottom,
//! then company packs in a given order (group-wide, then a team, a region, a
//! language...). Each layer keeps the layers beneath unless it says
//! otherwise, with its `overrides` (see [`Override`]).
//!
//! How a draft is checked:
//!
//! - Every layer checks the draft with its own rules (and its own platform
//!   settings); the report's length is the topmost layer's.
//! - The overrides of a layer change the layers **beneath** it, never itself
//!   or a layer above. `{"pack": id, "off": true}` takes a whole pack out of
//!   the stack (its rules and its overrides); the built-in baseline is left
//!   out only so, or by [`StackOptions::baseline`] set to false.
//! - An override targets a rule by id, or a category, in every pack beneath
//!   or (with `pack`) in that pack only. Overrides apply in stack order, and
//!   in a pack in their order: where two change the same thing (a level, a
//!   message, a suggestion), the higher layer wins, and in one pack the later
//!   override. `off` switches the rules off; `exceptions` add up: a hint whose
//!   passage lies within a match of an exception (folded, as `terms` match,
//!   with the usual endings) is not given. Hints about the whole post (an
//!   empty passage) have no passage to except. Exceptions are applied to the
//!   rule's first [`HintLimits::per_rule`] findings.
//! - A replaced message or suggestion is resolved in the reader's locales
//!   (in the order of [`crate::format::locales`]), with the default locale
//!   of the pack that replaced it.
//! - Every hint names the layer it comes from ([`Hint::pack`], the report's
//!   [`Report::packs`]).
//! - **Duplicates**: two hints of different layers on the same passage (the
//!   same start and end) for the same reason give one hint, the topmost
//!   layer's. The same reason is the same category: the baseline's
//!   `email-address` and a company's `email` rule on one address, or the
//!   baseline's `internal-marker` and a company's own `marker` terms on
//!   "streng vertraulich", say one thing, and the company's words are the
//!   ones its employees know. Hints of one layer are never merged: a pack
//!   checked alone gives what it always gave.
//! - [`HintLimits`]: at most `per_rule` hints of each rule of each layer, and
//!   `total` for the stack as a whole (the first by position, then layer from
//!   the bottom, then rule order), counted after duplicates are merged.
//!
//! [`Hint::pack`]: super::report::Hint::pack

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::Serialize;

use super::compiled::{CompiledPack, HintTexts, LoadedRule, PackInfo};
use super::report::{HintLimits, LayerRef, Length, PackRef, Report};
use super::wire::Offsets;
use crate::context::Context;
use crate::format::locales::Locales;
use crate::format::model::{Category, Level, Localized, Override};
use crate::rules::Finding;
use crate::text::fold::Folded;
use crate::text::terms::{
    MatchMode, TermIndex, TermIndexBuilder, TermListSpec, TermMatches, TermSetId,
};

/// Most layers of a stack, the baseline included. Real stacks have two to
/// four (baseline, group, team, language); every override of a layer is
/// resolved against every layer beneath when the stack is built.
pub const MAX_LAYERS: usize = 16;

/// Most rules an override lists in [`OverrideChange::rules`]; the count
/// ([`OverrideChange::matched`]) is complete.
pub const MAX_LISTED_RULES: usize = 100;

/// How a stack is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackOptions {
    /// Whether the built-in baseline (the starter pack) is the bottom layer.
    /// True unless the employee or IT switched it off on purpose.
    pub baseline: bool,
}

impl Default for StackOptions {
    fn default() -> Self {
        StackOptions { baseline: true }
    }
}

/// Why a stack could not be built, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl fmt::Display for StackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.fix)
    }
}

impl std::error::Error for StackError {}

/// An override: the layer whose manifest holds it, and its position there.
/// Ordered as overrides apply: by layer from the bottom, then in the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct OverrideRef {
    layer: usize,
    index: usize,
}

/// What the layers above change in one rule (or in every rule of a target).
#[derive(Debug, Clone, Default)]
struct Effect {
    off: Option<OverrideRef>,
    level: Option<(OverrideRef, Level)>,
    message: Option<OverrideRef>,
    suggestion: Option<OverrideRef>,
    /// Whether an override with exceptions names the rule (or its category).
    exceptions: bool,
}

impl Effect {
    /// Applies the override `at`; overrides are applied in their order.
    fn apply(&mut self, at: OverrideRef, o: &Override) {
        if o.off {
            self.off = Some(at);
            return;
        }
        if let Some(level) = o.level {
            self.level = Some((at, level));
        }
        if o.message.is_some() {
            self.message = Some(at);
        }
        if o.suggestion.is_some() {
            self.suggestion = Some(at);
        }
        self.exceptions |= !o.exceptions.is_empty();
    }

    /// The effect of a category and of a rule of it together: of two
    /// changes of one thing, the later override's.
    fn with(&self, later: &Effect) -> Effect {
        Effect {
            off: self.off.max(later.off),
            level: match (self.level, later.level) {
                (Some(a), Some(b)) => Some(if a.0 > b.0 { a } else { b }),
                (a, b) => a.or(b),
            },
            message: self.message.max(later.message),
            suggestion: self.suggestion.max(later.suggestion),
            exceptions: self.exceptions || later.exceptions,
        }
    }
}

/// One layer of a stack.
#[derive(Debug)]
struct Layer {
    pack: CompiledPack,
    built_in: bool,
    /// The override of a layer above that takes this pack out of the stack.
    off_by: Option<OverrideRef>,
    /// What the layers above change, per rule (in the order of `pack.rules()`).
    effects: Vec<Effect>,
    /// The exception lists of the overrides that name a rule of this layer, by rule id.
    rule_exceptions: HashMap<String, Vec<TermSetId>>,
    /// The exception lists of the overrides that name a category of this layer.
    category_exceptions: HashMap<Category, Vec<TermSetId>>,
}

/// An ordered stack of packs, bottom first, ready to check drafts. Build it
/// once ([`PackStack::new`]), check many drafts.
#[derive(Debug)]
pub struct PackStack {
    layers: Vec<Layer>,
    /// The exceptions of every override, one list per override.
    exceptions: TermIndex,
}

/// The built-in baseline, compiled: the starter pack, which this build's
/// tests load in full (its examples pass), so its examples are not run again.
pub fn baseline() -> Result<CompiledPack, StackError> {
    CompiledPack::from_json_validated(crate::starter_pack()).map_err(|e| StackError {
        message: format!("the built-in baseline could not be loaded: {e}"),
        fix: "please report this".into(),
    })
}

impl PackStack {
    /// Builds a stack of `packs` (bottom first) on top of the built-in
    /// baseline, unless `options` leave it out. A pack with the baseline's id
    /// takes the baseline's place (an edited copy of the starter pack). Two
    /// packs with one id, no pack at all, or more than [`MAX_LAYERS`] are refused.
    pub fn new(packs: Vec<CompiledPack>, options: StackOptions) -> Result<PackStack, StackError> {
        let mut all = Vec::with_capacity(packs.len() + 1);
        if options.baseline {
            let base = baseline()?;
            let replaced = packs.iter().any(|p| p.manifest().id == base.manifest().id);
            if !replaced {
                all.push((base, true));
            }
        }
        all.extend(packs.into_iter().map(|p| (p, false)));
        if all.is_empty() {
            return Err(StackError {
                message:
                    "no pack to check with: the baseline is switched off and no pack was given"
                        .into(),
                fix: "give at least one pack, or keep the built-in baseline".into(),
            });
        }
        if all.len() > MAX_LAYERS {
            return Err(StackError {
                message: format!(
                    "{} packs are more than the {MAX_LAYERS} a stack may have",
                    all.len()
                ),
                fix: "merge packs of the same publisher into one".into(),
            });
        }
        for (i, (pack, _)) in all.iter().enumerate() {
            let id = &pack.manifest().id;
            if all.iter().take(i).any(|(p, _)| &p.manifest().id == id) {
                return Err(StackError {
                    message: format!("the pack \"{id}\" is in the stack twice"),
                    fix: "give each pack once".into(),
                });
            }
        }
        let layers = all
            .into_iter()
            .map(|(pack, built_in)| Layer {
                effects: vec![Effect::default(); pack.rules().len()],
                pack,
                built_in,
                off_by: None,
                rule_exceptions: HashMap::new(),
                category_exceptions: HashMap::new(),
            })
            .collect();
        let mut stack = PackStack {
            layers,
            exceptions: TermIndex::default(),
        };
        stack.switch_packs_off();
        stack.resolve_overrides();
        Ok(stack)
    }

    /// Takes the packs out that a layer above switches off as a whole, from
    /// the top: a pack taken out switches nothing off.
    fn switch_packs_off(&mut self) {
        for i in (0..self.layers.len()).rev() {
            let Some(layer) = self.layers.get(i) else {
                continue;
            };
            if layer.off_by.is_some() {
                continue;
            }
            let offs: Vec<(usize, String)> = layer
                .pack
                .manifest()
                .overrides
                .iter()
                .enumerate()
                .filter(|(_, o)| o.off && o.rule.is_none() && o.category.is_none())
                .filter_map(|(k, o)| Some((k, o.pack.clone()?)))
                .collect();
            for (index, id) in offs {
                for beneath in self.layers.iter_mut().take(i) {
                    if beneath.pack.manifest().id == id && beneath.off_by.is_none() {
                        beneath.off_by = Some(OverrideRef { layer: i, index });
                    }
                }
            }
        }
    }

    /// Resolves the overrides of every layer in the stack against the layers
    /// beneath, and registers their exceptions. The work grows with the
    /// overrides times the layers, plus the rules: not with their product.
    fn resolve_overrides(&mut self) {
        let mut builder = TermIndexBuilder::default();
        let mut sets: HashMap<OverrideRef, TermSetId> = HashMap::new();
        for (i, layer) in self.layers.iter().enumerate() {
            if layer.off_by.is_some() {
                continue;
            }
            for (index, o) in layer.pack.manifest().overrides.iter().enumerate() {
                if !o.off && !o.exceptions.is_empty() {
                    let (set, _) = builder.add(TermListSpec {
                        terms: &o.exceptions,
                        mode: MatchMode::Inflected,
                        case_sensitive: false,
                    });
                    sets.insert(OverrideRef { layer: i, index }, set);
                }
            }
        }
        // A term that folds to nothing is refused by the pack's validation;
        // a failed build leaves the exceptions out rather than the stack.
        self.exceptions = builder.build().unwrap_or_default();
        let count = self.layers.len();
        for j in 0..count {
            let mut by_rule: HashMap<String, Effect> = HashMap::new();
            let mut by_category: HashMap<Category, Effect> = HashMap::new();
            let mut rule_exceptions: HashMap<String, Vec<TermSetId>> = HashMap::new();
            let mut category_exceptions: HashMap<Category, Vec<TermSetId>> = HashMap::new();
            let Some(id) = self.layers.get(j).map(|l| l.pack.manifest().id.clone()) else {
                continue;
            };
            for (i, above) in self.layers.iter().enumerate().skip(j + 1) {
                if above.off_by.is_some() {
                    continue;
                }
                for (index, o) in above.pack.manifest().overrides.iter().enumerate() {
                    if o.pack.as_ref().is_some_and(|p| *p != id) {
                        continue;
                    }
                    let at = OverrideRef { layer: i, index };
                    let set = sets.get(&at).copied();
                    if let Some(rule) = &o.rule {
                        by_rule.entry(rule.clone()).or_default().apply(at, o);
                        if let Some(set) = set {
                            rule_exceptions.entry(rule.clone()).or_default().push(set);
                        }
                    } else if let Some(category) = o.category {
                        by_category.entry(category).or_default().apply(at, o);
                        if let Some(set) = set {
                            category_exceptions.entry(category).or_default().push(set);
                        }
                    }
                }
            }
            let Some(layer) = self.layers.get_mut(j) else {
                continue;
            };
            let none = Effect::default();
            layer.effects = layer
                .pack
                .rules()
                .iter()
                .map(|r| {
                    let category = by_category.get(&r.common.category).unwrap_or(&none);
                    let rule = by_rule.get(&r.common.id).unwrap_or(&none);
                    category.with(rule)
                })
                .collect();
            layer.rule_exceptions = rule_exceptions;
            layer.category_exceptions = category_exceptions;
        }
    }

    /// The packs of the stack, bottom first (those switched off too).
    pub fn packs(&self) -> impl Iterator<Item = &CompiledPack> {
        self.layers.iter().map(|l| &l.pack)
    }

    /// The topmost pack: the one the report's `pack` names.
    pub fn top(&self) -> Option<&CompiledPack> {
        self.layers.last().map(|l| &l.pack)
    }

    /// Checks a draft with every layer and gives every hint (see the module's
    /// doc). For untrusted packs or drafts, use [`PackStack::check_limited`].
    pub fn check(&self, text: &str, ctx: &Context) -> Report {
        self.check_limited(text, ctx, HintLimits::NONE)
    }

    /// Checks a draft like [`PackStack::check`], within `limits`: at most
    /// `per_rule` hints of each rule of each layer and `total` in all. The
    /// findings are cut to the limits before any hint text is built; the rest
    /// are counted in [`Report::omitted`] (a duplicate merged is not).
    pub fn check_limited(&self, text: &str, ctx: &Context, limits: HintLimits) -> Report {
        let mut exceptions = ExceptionSpans::new(self, text);
        let mut omitted = 0;
        // At most twice `limits.total` at any moment.
        let mut kept: Vec<Found> = Vec::new();
        let mut length = None;
        let top = self.layers.len().saturating_sub(1);
        for (j, layer) in self.layers.iter().enumerate() {
            if layer.off_by.is_some() {
                continue;
            }
            let draft = layer.pack.draft(text, ctx);
            let guess = || draft.languages();
            for (position, rule) in layer.pack.rules().iter().enumerate() {
                let effect = layer.effects.get(position);
                if effect.is_some_and(|e| e.off.is_some())
                    || !CompiledPack::applies(rule, ctx, guess)
                {
                    continue;
                }
                let mut findings = CompiledPack::findings(rule, &draft, limits.per_rule);
                rule.compiled.check(&draft, &mut findings);
                let (found, left_out) = findings.finish();
                omitted += left_out;
                let excepting = effect.is_some_and(|e| e.exceptions);
                for f in found
                    .into_iter()
                    .filter(|f| text.get(f.span.clone()).is_some())
                {
                    if excepting && exceptions.covers(j, position, rule, &f.span) {
                        continue;
                    }
                    kept.push(Found {
                        layer: j,
                        position,
                        finding: f,
                    });
                    if kept.len() >= limits.total.saturating_mul(2) {
                        omitted += self.keep_first_hints(&mut kept, limits.total);
                    }
                }
            }
            if j == top {
                length = ctx.platform.map(|p| Length {
                    used: draft.platform_length().unwrap_or_default(),
                    limit: layer.pack.platform_settings(p).max_length,
                });
            }
        }
        omitted += self.keep_first_hints(&mut kept, limits.total);
        let reader = ctx.reader_locales();
        let hints = self.hints(kept, text, &reader);
        let (id, version) = self
            .top()
            .map(|p| (p.manifest().id.clone(), p.manifest().version.clone()))
            .unwrap_or_default();
        Report {
            pack: PackRef { id, version },
            packs: self
                .layers
                .iter()
                .filter(|l| l.off_by.is_none())
                .map(|l| layer_ref(&l.pack, &reader))
                .collect(),
            platform: ctx.platform,
            length,
            hints,
            omitted,
            offsets: Offsets::Utf8Bytes,
        }
    }

    fn rule(&self, found: &Found) -> Option<&LoadedRule> {
        self.layers
            .get(found.layer)
            .and_then(|l| l.pack.rules().get(found.position))
    }

    /// Why a rule flags a passage, for merging duplicates (see the module's doc).
    fn reason(&self, found: &Found) -> Option<Category> {
        Some(self.rule(found)?.common.category)
    }

    /// Sorts the findings by position, then layer, then rule order; merges
    /// the duplicates of different layers; keeps the first `total` and says
    /// how many it dropped.
    fn keep_first_hints(&self, kept: &mut Vec<Found>, total: usize) -> usize {
        let index = |f: &Found| self.rule(f).map_or(usize::MAX, |r| r.index);
        kept.sort_by_key(|f| (f.finding.span.start, f.finding.span.end, f.layer, index(f)));
        self.merge_duplicates(kept);
        let dropped = kept.len().saturating_sub(total);
        kept.truncate(total);
        dropped
    }

    /// In each run of findings on one passage (sorted), keeps of each reason
    /// only the topmost layer's.
    fn merge_duplicates(&self, kept: &mut Vec<Found>) {
        let mut keep = Vec::with_capacity(kept.len());
        let mut topmost: HashMap<Category, usize> = HashMap::new();
        let mut start = 0;
        while let Some(first) = kept.get(start) {
            let span = first.finding.span.clone();
            let run = kept
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|f| f.finding.span == span)
                .count();
            let found = kept.get(start..start + run).unwrap_or_default();
            topmost.clear();
            for f in found {
                if let Some(reason) = self.reason(f) {
                    let top = topmost.entry(reason).or_insert(f.layer);
                    *top = (*top).max(f.layer);
                }
            }
            keep.extend(found.iter().map(|f| {
                self.reason(f)
                    .and_then(|r| topmost.get(&r))
                    .is_none_or(|top| *top == f.layer)
            }));
            start += run.max(1);
        }
        let mut keep = keep.into_iter();
        kept.retain(|_| keep.next().unwrap_or(true));
    }

    /// The hints of the findings kept, with the changes of the layers above.
    fn hints(&self, kept: Vec<Found>, text: &str, reader: &Locales) -> Vec<super::report::Hint> {
        let mut texts: Vec<HintTexts> = self.layers.iter().map(|_| HintTexts::default()).collect();
        kept.into_iter()
            .filter_map(|found| {
                let layer = self.layers.get(found.layer)?;
                let rule = layer.pack.rules().get(found.position)?;
                let effect = layer.effects.get(found.position);
                let message = effect.and_then(|e| e.message);
                let suggestion = effect.and_then(|e| e.suggestion);
                let shared = texts.get_mut(found.layer)?.of_rule(
                    &layer.pack,
                    rule,
                    found.position,
                    reader,
                    |t| {
                        if let Some(m) =
                            message.and_then(|at| self.text(at, reader, |o| o.message.as_ref()))
                        {
                            t.message = m;
                        }
                        if let Some(s) = suggestion
                            .and_then(|at| self.text(at, reader, |o| o.suggestion.as_ref()))
                        {
                            t.advice = Some(s);
                        }
                    },
                );
                let level = effect
                    .and_then(|e| e.level)
                    .map_or(rule.common.level, |(_, level)| level);
                let mut hint = layer.pack.hint(rule, text, found.finding, level, shared)?;
                hint.pack = Some(layer.pack.manifest().id.clone());
                Some(hint)
            })
            .collect()
    }

    /// A text of the override `at`, in the reader's locales with the default
    /// locale of the overriding pack.
    fn text(
        &self,
        at: OverrideRef,
        reader: &Locales,
        pick: impl Fn(&Override) -> Option<&Localized>,
    ) -> Option<super::report::SharedText> {
        let pack = &self.layers.get(at.layer)?.pack;
        let o = pack.manifest().overrides.get(at.index)?;
        Some(pack.shared(pick(o)?, reader))
    }

    /// The stack for showing to the employee: every layer, bottom first, with
    /// what it holds and what it changes beneath (`postcheck pack info`, the
    /// options page), in the reader's locales (`"de"`, or [`Locales`]).
    pub fn info(&self, reader: impl Into<Locales>) -> StackInfo {
        let reader = &reader.into();
        let changes = self.changes(reader);
        StackInfo {
            layers: self
                .layers
                .iter()
                .zip(changes)
                .map(|(layer, changes)| LayerInfo {
                    pack: layer.pack.info(reader),
                    built_in: layer.built_in,
                    expires: layer.pack.manifest().expires.map(|d| d.to_string()),
                    switched_off_by: layer.off_by.and_then(|at| self.id_of(at.layer)),
                    changes: changes.overrides,
                })
                .collect(),
        }
    }

    fn id_of(&self, layer: usize) -> Option<String> {
        self.layers.get(layer).map(|l| l.pack.manifest().id.clone())
    }

    /// What each layer changes in the layers beneath, bottom first: each of
    /// its overrides with the rules it names there. An override that names
    /// nothing beneath, or of a pack that is switched off, carries a warning.
    /// Its texts are in the reader's locales (`"de"`, or [`Locales`]).
    pub fn changes(&self, reader: impl Into<Locales>) -> Vec<LayerChanges> {
        let reader = &reader.into();
        // Rule positions by id and by category, per layer, built once.
        let index: Vec<RuleIndex<'_>> = self
            .layers
            .iter()
            .map(|l| {
                let mut by_id = HashMap::new();
                let mut by_category: HashMap<Category, Vec<usize>> = HashMap::new();
                for (position, r) in l.pack.rules().iter().enumerate() {
                    by_id.insert(r.common.id.as_str(), position);
                    by_category
                        .entry(r.common.category)
                        .or_default()
                        .push(position);
                }
                (by_id, by_category)
            })
            .collect();
        self.layers
            .iter()
            .enumerate()
            .map(|(i, layer)| LayerChanges {
                pack: layer.pack.manifest().id.clone(),
                overrides: layer
                    .pack
                    .manifest()
                    .overrides
                    .iter()
                    .enumerate()
                    .map(|(k, o)| self.change(i, k, o, &index, reader))
                    .collect(),
            })
            .collect()
    }

    /// What the override `o` (number `k` of layer `i`) changes beneath.
    fn change(
        &self,
        i: usize,
        k: usize,
        o: &Override,
        index: &[RuleIndex<'_>],
        reader: &Locales,
    ) -> OverrideChange {
        let whole = o.rule.is_none() && o.category.is_none();
        let mut rules = Vec::new();
        let mut matched = 0;
        let mut packs_named = 0;
        for (j, beneath) in self.layers.iter().enumerate().take(i) {
            let id = &beneath.pack.manifest().id;
            if o.pack.as_ref().is_some_and(|p| p != id) {
                continue;
            }
            packs_named += 1;
            let (by_id, by_category) = match index.get(j) {
                Some(x) => x,
                None => continue,
            };
            let all = beneath.pack.rules().len();
            // The positions named (without copying a list per override).
            let (count, positions): (usize, Box<dyn Iterator<Item = usize>>) =
                if let Some(rule) = &o.rule {
                    let one = by_id.get(rule.as_str()).copied();
                    (usize::from(one.is_some()), Box::new(one.into_iter()))
                } else if let Some(category) = o.category {
                    let list = by_category.get(&category).map_or(&[][..], Vec::as_slice);
                    (list.len(), Box::new(list.iter().copied()))
                } else {
                    (all, Box::new(0..all))
                };
            matched += count;
            for position in positions.take(MAX_LISTED_RULES.saturating_sub(rules.len())) {
                if let Some(r) = beneath.pack.rules().get(position) {
                    rules.push(RuleRef {
                        pack: id.clone(),
                        rule: r.common.id.clone(),
                    });
                }
            }
        }
        let in_pack = o
            .pack
            .as_ref()
            .map(|p| format!(" in pack \"{p}\""))
            .unwrap_or_default();
        let target = match (&o.rule, o.category, &o.pack) {
            (Some(rule), _, _) => format!("rule \"{rule}\"{in_pack}"),
            (None, Some(category), _) => format!("category \"{}\"{in_pack}", category.as_str()),
            (None, None, Some(pack)) => format!("pack \"{pack}\""),
            (None, None, None) => "nothing".to_string(),
        };
        let switched_off_by = self
            .layers
            .get(i)
            .and_then(|l| l.off_by)
            .map(|by| self.id_of(by.layer).unwrap_or_default());
        let warning_kind = if switched_off_by.is_some() {
            Some(ChangeWarning::SwitchedOff)
        } else if whole && packs_named == 0 {
            Some(ChangeWarning::NoPack)
        } else if matched == 0 {
            Some(ChangeWarning::NoRule)
        } else {
            None
        };
        let warning = if let Some(by) = &switched_off_by {
            Some(format!(
                "this pack is switched off by \"{by}\": the override changes nothing"
            ))
        } else if whole && packs_named == 0 {
            Some(format!(
                "no pack \"{}\" beneath",
                o.pack.as_deref().unwrap_or_default()
            ))
        } else if matched == 0 {
            Some(match (&o.rule, o.category) {
                (Some(rule), _) => format!("no rule \"{rule}\" beneath{in_pack}"),
                (None, Some(c)) => {
                    format!("no rule of category \"{}\" beneath{in_pack}", c.as_str())
                }
                (None, None) => format!("no rule beneath{in_pack}"),
            })
        } else {
            None
        };
        let pack = self.layers.get(i).map(|l| &l.pack);
        let text = |t: &Option<Localized>| {
            t.as_ref()
                .and_then(|t| pack.map(|p| p.shared(t, reader).to_string()))
        };
        OverrideChange {
            index: k,
            target,
            rule: o.rule.clone(),
            category: o.category,
            pack: o.pack.clone(),
            off: o.off,
            level: if o.off { None } else { o.level },
            message: if o.off { None } else { text(&o.message) },
            suggestion: if o.off { None } else { text(&o.suggestion) },
            exceptions: if o.off {
                Vec::new()
            } else {
                o.exceptions.clone()
            },
            matched,
            rules,
            warning,
            warning_kind,
            switched_off_by,
        }
    }
}

/// The rule positions of a layer by id and by category.
type RuleIndex<'a> = (HashMap<&'a str, usize>, HashMap<Category, Vec<usize>>);

/// A layer as a report names it, in the reader's locales.
fn layer_ref(pack: &CompiledPack, reader: &Locales) -> LayerRef {
    let m = pack.manifest();
    LayerRef {
        id: m.id.clone(),
        version: m.version.clone(),
        name: pack.shared(&m.name, reader).to_string(),
        publisher: m.publisher.clone(),
    }
}

/// A finding of a rule of a layer.
#[derive(Debug)]
struct Found {
    layer: usize,
    position: usize,
    finding: Finding,
}

/// Where the exceptions of the overrides match in one draft: searched when a
/// finding first needs them, and merged per rule and per category once.
struct ExceptionSpans<'a> {
    stack: &'a PackStack,
    text: &'a str,
    matches: Option<TermMatches>,
    merged: HashMap<(usize, Target), Intervals>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Rule(usize),
    Category(Category),
}

impl<'a> ExceptionSpans<'a> {
    fn new(stack: &'a PackStack, text: &'a str) -> Self {
        ExceptionSpans {
            stack,
            text,
            matches: None,
            merged: HashMap::new(),
        }
    }

    /// Whether an exception of an override that names `rule` (at `position`
    /// in layer `layer`), or its category, holds the passage `span`.
    fn covers(
        &mut self,
        layer: usize,
        position: usize,
        rule: &LoadedRule,
        span: &Range<usize>,
    ) -> bool {
        if span.is_empty() {
            return false;
        }
        let Some(l) = self.stack.layers.get(layer) else {
            return false;
        };
        let by_rule = l.rule_exceptions.get(&rule.common.id);
        let by_category = l.category_exceptions.get(&rule.common.category);
        [
            (Target::Rule(position), by_rule),
            (Target::Category(rule.common.category), by_category),
        ]
        .into_iter()
        .any(|(target, sets)| {
            sets.is_some_and(|sets| self.intervals(layer, target, sets).covers(span))
        })
    }

    fn intervals(&mut self, layer: usize, target: Target, sets: &[TermSetId]) -> &Intervals {
        let (stack, text) = (self.stack, self.text);
        let matches = self
            .matches
            .get_or_insert_with(|| stack.exceptions.find_all(text, &Folded::new(text, false)));
        self.merged.entry((layer, target)).or_insert_with(|| {
            let mut spans: Vec<Range<usize>> = sets
                .iter()
                .flat_map(|set| matches.of(*set).iter().map(|m| m.span.clone()))
                .collect();
            spans.sort_by_key(|s| s.start);
            let mut reach = 0;
            Intervals {
                starts: spans.iter().map(|s| s.start).collect(),
                reach: spans
                    .iter()
                    .map(|s| {
                        reach = reach.max(s.end);
                        reach
                    })
                    .collect(),
            }
        })
    }
}

/// Passages sorted by start, with the furthest end reached so far.
struct Intervals {
    starts: Vec<usize>,
    reach: Vec<usize>,
}

impl Intervals {
    /// Whether one of the passages holds `span`: one that starts at or
    /// before it reaches as far.
    fn covers(&self, span: &Range<usize>) -> bool {
        let before = self.starts.partition_point(|&s| s <= span.start);
        before
            .checked_sub(1)
            .and_then(|last| self.reach.get(last))
            .is_some_and(|&reach| reach >= span.end)
    }
}

/// The stack as shown to the employee ([`PackStack::info`]).
#[derive(Debug, Clone, Serialize)]
pub struct StackInfo {
    /// The layers, bottom first.
    pub layers: Vec<LayerInfo>,
}

/// One layer of a stack as shown to the employee.
#[derive(Debug, Clone, Serialize)]
pub struct LayerInfo {
    /// What the pack holds.
    #[serde(flatten)]
    pub pack: PackInfo,
    /// Whether it is the built-in baseline.
    pub built_in: bool,
    /// After this date the pack is out of date, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// The id of the pack above that switched this one off as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub switched_off_by: Option<String>,
    /// What it changes beneath: its overrides, resolved.
    pub changes: Vec<OverrideChange>,
}

/// What one layer changes beneath ([`PackStack::changes`]).
#[derive(Debug, Clone, Serialize)]
pub struct LayerChanges {
    /// The layer's pack id.
    pub pack: String,
    /// Its overrides, in their order.
    pub overrides: Vec<OverrideChange>,
}

/// One override, resolved against the layers beneath.
#[derive(Debug, Clone, Serialize)]
pub struct OverrideChange {
    /// Its position in the pack's `overrides`.
    pub index: usize,
    /// What it names, e.g. `rule "phone-number"`, `category "netiquette"`
    /// (in English; `rule`, `category` and `pack` are the same, for readers
    /// that word it in their own language).
    pub target: String,
    /// The rule id it names, if it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The category it names, if it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// The pack beneath it is limited to (alone: the whole pack), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
    /// Whether it switches the rules off.
    pub off: bool,
    /// The level it gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The message it gives them, in the reader's locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The suggestion it gives them, in the reader's locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// The passages it leaves alone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<String>,
    /// How many rules beneath it names.
    pub matched: usize,
    /// The rules beneath it names, the first [`MAX_LISTED_RULES`].
    pub rules: Vec<RuleRef>,
    /// Why it may not do what its author meant, e.g. `no rule "x" beneath`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    /// The same as a code, for readers that word it in their own language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning_kind: Option<ChangeWarning>,
    /// With `warning_kind` `switched-off`: the pack that switches this one off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub switched_off_by: Option<String>,
}

/// Why an override may not do what its author meant ([`OverrideChange::warning`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeWarning {
    /// Its pack is switched off by a layer above: it changes nothing.
    SwitchedOff,
    /// It names a whole pack that is not beneath it.
    NoPack,
    /// No rule beneath matches what it names.
    NoRule,
}

/// A rule of a layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleRef {
    /// The layer's pack id.
    pub pack: String,
    /// The rule id.
    pub rule: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(id: &str, overrides: &str) -> CompiledPack {
        CompiledPack::from_json(&format!(
            r#"{{ "schema": "postcheck/pack/v1", "id": "{id}", "name": "{id}", "version": "1",
            "publisher": "P", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
            "overrides": [{overrides}], "rules": [] }}"#
        ))
        .unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_passage_is_covered_by_an_interval_that_holds_it_whole() {
        let intervals = Intervals {
            starts: vec![0, 5, 6],
            reach: vec![3, 20, 20],
        };
        assert!(intervals.covers(&(0..3)));
        assert!(intervals.covers(&(7..20)));
        assert!(!intervals.covers(&(2..4)));
        assert!(!intervals.covers(&(10..21)));
        let none = Intervals {
            starts: Vec::new(),
            reach: Vec::new(),
        };
        assert!(!none.covers(&(0..1)));
    }

    #[test]
    fn of_two_changes_of_one_thing_the_later_override_wins() {
        let at = |layer, index| OverrideRef { layer, index };
        let mut category = Effect::default();
        let mut rule = Effect::default();
        let level = |level: &str| -> Override {
            serde_json::from_str(&format!(r#"{{"rule": "r", "level": "{level}"}}"#))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        category.apply(at(2, 0), &level("note"));
        rule.apply(at(1, 5), &level("important"));
        assert_eq!(category.with(&rule).level, Some((at(2, 0), Level::Note)));
        rule.apply(at(2, 1), &level("consider"));
        assert_eq!(
            category.with(&rule).level,
            Some((at(2, 1), Level::Consider))
        );
    }

    #[test]
    fn a_stack_has_at_most_max_layers() {
        let packs: Vec<CompiledPack> = (0..MAX_LAYERS)
            .map(|i| pack(&format!("p{i}"), ""))
            .collect();
        let e = PackStack::new(packs, StackOptions::default()).err();
        assert_eq!(
            e.map(|e| e.message),
            Some("17 packs are more than the 16 a stack may have".to_string())
        );
        let packs: Vec<CompiledPack> = (0..MAX_LAYERS)
            .map(|i| pack(&format!("p{i}"), ""))
            .collect();
        assert!(PackStack::new(packs, StackOptions { baseline: false }).is_ok());
    }

    #[test]
    fn what_an_override_changed_lists_the_first_rules_and_counts_all() {
        let rules: Vec<String> = (0..150)
            .map(|i| {
                format!(
                    r#"{{"id": "w{i}", "kind": "terms", "terms": ["w{i}"], "category": "values",
                    "level": "note", "message": "m", "examples": {{"hit": ["w{i}"]}}}}"#
                )
            })
            .collect();
        let group = CompiledPack::from_json(&format!(
            r#"{{ "schema": "postcheck/pack/v1", "id": "group", "name": "G", "version": "1",
            "publisher": "P", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
            "rules": [{}] }}"#,
            rules.join(",")
        ))
        .unwrap_or_else(|e| panic!("{e:?}"));
        let overrides = vec![r#"{"category": "values", "level": "important"}"#; 1000].join(",");
        let team = pack("team", &overrides);
        let stack = PackStack::new(vec![group, team], StackOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let changes = stack.changes("en");
        let team = &changes[2].overrides;
        assert_eq!(team.len(), 1000);
        assert!(
            team.iter()
                .all(|c| c.matched == 150 && c.rules.len() == MAX_LISTED_RULES)
        );
        let report = stack.check("w1 w2", &Context::default());
        assert_eq!(report.hints.len(), 2);
        assert!(report.hints.iter().all(|h| h.level == Level::Important));
    }

    #[test]
    fn a_pack_switched_off_from_above_switches_nothing_off_itself() {
        let group = pack("group", r#"{"pack": "postcheck-starter", "off": true}"#);
        let team = pack("team", r#"{"pack": "group", "off": true}"#);
        let stack = PackStack::new(vec![group, team], StackOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let off: Vec<bool> = stack.layers.iter().map(|l| l.off_by.is_some()).collect();
        assert_eq!(off, [false, true, false]);
        let changes = stack.changes("en");
        assert_eq!(
            changes[1].overrides[0].warning.as_deref(),
            Some("this pack is switched off by \"team\": the override changes nothing")
        );
        let c = &changes[1].overrides[0];
        assert_eq!(c.warning_kind, Some(ChangeWarning::SwitchedOff));
        assert_eq!(c.switched_off_by.as_deref(), Some("team"));
    }
}
