//! postcheck-wasm: the rule engine of [`postcheck_core`] for the browser extension.
//!
//! A thin layer: plain serde data crosses the boundary, nothing else. It asks
//! the core for a check's [`Report`] with its spans in JavaScript string
//! offsets ([`Offsets::Utf16Units`]) and writes it the core's way for
//! JavaScript ([`Absent::Null`]: every key present, `null` when absent); it
//! defines no result types of its own.
//!
//! JavaScript API (built with `wasm-bindgen --target web`):
//!
//! ```js
//! const engine = new Engine(packJson);        // throws {problems: [...]} on a refused pack
//! Engine.withoutExamples(packJson);           // the same, without running the pack's examples:
//!                                             // only for a pack this same engine validated before
//! engine.check(text, {platform: "x", locale: "de-CH", fallback_locales: ["fr", "en"], date: "2026-11-25", media: []});
//! engine.info("de", ["fr"]);                  // the pack, its rules and guidelines
//!                                             // (the reader's other locales may be left out)
//!
//! // A stack: the built-in baseline (unless `baseline: false`), then company
//! // packs bottom first. Throws {problems: [...], layer: i} for a refused pack
//! // (i counts the JSON texts given, from 0), an Error for a stack that cannot
//! // be built (a pack twice, none, more than 16 layers).
//! const stack = Engine.stack([groupJson, teamJson], {baseline: true, validated: false});
//! stack.check(text, options);                 // adds `packs` (the layers, bottom first) and each hint's `pack`
//! stack.info("de", ["fr"]);                  // {layers: [{...pack info, built_in, expires, switched_off_by, changes}]}
//! stack.guidelines("de", ["fr"]);            // {layers: [{pack, built_in, switched_off_by, page}]}: each layer's
//!                                             // guideline page (as `postcheck pack docs`), bottom first
//! starterPack();                              // the built-in pack, as JSON text
//! ```
//!
//! After a trap (a `WebAssembly.RuntimeError`: out of memory, `unreachable`),
//! the module's memory keeps what the interrupted call held and its state may
//! be half-changed: every later call of this instance may fail. Each entry
//! point here marks the instance busy while it runs ([`Busy`]); a call that
//! finds it still marked (a trap ended the one before) throws an error whose
//! message starts with [`STOPPED`] instead of running on that memory.
//!
//! JavaScript recovers after a `WebAssembly.RuntimeError` or a [`STOPPED`]
//! error by making a fresh instance of the module and building its `Engine`
//! again. With the bindings made by `wasm-bindgen --experimental-reset-state-function`,
//! `__wbg_reset_state()` does the first (synchronously, from the same module;
//! engines of the old instance then throw "Invalid stale object" when used).
//! Not wasm-bindgen's `schedule_reinit` from here: its glue copies a call's
//! string arguments into the old instance's memory before it makes the new
//! one, so that call reads out of bounds and traps again.

use postcheck_core::authoring::docs::{GuidelinePage, guideline_page, layer_guideline_page};
use postcheck_core::engine::stack::MAX_LAYERS;
use postcheck_core::format::locales::Locales;
use postcheck_core::{
    Absent, CompiledPack, Context, Date, HintLimits, Media, Offsets, PackError, PackStack,
    Platform, Report, SharedText, StackOptions, serialize_problems_as,
};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// The Pack Studio's authoring calls (cargo feature `studio`).
#[cfg(feature = "studio")]
pub mod studio;

/// The start of the message of the error thrown by every call after a trap.
pub const STOPPED: &str = "the engine stopped";

/// Whether a call into the engine is running, or a trap ended one.
static BUSY: AtomicBool = AtomicBool::new(false);

/// Marks the instance busy while a call runs: made at the start of each entry
/// point and dropped at its end. A trap skips the drop, so the mark stays and
/// the next call is refused with [`STOPPED`].
#[derive(Debug)]
pub struct Busy(());

impl Busy {
    /// Marks the instance busy, or says that a trap ended the last call.
    pub fn start() -> Result<Busy, String> {
        if BUSY.swap(true, Ordering::SeqCst) {
            return Err(format!(
                "{STOPPED}: an earlier call was interrupted (out of memory?); load the engine again"
            ));
        }
        Ok(Busy(()))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        BUSY.store(false, Ordering::SeqCst);
    }
}

/// [`Busy::start`] for an entry point: the refusal as a JavaScript `Error`.
fn start() -> Result<Busy, JsValue> {
    Busy::start().map_err(|e| JsValue::from(JsError::new(&e)))
}

#[wasm_bindgen]
extern "C" {
    /// `Reflect.get(target, key)`.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    /// `Reflect.set(target, key, value)`.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set, catch)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<bool, JsValue>;
}

