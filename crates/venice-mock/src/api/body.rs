//! Reading a request body, JSON or multipart, into one parsed form: the
//! text fields as JSON values and the image inputs as they came (file parts
//! or text), before any field or image rule is applied.
//!
//! Refusals here: 415 for another content type, 413 for JSON over
//! [`MAX_JSON_BYTES`], 400 for a body that cannot be read or parsed and for
//! image fields of the wrong shape.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::{Bytes, BytesMut};
use futures_util::TryStreamExt;
use http_body_util::BodyExt;
use serde_json::{Map, Value, json};

use super::op::Op;
use crate::http::Fail;
use crate::pixels::imaging::MAX_FILE_BYTES;

/// JSON bodies over this are refused with 413 (35 MB).
pub const MAX_JSON_BYTES: usize = 35 * 1024 * 1024;
/// A multipart body is not read past this.
const MAX_MULTIPART_BYTES: u64 = 400 * 1024 * 1024;

/// An image input before it is resolved to bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ImageInput {
    /// A multipart file part.
    File { bytes: Bytes, content_type: Option<String>, filename: Option<String> },
    /// UTF-8 text: base64, a data: URL or an http(s) URL.
    Text(Bytes),
}

/// The body, whatever its encoding.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Parsed {
    /// Every field but the image ones: JSON values, or strings from multipart.
    pub fields: Map<String, Value>,
    /// The image inputs with their field names, in order.
    pub images: Vec<(String, ImageInput)>,
    /// Whether it came as multipart (whose text fields are all strings).
    pub multipart: bool,
}

/// Reads a body of `content_type` for `op`, setting `body_bytes` to its size
/// once the whole body has been read (so an oversized JSON body is counted,
/// a multipart body refused part-way is not).
pub(super) async fn read<B>(op: Op, content_type: &str, body: B, body_bytes: &mut u64) -> Result<Parsed, Fail>
where
    B: hyper::body::Body<Data = Bytes> + Unpin + Send + 'static,
    B::Error: Display + Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match mime.as_str() {
        "application/json" => parse_json(op, read_json_body(body, body_bytes).await?),
        "multipart/form-data" => {
            let boundary = multer::parse_boundary(content_type)
                .map_err(|_| Fail::new(400, "multipart/form-data needs a boundary"))?;
            parse_multipart(op, body, boundary, body_bytes).await
        }
        _ => Err(Fail::new(
            415,
            format!(
                "Invalid request content-type {content_type:?}; use application/json or multipart/form-data"
            ),
        )),
    }
}

async fn read_json_body<B>(body: B, body_bytes: &mut u64) -> Result<Bytes, Fail>
where
    B: hyper::body::Body<Data = Bytes> + Unpin,
    B::Error: Display,
{
    let mut body = body;
    // Sized once from Content-Length: growing a 30 MB buffer by doubling
    // copies it over and over and faults in fresh pages each time.
    let hint = body.size_hint().exact().unwrap_or(0).min(MAX_JSON_BYTES as u64) as usize;
    let mut buf = BytesMut::with_capacity(hint);
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| Fail::new(400, format!("The request body could not be read: {e}")))?;
        if let Some(data) = frame.data_ref() {
            total += data.len();
            // Past the limit, keep reading (so the client sees the 413) but keep nothing.
            if total <= MAX_JSON_BYTES {
                buf.extend_from_slice(data);
            } else if total > 2 * MAX_JSON_BYTES {
                break;
            }
        }
    }
    *body_bytes = total as u64;
    if total > MAX_JSON_BYTES {
        let mut f = Fail::new(413, "Request body is too large; send large images as multipart/form-data");
        f.body["code"] = json!("PAYLOAD_TOO_LARGE");
        return Err(f);
    }
    Ok(buf.freeze())
}

