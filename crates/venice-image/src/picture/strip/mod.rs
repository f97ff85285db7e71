//! Metadata removed from an upload, losslessly: the photo's location, camera
//! serial numbers, names and comments never leave the machine by accident.
//!
//! What is removed, by container (nothing is decoded or re-encoded; the
//! pixels' bytes are sent exactly as they are in the file):
//!
//! - JPEG: APP1 (EXIF, XMP, extended XMP), APP13 (Photoshop IRB and IPTC)
//!   and COM segments, wherever they are (before the first scan or between
//!   scans). Kept: APP0 (JFIF), APP2 ICC profile (so that the service sees
//!   the colours the photo has), APP14 (Adobe: says how the colours are
//!   coded) and every frame, table and scan. A multi-picture JPEG's MPF
//!   index is dropped.
//! - PNG: `eXIf`, `tEXt`, `zTXt`, `iTXt` (XMP is an `iTXt` chunk) and
//!   `tIME` chunks. Kept: `iCCP`, `sRGB`, `gAMA`, `cHRM`, `pHYs` and the
//!   image chunks, byte for byte (their CRCs are not judged here).
//! - WebP: `EXIF` and `XMP ` chunks; the `VP8X` flags are updated and the
//!   RIFF size follows. Kept: `ICCP` and the image chunks.
//! - GIF: comment extensions and XMP application extensions (`XMP DataXMP`).
//! - Every format: whatever follows the image's end (a phone's trailer, an
//!   MPO's further pictures, which carry metadata of their own).
//!
//! The container is walked by its block headers (`picture::walk`),
//! tolerantly: a bad CRC or a missing last pad byte does not stop it. A
//! container that cannot be walked (cut short, damaged) is an error
//! ([`remove_metadata`]), never a silent pass of the original bytes: the
//! caller refuses the upload. A file is streamed from disk either way:
//! one with something to remove as the pieces of it that are kept
//! ([`Piece`]: ranges of the file and a few rewritten bytes).

use std::io::Cursor;

use bytes::{Bytes, BytesMut};
use img_parts::webp::WebP;

use crate::picture::probe::ImageFormat;
pub use crate::picture::walk::Flaw;
use crate::picture::walk::{Block, Kind, Walk, walk};
pub(crate) use pieces::pieces;
pub use pieces::{Piece, read_pieces};

