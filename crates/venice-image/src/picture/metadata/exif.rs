//! The EXIF an output keeps: an allow-list of what describes the photo
//! (date taken, camera, lens, exposure, artist, copyright), read and
//! written anew with kamadak-exif; never the thumbnail (IFD1), the sizes
//! (the output's differ), maker notes or serial numbers; the orientation
//! only while the pixels still need it; GPS only when asked.

use exif::{Field, In, Tag, Value};

/// The tags kept (of the primary image), besides orientation and GPS.
const KEPT: &[Tag] = &[
    Tag::Make,
    Tag::Model,
    Tag::Artist,
    Tag::Copyright,
    Tag::ImageDescription,
    Tag::DateTime,
    Tag::DateTimeOriginal,
    Tag::DateTimeDigitized,
    Tag::OffsetTime,
    Tag::OffsetTimeOriginal,
    Tag::OffsetTimeDigitized,
    Tag::SubSecTime,
    Tag::SubSecTimeOriginal,
    Tag::SubSecTimeDigitized,
    Tag::ExifVersion,
    Tag::ExposureTime,
    Tag::FNumber,
    Tag::ExposureProgram,
    Tag::PhotographicSensitivity,
    Tag::ExposureBiasValue,
    Tag::ShutterSpeedValue,
    Tag::ApertureValue,
    Tag::MaxApertureValue,
    Tag::MeteringMode,
    Tag::Flash,
    Tag::FocalLength,
    Tag::FocalLengthIn35mmFilm,
    Tag::ExposureMode,
    Tag::WhiteBalance,
    Tag::LensMake,
    Tag::LensModel,
    Tag::LensSpecification,
    Tag::ColorSpace,
];

/// What to keep of an input's EXIF.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Keep {
    /// The GPS fields.
    pub gps: bool,
    /// The orientation tag (the output's pixels are as stored, not upright).
    pub orientation: bool,
}

/// Whether a tag is of the GPS IFD.
pub(crate) fn is_gps(tag: Tag) -> bool {
    tag.context() == exif::Context::Gps
}

/// The kept fields of `raw` (a TIFF-structured EXIF block) written anew,
/// or `None` when nothing is kept or it cannot be read.
pub(crate) fn filter(raw: &[u8], keep: Keep) -> Option<Vec<u8>> {
    let exif = exif::Reader::new().read_raw(raw.to_vec()).ok()?;
    let fields: Vec<&Field> = exif
        .fields()
        .filter(|f| f.ifd_num == In::PRIMARY)
        .filter(|f| {
            KEPT.contains(&f.tag)
                || (keep.gps && is_gps(f.tag))
                || (keep.orientation && f.tag == Tag::Orientation && !is_upright(&f.value))
        })
        .collect();
    if fields.is_empty() {
        return None;
    }
    let mut w = exif::experimental::Writer::new();
    for f in &fields {
        w.push_field(f);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    w.write(&mut out, exif.little_endian()).ok()?;
    Some(out.into_inner())
}

fn is_upright(v: &Value) -> bool {
    v.get_uint(0).is_none_or(|o| o == 1)
}

/// A few fields of `raw` as XMP properties (for a sidecar, which cannot
/// hold EXIF itself): `(property, value)`.
pub(crate) fn as_xmp(raw: &[u8]) -> Vec<(&'static str, String)> {
    let Ok(exif) = exif::Reader::new().read_raw(raw.to_vec()) else { return Vec::new() };
    let text = |tag| {
        exif.get_field(tag, In::PRIMARY).and_then(|f| match &f.value {
            Value::Ascii(v) => v.first().map(|s| String::from_utf8_lossy(s).trim().to_owned()),
            _ => None,
        })
    };
    let mut out = Vec::new();
    for (tag, property) in [
        (Tag::DateTimeOriginal, "exif:DateTimeOriginal"),
        (Tag::Make, "tiff:Make"),
        (Tag::Model, "tiff:Model"),
        (Tag::LensModel, "exifEX:LensModel"),
        (Tag::Artist, "tiff:Artist"),
        (Tag::Copyright, "tiff:Copyright"),
    ] {
        if let Some(v) = text(tag).filter(|v| !v.is_empty()) {
            out.push((property, v));
        }
    }
    out
}
