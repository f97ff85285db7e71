//! Whole or cut: real images cut at many lengths, and the JPEGs whose
//! shape fools a naive check (an EXIF thumbnail's EOI, MPO frames, trailers).

use bytes::Bytes;
use venice_mock::fixtures;

use super::*;

/// The lengths a file is cut at: in its header, every tenth, one byte
/// short. (Under 16 bytes the format is not even known: the probe's case.)
fn cuts(len: usize) -> Vec<usize> {
    let mut at: Vec<usize> = (1..10).map(|t| len * t / 10).collect();
    at.extend([20, len - 1]);
    at
}

fn assert_truncated(bytes: &[u8], what: &str) {
    assert_eq!(check_bytes(bytes), Ok(()), "{what} whole");
    for cut in cuts(bytes.len()) {
        let flaw = check_bytes(&bytes[..cut]).expect_err(&format!("{what} cut at {cut} of {}", bytes.len()));
        assert!(matches!(flaw, Flaw::Truncated(_)), "{what} cut at {cut}: {flaw:?}");
    }
}

#[test]
fn every_format_cut_anywhere_is_truncated() {
    assert_truncated(&fixtures::jpeg(320, 240), "JPEG");
    assert_truncated(&fixtures::png(320, 240), "PNG");
    assert_truncated(&fixtures::webp(320, 240), "WebP");
    assert_truncated(&fixtures::gif(320, 240), "GIF");
    assert_truncated(&venice_mock::photo::photo(320, 240), "a camera's JPEG (EXIF, XMP, ICC)");
}

#[test]
fn a_jpeg_cut_at_60_percent_is_named_truncated_from_disk_too() {
    let jpeg = fixtures::jpeg(640, 480);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.jpg");
    std::fs::write(&path, &jpeg[..jpeg.len() * 6 / 10]).unwrap();
    let flaw = check_file(&path).unwrap().unwrap_err();
    assert_eq!(flaw, Flaw::Truncated("the end-of-image marker after its scan".into()));
    std::fs::write(&path, &jpeg).unwrap();
    assert_eq!(check_file(&path).unwrap(), Ok(()));
}

/// A JPEG whose APP1 carries a whole small JPEG (an EXIF thumbnail, with
/// its own `FF D9`) before the main picture's scan.
fn with_thumbnail() -> Vec<u8> {
    let mut exif = b"Exif\0\0II*\0\x08\0\0\0\0\0".to_vec();
    exif.extend_from_slice(&fixtures::jpeg(16, 16));
    let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(Bytes::from(fixtures::jpeg(320, 240))).unwrap();
    jpeg.segments_mut().insert(0, img_parts::jpeg::JpegSegment::new_with_contents(0xE1, Bytes::from(exif)));
    jpeg.encoder().bytes().to_vec()
}

#[test]
fn an_exif_thumbnails_end_marker_does_not_make_a_cut_jpeg_whole() {
    let jpeg = with_thumbnail();
    // The main picture's scan (the thumbnail has its own, earlier).
    let sos = jpeg.windows(2).rposition(|w| w == [0xFF, 0xDA]).unwrap();
    let thumb_eoi = jpeg[..sos].windows(2).position(|w| w == [0xFF, 0xD9]);
    assert!(thumb_eoi.is_some(), "the thumbnail's EOI comes before the scan");
    assert_truncated(&jpeg, "a JPEG with an EXIF thumbnail");
    // Cut inside the main scan: an FF D9 is in the file, but not after the scan.
    let flaw = check_bytes(&jpeg[..sos + (jpeg.len() - sos) / 2]).unwrap_err();
    assert!(matches!(flaw, Flaw::Truncated(_)), "{flaw:?}");
}

#[test]
fn mpo_frames_and_phone_trailers_after_the_end_are_whole() {
    let first = fixtures::jpeg(320, 240);
    let mut mpo = first.clone();
    mpo.extend_from_slice(&fixtures::jpeg(160, 120));
    assert_eq!(check_bytes(&mpo), Ok(()), "two frames");
    let mut trailer = first.clone();
    trailer.extend_from_slice(b"SEFHtrailer written by a phone\0\0\0\x01");
    assert_eq!(check_bytes(&trailer), Ok(()), "a trailer after the EOI");
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [("mpo.jpg", &mpo), ("trailer.jpg", &trailer)] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(check_file(&path).unwrap(), Ok(()), "{name}");
    }
}

#[test]
fn a_webp_whose_riff_size_outruns_the_file_is_truncated_and_a_missing_last_pad_is_not() {
    let webp = fixtures::webp(64, 48);
    let mut longer = webp.clone();
    let size = u32::from_le_bytes(webp[4..8].try_into().unwrap()) + 2;
    longer[4..8].copy_from_slice(&size.to_le_bytes());
    assert!(matches!(check_bytes(&longer), Err(Flaw::Truncated(_))));
    // An odd-sized last chunk written without its pad byte.
    let mut odd = webp.clone();
    odd.extend_from_slice(b"ABCD\x03\0\0\0xyz");
    let size = u32::try_from(odd.len() - 8).unwrap();
    odd[4..8].copy_from_slice(&size.to_le_bytes());
    assert_eq!(check_bytes(&odd), Ok(()));
}

#[test]
fn unknown_formats_and_noise_are_left_to_the_probe() {
    assert_eq!(check_bytes(b"BM not walked here"), Ok(()));
    assert_eq!(check_bytes(b""), Ok(()));
    let flaw = check_bytes(b"GIF89a\x01\0\x01\0\0\0\0\x99").unwrap_err();
    assert!(matches!(flaw, Flaw::Damaged(_)), "{flaw:?}");
}
