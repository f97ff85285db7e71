//! Photos as cameras write them, and what metadata an image carries: a JPEG
//! with an ICC profile, EXIF (date taken, camera, GPS position) and XMP, for
//! tests of what a client sends and keeps; and [`Carried`], the metadata
//! found in any PNG, JPEG or WebP (the emulator records it for each upload).
//!
//! Read through img-parts (containers) and kamadak-exif (EXIF), the same
//! well-kept crates a client may use, but independently of any client code.

use bytes::Bytes;
use exif::{Field, In, Rational, Tag, Value};
use img_parts::{DynImage, ImageEXIF, ImageICC};
use serde::Serialize;

/// The ICC profile [`photo`] carries: a profile header (128 bytes, the
/// `acsp` signature in place, no tags). Real enough for byte comparison;
/// decoders ignore it.
pub fn icc_profile() -> Vec<u8> {
    let mut p = vec![0u8; 132];
    p[0..4].copy_from_slice(&132u32.to_be_bytes());
    p[12..16].copy_from_slice(b"mntr");
    p[16..20].copy_from_slice(b"RGB ");
    p[20..24].copy_from_slice(b"XYZ ");
    p[36..40].copy_from_slice(b"acsp");
    p
}

/// The date taken [`photo`] carries (EXIF `DateTimeOriginal`).
pub const DATE_TAKEN: &str = "2024:06:01 09:30:00";

/// The XMP packet [`photo`] carries: a title and a GPS position.
pub const XMP: &str = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="52,22.5N"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Canal at dawn</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>"#;

/// EXIF as a camera writes it: date taken, camera, artist, orientation 1
/// and a GPS position (Amsterdam), little-endian TIFF.
pub fn camera_exif() -> Vec<u8> {
    camera_exif_oriented(1)
}

/// [`camera_exif`] with the orientation tag set to `orientation` (6 is how
/// a phone stores a portrait photo: landscape pixels, "rotate 90 degrees
/// clockwise to view").
pub fn camera_exif_oriented(orientation: u16) -> Vec<u8> {
    let r = |num, denom| Rational { num, denom };
    let fields = [
        Field { tag: Tag::Make, ifd_num: In::PRIMARY, value: Value::Ascii(vec![b"Fujifilm".to_vec()]) },
        Field { tag: Tag::Model, ifd_num: In::PRIMARY, value: Value::Ascii(vec![b"X-T5".to_vec()]) },
        Field {
            tag: Tag::Artist,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"A. Photographer".to_vec()]),
        },
        Field { tag: Tag::Orientation, ifd_num: In::PRIMARY, value: Value::Short(vec![orientation]) },
        Field {
            tag: Tag::DateTimeOriginal,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![DATE_TAKEN.as_bytes().to_vec()]),
        },
        Field { tag: Tag::ExposureTime, ifd_num: In::PRIMARY, value: Value::Rational(vec![r(1, 250)]) },
        Field { tag: Tag::PixelXDimension, ifd_num: In::PRIMARY, value: Value::Long(vec![6000]) },
        Field { tag: Tag::GPSLatitudeRef, ifd_num: In::PRIMARY, value: Value::Ascii(vec![b"N".to_vec()]) },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![r(52, 1), r(22, 1), r(30, 1)]),
        },
        Field { tag: Tag::GPSLongitudeRef, ifd_num: In::PRIMARY, value: Value::Ascii(vec![b"E".to_vec()]) },
        Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![r(4, 1), r(53, 1), r(0, 1)]),
        },
    ];
    let mut w = exif::experimental::Writer::new();
    for f in &fields {
        w.push_field(f);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    w.write(&mut out, true).expect("writing EXIF in memory cannot fail");
    out.into_inner()
}

/// [`fixtures::jpeg`](super::fixtures::jpeg) as a camera writes it: with
/// [`icc_profile`], [`camera_exif`] and [`XMP`] (APP2, APP1, APP1).
pub fn photo(width: u32, height: u32) -> Vec<u8> {
    let bytes = Bytes::from(super::fixtures::jpeg(width, height));
    let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(bytes).expect("the fixture is a JPEG");
    jpeg.set_icc_profile(Some(Bytes::from(icc_profile())));
    jpeg.set_exif(Some(Bytes::from(camera_exif())));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(XMP.as_bytes());
    let segment = img_parts::jpeg::JpegSegment::new_with_contents(0xE1, Bytes::from(xmp));
    jpeg.segments_mut().insert(1, segment);
    jpeg.encoder().bytes().to_vec()
}

/// Four quadrants of plain colours (red, green / blue, white, as stored),
/// so that every one of the eight orientations looks different.
pub fn quadrants(width: u32, height: u32) -> image::RgbImage {
    image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb(match (x < width / 2, y < height / 2) {
            (true, true) => [220, 20, 20],
            (false, true) => [20, 200, 20],
            (true, false) => [20, 20, 220],
            (false, false) => [235, 235, 235],
        })
    })
}

