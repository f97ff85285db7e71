//! Tests of `encode.rs`.

use super::*;

#[tokio::test]
async fn multipart_layout_is_exact() {
    let mut form = MultipartBody::with_boundary("B");
    form.text("prompt", "hi");
    form.file("image", "a\"b.png", "image/png", LocalData::Memory(Bytes::from_static(b"PNGDATA")));
    let body = form.to_vec().await.unwrap();
    let expected = "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhi\r\n\
                    --B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a%22b.png\"\r\n\
                    Content-Type: image/png\r\n\r\nPNGDATA\r\n--B--\r\n";
    assert_eq!(String::from_utf8(body.clone()).unwrap(), expected);
    assert_eq!(form.len(), body.len() as u64);
}

#[tokio::test]
async fn files_stream_in_chunks_and_match_their_length() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.bin");
    let data: Vec<u8> = (0..(FILE_CHUNK * 2 + 5)).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &data).unwrap();
    let mut json = JsonBody::new();
    json.base64("image", LocalData::File { path: path.clone(), len: data.len() as u64 });
    let body = json.to_vec().await.unwrap();
    assert_eq!(body.len() as u64, json.len());
    let expected = format!("{{\"image\":\"{}\"}}", String::from_utf8(base64_encode(&data)).unwrap());
    assert!(body == expected.as_bytes());

    // A file that changed since it was checked fails the stream.
    let mut form = MultipartBody::with_boundary("B");
    form.file("image", "big.bin", "image/png", LocalData::File { path, len: data.len() as u64 + 1 });
    let err = form.to_vec().await.unwrap_err();
    assert!(err.to_string().contains("changed while it was being sent"), "{err}");
}

#[tokio::test]
async fn pieces_of_a_file_stream_in_order_across_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.bin");
    let data: Vec<u8> = (0..(FILE_CHUNK * 2 + 5)).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &data).unwrap();
    let cut = FILE_CHUNK + FILE_CHUNK / 2;
    let pieces = vec![
        Piece::Bytes(Bytes::from_static(b"head")),
        Piece::Range { start: 7, end: cut as u64 },
        Piece::Bytes(Bytes::from_static(b"x")),
        Piece::Range { start: cut as u64 + 10, end: data.len() as u64 - 2 },
        Piece::Bytes(Bytes::from_static(b"\0")),
    ];
    let mut expected = b"head".to_vec();
    expected.extend_from_slice(&data[7..cut]);
    expected.push(b'x');
    expected.extend_from_slice(&data[cut + 10..data.len() - 2]);
    expected.push(0);
    let local = LocalData::Pieces { path: path.clone(), len: data.len() as u64, pieces };
    assert_eq!(local.len(), expected.len() as u64);
    let mut form = MultipartBody::with_boundary("B");
    form.file("image", "big.bin", "image/png", local.clone());
    let body = form.to_vec().await.unwrap();
    assert_eq!(body.len() as u64, form.len());
    assert!(body.windows(expected.len()).any(|w| w == expected.as_slice()));
    let mut json = JsonBody::new();
    json.base64("image", local);
    let body = json.to_vec().await.unwrap();
    assert_eq!(body.len() as u64, json.len());
    let b64 = format!("{{\"image\":\"{}\"}}", String::from_utf8(base64_encode(&expected)).unwrap());
    assert!(body == b64.as_bytes());

    // A file longer than when it was checked fails the stream.
    std::fs::write(&path, [&data[..], b"more"].concat()).unwrap();
    let err = form.to_vec().await.unwrap_err();
    assert!(err.to_string().contains("changed while it was being sent"), "{err}");
}

#[tokio::test]
async fn json_arrays_mix_urls_and_base64() {
    let mut json = JsonBody::new();
    json.string_array(
        "images",
        vec![
            ArrayItem::Text("https://x/a.png".into()),
            ArrayItem::Base64(LocalData::Memory(Bytes::from_static(b"ab"))),
        ],
    );
    json.value("safe_mode", &serde_json::Value::Bool(false));
    let body = json.to_vec().await.unwrap();
    assert_eq!(body, br#"{"images":["https://x/a.png","YWI="],"safe_mode":false}"#);
    assert_eq!(json.len(), body.len() as u64);
}