/// PNG chunks removed from uploads.
pub(crate) const PNG_METADATA: [[u8; 4]; 5] = [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt", *b"tIME"];
/// WebP chunks removed from uploads.
const WEBP_METADATA: [[u8; 4]; 2] = [*b"EXIF", *b"XMP "];
/// The `VP8X` flag bits of EXIF and XMP.
const VP8X_EXIF: u8 = 0b0000_1000;
const VP8X_XMP: u8 = 0b0000_0100;
/// JPEG APP1, APP13 and COM markers.
const JPEG_METADATA: [u8; 3] = [0xE1, 0xED, 0xFE];
/// The application identifier of XMP in a GIF.
const GIF_XMP: &[u8; 11] = b"XMP DataXMP";

/// Whether a block is metadata uploads leave out.
fn removable(kind: Kind) -> bool {
    match kind {
        Kind::Jpeg(marker) => JPEG_METADATA.contains(&marker),
        Kind::JpegMpf => true,
        Kind::Png(kind) => PNG_METADATA.contains(&kind),
        Kind::Riff(id, _) => WEBP_METADATA.contains(&id),
        Kind::GifExtension(label, app) => label == 0xFE || (label == 0xFF && &app == GIF_XMP),
        Kind::Head | Kind::GifImage | Kind::End => false,
    }
}

/// Whether a walked container of `len` bytes has something to remove.
pub(crate) fn has_metadata(walk: &Walk, len: u64) -> bool {
    walk.end < len || walk.blocks.iter().any(|b| removable(b.kind))
}

/// `bytes` without their metadata: `Ok(None)` when there is none to
/// remove (or the bytes are not a container this knows: the probe judges
/// those), `Err` when the container cannot be walked to the end, so that
/// what it carries cannot be removed.
pub fn remove_metadata(bytes: &Bytes) -> Result<Option<Bytes>, Flaw> {
    let len = bytes.len() as u64;
    let walk = match walk(&mut Cursor::new(&bytes[..]), len) {
        Ok(Some(walk)) => walk?,
        // Reading memory does not fail; an unknown format has no blocks.
        Ok(None) | Err(_) => return Ok(None),
    };
    if !has_metadata(&walk, len) {
        return Ok(None);
    }
    let slice = |b: &Block| bytes.get(to_usize(b.start)..to_usize(b.end)).unwrap_or_default();
    let mut out = BytesMut::with_capacity(bytes.len());
    for block in walk.blocks.iter().filter(|b| !removable(b.kind)) {
        out.extend_from_slice(slice(block));
        if let Kind::Riff(_, true) = block.kind {
            out.extend_from_slice(&[0]); // the missing pad byte
        }
    }
    if walk.format == ImageFormat::Webp {
        fix_riff(&mut out, &walk);
    }
    Ok(Some(out.freeze()))
}

fn to_usize(at: u64) -> usize {
    usize::try_from(at).unwrap_or(usize::MAX)
}

/// A stripped WebP's RIFF size, and its `VP8X` flags for what was removed.
fn fix_riff(out: &mut BytesMut, walk: &Walk) {
    let size = u32::try_from(out.len().saturating_sub(8)).unwrap_or(u32::MAX);
    if let Some(field) = out.get_mut(4..8) {
        field.copy_from_slice(&size.to_le_bytes());
    }
    let mut at = 12;
    for block in walk.blocks.iter().filter(|b| !removable(b.kind) && b.kind != Kind::Head) {
        if let Kind::Riff(id, _) = block.kind {
            if &id == b"VP8X" {
                if let Some(flags) = out.get_mut(at + 8) {
                    *flags &= !(VP8X_EXIF | VP8X_XMP);
                }
                return;
            }
            let len = to_usize(block.end - block.start);
            at += len + usize::from(matches!(block.kind, Kind::Riff(_, true)));
        }
    }
}

/// `bytes` without their metadata, or `None` when there is none to remove
/// or the container cannot be walked; [`remove_metadata`] tells those
/// apart (uploads use it; this one is for the benches and fuzz targets).
#[cfg_attr(not(feature = "internals"), allow(dead_code))]
pub fn strip(bytes: &Bytes) -> Option<Bytes> {
    remove_metadata(bytes).ok().flatten()
}

/// Clears `bits` in the `VP8X` chunk's flags byte, when there is one.
#[cfg_attr(not(feature = "metadata"), allow(dead_code))]
pub(crate) fn clear_vp8x_flags(webp: &mut WebP, bits: u8) {
    set_vp8x_flags(webp, bits, false);
}

/// Sets or clears `bits` in the `VP8X` chunk's flags byte, when there is one.
#[cfg_attr(not(feature = "metadata"), allow(dead_code))]
pub(crate) fn set_vp8x_flags(webp: &mut WebP, bits: u8, on: bool) {
    use img_parts::riff::{RiffChunk, RiffContent};
    let Some(pos) = webp.chunks().iter().position(|c| c.id() == *b"VP8X") else { return };
    let Some(data) = webp.chunks()[pos].content().data().cloned() else { return };
    let Some(&flags) = data.first() else { return };
    let mut content = BytesMut::from(&data[..]);
    content[0] = if on { flags | bits } else { flags & !bits };
    webp.chunks_mut()[pos] = RiffChunk::new(*b"VP8X", RiffContent::Data(content.freeze()));
}

/// Whether the file at `path` holds metadata [`strip`] would remove, read
/// from its block headers (through a small window, never the whole file
/// at once). Unknown formats answer `false`; a container that cannot be
/// walked answers `true` (what it carries cannot be ruled out).
#[cfg_attr(not(feature = "internals"), allow(dead_code))]
pub fn file_has_metadata(path: &std::path::Path) -> std::io::Result<bool> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    Ok(match walk(&mut file, len)? {
        None => false,
        Some(Ok(walk)) => has_metadata(&walk, len),
        Some(Err(_)) => true,
    })
}

mod pieces;
#[cfg(test)]
mod tests;
