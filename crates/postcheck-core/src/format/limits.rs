//! The limits of the pack format: how large a pack, its lists and its texts
//! may be. Each limit has its reason; a pack over one is refused with a
//! problem that names it (see [`crate::format::validate`] and the loader).

/// Largest pack file read, in bytes.
pub const MAX_PACK_BYTES: usize = 16 * 1024 * 1024;

/// Most terms (words, phrases, hashes) in one pack, over all rules.
pub const MAX_TERMS: usize = 250_000;

/// Most rules in one pack.
pub const MAX_RULES: usize = 5_000;

/// Longest term, in characters: a word or a phrase, not a text.
pub const MAX_TERM_CHARS: usize = 200;

/// Most bytes of all terms together. The word lists become one automaton whose
/// memory and build time grow with them; 4 MB is 250,000 names of 16 letters.
pub const MAX_TERM_BYTES: usize = 4 * 1024 * 1024;

/// Largest compiled size of one pattern, in bytes.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// Most compiled size of all regular expressions of a pack together (each one
/// is also limited on its own): without it, thousands of patterns just under
/// their own limit take gigabytes.
pub const MAX_PATTERN_BUDGET: usize = 16 * 1024 * 1024;

/// Most examples of one rule, `hit` and `miss` together: a few of each show
/// what a rule finds and what it leaves alone.
pub const MAX_EXAMPLES_PER_RULE: usize = 100;

/// Most examples of one pack, over all rules: each is checked whenever the
/// pack loads (3,000,000 examples took minutes).
pub const MAX_EXAMPLES: usize = 20_000;

/// Most bytes of all example texts of a pack together.
pub const MAX_EXAMPLE_BYTES: usize = 2 * 1024 * 1024;

/// Most languages a pack lists: each text of the pack is checked for each.
pub const MAX_LANGUAGES: usize = 32;

/// Most guideline sections of a pack.
pub const MAX_GUIDELINES: usize = 1_000;

/// Most contacts of a pack.
pub const MAX_CONTACTS: usize = 1_000;

/// Longest rule message, suggestion and text to add (`add` of `requires`), per
/// locale, in characters. Every hint carries its rule's texts, and the
/// extension sends up to 200 hints per check as JSON (the shipped packs' longest
/// is under 200 characters).
pub const MAX_MESSAGE_CHARS: usize = 1_000;

/// Longest guideline text, per locale, in characters: a guideline section in a
/// few sentences, shown with every hint that cites it (a 4 MB guideline text
/// with an 800-character draft took 3.1 GB). The full guideline is its `link`.
pub const MAX_GUIDELINE_TEXT_CHARS: usize = 10_000;

/// Longest name, per locale, in characters: the pack's name, version and
/// publisher, a guideline's title, a contact's name, and the id of a guideline
/// or contact (each shown with every hint that cites it).
pub const MAX_NAME_CHARS: usize = 200;

/// Longest description, per locale, in characters: the pack's description and
/// a contact's topics.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;

/// Longest address, in characters: a link, an e-mail address, a phone number,
/// the update link (2,048 is the longest link browsers and servers commonly take).
pub const MAX_ADDRESS_CHARS: usize = 2_048;

/// Most overrides of one pack: each names rules of the packs beneath, which
/// are compared with every rule of every layer when packs are stacked.
pub const MAX_OVERRIDES: usize = 1_000;

/// Most exceptions of one override; each is a term (at most
/// [`MAX_TERM_CHARS`]), and they count towards [`MAX_TERMS`] of the pack.
pub const MAX_OVERRIDE_EXCEPTIONS: usize = 1_000;

/// Most replacements (`use`) of one swap of a `substitution` rule: each hint of
/// the swap offers all of them.
pub const MAX_REPLACEMENTS: usize = 20;

/// The longest a displayed text of a pack may be: what it is called in a
/// problem, its limit in characters, and how to shorten it.
pub(crate) struct TextLimit {
    /// "a guideline text": with the article, as in "a guideline text may have ...".
    pub(crate) one: &'static str,
    pub(crate) most: usize,
    pub(crate) fix: &'static str,
}

pub(crate) const MESSAGE: TextLimit = TextLimit {
    one: "a message",
    most: MAX_MESSAGE_CHARS,
    fix: "say it in a few sentences; the guideline the rule cites can say more",
};

pub(crate) const SUGGESTION: TextLimit = TextLimit {
    one: "a suggestion",
    most: MAX_MESSAGE_CHARS,
    fix: "say in a few sentences what to do instead; the guideline the rule cites can say more",
};

pub(crate) const ADD: TextLimit = TextLimit {
    one: "a text to add",
    most: MAX_MESSAGE_CHARS,
    fix: "suggest a short disclosure, e.g. \"#ACMEemployee\"",
};

pub(crate) const GUIDELINE_TEXT: TextLimit = TextLimit {
    one: "a guideline text",
    most: MAX_GUIDELINE_TEXT_CHARS,
    fix: "keep the essentials here and put the full guideline behind `link`",
};

pub(crate) const GUIDELINE_TITLE: TextLimit = TextLimit {
    one: "a guideline title",
    most: MAX_NAME_CHARS,
    fix: "use the section's heading; the text says the rest",
};

pub(crate) const CONTACT_NAME: TextLimit = TextLimit {
    one: "a contact name",
    most: MAX_NAME_CHARS,
    fix: "name the person or team; say what to ask them in `topics`",
};

pub(crate) const TOPICS: TextLimit = TextLimit {
    one: "a list of topics",
    most: MAX_DESCRIPTION_CHARS,
    fix: "list what to ask them about in a few words; link to more with `url`",
};

pub(crate) const PACK_NAME: TextLimit = TextLimit {
    one: "a pack name",
    most: MAX_NAME_CHARS,
    fix: "use a short name; say more in `description`",
};

pub(crate) const DESCRIPTION: TextLimit = TextLimit {
    one: "a description",
    most: MAX_DESCRIPTION_CHARS,
    fix: "describe the pack in a few sentences; the guidelines say the rest",
};

pub(crate) const VERSION: TextLimit = TextLimit {
    one: "a version",
    most: MAX_NAME_CHARS,
    fix: "use a short version, e.g. \"2026.11.1\"",
};

pub(crate) const PUBLISHER: TextLimit = TextLimit {
    one: "a publisher",
    most: MAX_NAME_CHARS,
    fix: "name the team that publishes the pack",
};

pub(crate) const ID: TextLimit = TextLimit {
    one: "an id",
    most: MAX_NAME_CHARS,
    fix: "use a short id, e.g. \"confidential\"",
};

pub(crate) const ADDRESS: TextLimit = TextLimit {
    one: "an address",
    most: MAX_ADDRESS_CHARS,
    fix: "use the address itself, or a short link to the page",
};
