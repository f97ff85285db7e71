//! Reading an image's format and dimensions from its first bytes, without
//! decoding pixels or reading the whole file.
//!
//! The format comes from the bytes' magic number, never from a file name.
//! PNG, JPEG, WebP and GIF are read far enough for their dimensions and a few
//! properties (EXIF orientation, progressive or CMYK JPEG, 16-bit PNG,
//! animation); BMP, TIFF, AVIF, HEIC and JPEG XL are recognised so that they
//! can be refused by name (HEIC and AVIF are converted, with the `heif`
//! feature). A JPEG's segments, a PNG's chunks before its image data and an
//! extended WebP's chunks (looking for EXIF) are skipped by seeking, so a
//! large block costs no reading.
//!
//! ```
//! use venice_image::probe::{probe_bytes, ImageFormat};
//!
//! // The first 33 bytes of a 640x480 PNG are enough.
//! let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x02\x80\0\0\x01\xe0\x08\x02\0\0\0".to_vec();
//! png.extend_from_slice(&[0xba, 0xb3, 0x4b, 0xb3]); // CRC of the IHDR chunk
//! let info = probe_bytes(&png).unwrap();
//! assert_eq!((info.format, info.width, info.height), (ImageFormat::Png, 640, 480));
//! ```

use std::fmt;
use std::io::{self, BufReader, Cursor, Read, Seek};

/// An image format, as its bytes announce it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// WebP.
    Webp,
    /// GIF.
    Gif,
    /// Windows bitmap.
    Bmp,
    /// TIFF.
    Tiff,
    /// AVIF.
    Avif,
    /// HEIC / HEIF.
    Heic,
    /// JPEG XL.
    JpegXl,
}

impl ImageFormat {
    /// Whether Venice takes this format as an input. PNG, JPEG, WebP and GIF
    /// are what the service's documentation and answers cover; the project
    /// refuses the rest before sending rather than spend a request finding out.
    pub fn is_accepted(self) -> bool {
        matches!(self, Self::Png | Self::Jpeg | Self::Webp | Self::Gif)
    }

    /// The MIME type, for multipart file parts.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
            Self::Bmp => "image/bmp",
            Self::Tiff => "image/tiff",
            Self::Avif => "image/avif",
            Self::Heic => "image/heic",
            Self::JpegXl => "image/jxl",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Webp => "webp",
            Self::Gif => "gif",
            Self::Bmp => "bmp",
            Self::Tiff => "tiff",
            Self::Avif => "avif",
            Self::Heic => "heic",
            Self::JpegXl => "jxl",
        }
    }

    /// The format a MIME type names (`image/png`, `image/jpeg`, ...).
    pub fn from_mime(mime: &str) -> Option<Self> {
        let base = mime.split(';').next().unwrap_or("").trim();
        Some(match base {
            "image/png" => Self::Png,
            "image/jpeg" | "image/jpg" => Self::Jpeg,
            "image/webp" => Self::Webp,
            "image/gif" => Self::Gif,
            _ => return None,
        })
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
            Self::Webp => "WebP",
            Self::Gif => "GIF",
            Self::Bmp => "BMP",
            Self::Tiff => "TIFF",
            Self::Avif => "AVIF",
            Self::Heic => "HEIC",
            Self::JpegXl => "JPEG XL",
        })
    }
}

/// What the header says about an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// The format.
    pub format: ImageFormat,
    /// Width in pixels, as stored (before any EXIF rotation).
    pub width: u32,
    /// Height in pixels, as stored.
    pub height: u32,
    /// EXIF orientation, 1 to 8, when the file has one (a JPEG's APP1, a
    /// PNG's `eXIf` before its image data, an extended WebP's `EXIF`).
    pub orientation: Option<u8>,
    /// A progressive JPEG.
    pub progressive: bool,
    /// A JPEG with four colour components (CMYK or YCCK).
    pub cmyk: bool,
    /// An animated GIF (loop extension) or WebP.
    pub animated: bool,
    /// Bits per channel (8 for most; 16 for deep PNGs).
    pub bit_depth: u8,
}