/// Options of a check, as JavaScript sends them. Every field may be left out.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckOptions {
    /// `"x"` or `"linkedin"`; without it, no length and no platform rules.
    pub platform: Option<String>,
    /// Locale of the hint texts, e.g. `"de-CH"`; default `"en"`.
    pub locale: Option<String>,
    /// The reader's other locales, most preferred first (the browser's
    /// `navigator.languages`), for a text the pack lacks in `locale`: tried
    /// before English and the pack's default locale. Default none.
    pub fallback_locales: Vec<String>,
    /// Today, `YYYY-MM-DD`, for embargoes and expiry dates.
    pub date: Option<String>,
    /// Attached media: `"image"`, `"video"`, `"document"`.
    pub media: Vec<String>,
}

impl CheckOptions {
    /// The core's [`Context`], or what is wrong with the options.
    pub fn context(&self) -> Result<Context, String> {
        let platform =
            match &self.platform {
                None => None,
                Some(p) => Some(Platform::parse(p).ok_or_else(|| {
                    format!("unknown platform \"{p}\": use \"x\" or \"linkedin\"")
                })?),
            };
        let date = match &self.date {
            None => None,
            Some(d) => Some(
                Date::parse(d).ok_or_else(|| format!("\"{d}\" is not a date: write YYYY-MM-DD"))?,
            ),
        };
        let media = self
            .media
            .iter()
            .map(|m| {
                Media::parse(m)
                    .ok_or_else(|| format!("unknown media \"{m}\": use image, video or document"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Context {
            platform,
            locale: self.locale.clone().unwrap_or_else(|| "en".to_string()),
            fallback_locales: self.fallback_locales.clone(),
            date,
            media,
        })
    }
}

/// The reader's locales: `locale`, then `fallback_locales`.
pub fn reader_locales(locale: &str, fallback_locales: &[String]) -> Locales {
    Locales::new(std::iter::once(locale).chain(fallback_locales.iter().map(String::as_str)))
}

/// Checks `text`: the report with its spans in UTF-16 code units
/// (`text.slice(start, end)` in JavaScript is a hint's excerpt).
pub fn check_text(
    pack: &CompiledPack,
    text: &str,
    options: &CheckOptions,
) -> Result<Report, String> {
    let context = options.context()?;
    Ok(pack
        .check_limited(text, &context, HintLimits::EXTENSION)
        .with_offsets(text, Offsets::Utf16Units))
}

/// Checks `text` with a stack, like [`check_text`].
pub fn check_stack_text(
    stack: &PackStack,
    text: &str,
    options: &CheckOptions,
) -> Result<Report, String> {
    let context = options.context()?;
    Ok(stack
        .check_limited(text, &context, HintLimits::EXTENSION)
        .with_offsets(text, Offsets::Utf16Units))
}

/// Options of [`Engine::stack`], as JavaScript sends them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StackArgs {
    /// Whether the built-in baseline is the bottom layer (default true).
    pub baseline: bool,
    /// Whether every pack was validated by this same engine build before
    /// (then loaded as `Engine.withoutExamples` loads a pack).
    pub validated: bool,
}

impl Default for StackArgs {
    fn default() -> Self {
        StackArgs {
            baseline: true,
            validated: false,
        }
    }
}

/// Builds a stack of the packs `layers` (JSON texts, bottom first), or says
/// why not: the problems of the first refused pack and its position, or what
/// is wrong with the stack.
pub fn build_stack(layers: &[String], args: &StackArgs) -> Result<PackStack, StackRefusal> {
    let most = MAX_LAYERS - usize::from(args.baseline);
    if layers.len() > most {
        return Err(StackRefusal::Stack(format!(
            "{} packs are more than the {most} a stack may have on top of {}: merge packs of the same publisher into one",
            layers.len(),
            if args.baseline {
                "the baseline"
            } else {
                "nothing"
            }
        )));
    }
    let mut packs = Vec::with_capacity(layers.len());
    for (i, json) in layers.iter().enumerate() {
        let pack = if args.validated {
            CompiledPack::from_json_validated(json)
        } else {
            CompiledPack::from_json(json)
        };
        packs.push(pack.map_err(|e| StackRefusal::Pack(i, e))?);
    }
    PackStack::new(
        packs,
        StackOptions {
            baseline: args.baseline,
        },
    )
    .map_err(|e| StackRefusal::Stack(e.to_string()))
}

/// Why [`build_stack`] built no stack.
#[derive(Debug)]
pub enum StackRefusal {
    /// The pack at this position (from 0) was refused.
    Pack(usize, postcheck_core::PackError),
    /// The packs cannot be stacked.
    Stack(String),
}

/// Plain JS data from a serde value; `None` becomes `null`.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    value.serialize(&serializer).map_err(JsValue::from)
}

/// Plain JS data from a serde value whose parts are flattened (a stack's
/// layers, a layer's warnings): serde writes those as maps, made plain JS
/// objects here (not `Map`s), as every other result is.
fn to_js_flat<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(JsValue::from)
}

