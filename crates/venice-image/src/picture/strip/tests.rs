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

#[test]
fn a_webp_loses_exif_and_xmp_with_its_flags_and_size_right() {
    let mut webp = WebP::from_bytes(Bytes::from(venice_mock::fixtures::webp(300, 300))).unwrap();
    webp.set_exif(Some(Bytes::from(photo::camera_exif())));
    let xmp = img_parts::riff::RiffChunk::new(
        *b"XMP ",
        img_parts::riff::RiffContent::Data(Bytes::from_static(photo::XMP.as_bytes())),
    );
    webp.chunks_mut().push(xmp);
    set_vp8x_flags(&mut webp, VP8X_XMP, true);
    let original = webp.encoder().bytes();
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
            let _ = strip(&Bytes::from(bytes.clone()));
            let (_d, path) = file_with(&bytes);
            let _ = file_has_metadata(&path);
        }
        let _ = strip(&Bytes::from(photo.clone()));
        let (_d, path) = file_with(&photo);
        let _ = file_has_metadata(&path);
    }
}
