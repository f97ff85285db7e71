//! Stripping: what goes, what stays, and no panic on any input.

use bytes::Bytes;
use img_parts::ImageEXIF;
use proptest::prelude::*;
use venice_mock::photo::{self, Carried};

use super::*;

fn pixels(bytes: &[u8]) -> Vec<u8> {
    image::load_from_memory(bytes).unwrap().into_rgba8().into_raw()
}

fn file_with(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn a_jpeg_loses_exif_xmp_and_gps_and_keeps_its_profile_and_pixels() {
    let original = Bytes::from(photo::photo(400, 300));
    let (_d, path) = file_with(&original);
    assert!(file_has_metadata(&path).unwrap());
    let clean = strip(&original).expect("something to strip");
    let c = Carried::of(&clean);
    assert!(!c.has_exif && !c.has_gps && !c.has_xmp, "{c:?}");
    assert_eq!(c.icc, Some(photo::icc_profile()), "the colour profile stays");
    assert_eq!(pixels(&clean), pixels(&original), "not re-encoded");
    assert!(strip(&clean).is_none(), "nothing left to strip");
    let (_d2, clean_path) = file_with(&clean);
    assert!(!file_has_metadata(&clean_path).unwrap());
}

#[test]
fn a_png_loses_its_text_and_exif_chunks() {
    let mut png = img_parts::png::Png::from_bytes(Bytes::from(venice_mock::fixtures::png(300, 300))).unwrap();
    png.set_exif(Some(Bytes::from(photo::camera_exif())));
    let text = img_parts::png::PngChunk::new(*b"tEXt", Bytes::from_static(b"Author\0someone"));
    let at = png.chunks().len() - 1; // after the image data, before IEND
    png.chunks_mut().insert(at, text);
    let original = png.encoder().bytes();
    let (_d, path) = file_with(&original);
    assert!(file_has_metadata(&path).unwrap(), "a text chunk after IDAT is found");
    let clean = strip(&original).unwrap();
    let kept = img_parts::png::Png::from_bytes(clean.clone()).unwrap();
    assert!(kept.chunks().iter().all(|c| !PNG_METADATA.contains(&c.kind())));
    assert_eq!(pixels(&clean), pixels(&original));
}

fn webp_with_exif_and_xmp() -> Bytes {
    let mut webp = WebP::from_bytes(Bytes::from(venice_mock::fixtures::webp(300, 300))).unwrap();
    webp.set_exif(Some(Bytes::from(photo::camera_exif())));
    let xmp = img_parts::riff::RiffChunk::new(
        *b"XMP ",
        img_parts::riff::RiffContent::Data(Bytes::from_static(photo::XMP.as_bytes())),
    );
    webp.chunks_mut().push(xmp);
    set_vp8x_flags(&mut webp, VP8X_XMP, true);
    webp.encoder().bytes()
}

#[test]
fn a_webp_loses_exif_and_xmp_with_its_flags_and_size_right() {
    let original = webp_with_exif_and_xmp();
    let (_d, path) = file_with(&original);
    assert!(file_has_metadata(&path).unwrap());
    let clean = strip(&original).unwrap();
    let riff_size = u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize;
    assert_eq!(riff_size + 8, clean.len(), "the RIFF size follows");
    let kept = WebP::from_bytes(clean.clone()).unwrap();
    assert!(!kept.has_chunk(*b"EXIF") && !kept.has_chunk(*b"XMP "));
    if let Some(flags) = kept.chunk_by_id(*b"VP8X").and_then(|c| c.content().data()).and_then(|d| d.first()) {
        assert_eq!(flags & (VP8X_EXIF | VP8X_XMP), 0);
    }
    assert_eq!(pixels(&clean), pixels(&original));
}

#[test]
fn images_without_metadata_and_other_formats_are_left_alone() {
    for bytes in [venice_mock::fixtures::jpeg(300, 300), venice_mock::fixtures::gif(300, 300)] {
        assert!(strip(&Bytes::from(bytes.clone())).is_none());
        let (_d, path) = file_with(&bytes);
        assert!(!file_has_metadata(&path).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any bytes, and a real photo with any byte changed or cut anywhere:
    /// no panic, and the scan and the strip finish.
    #[test]
    fn hostile_bytes_never_panic(noise in proptest::collection::vec(any::<u8>(), 0..512),
                                 at in any::<prop::sample::Index>(), byte in any::<u8>(),
                                 cut in any::<prop::sample::Index>()) {
        let mut photo = photo::photo(64, 64);
        let i = at.index(photo.len());
        photo[i] = byte;
        photo.truncate(cut.index(photo.len()) + 1);
        for head in [b"\xFF\xD8\xFF".as_slice(), b"\x89PNG\r\n\x1a\n", b"RIFF\0\0\0\0WEBP", b""] {
            let mut bytes = head.to_vec();
            bytes.extend_from_slice(&noise);
            if let Some(clean) = strip(&Bytes::from(bytes.clone())) {
                prop_assert!(strip(&clean).is_none(), "a second pass finds nothing");
            }
            let _ = crate::picture::whole::check_bytes(&bytes);
            let (_d, path) = file_with(&bytes);
            let _ = file_has_metadata(&path);
        }
        let _ = crate::picture::whole::check_bytes(&photo);
        if let Some(clean) = strip(&Bytes::from(photo.clone())) {
            prop_assert!(strip(&clean).is_none(), "a second pass finds nothing");
        }
        let (_d, path) = file_with(&photo);
        let _ = file_has_metadata(&path);
    }
}

/// A PNG chunk with its CRC computed, or spoiled.
fn png_chunk(kind: &[u8; 4], data: &[u8], good_crc: bool) -> Vec<u8> {
    let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[4..]) ^ if good_crc { 0 } else { 0xFF };
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

/// PNG's CRC-32 (bit by bit: tests only).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A PNG with `chunks` inserted before its IEND.
fn png_with(chunks: &[Vec<u8>]) -> Vec<u8> {
    let png = venice_mock::fixtures::png(300, 300);
    let iend = png.len() - 12;
    let mut out = png[..iend].to_vec();
    chunks.iter().for_each(|c| out.extend_from_slice(c));
    out.extend_from_slice(&png[iend..]);
    out
}

/// The GPS latitude in [`photo::camera_exif`]: 52/1 as a rational, both byte orders.
fn carries_gps(bytes: &[u8]) -> bool {
    let exif = photo::camera_exif();
    bytes.windows(exif.len()).any(|w| w == exif) || bytes.windows(3).any(|w| w == b"GPS")
}

#[test]
fn a_png_with_a_bad_ancillary_crc_still_loses_its_exif() {
    let exif = png_chunk(b"eXIf", &photo::camera_exif(), true);
    let spoiled = png_chunk(b"prVt", b"a private chunk, its CRC spoiled", false);
    let original = Bytes::from(png_with(&[spoiled, exif]));
    assert!(
        img_parts::png::Png::from_bytes(original.clone()).is_err(),
        "img-parts refuses it (the old path)"
    );
    let (_d, path) = file_with(&original);
    assert!(file_has_metadata(&path).unwrap());
    let clean = strip(&original).expect("stripped, not passed as it was");
    assert!(!carries_gps(&clean) && !clean.windows(4).any(|w| w == b"eXIf"));
    assert!(clean.windows(4).any(|w| w == b"prVt"), "the other chunk is kept, byte for byte");
    assert_eq!(clean.len(), original.len() - 12 - photo::camera_exif().len());
}

#[test]
fn a_truncated_png_with_exif_is_an_error_never_a_pass() {
    let whole = png_with(&[png_chunk(b"eXIf", &photo::camera_exif(), true)]);
    for cut in [whole.len() / 2, whole.len() - 20, whole.len() - 1] {
        let bytes = Bytes::copy_from_slice(&whole[..cut]);
        assert!(matches!(remove_metadata(&bytes), Err(Flaw::Truncated(_))), "cut at {cut}");
        assert!(strip(&bytes).is_none());
        let (_d, path) = file_with(&bytes);
        assert!(file_has_metadata(&path).unwrap(), "what it carries cannot be ruled out");
    }
}

fn webp_without_its_last_pad() -> Bytes {
    let mut webp = venice_mock::fixtures::webp(300, 300);
    let mut exif = photo::camera_exif();
    if exif.len().is_multiple_of(2) {
        exif.push(0); // odd-sized
    }
    webp.extend_from_slice(b"EXIF");
    webp.extend_from_slice(&u32::try_from(exif.len()).unwrap().to_le_bytes());
    webp.extend_from_slice(&exif); // and no pad byte after it
    let size = u32::try_from(webp.len() - 8).unwrap();
    webp[4..8].copy_from_slice(&size.to_le_bytes());
    Bytes::from(webp)
}

#[test]
fn a_webp_whose_odd_sized_last_chunk_has_no_pad_loses_its_exif() {
    let original = webp_without_its_last_pad();
    assert!(WebP::from_bytes(original.clone()).is_err(), "img-parts refuses it (the old path)");
    let (_d, path) = file_with(&original);
    assert!(file_has_metadata(&path).unwrap());
    let clean = strip(&original).expect("stripped");
    assert!(!carries_gps(&clean) && !clean.windows(4).any(|w| w == b"EXIF"));
    let riff_size = u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize;
    assert_eq!(riff_size + 8, clean.len(), "the RIFF size follows");
    assert_eq!(pixels(&clean), pixels(&original));
}

fn gif_with_xmp_and_a_comment(gif: &[u8]) -> Bytes {
    let trailer = gif.len() - 1;
    let mut out = gif[..trailer].to_vec();
    // XMP as GIFs carry it: the packet raw, then the 258-byte "magic trailer".
    out.extend_from_slice(b"\x21\xFF\x0BXMP DataXMP");
    out.extend_from_slice(photo::XMP.as_bytes());
    out.push(0x01);
    out.extend((0..=0xFFu8).rev());
    out.push(0x00);
    out.extend_from_slice(b"\x21\xFE\x0Bshot by me\0\x00");
    out.push(0x3B);
    Bytes::from(out)
}

#[test]
fn a_gif_loses_its_xmp_and_comments() {
    let gif = venice_mock::fixtures::gif(300, 300);
    let original = gif_with_xmp_and_a_comment(&gif);
    assert_eq!(pixels(&original), pixels(&gif), "a readable GIF");
    let (_d, path) = file_with(&original);
    assert!(file_has_metadata(&path).unwrap());
    let clean = strip(&original).expect("stripped");
    assert_eq!(&clean[..], &gif[..], "exactly the GIF without its extensions");
}

#[test]
fn a_jpeg_app1_after_the_first_scan_is_found_and_removed() {
    let jpeg = venice_mock::fixtures::jpeg(300, 300);
    let eoi = jpeg.len() - 2;
    let mut out = jpeg[..eoi].to_vec();
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&photo::camera_exif());
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[eoi..]);
    let original = Bytes::from(out);
    let (_d, path) = file_with(&original);
    assert!(file_has_metadata(&path).unwrap(), "the old scan stopped at the first SOS");
    let clean = strip(&original).expect("stripped");
    assert!(!carries_gps(&clean));
    assert_eq!(&clean[..], &jpeg[..]);
}

#[test]
fn a_trailer_after_the_end_is_left_out_of_the_upload() {
    let jpeg = venice_mock::fixtures::jpeg(300, 300);
    let mut with_trailer = jpeg.clone();
    with_trailer.extend_from_slice(b"SEFH\0GPS 52.37N 4.89E");
    let (_d, path) = file_with(&with_trailer);
    assert!(file_has_metadata(&path).unwrap());
    assert_eq!(&strip(&Bytes::from(with_trailer)).unwrap()[..], &jpeg[..]);
}

#[test]
fn the_pieces_read_from_the_file_are_the_stripped_bytes() {
    let mut png_text =
        img_parts::png::Png::from_bytes(Bytes::from(venice_mock::fixtures::png(300, 300))).unwrap();
    png_text.set_exif(Some(Bytes::from(photo::camera_exif())));
    let mut jpeg_trailer = venice_mock::fixtures::jpeg(300, 300);
    jpeg_trailer.extend_from_slice(b"SEFH\0GPS 52.37N 4.89E");
    let spoiled = png_chunk(b"prVt", b"a private chunk, its CRC spoiled", false);
    let exif = png_chunk(b"eXIf", &photo::camera_exif(), true);
    let inputs = [
        ("jpeg", Bytes::from(photo::photo(400, 300))),
        ("jpeg with a trailer", Bytes::from(jpeg_trailer)),
        ("png", png_text.encoder().bytes()),
        ("png with a bad crc", Bytes::from(png_with(&[spoiled, exif]))),
        ("webp", webp_with_exif_and_xmp()),
        ("webp without its last pad", webp_without_its_last_pad()),
        ("gif", gif_with_xmp_and_a_comment(&venice_mock::fixtures::gif(300, 300))),
    ];
    for (what, original) in inputs {
        let expected = remove_metadata(&original).unwrap().expect(what);
        let (_d, path) = file_with(&original);
        let mut file = std::fs::File::open(&path).unwrap();
        let walk = walk(&mut file, original.len() as u64).unwrap().unwrap().unwrap();
        let pieces = pieces(&walk, &mut file).unwrap();
        assert!(pieces.iter().any(|p| matches!(p, Piece::Range { .. })), "{what}: ranges of the file");
        let small = pieces.iter().filter_map(|p| match p {
            Piece::Bytes(b) => Some(b.len()),
            Piece::Range { .. } => None,
        });
        assert!(small.sum::<usize>() <= 16, "{what}: only a few bytes in memory");
        let merged = pieces.windows(2).all(|w| match (&w[0], &w[1]) {
            (Piece::Range { end, .. }, Piece::Range { start, .. }) => end != start,
            _ => true,
        });
        assert!(merged, "{what}: adjacent ranges are one");
        assert_eq!(pieces.iter().map(Piece::len).sum::<u64>(), expected.len() as u64, "{what}");
        assert_eq!(read_pieces(&mut file, &pieces).unwrap(), expected, "{what}: the same bytes");
    }
}