/// Parses a JSON body. Image strings are not copied: they are slices of the
/// body (`RawValue` finds them, and a string without escapes is borrowed).
pub(super) fn parse_json(op: Op, body: Bytes) -> Result<Parsed, Fail> {
    use serde_json::value::RawValue;
    let raw: BTreeMap<String, &RawValue> = serde_json::from_slice(&body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => Fail::new(400, "The body must be a JSON object"),
        _ => Fail::new(400, format!("The body is not valid JSON: {e}")),
    })?;
    // A JSON string without escapes is its raw text between the quotes:
    // no second scan, no copy. Only a string with escapes needs a copy.
    // (serde's `Cow<str>` would always copy.)
    let text = |raw: &RawValue| -> Option<Bytes> {
        let r = raw.get().as_bytes();
        if r.len() >= 2 && r[0] == b'"' && r[r.len() - 1] == b'"' && !r.contains(&b'\\') {
            return Some(body.slice_ref(&r[1..r.len() - 1]));
        }
        serde_json::from_str::<String>(raw.get()).ok().map(Bytes::from)
    };
    let image_field = op.image_field();
    let mut fields = Map::new();
    let mut images = Vec::new();
    for (name, value) in raw {
        if name != image_field {
            let v: Value = serde_json::from_str(value.get()).unwrap_or(Value::Null);
            fields.insert(name, v);
            continue;
        }
        if op == Op::MultiEdit {
            let items: Vec<&RawValue> = serde_json::from_str(value.get())
                .map_err(|_| Fail::field(&name, "Expected an array of strings for images"))?;
            for item in items {
                let t = text(item).ok_or_else(|| {
                    Fail::field(&name, "Each image must be a base64 string, a data: URL or an http(s) URL")
                })?;
                images.push((name.clone(), ImageInput::Text(t)));
            }
        } else {
            let t = text(value).ok_or_else(|| Fail::field(&name, format!("Expected a string for {name}")))?;
            images.push((name.clone(), ImageInput::Text(t)));
        }
    }
    Ok(Parsed { fields, images, multipart: false })
}

async fn parse_multipart<B>(op: Op, body: B, boundary: String, body_bytes: &mut u64) -> Result<Parsed, Fail>
where
    B: hyper::body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let counted = Arc::new(AtomicU64::new(0));
    let counter = counted.clone();
    let stream = http_body_util::BodyStream::new(body)
        .try_filter_map(|frame| async move { Ok(frame.into_data().ok()) })
        .inspect_ok(move |chunk: &Bytes| {
            counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
        });
    let limits = multer::Constraints::new().size_limit(
        multer::SizeLimit::new().whole_stream(MAX_MULTIPART_BYTES).per_field(2 * MAX_FILE_BYTES as u64),
    );
    let mut multipart = multer::Multipart::with_constraints(stream, boundary, limits);
    let mut fields = Map::new();
    let mut images = Vec::new();
    let bad = |e: multer::Error| Fail::new(400, format!("The multipart body could not be read: {e}"));
    let image_field = op.image_field();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_owned();
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let is_file = filename.is_some();
        let data = field.bytes().await.map_err(bad)?;
        let is_image = name == image_field;
        if is_file {
            if !is_image {
                return Err(Fail::field(&name, format!("Unexpected file in field {name:?}")));
            }
            images.push((name, ImageInput::File { bytes: data, content_type, filename }));
        } else if is_image && op == Op::MultiEdit {
            return Err(Fail::field(
                "images",
                "In multipart/form-data requests images must be file uploads; send URLs and base64 as JSON",
            ));
        } else if is_image {
            images.push((name, ImageInput::Text(data)));
        } else {
            let text =
                String::from_utf8(data.to_vec()).map_err(|_| Fail::field(&name, "Expected UTF-8 text"))?;
            fields.insert(name, Value::String(text));
        }
    }
    *body_bytes = counted.load(Ordering::Relaxed);
    Ok(Parsed { fields, images, multipart: true })
}

#[cfg(test)]
mod tests {
    use http_body_util::Full;

    use super::*;

    async fn read_str(op: Op, content_type: &str, body: &'static [u8]) -> (Result<Parsed, Fail>, u64) {
        let mut n = 0;
        let parsed = read(op, content_type, Full::new(Bytes::from_static(body)), &mut n).await;
        (parsed, n)
    }

    const FORM: &[u8] = b"--XX\r\n\
Content-Disposition: form-data; name=\"prompt\"\r\n\r\n\
make it blue\r\n\
--XX\r\n\
Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\
Content-Type: image/png\r\n\r\n\
PNGBYTES\r\n\
--XX--\r\n";

    #[tokio::test]
    async fn json_splits_fields_from_the_image() {
        let json = br#"{"prompt":"x","image":"QUJD","n":1}"#;
        let (parsed, n) = read_str(Op::Edit, "application/json; charset=utf-8", json).await;
        let parsed = parsed.unwrap();
        assert_eq!(n, json.len() as u64);
        assert_eq!(parsed.fields, Map::from_iter([("prompt".into(), json!("x")), ("n".into(), json!(1))]));
        assert_eq!(parsed.images, [("image".to_owned(), ImageInput::Text(Bytes::from_static(b"QUJD")))]);
        assert!(!parsed.multipart);
    }

