//! Pixels: everything the emulator does with image bytes, apart from HTTP.
//!
//! - [`imaging`]: checking inputs as the service does (format, file size,
//!   pixel bounds) and producing the real, visibly edited outputs.
//! - [`photo`]: photos as cameras write them (ICC, EXIF, XMP), and the
//!   metadata any upload carries.
//! - [`fixtures`]: encoded test images in each format the service takes.
//! - [`drawing`]: pictures drawn from a prompt, for generation.
//!
//! Nothing here knows about requests, state or money; `photo` builds on
//! `fixtures`, `drawing` on `imaging`'s encoder, and the other two stand alone.

pub mod drawing;
pub mod fixtures;
pub mod imaging;
pub mod photo;