/// The report as plain JS data, written the core's way for JavaScript
/// ([`Absent::Null`]), but with each text of the pack made a JS value once and
/// set in every hint that shows it: 200 hints citing a 4 MB guideline hold one
/// JS string of it, not 200. The core writes the hints without those texts
/// (`null` in their places, so the properties keep their order); they are set
/// here, each where the core would have written it.
fn to_js_shared(result: &Report) -> Result<JsValue, JsValue> {
    let js = to_js(&result.serialize_as(Absent::Null).without_pack_texts())?;
    let hints = reflect_get(&js, &JsValue::from_str("hints"))?;
    let mut texts: HashMap<*const u8, JsValue> = HashMap::new();
    let mut text = |t: &SharedText| {
        texts
            .entry(t.as_ptr())
            .or_insert_with(|| JsValue::from_str(t))
            .clone()
    };
    // By layer and id: two packs of a stack may each have a guideline "privacy".
    let mut guidelines: HashMap<(Option<&str>, &str), JsValue> = HashMap::new();
    let mut contacts: HashMap<(Option<&str>, &str), JsValue> = HashMap::new();
    for (i, h) in result.hints.iter().enumerate() {
        let hint = reflect_get(&hints, &JsValue::from(i as u32))?;
        let set = |key: &str, value: &JsValue| reflect_set(&hint, &JsValue::from_str(key), value);
        set("message", &text(&h.message))?;
        if let Some(advice) = &h.advice {
            set("advice", &text(advice))?;
        }
        let layer = h.pack.as_deref();
        if let Some(g) = &h.guideline {
            set("guideline", &made_once(&mut guidelines, (layer, &g.id), g)?)?;
        }
        if let Some(c) = &h.contact {
            set("contact", &made_once(&mut contacts, (layer, &c.id), c)?)?;
        }
    }
    Ok(js)
}

/// The JS value of a guideline or contact, made on its id's first use and
/// shared by every later hint that cites the same id.
fn made_once<'a, T: Serialize>(
    made: &mut HashMap<(Option<&'a str>, &'a str), JsValue>,
    id: (Option<&'a str>, &'a str),
    item: &T,
) -> Result<JsValue, JsValue> {
    if let Some(v) = made.get(&id) {
        return Ok(v.clone());
    }
    let v = to_js(item)?;
    made.insert(id, v.clone());
    Ok(v)
}

/// A compiled rule pack, or a stack of packs, ready to check drafts.
#[wasm_bindgen]
pub struct Engine {
    checker: Checker,
}

/// A warning of one layer of a stack: the problem and the pack it is about.
#[derive(Serialize)]
struct LayerProblem<'a> {
    #[serde(flatten)]
    problem: postcheck_core::WireProblem<'a>,
    pack: &'a str,
}

/// What an [`Engine`] checks with.
enum Checker {
    /// One pack alone (`new Engine`): its results are what they always were.
    Pack(Box<CompiledPack>),
    /// A stack (`Engine.stack`).
    Stack(PackStack),
}

#[wasm_bindgen]
impl Engine {
    /// Compiles a pack from its JSON text. Throws `{problems: [...]}` if the pack is refused.
    #[wasm_bindgen(constructor)]
    pub fn new(pack_json: &str) -> Result<Engine, JsValue> {
        let _busy = start()?;
        match CompiledPack::from_json(pack_json) {
            Ok(pack) => Ok(Engine {
                checker: Checker::Pack(Box::new(pack)),
            }),
            Err(e) => Err(to_js(&e.serialize_as(Absent::Null)).unwrap_or_else(|e| e)),
        }
    }

    /// Compiles a pack like `new Engine`, but does not run its examples and
    /// compiles its patterns when a draft first needs them: every other check is
    /// made (a damaged or invalid pack is still refused, with the same problems;
    /// a pattern's size limit is the one check left out). Only for a pack that
    /// this same engine build validated before, examples included (the extension
    /// stores the engine's identity with each pack it imports); any other pack
    /// goes through `new Engine`.
    #[wasm_bindgen(js_name = withoutExamples)]
    pub fn without_examples(pack_json: &str) -> Result<Engine, JsValue> {
        let _busy = start()?;
        match CompiledPack::from_json_validated(pack_json) {
            Ok(pack) => Ok(Engine {
                checker: Checker::Pack(Box::new(pack)),
            }),
            Err(e) => Err(to_js(&e.serialize_as(Absent::Null)).unwrap_or_else(|e| e)),
        }
    }

