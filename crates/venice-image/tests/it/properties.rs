//! Properties of the encoders and the header reader, over generated inputs.

use base64::Engine as _;
use bytes::Bytes;
use proptest::prelude::*;
use venice_image::encode::{ArrayItem, BASE64_CHUNK, JsonBody, LocalData, MultipartBody, base64_encode};
use venice_image::probe::{probe_bytes, sniff};

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
}

fn reference(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn base64_matches_a_reference_encoder(data in proptest::collection::vec(any::<u8>(), 0..4096)) {
        prop_assert_eq!(String::from_utf8(base64_encode(&data)).unwrap(), reference(&data));
    }

    #[test]
    fn streamed_json_base64_matches_for_any_bytes(data in proptest::collection::vec(any::<u8>(), 0..2048), key in "[a-z_]{1,12}") {
        let mut json = JsonBody::new();
        json.base64(&key, LocalData::Memory(Bytes::from(data.clone())));
        let body = block_on(json.to_vec()).unwrap();
        prop_assert_eq!(body.len() as u64, json.len());
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        prop_assert_eq!(value[&key].as_str().unwrap(), reference(&data));
    }

    #[test]
    fn multipart_parses_back_identically(
        texts in proptest::collection::vec(("[a-zA-Z_][a-zA-Z0-9_]{0,15}", "\\PC{0,64}"), 0..5),
        files in proptest::collection::vec(("[a-z]{1,10}", "[a-zA-Z0-9 ._-]{1,20}", proptest::collection::vec(any::<u8>(), 0..3000)), 0..4),
    ) {
        let mut form = MultipartBody::new();
        for (name, value) in &texts {
            form.text(name, value);
        }
        for (name, filename, data) in &files {
            form.file(name, filename, "image/png", LocalData::Memory(Bytes::from(data.clone())));
        }
        let body = block_on(form.to_vec()).unwrap();
        prop_assert_eq!(body.len() as u64, form.len());
        let boundary = multer::parse_boundary(form.content_type()).unwrap();
        let parts = block_on(async move {
            let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(body)) });
            let mut m = multer::Multipart::new(stream, boundary);
            let mut out = Vec::new();
            while let Some(f) = m.next_field().await.unwrap() {
                let name = f.name().unwrap().to_owned();
                let filename = f.file_name().map(str::to_owned);
                let mime = f.content_type().map(ToString::to_string);
                out.push((name, filename, mime, f.bytes().await.unwrap().to_vec()));
            }
            out
        });
        prop_assert_eq!(parts.len(), texts.len() + files.len());
        for ((name, value), part) in texts.iter().zip(&parts) {
            prop_assert_eq!(&part.0, name);
            prop_assert_eq!(&part.3, value.as_bytes());
            prop_assert!(part.1.is_none());
        }
        for ((name, filename, data), part) in files.iter().zip(&parts[texts.len()..]) {
            prop_assert_eq!(&part.0, name);
            prop_assert_eq!(part.1.as_deref(), Some(filename.as_str()));
            prop_assert_eq!(part.2.as_deref(), Some("image/png"));
            prop_assert_eq!(&part.3, data);
        }
    }

    #[test]
    fn the_header_reader_never_panics(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = probe_bytes(&data);
        let _ = sniff(&data);
    }

    #[test]
    fn preparing_a_request_from_any_bytes_never_panics(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        let client = venice_image::Client::builder()
            .without_env()
            .base_url("http://127.0.0.1:9/api/v1")
            .catalogue(venice_image::Catalogue::default())
            .build()
            .unwrap();
        let request = venice_image::EditRequest::new(venice_image::ImageSource::bytes(data), "x");
        let outcome = block_on(client.prepare_edit(request));
        prop_assert!(matches!(outcome, Err(venice_image::Error::InvalidInput(_))), "random bytes are never an acceptable image");
    }

    #[test]
    fn mangled_real_headers_never_panic(index in 0usize..400, value in any::<u8>(), cut in 0usize..400, which in 0usize..4) {
        let mut data = match which {
            0 => venice_mock::fixtures::png(300, 200),
            1 => venice_mock::fixtures::jpeg(300, 200),
            2 => venice_mock::fixtures::webp(300, 200),
            _ => venice_mock::fixtures::gif(300, 200),
        };
        let i = index % data.len();
        data[i] = value;
        data.truncate(cut.max(1).min(data.len()));
        let _ = probe_bytes(&data);
    }
}

#[test]
fn base64_chunk_boundaries_concatenate_exactly() {
    for len in [0, 1, 2, 3, BASE64_CHUNK - 1, BASE64_CHUNK, BASE64_CHUNK + 1, 2 * BASE64_CHUNK + 2] {
        let data: Vec<u8> = (0..len).map(|i| (i * 7 % 256) as u8).collect();
        let mut json = JsonBody::new();
        json.string_array("images", vec![ArrayItem::Base64(LocalData::Memory(Bytes::from(data.clone())))]);
        let body = block_on(json.to_vec()).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["images"][0].as_str().unwrap(), reference(&data), "length {len}");
        assert_eq!(json.len(), body.len() as u64);
    }
}

#[test]
fn real_images_of_every_accepted_format_read_right() {
    for (bytes, name) in [
        (venice_mock::fixtures::png(640, 480), "png"),
        (venice_mock::fixtures::jpeg(640, 480), "jpg"),
        (venice_mock::fixtures::webp(640, 480), "webp"),
        (venice_mock::fixtures::gif(640, 480), "gif"),
    ] {
        let info = probe_bytes(&bytes).unwrap();
        assert_eq!((info.width, info.height, info.format.extension()), (640, 480, name));
    }
}