impl ImageInfo {
    /// Width times height.
    pub fn pixels(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }
}

/// Why an image's header could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProbeError {
    /// No bytes.
    #[error("the file is empty")]
    Empty,
    /// No known image format starts like this.
    #[error("the bytes are not an image in any known format (PNG, JPEG, WebP or GIF expected)")]
    Unknown,
    /// A known format that is not read further here.
    #[error("{0} images are not accepted")]
    Unsupported(ImageFormat),
    /// The header ends early.
    #[error("the {0} header is truncated")]
    Truncated(ImageFormat),
    /// The header is malformed.
    #[error("the {0} header is corrupt: {1}")]
    Corrupt(ImageFormat, &'static str),
    /// Reading failed.
    #[error("reading failed: {0}")]
    Io(#[from] io::Error),
}

/// The format announced by the first bytes (16 are enough), if any.
pub fn sniff(head: &[u8]) -> Option<ImageFormat> {
    Some(match head {
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => ImageFormat::Png,
        [0xFF, 0xD8, 0xFF, ..] => ImageFormat::Jpeg,
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => ImageFormat::Webp,
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => ImageFormat::Gif,
        [b'B', b'M', ..] => ImageFormat::Bmp,
        [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => ImageFormat::Tiff,
        [0xFF, 0x0A, ..] | [0, 0, 0, 0x0C, b'J', b'X', b'L', b' ', ..] => ImageFormat::JpegXl,
        [_, _, _, _, b'f', b't', b'y', b'p', brand @ ..] if brand.len() >= 4 => match &brand[..4] {
            b"avif" | b"avis" => ImageFormat::Avif,
            b"heic" | b"heix" | b"heim" | b"heis" | b"mif1" | b"msf1" | b"hevc" | b"hevx" => {
                ImageFormat::Heic
            }
            _ => return None,
        },
        _ => return None,
    })
}

/// HEIC or AVIF, when `data` starts like one: formats Venice does not take
/// that this crate converts (with its `heif` feature).
pub(crate) fn sniff_heif(data: &[u8]) -> Option<ImageFormat> {
    sniff(data.get(..16).unwrap_or(data)).filter(|f| is_heif(*f))
}

/// Whether `format` is one read through libheif (HEIC, AVIF).
pub(crate) fn is_heif(format: ImageFormat) -> bool {
    matches!(format, ImageFormat::Heic | ImageFormat::Avif)
}

/// Reads the header of an in-memory image.
pub fn probe_bytes(data: &[u8]) -> Result<ImageInfo, ProbeError> {
    probe(Cursor::new(data))
}

/// Reads the header of an image from a reader, reading (and seeking) no
/// further than the header needs.
pub fn probe<R: Read + Seek>(reader: R) -> Result<ImageInfo, ProbeError> {
    let mut r = BufReader::with_capacity(8 * 1024, reader);
    let mut head = [0u8; 16];
    let n = read_up_to(&mut r, &mut head)?;
    if n == 0 {
        return Err(ProbeError::Empty);
    }
    let format = sniff(&head[..n]).ok_or(ProbeError::Unknown)?;
    let header = Header { bytes: head, len: n };
    match format {
        ImageFormat::Png => png(&mut r, &header),
        ImageFormat::Jpeg => jpeg(&mut r, &header),
        ImageFormat::Webp => webp(&mut r, &header),
        ImageFormat::Gif => gif(&mut r, &header),
        other => Err(ProbeError::Unsupported(other)),
    }
}

struct Header {
    bytes: [u8; 16],
    len: usize,
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Fills `buf` or reports the header as truncated.
fn exact(r: &mut impl Read, buf: &mut [u8], format: ImageFormat) -> Result<(), ProbeError> {
    if read_up_to(r, buf)? == buf.len() { Ok(()) } else { Err(ProbeError::Truncated(format)) }
}

fn be16(b: &[u8]) -> u16 {
    u16::from_be_bytes([b[0], b[1]])
}
fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}
fn le16(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}
fn le24(b: &[u8]) -> u32 {
    u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16
}

/// An `ImageInfo` of `format` whose size is still to be filled in.
#[cfg_attr(not(feature = "heif"), allow(dead_code))]
pub(crate) fn placeholder(format: ImageFormat) -> ImageInfo {
    info(format, 0, 0)
}

fn info(format: ImageFormat, width: u32, height: u32) -> ImageInfo {
    ImageInfo {
        format,
        width,
        height,
        orientation: None,
        progressive: false,
        cmyk: false,
        animated: false,
        bit_depth: 8,
    }
}

/// CRC-32 (IEEE) of PNG chunks.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn png<R: Read + Seek>(r: &mut BufReader<R>, head: &Header) -> Result<ImageInfo, ProbeError> {
    const F: ImageFormat = ImageFormat::Png;
    // Signature (8) + IHDR length (4) + "IHDR" (4) + 13 data bytes + CRC (4).
    let mut ihdr = [0u8; 33];
    ihdr[..head.len].copy_from_slice(&head.bytes[..head.len]);
    exact(r, &mut ihdr[head.len..], F)?;
    if be32(&ihdr[8..12]) != 13 || &ihdr[12..16] != b"IHDR" {
        return Err(ProbeError::Corrupt(F, "the first chunk is not IHDR"));
    }
    if crc32(&ihdr[12..29]) != be32(&ihdr[29..33]) {
        return Err(ProbeError::Corrupt(F, "the IHDR checksum does not match"));
    }
    let (width, height) = (be32(&ihdr[16..20]), be32(&ihdr[20..24]));
    if width == 0 || height == 0 || width > i32::MAX as u32 || height > i32::MAX as u32 {
        return Err(ProbeError::Corrupt(F, "zero or out-of-range dimensions"));
    }
    let depth = ihdr[24];
    if ![1, 2, 4, 8, 16].contains(&depth) {
        return Err(ProbeError::Corrupt(F, "invalid bit depth"));
    }
    let orientation = png_orientation(r).unwrap_or(None);
    Ok(ImageInfo { bit_depth: depth, orientation, ..info(F, width, height) })
}

/// The most chunks looked through for EXIF before giving up, and the
/// largest EXIF block read for its orientation.
const EXIF_SEARCH_CHUNKS: usize = 64;
const EXIF_MAX: u32 = 1 << 20;

/// A PNG's EXIF orientation, from an `eXIf` chunk before its image data
/// (where PNG puts it), the chunks before it skipped by seeking. A file
/// that ends early has none here (the whole-file check says it is cut).
fn png_orientation<R: Read + Seek>(r: &mut BufReader<R>) -> io::Result<Option<u8>> {
    for _ in 0..EXIF_SEARCH_CHUNKS {
        let mut head = [0u8; 8];
        if read_up_to(r, &mut head)? < 8 {
            return Ok(None);
        }
        let len = be32(&head[..4]);
        match &head[4..] {
            b"IDAT" | b"IEND" => return Ok(None),
            b"eXIf" if len <= EXIF_MAX => {
                let mut exif = vec![0u8; len as usize];
                if read_up_to(r, &mut exif)? < exif.len() {
                    return Ok(None);
                }
                return Ok(exif_orientation(exif.strip_prefix(b"Exif\0\0").unwrap_or(&exif)));
            }
            _ => r.seek_relative(i64::from(len) + 4)?,
        }
    }
    Ok(None)
}

/// An extended WebP's EXIF orientation, from its `EXIF` chunk (usually
/// after the image data), the chunks before it skipped by seeking.
fn webp_orientation<R: Read + Seek>(r: &mut BufReader<R>) -> io::Result<Option<u8>> {
    for _ in 0..EXIF_SEARCH_CHUNKS {
        let mut head = [0u8; 8];
        if read_up_to(r, &mut head)? < 8 {
            return Ok(None);
        }
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        if &head[..4] == b"EXIF" && len <= EXIF_MAX {
            let mut exif = vec![0u8; len as usize];
            if read_up_to(r, &mut exif)? < exif.len() {
                return Ok(None);
            }
            return Ok(exif_orientation(exif.strip_prefix(b"Exif\0\0").unwrap_or(&exif)));
        }
        r.seek_relative(i64::from(len) + i64::from(len & 1))?;
    }
    Ok(None)
}

fn jpeg<R: Read + Seek>(r: &mut BufReader<R>, head: &Header) -> Result<ImageInfo, ProbeError> {
    const F: ImageFormat = ImageFormat::Jpeg;
    // Back to just after the start-of-image marker.
    r.seek_relative(2 - head.len as i64)?;
    let mut orientation = None;
    // A JPEG has a few dozen segments at most before its frame header.
    for _ in 0..4096 {
        let mut marker = [0u8; 2];
        exact(r, &mut marker, F)?;
        if marker[0] != 0xFF {
            return Err(ProbeError::Corrupt(F, "a segment does not start with a marker"));
        }
        let mut code = marker[1];
        // Fill bytes.
        while code == 0xFF {
            let mut b = [0u8; 1];
            exact(r, &mut b, F)?;
            code = b[0];
        }
        match code {
            0xD0..=0xD7 | 0x01 => continue,
            0xD8 => return Err(ProbeError::Corrupt(F, "a second start-of-image marker")),
            0xD9 => return Err(ProbeError::Corrupt(F, "the image ends before its frame header")),
            0xDA => return Err(ProbeError::Corrupt(F, "scan data before the frame header")),
            _ => {}
        }
        let mut len = [0u8; 2];
        exact(r, &mut len, F)?;
        let len = be16(&len);
        if len < 2 {
            return Err(ProbeError::Corrupt(F, "a segment length is below 2"));
        }
        let body = usize::from(len) - 2;
        match code {
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                if body < 6 {
                    return Err(ProbeError::Corrupt(F, "the frame header is too short"));
                }
                let mut sof = [0u8; 6];
                exact(r, &mut sof, F)?;
                let (height, width) = (u32::from(be16(&sof[1..3])), u32::from(be16(&sof[3..5])));
                if width == 0 || height == 0 {
                    return Err(ProbeError::Corrupt(F, "zero dimensions"));
                }
                return Ok(ImageInfo {
                    orientation,
                    progressive: matches!(code, 0xC2 | 0xC6 | 0xCA | 0xCE),
                    cmyk: sof[5] == 4,
                    bit_depth: sof[0],
                    ..info(F, width, height)
                });
            }
            0xE1 if orientation.is_none() && body >= 14 => {
                let mut app1 = vec![0u8; body];
                exact(r, &mut app1, F)?;
                if app1.starts_with(b"Exif\0\0") {
                    orientation = exif_orientation(&app1[6..]);
                }
            }
            _ => r.seek_relative(body as i64)?,
        }
    }
    Err(ProbeError::Corrupt(F, "no frame header among the first segments"))
}