    /// Checks a draft: `{pack, platform, length, hints}` with spans in UTF-16
    /// code units, and `omitted` when the hint limits left some out. A text of
    /// the pack that several hints show (message, advice, guideline, contact) is
    /// one JavaScript value shared by them, not a copy per hint.
    pub fn check(&self, text: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let _busy = start()?;
        let options: CheckOptions = if options.is_undefined() || options.is_null() {
            CheckOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options)?
        };
        let result = match &self.checker {
            Checker::Pack(pack) => check_text(pack, text, &options),
            Checker::Stack(stack) => check_stack_text(stack, text, &options),
        }
        .map_err(|e| JsValue::from(JsError::new(&e)))?;
        to_js_shared(&result)
    }

    /// Builds a stack: the built-in baseline unless `options.baseline` is
    /// false, then the packs `layers` (JSON texts, company packs only),
    /// bottom first. With `options.validated`, the packs are loaded as
    /// `Engine.withoutExamples` loads one (only for packs this same engine
    /// build validated before). Throws `{problems: [...], layer: i}` for the
    /// first refused pack, an `Error` for packs that cannot be stacked.
    pub fn stack(layers: JsValue, options: JsValue) -> Result<Engine, JsValue> {
        let _busy = start()?;
        let layers: Vec<String> = serde_wasm_bindgen::from_value(layers)?;
        let args: StackArgs = if options.is_undefined() || options.is_null() {
            StackArgs::default()
        } else {
            serde_wasm_bindgen::from_value(options)?
        };
        match build_stack(&layers, &args) {
            Ok(stack) => Ok(Engine {
                checker: Checker::Stack(stack),
            }),
            Err(StackRefusal::Pack(i, e)) => {
                let thrown = to_js(&e.serialize_as(Absent::Null)).unwrap_or_else(|e| e);
                reflect_set(
                    &thrown,
                    &JsValue::from_str("layer"),
                    &JsValue::from(i as u32),
                )?;
                Err(thrown)
            }
            Err(StackRefusal::Stack(message)) => Err(JsValue::from(JsError::new(&message))),
        }
    }

    /// The pack in the reader's `locale`, else in their `fallback_locales`
    /// (most preferred first; may be left out), as hints are: name, version,
    /// publisher, date, rules, guidelines, contacts. For a stack: `{layers:
    /// [...]}`, bottom first, each layer that pack's info with `built_in`,
    /// `expires`, `switched_off_by` and `changes` (what it changes beneath).
    pub fn info(
        &self,
        locale: &str,
        fallback_locales: Option<Vec<String>>,
    ) -> Result<JsValue, JsValue> {
        let _busy = start()?;
        let reader = reader_locales(locale, fallback_locales.as_deref().unwrap_or_default());
        match &self.checker {
            Checker::Pack(pack) => to_js(&pack.info(&reader)),
            Checker::Stack(stack) => to_js_flat(&stack.info(&reader)),
        }
    }

    /// The guidelines to read, as `postcheck pack docs` gives them, in the
    /// reader's `locale`, else their `fallback_locales`: `{layers: [{pack,
    /// built_in, switched_off_by, page}]}`, bottom first, one per layer of a
    /// stack (one for a pack alone), `page` being that pack's guideline page
    /// (see [`GuidelinePages`]). Hashed names are never shown.
    pub fn guidelines(
        &self,
        locale: &str,
        fallback_locales: Option<Vec<String>>,
    ) -> Result<JsValue, JsValue> {
        let _busy = start()?;
        let reader = reader_locales(locale, fallback_locales.as_deref().unwrap_or_default());
        to_js(&guideline_pages(&self.checker, &reader))
    }

    /// Warnings found while loading (the pack works, but its author may want
    /// to look). For a stack: those of every layer, bottom first, each with
    /// the `pack` it is about.
    pub fn warnings(&self) -> Result<JsValue, JsValue> {
        let _busy = start()?;
        match &self.checker {
            Checker::Pack(pack) => to_js(&serialize_problems_as(pack.warnings(), Absent::Null)),
            Checker::Stack(stack) => {
                let problems: Vec<LayerProblem<'_>> = stack
                    .packs()
                    .flat_map(|pack| {
                        pack.warnings().iter().map(|p| LayerProblem {
                            problem: p.serialize_as(Absent::Null),
                            pack: &pack.manifest().id,
                        })
                    })
                    .collect();
                to_js_flat(&problems)
            }
        }
    }
}

/// The guideline pages of an engine's packs ([`Engine::guidelines`]).
#[derive(Debug, Serialize)]
pub struct GuidelinePages {
    /// One per layer, bottom first (one for a pack alone).
    pub layers: Vec<LayerGuidelines>,
}

/// The guideline page of one layer.
#[derive(Debug, Serialize)]
pub struct LayerGuidelines {
    /// The pack's id (what a hint's `pack` names).
    pub pack: String,
    /// Whether it is the built-in baseline.
    pub built_in: bool,
    /// The pack of a layer above that switched this one off, if any.
    pub switched_off_by: Option<String>,
    /// Its page: each guideline with what its rules check.
    pub page: GuidelinePage,
}

