//! Metadata written into an answer's own container (PNG `iCCP`, `eXIf`,
//! `iTXt`; JPEG APP2, APP1; WebP `ICCP`, `EXIF`, `XMP `), read back from
//! one, and the signed provenance manifests (C2PA) that forbid rewriting.
//!
//! The container surgery is img-parts'; only the chunk layouts it has no
//! helper for (XMP in each format, PNG `iTXt`, the WebP `XMP ` flag) are
//! built here, each a few bytes of framing around text.

use bytes::Bytes;
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::{Png, PngChunk};
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::WebP;
use img_parts::{DynImage, ImageEXIF, ImageICC};

/// The signature before a JPEG's XMP packet in APP1.
const JPEG_XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
/// The most a JPEG's standard XMP packet may hold (one APP1 segment).
const JPEG_XMP_MAX: usize = 65_502;
/// The PNG `iTXt` keyword of an XMP packet.
const PNG_XMP: &str = "XML:com.adobe.xmp";
/// The PNG `iTXt` keyword of this crate's provenance (JSON).
pub(crate) const PNG_PROVENANCE: &str = "venice-image:provenance";
const VP8X_XMP: u8 = 0b0000_0100;

/// What to write into an image.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    pub icc: Option<Bytes>,
    pub exif: Option<Bytes>,
    pub xmp: Option<String>,
    /// A PNG `iTXt` chunk of provenance (JSON).
    pub png_provenance: Option<String>,
}

/// An image's parts: its ICC profile, EXIF and XMP.
pub(crate) fn read(bytes: &Bytes) -> Parts {
    let Ok(Some(image)) = DynImage::from_bytes(bytes.clone()) else { return Parts::default() };
    Parts { icc: image.icc_profile(), exif: image.exif(), xmp: xmp_of(&image), png_provenance: None }
}

/// Whether the image carries a C2PA manifest (JUMBF in JPEG APP11, a PNG
/// `caBX` chunk, a WebP `C2PA` chunk): a signed record of how it was made
/// that any change of the file would break.
pub(crate) fn has_c2pa(bytes: &Bytes) -> bool {
    match DynImage::from_bytes(bytes.clone()) {
        Ok(Some(DynImage::Jpeg(j))) => j
            .segments()
            .iter()
            .any(|s| s.marker() == markers::APP11 && s.contents().windows(4).any(|w| w == b"jumb")),
        Ok(Some(DynImage::Png(p))) => p.chunk_by_type(*b"caBX").is_some(),
        Ok(Some(DynImage::WebP(w))) => w.has_chunk(*b"C2PA"),
        _ => false,
    }
}

/// `bytes` with `parts` written in (replacing what it had of each), or
/// `None` when it is not a container this writes (or the XMP does not fit:
/// the caller then puts it beside the file).
pub(crate) fn write(bytes: &Bytes, parts: Parts) -> Option<Bytes> {
    match DynImage::from_bytes(bytes.clone()).ok()?? {
        DynImage::Jpeg(j) => write_jpeg(j, parts),
        DynImage::Png(p) => Some(write_png(p, parts)),
        DynImage::WebP(w) => Some(write_webp(w, parts)),
    }
}

fn write_jpeg(mut jpeg: Jpeg, parts: Parts) -> Option<Bytes> {
    let xmp = match parts.xmp {
        Some(x) if x.len() + JPEG_XMP.len() > JPEG_XMP_MAX => return None,
        other => other,
    };
    jpeg.set_icc_profile(parts.icc);
    jpeg.set_exif(parts.exif);
    jpeg.segments_mut().retain(|s| !(s.marker() == markers::APP1 && s.contents().starts_with(JPEG_XMP)));
    if let Some(xmp) = xmp {
        let mut contents = JPEG_XMP.to_vec();
        contents.extend_from_slice(xmp.as_bytes());
        // After JFIF (APP0) and EXIF (the first APP1), before the frame.
        let at = jpeg
            .segments()
            .iter()
            .position(|s| !matches!(s.marker(), markers::APP0 | markers::APP1))
            .unwrap_or(0);
        jpeg.segments_mut().insert(at, JpegSegment::new_with_contents(markers::APP1, Bytes::from(contents)));
    }
    Some(jpeg.encoder().bytes())
}

