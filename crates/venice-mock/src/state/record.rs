//! What the emulator remembers of each request, for tests to assert on.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::pixels::imaging::sniff;

/// One request as the emulator saw it, with credentials redacted.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RecordedRequest {
    /// Order of arrival, from 1.
    pub seq: u64,
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// Every header, lower-case names; `authorization` and the x402 sign-in
    /// headers show only that they were there.
    pub headers: BTreeMap<String, String>,
    /// Text fields of the body (JSON values; multipart text parts as strings).
    /// Image fields are not here but in [`RecordedRequest::images`].
    pub fields: BTreeMap<String, serde_json::Value>,
    /// Each image the body carried, in order.
    pub images: Vec<RecordedImage>,
    /// Bytes of body received.
    pub body_bytes: u64,
    /// The status answered; 0 when none was ([`Fault::Hang`](crate::Fault::Hang)).
    pub status: u16,
    /// The injected fault, if one was.
    pub fault: Option<String>,
    /// The address and nonce of an x402 sign-in the request carried, as
    /// written in it (read, not verified; the nonce is not a secret).
    pub sign_in: Option<SignInSeen>,
    /// Microseconds from the emulator's start to the request's arrival.
    pub arrived_us: u64,
    /// Microseconds from the emulator's start to its answer (or to the
    /// connection's end): with `arrived_us`, shows which requests overlapped.
    pub answered_us: u64,
}

/// What an x402 sign-in header said (see [`RecordedRequest::sign_in`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignInSeen {
    /// The payload's `address`.
    pub address: String,
    /// The message's `Nonce:`.
    pub nonce: String,
}

impl SignInSeen {
    /// Reads a `SIGN-IN-WITH-X` value without verifying it.
    pub fn read(header: &str) -> Option<Self> {
        let bytes = base64_simd::STANDARD.decode_to_vec(header.trim()).ok()?;
        let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        let message = v.get("message")?.as_str()?;
        let nonce = message.lines().find_map(|l| l.strip_prefix("Nonce: "))?;
        Some(Self { address: v.get("address")?.as_str()?.to_owned(), nonce: nonce.to_owned() })
    }
}

/// One image of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedImage {
    /// The field it came in (`image`, `images`).
    pub field: String,
    /// `file` (multipart part), `base64`, `data-url` or `url`.
    pub source: String,
    /// Length of the image bytes (decoded, for base64).
    pub byte_len: u64,
    /// SHA-256 of the image bytes, hex.
    pub sha256: String,
    /// The format its bytes announce (`png`, `jpeg`, `webp`, `gif`, ... or `unknown`).
    pub format: String,
    /// The `Content-Type` of its multipart part.
    pub part_content_type: Option<String>,
    /// The filename of its multipart part.
    pub filename: Option<String>,
    /// The URL, for URL inputs.
    pub url: Option<String>,
    /// It carried an EXIF block.
    pub has_exif: bool,
    /// It carried a GPS position (in EXIF or XMP).
    pub has_gps: bool,
    /// It carried an ICC profile.
    pub has_icc: bool,
    /// It carried an XMP packet.
    pub has_xmp: bool,
    /// Its width and height as stored, when its header can be read.
    pub dimensions: Option<(u32, u32)>,
    /// Its EXIF orientation tag (1 to 8), when it carried one.
    pub orientation: Option<u32>,
    /// Its colour components and bits a sample, from its header: a JPEG's
    /// frame (4 components: CMYK or YCCK), a PNG's `IHDR` (its colour type
    /// read as components).
    pub samples: Option<(u8, u8)>,
}

impl RecordedImage {
    /// Describes `bytes` received in `field` from `source`.
    pub fn of(field: &str, source: &str, bytes: &[u8]) -> Self {
        let carried = crate::pixels::photo::Carried::of(bytes);
        Self {
            field: field.to_owned(),
            source: source.to_owned(),
            byte_len: bytes.len() as u64,
            sha256: hex(&Sha256::digest(bytes)),
            format: sniff(bytes).to_owned(),
            part_content_type: None,
            filename: None,
            url: None,
            has_exif: carried.has_exif,
            has_gps: carried.has_gps,
            has_icc: carried.has_icc,
            has_xmp: carried.has_xmp,
            dimensions: image::ImageReader::new(std::io::Cursor::new(bytes))
                .with_guessed_format()
                .ok()
                .and_then(|r| r.into_dimensions().ok()),
            // Only when there is EXIF: kamadak-exif looks for it through the
            // whole of a JPEG that has none (a few ms on a 20 MB upload,
            // which would count against the client in benchmarks).
            orientation: carried
                .has_exif
                .then(|| exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)).ok())
                .flatten()
                .and_then(|e| e.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?.value.get_uint(0)),
            samples: samples(bytes),
        }
    }
}

/// Components and bits a sample of a JPEG (its first frame header) or PNG.
fn samples(bytes: &[u8]) -> Option<(u8, u8)> {
    if bytes.starts_with(b"\x89PNG") {
        let (depth, colour) = (*bytes.get(24)?, *bytes.get(25)?);
        let components = match colour {
            0 => 1,
            2 => 3,
            3 => 1,
            4 => 2,
            _ => 4,
        };
        return Some((components, depth));
    }
    let jpeg = img_parts::jpeg::Jpeg::from_bytes(bytes::Bytes::copy_from_slice(bytes)).ok()?;
    let frame = jpeg
        .segments()
        .iter()
        .find(|s| matches!(s.marker(), 0xC0..=0xCF) && !matches!(s.marker(), 0xC4 | 0xC8 | 0xCC))?;
    let c = frame.contents();
    Some((*c.get(5)?, *c.first()?))
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Header names whose values are credentials.
const SECRET_HEADERS: [&str; 6] = [
    "authorization",
    "sign-in-with-x",
    "x-sign-in-with-x",
    "payment-signature",
    "x-402-payment",
    "x-payment",
];

/// The headers with credentials replaced by `[redacted]` (keeping the scheme
/// word of `Authorization`, which says how the caller authenticated).
pub fn redacted_headers(headers: &hyper::HeaderMap) -> BTreeMap<String, String> {
    headers
        .iter()
        .map(|(name, value)| {
            let name = name.as_str().to_ascii_lowercase();
            let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
            let shown = if SECRET_HEADERS.contains(&name.as_str()) {
                match text.split_once(' ') {
                    Some((scheme, _)) if name == "authorization" => format!("{scheme} [redacted]"),
                    _ => "[redacted]".to_owned(),
                }
            } else {
                text
            };
            (name, shown)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_redacted() {
        let mut h = hyper::HeaderMap::new();
        h.insert("authorization", "Bearer sk-very-secret".parse().unwrap());
        h.insert("sign-in-with-x", "wallet-proof".parse().unwrap());
        h.insert("user-agent", "venice-image/0.1".parse().unwrap());
        let r = redacted_headers(&h);
        assert_eq!(r["authorization"], "Bearer [redacted]");
        assert_eq!(r["sign-in-with-x"], "[redacted]");
        assert_eq!(r["user-agent"], "venice-image/0.1");
        assert!(!format!("{r:?}").contains("secret"));
    }

    #[test]
    fn images_are_hashed_and_sniffed() {
        let img = RecordedImage::of("image", "file", b"\x89PNG\r\n\x1a\n");
        assert_eq!(img.format, "png");
        assert_eq!(img.byte_len, 8);
        assert_eq!(img.sha256.len(), 64);
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
