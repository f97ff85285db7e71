//! Metadata removed from an upload, losslessly: the photo's location, camera
//! serial numbers, names and comments never leave the machine by accident.
//!
//! What is removed, by container (nothing is decoded or re-encoded; the
//! pixels' bytes are sent exactly as they are in the file):
//!
//! - JPEG: APP1 (EXIF, XMP, extended XMP), APP13 (Photoshop IRB and IPTC)
//!   and COM segments. Kept: APP0 (JFIF), APP2 ICC profile (so that the
//!   service sees the colours the photo has), APP14 (Adobe: says how the
//!   colours are coded) and every frame, table and scan. A multi-picture
//!   JPEG (APP2 MPF: a phone's depth or gain map after the photo) is cut
//!   after the first picture's end and its MPF index dropped, since the
//!   pictures after it carry metadata of their own.
//! - PNG: `eXIf`, `tEXt`, `zTXt`, `iTXt` (XMP is an `iTXt` chunk) and
//!   `tIME` chunks. Kept: `iCCP`, `sRGB`, `gAMA`, `cHRM`, `pHYs` and the
//!   image chunks.
//! - WebP: `EXIF` and `XMP ` chunks; the `VP8X` flags are updated and the
//!   RIFF size follows. Kept: `ICCP` and the image chunks.
//! - GIF: sent as it is (it has no EXIF or location; comments are rare).
//!
//! A file is first scanned by its chunk headers only ([`file_has_metadata`]):
//! a file with nothing to remove is still streamed from disk; one with
//! something is read into memory once, stripped, and sent from there.
//!
//! The container surgery is img-parts' (well kept, no decoding). The scan
//! is hand-written because img-parts parses from a buffer holding the whole
//! file, and the point of the scan is to read a few headers of a file that
//! may be 25 MB and stream it untouched: it reads segment and chunk headers
//! with seeks, bounded by the file's length, and never trusts a length
//! past the end.

use std::io::{Read, Seek, SeekFrom};

use bytes::{Bytes, BytesMut};
use img_parts::ImageEXIF;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;

use crate::picture::probe::{ImageFormat, sniff};