/// A PNG `iTXt` chunk: keyword, no compression, no language.
fn itxt(keyword: &str, text: &str) -> PngChunk {
    let mut data = Vec::with_capacity(keyword.len() + text.len() + 5);
    data.extend_from_slice(keyword.as_bytes());
    data.extend_from_slice(&[0, 0, 0, 0, 0]); // end, flag, method, language end, translated end
    data.extend_from_slice(text.as_bytes());
    PngChunk::new(*b"iTXt", Bytes::from(data))
}

/// The text of a PNG `iTXt` chunk named `keyword` (uncompressed only).
pub(crate) fn png_itxt(png: &Png, keyword: &str) -> Option<String> {
    png.chunks_by_type(*b"iTXt").find_map(|c| {
        let data = c.contents();
        let rest = data.strip_prefix(keyword.as_bytes())?.strip_prefix(&[0u8][..])?;
        let [flag, _method, rest @ ..] = rest else { return None };
        if *flag != 0 {
            return None;
        }
        let lang_end = rest.iter().position(|&b| b == 0)?;
        let rest = rest.get(lang_end + 1..)?;
        let key_end = rest.iter().position(|&b| b == 0)?;
        std::str::from_utf8(rest.get(key_end + 1..)?).ok().map(str::to_owned)
    })
}

fn write_png(mut png: Png, parts: Parts) -> Bytes {
    png.set_icc_profile(parts.icc);
    png.set_exif(parts.exif);
    let ours = |c: &PngChunk| {
        c.kind() == *b"iTXt"
            && (c.contents().starts_with(PNG_XMP.as_bytes())
                || c.contents().starts_with(PNG_PROVENANCE.as_bytes()))
    };
    png.chunks_mut().retain(|c| !ours(c));
    // Before the image data.
    let at = png.chunks().iter().position(|c| c.kind() == *b"IDAT").unwrap_or(1).max(1);
    if let Some(p) = parts.png_provenance {
        png.chunks_mut().insert(at, itxt(PNG_PROVENANCE, &p));
    }
    if let Some(xmp) = parts.xmp {
        png.chunks_mut().insert(at, itxt(PNG_XMP, &xmp));
    }
    png.encoder().bytes()
}

fn write_webp(mut webp: WebP, parts: Parts) -> Bytes {
    webp.remove_chunks_by_id(*b"XMP ");
    let has_xmp = parts.xmp.is_some();
    if let Some(xmp) = &parts.xmp {
        // Before the EXIF is set, so that a VP8X chunk made for it counts the XMP.
        let chunk = RiffChunk::new(*b"XMP ", RiffContent::Data(Bytes::from(xmp.clone())));
        webp.chunks_mut().push(chunk);
    }
    webp.set_icc_profile(parts.icc);
    webp.set_exif(parts.exif);
    if has_xmp {
        // XMP last, as the container's order has it, and its flag set.
        if let Some(pos) = webp.chunks().iter().position(|c| c.id() == *b"XMP ") {
            let chunk = webp.chunks_mut().remove(pos);
            webp.chunks_mut().push(chunk);
        }
        crate::picture::strip::set_vp8x_flags(&mut webp, VP8X_XMP, true);
    } else {
        crate::picture::strip::clear_vp8x_flags(&mut webp, VP8X_XMP);
    }
    webp.encoder().bytes()
}

/// The XMP packet of a JPEG (APP1), PNG (`iTXt`) or WebP (`XMP ` chunk).
pub(crate) fn xmp_of(image: &DynImage) -> Option<String> {
    match image {
        DynImage::Jpeg(j) => j
            .segments()
            .iter()
            .find(|s| s.marker() == markers::APP1 && s.contents().starts_with(JPEG_XMP))
            .and_then(|s| s.contents().get(JPEG_XMP.len()..))
            .map(|x| String::from_utf8_lossy(x).into_owned()),
        DynImage::Png(p) => png_itxt(p, PNG_XMP),
        DynImage::WebP(w) => w
            .chunk_by_id(*b"XMP ")
            .and_then(|c| c.content().data())
            .map(|d| String::from_utf8_lossy(d).into_owned()),
    }
}

/// The provenance `iTXt` of a PNG, when `bytes` are one.
pub(crate) fn png_provenance(bytes: &Bytes) -> Option<String> {
    match DynImage::from_bytes(bytes.clone()).ok()?? {
        DynImage::Png(p) => png_itxt(&p, PNG_PROVENANCE),
        _ => None,
    }
}