/// A phone's photo: [`quadrants`] stored `width`x`height` as a JPEG
/// (quality 90) with [`icc_profile`] and [`camera_exif_oriented`]`(orientation)`.
pub fn oriented_photo(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let mut jpeg = std::io::Cursor::new(Vec::new());
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90);
    image::DynamicImage::ImageRgb8(quadrants(width, height))
        .write_with_encoder(encoder)
        .expect("encoding in memory cannot fail");
    let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(Bytes::from(jpeg.into_inner())).expect("a JPEG");
    jpeg.set_icc_profile(Some(Bytes::from(icc_profile())));
    jpeg.set_exif(Some(Bytes::from(camera_exif_oriented(orientation))));
    jpeg.encoder().bytes().to_vec()
}

/// The metadata an image carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Carried {
    /// An EXIF block.
    pub has_exif: bool,
    /// A GPS position: a GPS field in its EXIF, or `GPS` in its XMP.
    pub has_gps: bool,
    /// An ICC profile.
    pub has_icc: bool,
    /// An XMP packet.
    pub has_xmp: bool,
    /// The ICC profile.
    #[serde(skip)]
    pub icc: Option<Vec<u8>>,
    /// The EXIF date taken (`DateTimeOriginal`), as written.
    pub date_taken: Option<String>,
    /// The XMP packet, as text.
    #[serde(skip)]
    pub xmp: Option<String>,
}

impl Carried {
    /// Reads what `bytes` carry (nothing for what is not PNG, JPEG or WebP).
    pub fn of(bytes: &[u8]) -> Self {
        let Ok(Some(image)) = DynImage::from_bytes(Bytes::copy_from_slice(bytes)) else {
            return Self::default();
        };
        let icc = image.icc_profile().map(|b| b.to_vec());
        let exif = image.exif().and_then(|raw| exif::Reader::new().read_raw(raw.to_vec()).ok());
        let xmp = xmp_of(&image);
        let exif_gps = exif.as_ref().is_some_and(|e| e.fields().any(|f| is_gps(f.tag)));
        let date_taken = exif.as_ref().and_then(|e| {
            e.get_field(Tag::DateTimeOriginal, In::PRIMARY).and_then(|f| match &f.value {
                Value::Ascii(v) => v.first().map(|s| String::from_utf8_lossy(s).into_owned()),
                _ => None,
            })
        });
        Self {
            has_exif: image.exif().is_some(),
            has_gps: exif_gps || xmp.as_deref().is_some_and(|x| x.contains("GPS")),
            has_icc: icc.is_some(),
            has_xmp: xmp.is_some(),
            icc,
            date_taken,
            xmp,
        }
    }
}

fn is_gps(tag: Tag) -> bool {
    tag.to_string().starts_with("GPS") || tag == Tag::GPSVersionID
}

/// The XMP packet of a JPEG (APP1), PNG (`iTXt` `XML:com.adobe.xmp`) or
/// WebP (`XMP ` chunk).
fn xmp_of(image: &DynImage) -> Option<String> {
    const JPEG_XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
    match image {
        DynImage::Jpeg(j) => j
            .segments()
            .iter()
            .find(|s| s.marker() == 0xE1 && s.contents().starts_with(JPEG_XMP))
            .map(|s| String::from_utf8_lossy(&s.contents()[JPEG_XMP.len()..]).into_owned()),
        DynImage::Png(p) => p.chunks_by_type(*b"iTXt").find_map(|c| {
            let data = c.contents();
            let rest = data.strip_prefix(b"XML:com.adobe.xmp\0".as_slice())?;
            // compression flag, method, language tag, translated keyword
            let (_, rest) = rest.split_at_checked(2)?;
            let lang_end = rest.iter().position(|&b| b == 0)?;
            let rest = rest.get(lang_end + 1..)?;
            let key_end = rest.iter().position(|&b| b == 0)?;
            Some(String::from_utf8_lossy(rest.get(key_end + 1..)?).into_owned())
        }),
        DynImage::WebP(w) => w
            .chunk_by_id(*b"XMP ")
            .and_then(|c| c.content().data())
            .map(|d| String::from_utf8_lossy(d).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_photo_carries_what_a_camera_writes() {
        let photo = photo(320, 240);
        let c = Carried::of(&photo);
        assert!(c.has_exif && c.has_gps && c.has_icc && c.has_xmp, "{c:?}");
        assert_eq!(c.icc, Some(icc_profile()));
        assert_eq!(c.date_taken.as_deref(), Some(DATE_TAKEN));
        let img = image::load_from_memory(&photo).unwrap();
        assert_eq!((img.width(), img.height()), (320, 240), "still a readable JPEG");
        assert_eq!(Carried::of(&crate::pixels::fixtures::png(300, 300)), Carried::default());
    }
}