/// The guideline page of each pack of `checker`, for `reader`. In a stack,
/// an example that a `hashed_terms` rule of any layer flags is left out.
fn guideline_pages(checker: &Checker, reader: &Locales) -> GuidelinePages {
    let layers = match checker {
        Checker::Pack(pack) => vec![LayerGuidelines {
            pack: pack.manifest().id.clone(),
            built_in: false,
            switched_off_by: None,
            page: guideline_page(pack, reader),
        }],
        Checker::Stack(stack) => {
            // Which layer is built in, which switched off: as `info` says.
            let info = stack.info(reader);
            stack
                .packs()
                .zip(info.layers)
                .map(|(pack, layer)| LayerGuidelines {
                    pack: pack.manifest().id.clone(),
                    built_in: layer.built_in,
                    switched_off_by: layer.switched_off_by,
                    page: layer_guideline_page(pack, stack.packs(), reader),
                })
                .collect()
        }
    };
    GuidelinePages { layers }
}

/// The built-in starter pack, as JSON text.
#[wasm_bindgen(js_name = starterPack)]
pub fn starter_pack() -> String {
    postcheck_core::starter_pack().to_string()
}

/// Checks a pack's minisign signature (`PACK.minisig`) against the
/// publisher's public key (a minisign `.pub` file or its key line):
/// `{keyId, trustedComment, pack: {id, version} | null}`, or throws
/// `{problems: [...]}` (wrong key, pack changed after signing, malformed key or
/// signature) like `new Engine`. The caller compares `pack` with the pack's
/// own id and version (`engine.info()`): a signature of another pack or
/// version holds too.
#[wasm_bindgen(js_name = verifyPack)]
pub fn verify_pack(
    pack_text: &str,
    signature_text: &str,
    public_key_text: &str,
) -> Result<JsValue, JsValue> {
    let _busy = start()?;
    match postcheck_core::format::signature::report(
        pack_text.as_bytes(),
        signature_text,
        public_key_text,
    ) {
        Ok(verified) => to_js(&verified),
        Err(refusal) => Err(to_js(&refusal.serialize_as(Absent::Null)).unwrap_or_else(|e| e)),
    }
}

/// The key id of a minisign public key (a `.pub` file or its key line), as
/// minisign shows it (16 hexadecimal digits), for the employee to compare
/// when a key is pinned; throws `{problems: [...]}` for anything else.
#[wasm_bindgen(js_name = publicKeyId)]
pub fn public_key_id(public_key_text: &str) -> Result<String, JsValue> {
    let _busy = start()?;
    postcheck_core::format::signature::PublicKey::parse(public_key_text)
        .map(|key| key.key_id().to_string())
        .map_err(|e| {
            let refusal = PackError {
                problems: vec![e.problem()],
            };
            to_js(&refusal.serialize_as(Absent::Null)).unwrap_or_else(|e| e)
        })
}

#[cfg(test)]
mod signature_tests {
    use super::public_key_id;
    use postcheck_core::format::signature::{self, NamedPack, SignatureReport};

    // Made once with minisign 0.11 (as in crates/postcheck-cli/tests/data).
    const PACK: &str = "{\"id\":\"acme\",\"version\":\"1.0\"}\n";
    const PUBLIC_KEY: &str = "untrusted comment: minisign public key 85DDAA14F41B9329\nRWQpkxv0FKrdhZwojgjpWwOMXCazZv9JStmwESNwrkeiikF+7nGcMSbp\n";
    const SIGNATURE: &str = "untrusted comment: signature from minisign secret key\nRUQpkxv0FKrdhXGWLqO4FINVkc/s6zkCXfRd/wfCCR32TFSkkpGAKCHRDxmNy5IfddsFOGDShHojIkNFtBF/DGU2n1zU/RpPdgY=\ntrusted comment: postcheck-pack id=acme version=1.0\nxEVBIWuuZ9d+rwRznMQi+/s4qxNLWvuXg62lMhjOssBIhsvQJZC4PTtoyvYISuLsUYwWmHbJFXIP2M4hHmPLAA==\n";

    #[test]
    fn a_good_signature_gives_the_key_id_and_the_named_pack() {
        let verified = signature::report(PACK.as_bytes(), SIGNATURE, PUBLIC_KEY);
        assert_eq!(
            verified,
            Ok(SignatureReport {
                key_id: "85DDAA14F41B9329".into(),
                trusted_comment: "postcheck-pack id=acme version=1.0".into(),
                pack: Some(NamedPack {
                    id: "acme".into(),
                    version: "1.0".into()
                }),
            })
        );
        assert_eq!(
            public_key_id(PUBLIC_KEY).ok().as_deref(),
            Some("85DDAA14F41B9329")
        );
        let json =
            serde_json::to_value(verified.unwrap_or_else(|e| panic!("{e:?}"))).unwrap_or_default();
        assert_eq!(json["keyId"], "85DDAA14F41B9329");
        assert_eq!(json["pack"]["version"], "1.0");
    }

