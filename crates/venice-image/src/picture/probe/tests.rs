//! The header reader on real and hand-made headers.

use super::*;

fn png_header(w: u32, h: u32, depth: u8) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    v.extend_from_slice(&w.to_be_bytes());
    v.extend_from_slice(&h.to_be_bytes());
    v.extend_from_slice(&[depth, 2, 0, 0, 0]);
    let crc = crc32(&v[12..29]);
    v.extend_from_slice(&crc.to_be_bytes());
    v
}

#[test]
fn png_dimensions_and_depth() {
    let i = probe_bytes(&png_header(6000, 4000, 16)).unwrap();
    assert_eq!((i.format, i.width, i.height, i.bit_depth), (ImageFormat::Png, 6000, 4000, 16));
}

#[test]
fn png_with_a_bad_checksum_or_cut_short_is_refused() {
    let mut bad = png_header(10, 10, 8);
    bad[17] ^= 1;
    assert!(matches!(probe_bytes(&bad), Err(ProbeError::Corrupt(ImageFormat::Png, _))));
    let cut = &png_header(10, 10, 8)[..20];
    assert!(matches!(probe_bytes(cut), Err(ProbeError::Truncated(ImageFormat::Png))));
}

fn jpeg_with(segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8];
    for (code, body) in segments {
        v.extend_from_slice(&[0xFF, *code]);
        v.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        v.extend_from_slice(body);
    }
    v
}

fn sof(w: u16, h: u16, components: u8) -> Vec<u8> {
    let mut b = vec![8];
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&w.to_be_bytes());
    b.push(components);
    b.extend_from_slice(&vec![0; 3 * components as usize]);
    b
}

#[test]
fn jpeg_skips_segments_and_reads_exif_orientation() {
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01".to_vec();
    exif.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    let big_app = vec![0u8; 60_000];
    let data =
        jpeg_with(&[(0xE0, b"JFIF\0".to_vec()), (0xE1, exif), (0xE2, big_app), (0xC2, sof(4000, 3000, 4))]);
    let i = probe_bytes(&data).unwrap();
    assert_eq!((i.width, i.height), (4000, 3000));
    assert_eq!(i.orientation, Some(6));
    assert!(i.progressive && i.cmyk);
}

#[test]
fn a_jpeg_shorter_than_the_sniffed_head_is_truncated_not_an_io_error() {
    let full = jpeg_with(&[(0xC0, sof(10, 10, 3))]);
    // The frame header's fields end at byte 12.
    for n in 3..12 {
        assert!(
            matches!(probe_bytes(&full[..n]), Err(ProbeError::Truncated(ImageFormat::Jpeg))),
            "{n} bytes"
        );
    }
    assert_eq!(probe_bytes(&full[..12]).unwrap().width, 10);
}

#[test]
fn jpeg_without_a_frame_header_is_corrupt() {
    let data = jpeg_with(&[(0xE0, b"JFIF\0".to_vec()), (0xDA, vec![0; 4])]);
    assert!(matches!(probe_bytes(&data), Err(ProbeError::Corrupt(ImageFormat::Jpeg, _))));
    let cut = &jpeg_with(&[(0xC0, sof(10, 10, 3))])[..8];
    assert!(matches!(probe_bytes(cut), Err(ProbeError::Truncated(ImageFormat::Jpeg))));
}

#[test]
fn webp_variants() {
    let mut lossy = b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0".to_vec();
    lossy.extend_from_slice(&[0, 0, 0, 0x9D, 0x01, 0x2A]);
    lossy.extend_from_slice(&640u16.to_le_bytes());
    lossy.extend_from_slice(&480u16.to_le_bytes());
    assert_eq!(probe_bytes(&lossy).unwrap().width, 640);

    let mut extended = b"RIFF\0\0\0\0WEBPVP8X\0\0\0\0".to_vec();
    extended.extend_from_slice(&[0x02, 0, 0, 0]);
    extended.extend_from_slice(&[0x7F, 0x02, 0x00, 0xDF, 0x01, 0x00]); // 640x480
    let i = probe_bytes(&extended).unwrap();
    assert_eq!((i.width, i.height, i.animated), (640, 480, true));
}

