//! The pack format, the bottom layer: the model ([`model`]), its limits
//! ([`limits`]), the reader's languages and how a text is picked for them
//! ([`locales`]), reading JSON ([`json`], [`from_value`]), validating the
//! manifest and texts ([`validate`], [`characters`]), and the problems found in
//! bad packs ([`problem`], located by [`locate`]), and a pack's signature
//! ([`signature`]). Imports nothing else of the crate.

pub mod characters;
pub mod date;
pub mod from_value;
pub mod json;
pub mod limits;
pub mod locales;
pub mod locate;
pub mod model;
pub mod problem;
pub mod signature;
pub mod validate;