    #[test]
    fn a_changed_pack_is_one_located_problem() {
        let refusal =
            signature::report(PACK.replace("1.0", "1.1").as_bytes(), SIGNATURE, PUBLIC_KEY)
                .err()
                .unwrap_or_else(|| panic!("a changed pack was accepted"));
        assert_eq!(refusal.problems.len(), 1);
        let problem = &refusal.problems[0];
        assert_eq!(problem.path, "pack");
        assert!(problem.message.contains("changed after it was signed"));
        let refusal = signature::report(PACK.as_bytes(), SIGNATURE, "RWQ")
            .err()
            .unwrap_or_else(|| panic!("a broken key was accepted"));
        assert_eq!(refusal.problems[0].path, "public key");
        assert_eq!(refusal.problems[0].line, Some(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pack of one rule (e-mail addresses), independent of how the starter pack evolves.
    const PACK: &str = r#"{
      "schema": "postcheck/pack/v1", "id": "wasm-test", "name": "wasm test pack", "version": "1.0.0",
      "publisher": "postcheck", "date": "2026-11-25", "default_locale": "en", "languages": ["en"],
      "rules": [
        { "id": "email", "kind": "detector", "detector": "email", "category": "personal-data", "level": "consider",
          "message": "An e-mail address: is it yours to share?",
          "examples": { "hit": ["mail anna@acme.example"], "miss": ["@anna"] } }
      ]
    }"#;

    fn test_pack() -> CompiledPack {
        CompiledPack::from_json(PACK).expect("the test pack is valid")
    }

    #[test]
    fn the_starter_pack_compiles() {
        assert!(CompiledPack::from_json(postcheck_core::starter_pack()).is_ok());
    }

    /// What JavaScript's `text.slice(start, end)` returns.
    fn js_slice(text: &str, start: usize, end: usize) -> String {
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&units[start..end]).expect("a span on code point boundaries")
    }

    #[test]
    fn hint_spans_are_utf16_on_emoji_prefixed_text() {
        let text = "🎉🇨🇭 Glückwunsch! Write to anna.muster@acme.example 😀";
        let result =
            check_text(&test_pack(), text, &CheckOptions::default()).expect("valid options");
        assert_eq!(result.offsets, Offsets::Utf16Units);
        let hint = result.hints.first().expect("one hint");
        assert_eq!(hint.excerpt, "anna.muster@acme.example");
        assert_eq!(hint.start, 29);
        assert_eq!(js_slice(text, hint.start, hint.end), hint.excerpt);
    }

    #[test]
    fn reports_length_pack_and_platform() {
        let options = CheckOptions {
            platform: Some("x".into()),
            locale: Some("de".into()),
            fallback_locales: vec!["fr".into()],
            date: Some("2026-11-25".into()),
            media: vec!["image".into()],
        };
        let result = check_text(&test_pack(), "Hallo", &options).expect("valid options");
        assert_eq!(result.platform, Some(Platform::X));
        assert_eq!(
            result.length,
            Some(postcheck_core::Length {
                used: 5,
                limit: 280
            })
        );
        assert_eq!(result.pack.id, "wasm-test");
        assert!(result.hints.is_empty());
        let without =
            check_text(&test_pack(), "Hallo", &CheckOptions::default()).expect("valid options");
        assert_eq!((without.platform, without.length), (None, None));
    }

    #[test]
    fn hints_fall_back_to_the_readers_other_locales() {
        // German by default, with English and French: an Italian reader who
        // also reads French gets French; one who reads Italian alone, English.
        let pack = CompiledPack::from_json(
            r#"{
          "schema": "postcheck/pack/v1", "id": "wasm-locales", "name": "t", "version": "1.0.0",
          "publisher": "p", "date": "2026-11-25", "default_locale": "de", "languages": ["de", "en", "fr"],
          "rules": [
            { "id": "email", "kind": "detector", "detector": "email", "category": "personal-data", "level": "consider",
              "message": {"de": "Eine E-Mail-Adresse.", "en": "An e-mail address.", "fr": "Une adresse e-mail."} }
          ]
        }"#,
        )
        .expect("a valid pack");
        let message = |options: CheckOptions| {
            let report = check_text(&pack, "anna@acme.example", &options).expect("valid options");
            report.hints.first().map(|h| h.message.to_string())
        };
        let italian = |fallback: &[&str]| CheckOptions {
            locale: Some("it-CH".into()),
            fallback_locales: fallback.iter().map(|l| l.to_string()).collect(),
            ..Default::default()
        };
        assert_eq!(
            message(italian(&["fr-CH", "de"])).as_deref(),
            Some("Une adresse e-mail.")
        );
        assert_eq!(
            message(italian(&["de-CH", "fr"])).as_deref(),
            Some("Eine E-Mail-Adresse.")
        );
        assert_eq!(message(italian(&[])).as_deref(), Some("An e-mail address."));
        let names = |fallback: &[&str]| {
            let reader = reader_locales(
                "it",
                &fallback.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
            );
            pack.info(&reader).rules[0].message.clone()
        };
        assert_eq!(names(&["fr"]), "Une adresse e-mail.");
        assert_eq!(names(&[]), "An e-mail address.");
    }