    #[test]
    fn json_strings_with_escapes_are_unescaped() {
        let parsed = parse_json(Op::Edit, Bytes::from_static(br#"{"image":"a\/b"}"#)).unwrap();
        assert_eq!(parsed.images[0].1, ImageInput::Text(Bytes::from_static(b"a/b")));
    }

    #[test]
    fn multi_edit_json_takes_an_array_of_strings_only() {
        let parsed = parse_json(Op::MultiEdit, Bytes::from_static(br#"{"images":["a","b"]}"#)).unwrap();
        assert_eq!(parsed.images.len(), 2);
        let f = parse_json(Op::MultiEdit, Bytes::from_static(br#"{"images":"a"}"#)).unwrap_err();
        assert_eq!(f.message(), "Expected an array of strings for images");
        let f = parse_json(Op::MultiEdit, Bytes::from_static(br#"{"images":[1]}"#)).unwrap_err();
        assert!(f.message().starts_with("Each image must be"), "{}", f.message());
    }

    #[test]
    fn json_that_is_not_an_object_is_a_400() {
        let f = parse_json(Op::Edit, Bytes::from_static(b"[1,2]")).unwrap_err();
        assert_eq!((f.status.as_u16(), f.message()), (400, "The body must be a JSON object"));
        let f = parse_json(Op::Edit, Bytes::from_static(b"{")).unwrap_err();
        assert!(f.message().starts_with("The body is not valid JSON"), "{}", f.message());
        let f = parse_json(Op::Edit, Bytes::from_static(br#"{"image":5}"#)).unwrap_err();
        assert_eq!(f.message(), "Expected a string for image");
    }

    #[tokio::test]
    async fn json_over_the_limit_is_413_with_its_code_and_its_size_counted() {
        let big = vec![b' '; MAX_JSON_BYTES + 1];
        let mut n = 0;
        let f = read(Op::Edit, "application/json", Full::new(Bytes::from(big)), &mut n).await.unwrap_err();
        assert_eq!(f.status.as_u16(), 413);
        assert_eq!(f.body["code"], "PAYLOAD_TOO_LARGE");
        assert_eq!(n, MAX_JSON_BYTES as u64 + 1);
    }

    #[tokio::test]
    async fn multipart_gives_text_fields_as_strings_and_files_as_files() {
        let (parsed, n) = read_str(Op::Edit, "multipart/form-data; boundary=XX", FORM).await;
        let parsed = parsed.unwrap();
        assert_eq!(n, FORM.len() as u64);
        assert!(parsed.multipart);
        assert_eq!(parsed.fields["prompt"], "make it blue");
        assert_eq!(
            parsed.images,
            [(
                "image".to_owned(),
                ImageInput::File {
                    bytes: Bytes::from_static(b"PNGBYTES"),
                    content_type: Some("image/png".into()),
                    filename: Some("a.png".into()),
                }
            )]
        );
    }

    #[tokio::test]
    async fn multipart_refuses_files_outside_the_image_field_and_text_images_for_multi_edit() {
        let (parsed, _) = read_str(Op::MultiEdit, "multipart/form-data; boundary=XX", FORM).await;
        assert_eq!(parsed.unwrap_err().message(), "Unexpected file in field \"image\"");
        let text_image: &[u8] =
            b"--XX\r\nContent-Disposition: form-data; name=\"images\"\r\n\r\nhttps://a/b.png\r\n--XX--\r\n";
        let mut n = 0;
        let f = read(
            Op::MultiEdit,
            "multipart/form-data; boundary=XX",
            Full::new(Bytes::from(text_image)),
            &mut n,
        )
        .await
        .unwrap_err();
        assert!(f.message().contains("must be file uploads"), "{}", f.message());
    }

    #[tokio::test]
    async fn other_content_types_are_415_and_a_missing_boundary_is_400() {
        let (parsed, _) = read_str(Op::Edit, "text/plain", b"prompt=x").await;
        assert_eq!(parsed.unwrap_err().status.as_u16(), 415);
        let (parsed, _) = read_str(Op::Edit, "multipart/form-data", FORM).await;
        assert_eq!(parsed.unwrap_err().message(), "multipart/form-data needs a boundary");
    }
}
