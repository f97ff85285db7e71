//! Tests of `source.rs`.

use super::*;

#[cfg(unix)]
#[test]
fn a_pipe_is_read_as_a_stream_not_taken_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let png = venice_mock::fixtures::png(300, 300);
    let writer = {
        let (fifo, png) = (fifo.clone(), png.clone());
        std::thread::spawn(move || std::fs::write(fifo, png).unwrap())
    };
    let (checked, _) = check("image", ImageSource::path(&fifo), Default::default()).unwrap();
    writer.join().unwrap();
    assert_eq!(checked.bytes(), Some(png.len() as u64));
    assert!(matches!(checked.kind, Checked::Local { data: LocalData::Memory(_), .. }), "held in memory");
    assert_eq!(checked.info().map(|i| (i.width, i.height)), Some((300, 300)));
}

fn sent_bytes(checked: &CheckedImage) -> Bytes {
    match &checked.kind {
        Checked::Local { data: LocalData::Memory(b), .. } => b.clone(),
        Checked::Local { data: LocalData::File { path, .. }, .. } => {
            Bytes::from(std::fs::read(path).unwrap())
        }
        Checked::Local { data: LocalData::Pieces { path, pieces, .. }, .. } => {
            crate::picture::strip::read_pieces(&mut std::fs::File::open(path).unwrap(), pieces).unwrap()
        }
        Checked::Url(_) => panic!("not local"),
    }
}

#[test]
fn a_truncated_input_is_refused_from_disk_and_from_memory_with_or_without_metadata() {
    let jpeg = venice_mock::fixtures::jpeg(640, 480);
    let cut = jpeg[..jpeg.len() * 6 / 10].to_vec();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.jpg");
    std::fs::write(&path, &cut).unwrap();
    let keep = crate::request::options::UploadOptions { keep_metadata_in_upload: true, ..Default::default() };
    for upload in [Default::default(), keep] {
        let e = check("image", ImageSource::path(&path), upload).unwrap_err();
        assert_eq!(e.rule, Rule::Truncated, "{e:?}");
        assert!(e.message.starts_with(&format!("{} is truncated", path.display())), "{}", e.message);
        assert!(e.message.contains("copy or export it again"), "says what to do: {}", e.message);
        let e = check("image", ImageSource::bytes(cut.clone()), upload).unwrap_err();
        assert_eq!(e.rule, Rule::Truncated, "{e:?}");
        let e = check("image", ImageSource::base64(base64_simd::STANDARD.encode_to_string(&cut)), upload)
            .unwrap_err();
        assert_eq!(e.rule, Rule::Truncated, "{e:?}");
    }
    let e = check("image", ImageSource::reader(std::io::Cursor::new(cut)), Default::default()).unwrap_err();
    assert!(e.rule == Rule::Truncated && e.message.starts_with("stdin is truncated"), "{e:?}");
    std::fs::write(&path, &jpeg).unwrap();
    assert!(check("image", ImageSource::path(&path), Default::default()).is_ok(), "the whole file passes");
}

#[test]
fn a_png_the_old_parser_could_not_strip_is_sent_without_its_exif() {
    // An eXIf chunk after a private chunk whose CRC is wrong.
    let png = venice_mock::fixtures::png(300, 300);
    let iend = png.len() - 12;
    let mut bytes = png[..iend].to_vec();
    bytes.extend_from_slice(b"\0\0\0\x01prVtx\0\0\0\0");
    let exif = venice_mock::photo::camera_exif();
    bytes.extend_from_slice(&u32::try_from(exif.len()).unwrap().to_be_bytes());
    bytes.extend_from_slice(b"eXIf");
    bytes.extend_from_slice(&exif);
    bytes.extend_from_slice(&[0; 4]); // its CRC is not judged either
    bytes.extend_from_slice(&png[iend..]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gps.png");
    std::fs::write(&path, &bytes).unwrap();
    for source in [ImageSource::path(&path), ImageSource::bytes(bytes.clone())] {
        let (checked, _) = check("image", source, Default::default()).unwrap();
        let sent = sent_bytes(&checked);
        assert!(checked.metadata_removed());
        assert!(!sent.windows(4).any(|w| w == b"eXIf"), "no eXIf sent");
        assert!(!sent.windows(exif.len()).any(|w| w == exif.as_slice()), "no GPS sent");
    }
}

#[tokio::test]
async fn a_file_with_metadata_streams_its_kept_pieces_from_disk() {
    use crate::request::encode::{JsonBody, MultipartBody};
    let original = Bytes::from(venice_mock::photo::photo(400, 300));
    let clean = remove_metadata(&original).unwrap().expect("metadata to remove");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.jpg");
    std::fs::write(&path, &original).unwrap();
    let (checked, _) = check("image", ImageSource::path(&path), Default::default()).unwrap();
    assert!(checked.metadata_removed());
    let Checked::Local { data, .. } = &checked.kind else { panic!("not local") };
    let pieces = matches!(data, LocalData::Pieces { len, .. } if *len == original.len() as u64);
    assert!(pieces, "streamed from disk, not held in memory");
    assert_eq!(checked.bytes(), Some(clean.len() as u64));
    let mut form = MultipartBody::with_boundary("B");
    form.file("image", "photo.jpg", "image/jpeg", data.clone());
    let body = form.to_vec().await.unwrap();
    assert_eq!(body.len() as u64, form.len());
    let head: &[u8] = b"--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.jpg\"\r\n\
                        Content-Type: image/jpeg\r\n\r\n";
    let tail: &[u8] = b"\r\n--B--\r\n";
    assert!(body.starts_with(head) && body.ends_with(tail));
    assert!(body[head.len()..body.len() - tail.len()] == clean[..], "exactly the cleaned bytes");
    let mut json = JsonBody::new();
    json.base64("image", data.clone());
    let expected = format!("{{\"image\":\"{}\"}}", base64_simd::STANDARD.encode_to_string(&clean));
    assert!(json.to_vec().await.unwrap() == expected.as_bytes(), "and in base64");
    check_unchanged(std::slice::from_ref(&checked)).unwrap();
    std::fs::write(&path, &original[..original.len() - 1]).unwrap();
    assert!(check_unchanged(std::slice::from_ref(&checked)).is_err(), "its length changed");
    let err = form.to_vec().await.unwrap_err();
    assert!(err.to_string().contains("changed while it was being sent"), "{err}");
}

#[test]
fn urls_must_be_http_with_a_host() {
    assert_eq!(check_url("image", "https://example.com/a.png").unwrap(), "https://example.com/a.png");
    for bad in ["ftp://example.com/a.png", "file:///etc/passwd", "example.com/a.png", "https://"] {
        let e = check_url("image", bad).unwrap_err();
        assert_eq!(e.rule, Rule::InvalidUrl, "{bad}");
    }
}

#[test]
fn base64_with_and_without_data_prefix() {
    assert_eq!(&decode_base64("image", "aGkh").unwrap()[..], b"hi!");
    assert_eq!(&decode_base64("image", "data:image/png;base64,aGkh").unwrap()[..], b"hi!");
    assert_eq!(decode_base64("image", "not base64 at all!").unwrap_err().rule, Rule::InvalidBase64);
    assert_eq!(decode_base64("image", "data:text/plain,hello").unwrap_err().rule, Rule::InvalidBase64);
}