    #[test]
    fn refuses_bad_options() {
        let bad = |o: CheckOptions| check_text(&test_pack(), "x", &o).expect_err("refused");
        assert!(
            bad(CheckOptions {
                platform: Some("myspace".into()),
                ..Default::default()
            })
            .contains("myspace")
        );
        assert!(
            bad(CheckOptions {
                date: Some("25.11.2026".into()),
                ..Default::default()
            })
            .contains("YYYY-MM-DD")
        );
        assert!(
            bad(CheckOptions {
                media: vec!["hologram".into()],
                ..Default::default()
            })
            .contains("hologram")
        );
    }

    #[test]
    fn refusal_lists_every_field() {
        let e = CompiledPack::from_json("{").expect_err("not a pack");
        let json = serde_json::to_value(e.serialize_as(Absent::Null)).expect("serialisable");
        let first = &json["problems"][0];
        for field in ["severity", "path", "line", "rule", "message", "fix"] {
            assert!(first.get(field).is_some(), "{field} missing in {first}");
        }
        assert_eq!(first["severity"], "error");
    }

    #[test]
    fn hint_serialises_absent_parts_as_null() {
        let text = "mail anna@acme.example";
        let result =
            check_text(&test_pack(), text, &CheckOptions::default()).expect("valid options");
        let json = serde_json::to_value(result.serialize_as(Absent::Null)).expect("serialisable");
        let hint = &json["hints"][0];
        assert_eq!(hint["category"], "personal-data");
        assert_eq!(hint["level"], "consider");
        assert!(hint["guideline"].is_null() && hint.get("guideline").is_some());
        assert!(json.get("length").is_some_and(serde_json::Value::is_null));
    }

    #[test]
    fn without_examples_skips_only_the_examples() {
        // The test pack with an example that fails: refused with its examples, loaded without.
        let failing = PACK.replace(
            r#""miss": ["@anna"]"#,
            r#""miss": ["mail bob@acme.example"]"#,
        );
        assert_ne!(failing, PACK);
        assert!(CompiledPack::from_json(&failing).is_err());
        let pack = CompiledPack::from_json_validated(&failing).expect("loads without examples");
        let result = check_text(&pack, "mail anna@acme.example", &CheckOptions::default())
            .expect("valid options");
        assert_eq!(result.hints.len(), 1);
        // Anything else is still refused.
        assert!(CompiledPack::from_json_validated("{").is_err());
    }

    #[test]
    fn omitted_is_written_only_when_hints_were_left_out() {
        let ordinary = check_text(
            &test_pack(),
            "mail anna@acme.example",
            &CheckOptions::default(),
        )
        .expect("valid options");
        let json = serde_json::to_value(ordinary.serialize_as(Absent::Null)).expect("serialisable");
        assert!(json.get("omitted").is_none(), "{json}");
        let keys: Vec<&String> = json.as_object().expect("an object").keys().collect();
        assert_eq!(keys, ["hints", "length", "pack", "platform"]);
        // 150 addresses: the first 100 (the limit of one rule), 50 counted.
        let many: String = (0..150).map(|i| format!("a{i}@acme.example ")).collect();
        let result =
            check_text(&test_pack(), &many, &CheckOptions::default()).expect("valid options");
        assert_eq!(result.hints.len(), postcheck_core::MAX_HINTS_PER_RULE);
        assert_eq!(result.hints[0].excerpt, "a0@acme.example");
        assert_eq!(result.omitted, 50);
        let json = serde_json::to_value(result.serialize_as(Absent::Null)).expect("serialisable");
        assert_eq!(json["omitted"], 50);
    }

    /// The keys of a JSON text, in the order written (for texts without quotes in values).
    fn keys_in_order(json: &str) -> Vec<String> {
        let parts: Vec<&str> = json.split('"').collect();
        // Quoted texts are at odd places; a key is followed by a colon.
        parts
            .windows(2)
            .skip(1)
            .step_by(2)
            .filter(|w| w[1].starts_with(':'))
            .map(|w| w[0].to_string())
            .collect()
    }

