//! HEIC/HEIF (the iPhone's default) and AVIF inputs, which Venice does not
//! take: decoded by libheif (through `libheif-rs`, feature `heif`; the
//! default `venice` binary builds libheif from source with `heic`) and
//! re-encoded for upload as a JPEG at
//! [`QUALITY`](crate::picture::convert::QUALITY), or a PNG when the
//! picture has transparency, with the file's ICC profile when it describes
//! RGB pixels and no other metadata (the upload carries no GPS).
//!
//! libheif applies the file's rotation and mirroring (`irot`, `imir`) as it
//! decodes, so the pixels sent are upright and the EXIF orientation tag,
//! which HEIF files repeat, must not be carried: the conversion is reported
//! like any other ([`FitReport`]), which tells the output's writer so.
//!
//! [`metadata`] reads a file's ICC profile, EXIF and XMP without decoding
//! its picture, for outputs that keep them.

use std::io::Cursor;

use bytes::Bytes;
use image::{DynamicImage, RgbImage, RgbaImage};
use libheif_rs::{ColorSpace, HeifContext, ImageHandle, ItemId, LibHeif, RgbChroma};

use crate::error::{InvalidInput, Rule};
use crate::limits::{MAX_FIT_PIXELS, MAX_FIT_SIDE};
use crate::picture::HeifParts as Parts;
use crate::picture::convert::describes_rgb;
use crate::picture::fit::FitReport;
use crate::picture::probe::{self, ImageFormat, ImageInfo};

/// A HEIC or AVIF file's primary picture, decoded upright (the file's
/// rotation and mirroring applied), 8 bits a channel.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HeifPicture {
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Whether it has an alpha channel: `pixels` is RGBA, else RGB.
    pub has_alpha: bool,
    /// The pixels, row after row, packed.
    pub pixels: Vec<u8>,
    /// Its ICC profile, when it has one that describes RGB.
    pub icc: Option<Vec<u8>>,
}

/// Why a HEIC or AVIF file cannot be decoded.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HeifError(String);

/// What libheif says went wrong, in its words (its `Debug` codes left out).
fn said(e: libheif_rs::HeifError) -> String {
    e.message.trim_end_matches('.').to_owned()
}

fn primary(ctx: &HeifContext<'_>) -> Result<ImageHandle, String> {
    ctx.primary_image_handle().map_err(said)
}

/// Decodes a HEIC or AVIF file's primary picture with libheif (feature
/// `heif`). Refuses pictures over the sizes this crate decodes; waits its
/// turn among the process's decodes. Blocking and CPU-heavy.
pub fn decode_heif(data: &[u8]) -> Result<HeifPicture, HeifError> {
    let ctx = HeifContext::read_from_bytes(data).map_err(said).map_err(HeifError)?;
    let handle = primary(&ctx).map_err(HeifError)?;
    let _turn = crate::picture::fit::DecodeTurn::take();
    decode_handle(&handle).map_err(HeifError)
}

/// A HEIC or AVIF file's upright size (its rotation applied), read from
/// its container without decoding the picture.
pub fn heif_dimensions(data: &[u8]) -> Result<(u32, u32), HeifError> {
    let ctx = HeifContext::read_from_bytes(data).map_err(said).map_err(HeifError)?;
    let handle = primary(&ctx).map_err(HeifError)?;
    Ok((handle.width(), handle.height()))
}