#[test]
fn gif_dimensions_and_animation() {
    let mut g = b"GIF89a".to_vec();
    g.extend_from_slice(&300u16.to_le_bytes());
    g.extend_from_slice(&200u16.to_le_bytes());
    g.extend_from_slice(&[0x80, 0, 0]); // global table of 2 colours
    g.extend_from_slice(&[0; 6]);
    g.extend_from_slice(&[0x21, 0xFF, 11]);
    g.extend_from_slice(b"NETSCAPE2.0");
    g.extend_from_slice(&[3, 1, 0, 0, 0]);
    let i = probe_bytes(&g).unwrap();
    assert_eq!((i.width, i.height, i.animated), (300, 200, true));
}

#[test]
fn other_formats_are_named_not_read() {
    for (bytes, format) in [
        (&b"BM\0\0\0\0\0\0\0\0\0\0\0\0\0\0"[..], ImageFormat::Bmp),
        (b"II*\0\0\0\0\0\0\0\0\0\0\0\0\0", ImageFormat::Tiff),
        (b"\0\0\0\x1cftypavif\0\0\0\0", ImageFormat::Avif),
        (b"\0\0\0\x18ftypheic\0\0\0\0", ImageFormat::Heic),
    ] {
        match probe_bytes(bytes) {
            Err(ProbeError::Unsupported(f)) => assert_eq!(f, format),
            other => panic!("{format}: {other:?}"),
        }
    }
    assert!(matches!(probe_bytes(b""), Err(ProbeError::Empty)));
    assert!(matches!(probe_bytes(b"hello world, not an image"), Err(ProbeError::Unknown)));
}

/// A little-endian TIFF block whose only tag is orientation `o`.
fn tiff_oriented(o: u16) -> Vec<u8> {
    let mut t = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
    t.extend_from_slice(&o.to_le_bytes());
    t.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    t
}

fn chunk(kind: &[u8; 4], body: &[u8], big_endian: bool) -> Vec<u8> {
    let len = u32::try_from(body.len()).unwrap();
    let len = if big_endian { len.to_be_bytes() } else { len.to_le_bytes() };
    let (mut c, tail) = match big_endian {
        true => ([len.as_slice(), kind.as_slice()].concat(), vec![0u8; 4]),
        false => ([kind.as_slice(), len.as_slice()].concat(), vec![0u8; body.len() & 1]),
    };
    c.extend_from_slice(body);
    c.extend_from_slice(&tail);
    c
}

#[test]
fn png_and_webp_exif_orientation_is_read_past_the_chunks_before_it() {
    // PNG: eXIf after another ancillary chunk, before IDAT.
    let mut png = png_header(900, 600, 8);
    png.extend(chunk(b"pHYs", &[0; 9], true));
    png.extend(chunk(b"eXIf", &tiff_oriented(6), true));
    png.extend(chunk(b"IDAT", &[0; 16], true));
    assert_eq!(probe_bytes(&png).unwrap().orientation, Some(6));
    // After IDAT, where PNG does not keep it, or cut short: none.
    let mut late = png_header(900, 600, 8);
    late.extend(chunk(b"IDAT", &[0; 16], true));
    late.extend(chunk(b"eXIf", &tiff_oriented(6), true));
    assert_eq!(probe_bytes(&late).unwrap().orientation, None);
    assert_eq!(probe_bytes(&png[..png.len() - 40]).unwrap().orientation, None);

    // WebP: the VP8X flag, then EXIF after the (odd-sized, padded) image data.
    let mut body = b"WEBP".to_vec();
    body.extend(chunk(b"VP8X", &[0x08, 0, 0, 0, 0x83, 0x03, 0, 0x57, 0x02, 0], false));
    body.extend(chunk(b"VP8 ", &[0; 7], false));
    body.extend(chunk(b"EXIF", &tiff_oriented(8), false));
    let mut webp = b"RIFF".to_vec();
    webp.extend_from_slice(&u32::try_from(body.len()).unwrap().to_le_bytes());
    webp.extend(body);
    let info = probe_bytes(&webp).unwrap();
    assert_eq!((info.width, info.height, info.orientation), (900, 600, Some(8)));
    // Without the flag, the chunks are not searched.
    webp[20] = 0;
    assert_eq!(probe_bytes(&webp).unwrap().orientation, None);
}