    #[test]
    fn the_shell_has_the_keys_of_the_result_in_the_same_order() {
        let pack = CompiledPack::from_json(
            &PACK.replace(
                r#""rules": ["#,
                r#""guidelines": [{ "id": "g", "title": {"en": "T"}, "text": {"en": "X"} }],
                   "contacts": [{ "id": "c", "name": {"en": "N"}, "email": "dpo@acme.example" }],
                   "rules": ["#,
            )
            .replace(
                r#""level": "consider","#,
                r#""level": "consider", "guideline": "g", "contact": "c", "suggestion": {"en": "S"},"#,
            ),
        )
        .expect("the test pack is valid");
        for text in [
            "mail anna@acme.example".to_string(),
            (0..150).map(|i| format!("a{i}@acme.example ")).collect(),
        ] {
            let result = check_text(&pack, &text, &CheckOptions::default()).expect("valid options");
            assert!(result.hints[0].guideline.is_some() && result.hints[0].contact.is_some());
            let shell =
                serde_json::to_string(&result.serialize_as(Absent::Null).without_pack_texts())
                    .expect("serialisable");
            // The same result with the guideline and contact written as null, as the shell has them.
            let mut plain = result.clone();
            for h in &mut plain.hints {
                h.guideline = None;
                h.contact = None;
            }
            let full =
                serde_json::to_string(&plain.serialize_as(Absent::Null)).expect("serialisable");
            let keys = keys_in_order(&full);
            assert!(keys.len() > 15, "{keys:?}");
            assert_eq!(keys_in_order(&shell), keys);
        }
    }

    #[test]
    fn a_call_after_a_trap_is_refused() {
        let first = Busy::start().expect("not busy");
        drop(first);
        let call = Busy::start().expect("not busy after a call ended");
        // A trap ends a call without dropping its mark.
        std::mem::forget(call);
        let refused = Busy::start().expect_err("refused after a trap");
        assert!(refused.starts_with(STOPPED), "{refused}");
        assert!(refused.contains("load the engine again"), "{refused}");
        BUSY.store(false, Ordering::SeqCst);
        assert!(Busy::start().is_ok());
    }

    #[test]
    fn a_stack_keeps_the_baseline_and_names_each_hints_layer() {
        let stack = build_stack(&[PACK.to_string()], &StackArgs::default()).expect("a stack");
        let text = "👋 IBAN CH93 0076 2011 6238 5295 7, mail anna@acme.example";
        let result =
            check_stack_text(&stack, text, &CheckOptions::default()).expect("valid options");
        let found: Vec<(Option<&str>, &str)> = result
            .hints
            .iter()
            .map(|h| (h.pack.as_deref(), h.rule.as_str()))
            .collect();
        // The e-mail address once, from the top layer; the IBAN from the baseline.
        assert_eq!(
            found,
            [
                (Some("postcheck-starter"), "bank-account"),
                (Some("wasm-test"), "email")
            ]
        );
        let email = &result.hints[1];
        assert_eq!(js_slice(text, email.start, email.end), "anna@acme.example");
        let layers: Vec<&str> = result.packs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(layers, ["postcheck-starter", "wasm-test"]);
    }

    #[test]
    fn a_stack_refuses_a_bad_layer_by_its_position_and_too_many_layers() {
        let refused = build_stack(&[PACK.to_string(), "{".to_string()], &StackArgs::default());
        assert!(
            matches!(refused, Err(StackRefusal::Pack(1, _))),
            "{refused:?}"
        );
        let many = vec![PACK.to_string(); MAX_LAYERS];
        let refused = build_stack(&many, &StackArgs::default());
        match refused {
            Err(StackRefusal::Stack(m)) => assert!(
                m.starts_with(
                    "16 packs are more than the 15 a stack may have on top of the baseline"
                ),
                "{m}"
            ),
            other => panic!("{other:?}"),
        }
        let none = build_stack(
            &[],
            &StackArgs {
                baseline: false,
                validated: true,
            },
        );
        assert!(matches!(none, Err(StackRefusal::Stack(_))));
    }

    #[test]
    fn guidelines_give_a_page_per_layer_in_the_readers_language() {
        let pack = PACK.replace(
            r#""rules": ["#,
            r#""guidelines": [{ "id": "privacy", "title": {"en": "Privacy"}, "text": {"en": "Keep it private."} }],
               "rules": ["#,
        )
        .replace(r#""level": "consider","#, r#""level": "consider", "guideline": "privacy","#);
        let stack =
            build_stack(std::slice::from_ref(&pack), &StackArgs::default()).expect("a stack");
        let pages = guideline_pages(&Checker::Stack(stack), &reader_locales("de-CH", &[]));
        let layers: Vec<(&str, bool)> = pages
            .layers
            .iter()
            .map(|l| (l.pack.as_str(), l.built_in))
            .collect();
        assert_eq!(layers, [("postcheck-starter", true), ("wasm-test", false)]);
        let top = &pages.layers[1].page;
        assert_eq!(top.lang, "de");
        assert_eq!(top.sections[0].id.as_deref(), Some("privacy"));
        assert_eq!(top.sections[0].title, "Privacy");
        assert_eq!(
            top.sections[0].checks[0].examples,
            ["mail anna@acme.example"]
        );
        let json = serde_json::to_value(&pages).expect("serialisable");
        assert_eq!(
            json["layers"][1]["page"]["sections"][0]["checks"][0]["level"],
            "consider"
        );
        assert!(json["layers"][1]["switched_off_by"].is_null());
        // A pack alone: one layer.
        let alone = CompiledPack::from_json(&pack).expect("valid");
        let pages = guideline_pages(&Checker::Pack(Box::new(alone)), &reader_locales("fr", &[]));
        assert_eq!(pages.layers.len(), 1);
        assert_eq!(pages.layers[0].page.lang, "fr");
    }

    #[test]
    fn starter_pack_is_the_core_one() {
        assert_eq!(starter_pack(), postcheck_core::starter_pack());
    }
}
