//! What a call asks for, checked before anything is sent: the options and
//! request types, image sources (read from their header, stripped, fitted),
//! the catalogue and each model's rules, the general and per-model
//! validation, upscale's arithmetic, generation's request and rules, and the prepared call with its body
//! (multipart or JSON, encoded as it streams).
//!
//! Nothing here sends: the transport does, and the client ties the two.

pub(crate) mod call;
pub mod catalogue;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod encode;
#[cfg(not(feature = "internals"))]
#[allow(dead_code)]
pub(crate) mod encode;
pub(crate) mod generate;
pub(crate) mod options;
pub(crate) mod remover;
pub(crate) mod source;
pub(crate) mod types;
pub(crate) mod upscale;
pub(crate) mod validate;