/// PNG chunks removed from uploads.
pub(crate) const PNG_METADATA: [[u8; 4]; 5] = [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt", *b"tIME"];
/// WebP chunks removed from uploads.
const WEBP_METADATA: [[u8; 4]; 2] = [*b"EXIF", *b"XMP "];
/// The `VP8X` flag bits of EXIF and XMP.
const VP8X_EXIF: u8 = 0b0000_1000;
const VP8X_XMP: u8 = 0b0000_0100;

/// Whether a JPEG segment is one uploads leave out.
fn jpeg_metadata(marker: u8) -> bool {
    marker == markers::APP1 || marker == markers::APP13 || marker == markers::COM
}

/// `bytes` without their metadata, or `None` when there is none to remove
/// (or the bytes are not a container this knows, or are too damaged to
/// parse: they are then sent as they are, and the service judges them).
pub fn strip(bytes: &Bytes) -> Option<Bytes> {
    match sniff(bytes)? {
        ImageFormat::Jpeg => strip_jpeg(bytes),
        ImageFormat::Png => strip_png(bytes),
        ImageFormat::Webp => strip_webp(bytes),
        _ => None,
    }
}

fn strip_jpeg(bytes: &Bytes) -> Option<Bytes> {
    let mut jpeg = Jpeg::from_bytes(bytes.clone()).ok()?;
    let mpf =
        jpeg.segments().iter().any(|s| s.marker() == markers::APP2 && s.contents().starts_with(b"MPF\0"));
    if !mpf && !jpeg.segments().iter().any(|s| jpeg_metadata(s.marker())) {
        return None;
    }
    jpeg.segments_mut().retain(|s| !jpeg_metadata(s.marker()));
    if mpf {
        jpeg.segments_mut().retain(|s| !(s.marker() == markers::APP2 && s.contents().starts_with(b"MPF\0")));
    }
    let mut out = jpeg.encoder().bytes();
    if mpf {
        out = first_picture(&out);
    }
    Some(out)
}

/// The bytes up to the first picture's end: the first EOI after the first
/// scan header (in entropy-coded data `FF` is always followed by `00` or a
/// restart marker, so the first `FF D9` there is the end).
fn first_picture(jpeg: &Bytes) -> Bytes {
    let sos = jpeg.windows(2).position(|w| w == [0xFF, markers::SOS]).unwrap_or(0);
    let end = jpeg
        .get(sos..)
        .and_then(|rest| rest.windows(2).position(|w| w == [0xFF, markers::EOI]))
        .map_or(jpeg.len(), |i| sos + i + 2);
    jpeg.slice(..end.min(jpeg.len()))
}

fn strip_png(bytes: &Bytes) -> Option<Bytes> {
    let mut png = Png::from_bytes(bytes.clone()).ok()?;
    if !png.chunks().iter().any(|c| PNG_METADATA.contains(&c.kind())) {
        return None;
    }
    png.chunks_mut().retain(|c| !PNG_METADATA.contains(&c.kind()));
    Some(png.encoder().bytes())
}

fn strip_webp(bytes: &Bytes) -> Option<Bytes> {
    let mut webp = WebP::from_bytes(bytes.clone()).ok()?;
    if !webp.chunks().iter().any(|c| WEBP_METADATA.contains(&c.id())) {
        return None;
    }
    // Through img-parts' own setter for EXIF (it keeps VP8X right), then
    // the XMP chunk and its flag by hand (img-parts leaves that flag alone).
    webp.set_exif(None);
    webp.remove_chunks_by_id(*b"XMP ");
    clear_vp8x_flags(&mut webp, VP8X_EXIF | VP8X_XMP);
    Some(webp.encoder().bytes())
}

/// Clears `bits` in the `VP8X` chunk's flags byte, when there is one.
pub(crate) fn clear_vp8x_flags(webp: &mut WebP, bits: u8) {
    set_vp8x_flags(webp, bits, false);
}

/// Sets or clears `bits` in the `VP8X` chunk's flags byte, when there is one.
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
/// from its segment or chunk headers only. Unknown or damaged files answer
/// `false` (they are sent as they are; the check before sending judges them).
pub fn file_has_metadata(path: &std::path::Path) -> std::io::Result<bool> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut head = [0u8; 16];
    let n = read_up_to(&mut file, &mut head)?;
    Ok(match sniff(&head[..n]) {
        Some(ImageFormat::Jpeg) => scan_jpeg(&mut file, len)?,
        Some(ImageFormat::Png) => scan_png(&mut file, len)?,
        Some(ImageFormat::Webp) => scan_webp(&mut file, len)?,
        _ => false,
    })
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Reads exactly `buf.len()` bytes at `at`, or answers `false` past the end.
fn read_at(f: &mut (impl Read + Seek), at: u64, buf: &mut [u8], len: u64) -> std::io::Result<bool> {
    if at.checked_add(buf.len() as u64).is_none_or(|end| end > len) {
        return Ok(false);
    }
    f.seek(SeekFrom::Start(at))?;
    Ok(read_up_to(f, buf)? == buf.len())
}

/// JPEG: the marker segments before the first scan.
fn scan_jpeg(f: &mut (impl Read + Seek), len: u64) -> std::io::Result<bool> {
    let mut at = 2u64;
    let mut head = [0u8; 4];
    while read_at(f, at, &mut head, len)? {
        if head[0] != 0xFF {
            return Ok(false); // not a marker where one must be: damaged
        }
        let marker = head[1];
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        if jpeg_metadata(marker) {
            return Ok(true);
        }
        if marker == markers::SOS || marker == markers::EOI {
            return Ok(false);
        }
        if has_length(marker) {
            let seg = u64::from(u16::from_be_bytes([head[2], head[3]]));
            if marker == markers::APP2 {
                let mut sig = [0u8; 4];
                if read_at(f, at + 4, &mut sig, len)? && &sig == b"MPF\0" {
                    return Ok(true);
                }
            }
            at += 2 + seg.max(2);
        } else {
            at += 2;
        }
    }
    Ok(false)
}

/// Whether a JPEG marker is followed by a length (all but SOI, EOI, the
/// restart markers and TEM).
fn has_length(marker: u8) -> bool {
    !(markers::RST0..=markers::EOI).contains(&marker) && marker != 0x01
}

/// PNG: every chunk header (text chunks may come after the image data).
fn scan_png(f: &mut (impl Read + Seek), len: u64) -> std::io::Result<bool> {
    let mut at = 8u64;
    let mut head = [0u8; 8];
    while read_at(f, at, &mut head, len)? {
        let size = u64::from(u32::from_be_bytes([head[0], head[1], head[2], head[3]]));
        let kind = [head[4], head[5], head[6], head[7]];
        if PNG_METADATA.contains(&kind) {
            return Ok(true);
        }
        if &kind == b"IEND" {
            return Ok(false);
        }
        at += 12 + size;
    }
    Ok(false)
}

/// WebP: the RIFF chunk headers.
fn scan_webp(f: &mut (impl Read + Seek), len: u64) -> std::io::Result<bool> {
    let mut at = 12u64;
    let mut head = [0u8; 8];
    while read_at(f, at, &mut head, len)? {
        let id = [head[0], head[1], head[2], head[3]];
        let size = u64::from(u32::from_le_bytes([head[4], head[5], head[6], head[7]]));
        if WEBP_METADATA.contains(&id) {
            return Ok(true);
        }
        at += 8 + size + (size & 1);
    }
    Ok(false)
}

#[cfg(test)]
mod tests;