/// The orientation tag (0x0112) of an EXIF TIFF block, when valid.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let little = match tiff.get(..4)? {
        [b'I', b'I', 42, 0] => true,
        [b'M', b'M', 0, 42] => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = tiff.get(i..i + 2)?;
        Some(if little { le16(b) } else { be16(b) })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b = tiff.get(i..i + 4)?;
        Some(if little { u32::from_le_bytes([b[0], b[1], b[2], b[3]]) } else { be32(b) })
    };
    let ifd = u32_at(4)? as usize;
    let entries = u16_at(ifd)? as usize;
    for i in 0..entries.min(256) {
        let at = ifd + 2 + i * 12;
        if u16_at(at)? == 0x0112 {
            let value = u16_at(at + 8)?;
            return (1..=8).contains(&value).then_some(value as u8);
        }
    }
    None
}

fn webp<R: Read + Seek>(r: &mut BufReader<R>, head: &Header) -> Result<ImageInfo, ProbeError> {
    const F: ImageFormat = ImageFormat::Webp;
    if head.len < 16 {
        return Err(ProbeError::Truncated(F));
    }
    let chunk = &head.bytes[12..16];
    let mut size = [0u8; 4];
    exact(r, &mut size, F)?;
    match chunk {
        b"VP8 " => {
            let mut frame = [0u8; 10];
            exact(r, &mut frame, F)?;
            if frame[3..6] != [0x9D, 0x01, 0x2A] {
                return Err(ProbeError::Corrupt(F, "missing the VP8 start code"));
            }
            let (w, h) = (u32::from(le16(&frame[6..8]) & 0x3FFF), u32::from(le16(&frame[8..10]) & 0x3FFF));
            if w == 0 || h == 0 {
                return Err(ProbeError::Corrupt(F, "zero dimensions"));
            }
            Ok(info(F, w, h))
        }
        b"VP8L" => {
            let mut b = [0u8; 5];
            exact(r, &mut b, F)?;
            if b[0] != 0x2F {
                return Err(ProbeError::Corrupt(F, "missing the VP8L signature"));
            }
            let bits = u32::from_le_bytes([b[1], b[2], b[3], b[4]]);
            Ok(info(F, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => {
            let mut b = [0u8; 10];
            exact(r, &mut b, F)?;
            // The EXIF flag: look for its chunk.
            let orientation = match b[0] & 0x08 != 0 {
                true => webp_orientation(r).unwrap_or(None),
                false => None,
            };
            Ok(ImageInfo {
                animated: b[0] & 0x02 != 0,
                orientation,
                ..info(F, le24(&b[4..7]) + 1, le24(&b[7..10]) + 1)
            })
        }
        _ => Err(ProbeError::Corrupt(F, "unknown first chunk")),
    }
}

fn gif<R: Read + Seek>(r: &mut BufReader<R>, head: &Header) -> Result<ImageInfo, ProbeError> {
    const F: ImageFormat = ImageFormat::Gif;
    // Header (6) + logical screen descriptor (7).
    let mut lsd = [0u8; 13];
    lsd[..head.len.min(13)].copy_from_slice(&head.bytes[..head.len.min(13)]);
    if head.len < 13 {
        exact(r, &mut lsd[head.len..], F)?;
    } else {
        r.seek_relative(13 - head.len as i64)?;
    }
    let (w, h) = (u32::from(le16(&lsd[6..8])), u32::from(le16(&lsd[8..10])));
    if w == 0 || h == 0 {
        return Err(ProbeError::Corrupt(F, "zero dimensions"));
    }
    if lsd[10] & 0x80 != 0 {
        r.seek_relative(3 * (1i64 << ((lsd[10] & 0x07) + 1)))?;
    }
    // Animated GIFs carry the NETSCAPE2.0 loop extension before the first
    // frame; look for it among the leading extension blocks only.
    let mut animated = false;
    for _ in 0..32 {
        let mut intro = [0u8; 2];
        if read_up_to(r, &mut intro)? < 2 || intro[0] != 0x21 {
            break;
        }
        let mut first = true;
        loop {
            let mut len = [0u8; 1];
            if read_up_to(r, &mut len)? == 0 || len[0] == 0 {
                break;
            }
            let mut block = vec![0u8; usize::from(len[0])];
            if read_up_to(r, &mut block)? < block.len() {
                break;
            }
            if first && intro[1] == 0xFF && block.starts_with(b"NETSCAPE2.0") {
                animated = true;
            }
            first = false;
        }
    }
    Ok(ImageInfo { animated, ..info(F, w, h) })
}

#[cfg(test)]
mod tests;
