//! A `venice` built without HEIC and AVIF support (`--no-default-features`,
//! as on Windows) refuses such photos before sending anything, and says
//! which build takes them.

use venice_mock::MockConfig;

use crate::common::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_heic_is_refused_unpaid_naming_the_build_that_takes_it() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    // What an iPhone's file starts with: an ISO box `ftyp` of brand `heic`.
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.resize(4096, 0);
    write(dir.path(), "IMG_0001.HEIC", &heic);
    let out = venice(&server, dir.path(), &["edit", "IMG_0001.HEIC", "-p", "x", "-o", "out.png"], None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("IMG_0001.HEIC is a HEIC image") && said.contains("`heic` feature"), "{said}");
    assert_eq!(edits(&server), 0, "nothing was sent");
    assert!(!dir.path().join("out.png").exists());
}