/// Decodes the picture behind an open handle (see [`decode_heif`]).
fn decode_handle(handle: &ImageHandle) -> Result<HeifPicture, String> {
    let (w, h) = (handle.width(), handle.height());
    if w > MAX_FIT_SIDE || h > MAX_FIT_SIDE || u64::from(w) * u64::from(h) > MAX_FIT_PIXELS {
        return Err(format!("its picture is {w}x{h}, more than this tool decodes"));
    }
    let has_alpha = handle.has_alpha_channel();
    let chroma = if has_alpha { RgbChroma::Rgba } else { RgbChroma::Rgb };
    let picture = LibHeif::new().decode(handle, ColorSpace::Rgb(chroma), None).map_err(said)?;
    let planes = picture.planes();
    let plane = planes.interleaved.ok_or("libheif gave no interleaved RGB plane")?;
    let channels: usize = if has_alpha { 4 } else { 3 };
    if usize::from(plane.storage_bits_per_pixel) != 8 * channels {
        return Err(format!(
            "libheif gave {} bits a pixel, not {}",
            plane.storage_bits_per_pixel,
            8 * channels
        ));
    }
    let row = plane.width as usize * channels;
    let mut pixels = Vec::with_capacity(row * plane.height as usize);
    for y in 0..plane.height as usize {
        let line = plane.data.get(y * plane.stride..).and_then(|l| l.get(..row));
        pixels.extend_from_slice(line.ok_or("libheif's plane is shorter than its size")?);
    }
    let icc = profile(handle).filter(|p| describes_rgb(p));
    Ok(HeifPicture { width: plane.width, height: plane.height, has_alpha, pixels, icc })
}

/// The picture's colour as an ICC profile: its own, or one made from its
/// `nclx` colour description where that names a gamut other than sRGB's
/// with a standard-range transfer (Display P3, as Android phones and most
/// AVIFs say it; BT.2020). sRGB needs none; PQ and HLG (HDR) are not made
/// into a profile, since an 8-bit JPEG cannot hold them.
fn profile(handle: &ImageHandle) -> Option<Vec<u8>> {
    use libheif_rs::{ColorPrimaries as P, TransferCharacteristics as T};
    if let Some(raw) = handle.color_profile_raw() {
        return Some(raw.data);
    }
    let nclx = handle.color_profile_nclx()?;
    let standard = matches!(
        nclx.transfer_characteristics(),
        T::IEC_61966_2_1 | T::ITU_R_BT_709_5 | T::ITU_R_BT_601_6 | T::Unspecified
    );
    let made = match nclx.color_primaries() {
        P::SMPTE_EG_432_1 if standard => moxcms::ColorProfile::new_display_p3(),
        P::ITU_R_BT_2020_2_and_2100_0 if standard => moxcms::ColorProfile::new_bt2020(),
        _ => return None,
    };
    made.encode().ok()
}

impl HeifPicture {
    /// The picture as an `image` buffer (the ICC profile left out).
    pub(crate) fn into_image(self) -> Result<(DynamicImage, Option<Vec<u8>>), String> {
        let (w, h, icc) = (self.width, self.height, self.icc);
        let image = match self.has_alpha {
            true => RgbaImage::from_raw(w, h, self.pixels).map(DynamicImage::ImageRgba8),
            false => RgbImage::from_raw(w, h, self.pixels).map(DynamicImage::ImageRgb8),
        };
        Ok((image.ok_or("libheif's plane does not match its size")?, icc))
    }
}

/// `data` (a HEIC or AVIF file) as what Venice takes (see the module docs),
/// not yet checked against Venice's bounds. Blocking and CPU-heavy: call it
/// off the async threads.
pub(crate) fn convert(
    field: &str,
    origin: &str,
    data: &[u8],
    format: ImageFormat,
    fit: bool,
) -> Result<(Bytes, ImageInfo, FitReport), InvalidInput> {
    let fail = |e: String| {
        InvalidInput::new(field, Rule::CorruptImage, format!("cannot read {origin} as {format}: {e}"))
    };
    // The container is read once: its size checked, then its picture decoded.
    let ctx = HeifContext::read_from_bytes(data).map_err(said).map_err(fail)?;
    let handle = primary(&ctx).map_err(fail)?;
    if !fit {
        // Refused from its header, before a decode that could take
        // gigabytes (the size sent is checked on the converted file).
        let info = ImageInfo { width: handle.width(), height: handle.height(), ..probe::placeholder(format) };
        crate::picture::bounds::check_bounds(field, origin, &info, 0)?;
    }
    let _turn = crate::picture::fit::DecodeTurn::take();
    let (image, icc) = decode_handle(&handle).and_then(HeifPicture::into_image).map_err(fail)?;
    let (from_w, from_h) = (image.width(), image.height());
    let (bytes, out_format) =
        crate::picture::convert::encode(&image, icc, false).map_err(|e| fail(e.to_string()))?;
    drop(image);
    let new_info = probe::probe(Cursor::new(&bytes)).map_err(|e| fail(e.to_string()))?;
    let report = FitReport {
        field: field.to_owned(),
        from: (from_w, from_h, data.len() as u64),
        to: (new_info.width, new_info.height, bytes.len() as u64),
        format: out_format.to_string(),
        // libheif turned it upright (its own rotation, if any, applied):
        // the output's writer drops the orientation tag for any converted
        // input; nothing here says a rotation was done.
        rotated: false,
        converted: vec![format!("converted from {format}")],
        lossless: false,
    };
    Ok((Bytes::from(bytes), new_info, report))
}

