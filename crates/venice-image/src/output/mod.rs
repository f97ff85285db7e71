//! What comes back and where it goes: the answer types ([`EditedImage`]
//! with the response headers that matter) and atomic saving
//! ([`OutputSlot`]: an output reserved before its request, written whole
//! or not at all).
//!
//! [`EditedImage`]: crate::EditedImage
//! [`OutputSlot`]: crate::OutputSlot

pub(crate) mod generated;
pub(crate) mod response;
pub(crate) mod save;
