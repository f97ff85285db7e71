//! Nothing paid for nothing (issue 29, round two): where an input would
//! cost a call and bring back nothing usable, or leak what it carries, or a
//! keystore would hang or abort the command, `venice` refuses before
//! anything reaches the service. Each test reads the emulator's own log.

use std::path::Path;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use venice_mock::{MockConfig, fixtures, photo};

use crate::common::*;

/// No request reached the service at all: the inputs are checked before
/// anything is asked of it, the catalogue included.
fn assert_nothing_paid(server: &venice_mock::MockServer) {
    let requests = server.requests();
    assert!(requests.is_empty(), "nothing may be sent: {requests:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_truncated_jpeg_is_refused_before_anything_is_sent() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let jpeg = fixtures::jpeg(640, 480);
    let cut = jpeg[..jpeg.len() * 6 / 10].to_vec();
    write(dir.path(), "cut.jpg", &cut);
    let out = venice(&server, dir.path(), &["edit", "cut.jpg", "-p", "x", "-o", "out.jpg"], None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("cut.jpg is truncated"), "{err}");
    assert!(err.contains("copy or export it again"), "says how to fix it: {err}");
    assert_nothing_paid(&server);
    assert!(!dir.path().join("out.jpg").exists());
    // The same bytes on standard input.
    let out = venice(&server, dir.path(), &["edit", "-", "-p", "x", "-o", "out.jpg"], Some(cut));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("truncated"), "{}", stderr(&out));
    assert_nothing_paid(&server);
    assert!(!dir.path().join("out.jpg").exists());
}

/// A PNG chunk with its CRC right, or spoiled.
fn png_chunk(kind: &[u8; 4], data: &[u8], good_crc: bool) -> Vec<u8> {
    let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = !0u32;
    for &b in &out[4..] {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    out.extend_from_slice(&(!crc ^ if good_crc { 0 } else { 1 }).to_be_bytes());
    out
}

/// A PNG with `chunks` before its IEND.
fn png_with(chunks: &[&[u8]]) -> Vec<u8> {
    let png = fixtures::png(400, 300);
    let iend = png.len() - 12;
    let mut out = png[..iend].to_vec();
    chunks.iter().for_each(|c| out.extend_from_slice(c));
    out.extend_from_slice(&png[iend..]);
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_png_with_a_bad_ancillary_crc_goes_without_its_exif_gps() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let spoiled = png_chunk(b"prVt", b"a private chunk whose CRC is wrong", false);
    let exif = png_chunk(b"eXIf", &photo::camera_exif(), true);
    write(dir.path(), "gps.png", &png_with(&[&spoiled, &exif]));
    let expected = png_with(&[&spoiled]);
    let out = venice(&server, dir.path(), &["edit", "gps.png", "-p", "x", "-o", "out.png"], None);
    let sent = server.image_requests();
    assert_eq!(sent.len(), 1, "{}", stderr(&out));
    let image = &sent[0].images[0];
    assert_eq!(image.byte_len, expected.len() as u64, "the eXIf chunk is gone, all else kept");
    assert_eq!(image.sha256, format!("{:x}", Sha256::digest(&expected)));
    assert!(!image.has_exif && !image.has_gps);
    assert!(out.status.success(), "the edit itself goes through: {}", stderr(&out));
}

/// The scrypt keystore of the library's tests with one KDF parameter changed.
fn keystore_with(kdf: &str, key: &str, value: u64) -> String {
    let source = match kdf {
        "scrypt" => include_str!("../../../venice-image/src/wallet/testdata/keystore-scrypt.json"),
        _ => include_str!("../../../venice-image/src/wallet/testdata/keystore-pbkdf2.json"),
    };
    let mut v: serde_json::Value = serde_json::from_str(source).unwrap();
    v["crypto"]["kdfparams"][key] = value.into();
    v.to_string()
}

fn password_file(dir: &Path) -> String {
    let pw = write(dir, "pw", b"correct horse\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    pw.to_string_lossy().into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn keystore_kdf_bombs_end_the_command_at_once_and_send_nothing() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let url = server.base_url();
    let pw = password_file(dir.path());
    let photo = write(dir.path(), "in.png", &fixtures::png(400, 300));
    let bombs =
        [("scrypt", "n", 1u64 << 40), ("scrypt", "p", 1_000_000), ("pbkdf2", "c", u64::from(u32::MAX))];
    for (kdf, key, value) in bombs {
        write(dir.path(), "bomb.json", keystore_with(kdf, key, value).as_bytes());
        let started = Instant::now();
        let out = bare(
            dir.path(),
            &[
                "--base-url",
                &url,
                "--wallet-keystore",
                "bomb.json",
                "edit",
                photo.to_str().unwrap(),
                "-p",
                "x",
                "-o",
                "o.png",
            ],
            &[("VENICE_WALLET_PASSWORD_FILE", &pw)],
        );
        let took = started.elapsed();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(4), "{kdf} {key}: {err}");
        assert!(took < Duration::from_secs(20), "{kdf} {key} = {value}: {took:?}");
        assert!(err.contains(&format!("{kdf} {key} = {value}")), "names the parameter: {err}");
        assert!(!err.contains("memory allocation"), "{err}");
        assert!(server.requests().is_empty(), "{kdf} {key}: nothing sent");
        assert!(!dir.path().join("o.png").exists());
    }
}