/// Whether the file at `path` starts like a HEIC or AVIF file.
#[cfg_attr(not(feature = "metadata"), allow(dead_code))]
pub(crate) fn is_heif_file(path: &std::path::Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)?.take(16).read(&mut head)?;
    Ok(probe::sniff_heif(&head[..n]).is_some())
}

/// `data`'s metadata when it is a HEIF file libheif can open, its picture
/// left undecoded.
#[cfg_attr(not(feature = "metadata"), allow(dead_code))]
pub(crate) fn metadata(data: &[u8]) -> Option<Parts> {
    probe::sniff_heif(data)?;
    let ctx = HeifContext::read_from_bytes(data).ok()?;
    let handle = primary(&ctx).ok()?;
    let icc = profile(&handle).map(Bytes::from);
    let exif = blocks(&handle, b"Exif", None)
        .into_iter()
        .find_map(|raw| exif_tiff(&raw).map(Bytes::copy_from_slice));
    let xmp = blocks(&handle, b"mime", Some("application/rdf+xml"))
        .into_iter()
        .find_map(|raw| String::from_utf8(raw).ok());
    Some(Parts { icc, exif, xmp })
}

/// The contents of `handle`'s metadata blocks of type `kind` (and of
/// `content` type, when given).
fn blocks(handle: &ImageHandle, kind: &[u8; 4], content: Option<&str>) -> Vec<Vec<u8>> {
    let count = usize::try_from(handle.number_of_metadata_blocks(kind)).unwrap_or(0);
    let mut ids: Vec<ItemId> = vec![0; count];
    let found = handle.metadata_block_ids(&mut ids, kind);
    ids.truncate(found);
    ids.into_iter()
        .filter(|id| content.is_none_or(|c| handle.metadata_content_type(*id) == Some(c)))
        .filter_map(|id| handle.metadata(id).ok())
        .collect()
}

/// A HEIF `Exif` block is a 4-byte offset to the TIFF header, then the
/// data (often `Exif\0\0` first): the TIFF part.
fn exif_tiff(raw: &[u8]) -> Option<&[u8]> {
    let offset = u32::from_be_bytes(raw.get(..4)?.try_into().ok()?) as usize;
    let rest = raw.get(4..)?.get(offset..)?;
    let tiff = rest.strip_prefix(b"Exif\0\0").unwrap_or(rest);
    (tiff.starts_with(b"II*\0") || tiff.starts_with(b"MM\0*")).then_some(tiff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tiff_part_of_an_exif_block_is_found_past_its_offset() {
        let mut raw = vec![0, 0, 0, 6];
        raw.extend_from_slice(b"Exif\0\0II*\0\x08\0\0\0");
        assert_eq!(exif_tiff(&raw), Some(&b"II*\0\x08\0\0\0"[..]));
        let direct = [0, 0, 0, 0, b'M', b'M', 0, b'*'];
        assert_eq!(exif_tiff(&direct), Some(&b"MM\0*"[..]));
        // An offset past the end, or no TIFF header there: nothing.
        assert_eq!(exif_tiff(&[0, 0, 0, 99, b'I', b'I']), None);
        assert_eq!(exif_tiff(&[0, 0, 0, 0, b'x', b'y', b'z', b'w']), None);
        assert_eq!(exif_tiff(&[0, 0]), None);
    }

    #[test]
    fn bytes_that_are_not_heif_have_no_heif_metadata() {
        assert!(metadata(b"\x89PNG\r\n\x1a\n0000000000").is_none());
        assert!(metadata(b"\0\0\0\x18ftypheic\0\0\0\0garbage").is_none());
    }
}
