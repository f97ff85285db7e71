//! Whether an image file is whole, by its own format, without decoding: a
//! file cut short (an interrupted download or copy, a phone still writing)
//! passes the header checks, is charged for, and comes back grey.
//!
//! - JPEG: the segments are walked to the first scan, and an end-of-image
//!   marker (`FF D9`) must follow the scan's data. An EXIF thumbnail's own
//!   EOI is inside its APP1 segment and does not count; what follows the
//!   first picture's EOI (an MPO's further pictures, a phone's trailer) is
//!   not the picture sent and is not judged.
//! - PNG: every chunk stays inside the file, and `IEND` is reached.
//! - WebP: the RIFF size fits the file, and every chunk fits the RIFF size.
//! - GIF: the blocks are walked to the trailer (`0x3B`).
//!
//! Files are read through a small window (never whole into memory).
//! [`check_file`] is what `venice edit --watch` uses to tell a file still
//! being written from a finished one.

use std::io::Cursor;
use std::path::Path;

pub use crate::picture::walk::Flaw;
use crate::picture::walk::walk;

/// Whether the file at `path` is whole. `Ok(Ok(()))` for whole files and
/// for formats this does not walk (the probe refuses those); `Ok(Err(_))`
/// says what is missing; `Err` is a read failure.
pub fn check_file(path: &Path) -> std::io::Result<Result<(), Flaw>> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    Ok(walk(&mut file, len)?.map_or(Ok(()), |w| w.map(drop)))
}

/// Whether an image held in memory is whole; see [`check_file`].
pub fn check_bytes(bytes: &[u8]) -> Result<(), Flaw> {
    match walk(&mut Cursor::new(bytes), bytes.len() as u64) {
        Ok(Some(w)) => w.map(drop),
        // Reading memory cannot fail; an unknown format is the probe's to judge.
        Ok(None) | Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests;
