//! Turning image inputs into bytes and checking them: which inputs an
//! operation requires, file parts (with their MIME type), base64 and `data:`
//! text, URLs (served from the configured table: the emulator has no
//! internet), and the file-size and pixel bounds every input must meet.
//! Every input is recorded as it is resolved.

use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::body::{ImageInput, Parsed};
use super::op::Op;
use crate::http::Fail;
use crate::pixels::imaging::{self, Inspected};
use crate::state::State;
use crate::state::record::RecordedImage;

/// The inputs `op` requires are there: its image(s) (exactly one for an
/// upscale), and the prompt for the edits. (Checked before any image is
/// resolved.)
fn check_required(op: Op, parsed: &Parsed) -> Result<(), Fail> {
    let url_field = parsed.fields.contains_key("image_url");
    match op {
        Op::Edit | Op::Upscale if parsed.images.is_empty() => return Err(Fail::field("image", "Required")),
        Op::Upscale if parsed.images.len() > 1 => {
            return Err(Fail::field("image", format!("Expected one image, got {}", parsed.images.len())));
        }
        Op::MultiEdit if parsed.images.is_empty() => {
            return Err(Fail::field("images", "Array must contain at least 1 element(s)"));
        }
        Op::BackgroundRemove if parsed.images.len() + usize::from(url_field) != 1 => {
            return Err(Fail::invalid(Map::from_iter([(
                "_errors".to_owned(),
                json!(["Provide exactly one of image or image_url"]),
            )])));
        }
        _ => {}
    }
    if (op == Op::Edit || op == Op::MultiEdit) && !parsed.fields.contains_key("prompt") {
        return Err(Fail::field("prompt", "Required"));
    }
    Ok(())
}

/// Turns every image input into bytes, recording each in `recorded`.
pub(super) fn resolve(
    state: &State,
    op: Op,
    parsed: Parsed,
    recorded: &mut Vec<RecordedImage>,
) -> Result<Vec<(String, Bytes)>, Fail> {
    check_required(op, &parsed)?;
    let url_field = parsed.fields.get("image_url").and_then(Value::as_str).map(str::to_owned);
    let mut out = Vec::new();
    if let Some(url) = url_field {
        let bytes = fetch(state, "image_url", &url)?;
        let mut r = RecordedImage::of("image_url", "url", &bytes);
        r.url = Some(url);
        recorded.push(r);
        out.push(("image_url".to_owned(), bytes));
    }
    for (field, input) in parsed.images {
        let (bytes, record) = match input {
            ImageInput::File { bytes, content_type, filename } => {
                let mut r = RecordedImage::of(&field, "file", &bytes);
                r.part_content_type = content_type.clone();
                r.filename = filename;
                recorded.push(r);
                let ok = content_type.as_deref().is_some_and(|c| c.starts_with("image/"));
                if !ok {
                    return Err(Fail::field(
                        &field,
                        format!(
                            "Unsupported file type {:?}: file parts must carry the image's MIME type (image/png, image/jpeg, image/webp or image/gif)",
                            content_type.unwrap_or_default()
                        ),
                    ));
                }
                (bytes, None)
            }
            ImageInput::Text(raw) => {
                if raw.starts_with(b"http://") || raw.starts_with(b"https://") {
                    match op {
                        Op::BackgroundRemove => {
                            return Err(Fail::field(
                                "image",
                                "image must be base64; send a URL as image_url",
                            ));
                        }
                        Op::Upscale => {
                            return Err(Fail::field(
                                "image",
                                "image must be a file upload or base64; the upscaler does not fetch URLs",
                            ));
                        }
                        _ => {}
                    }
                    let url = String::from_utf8_lossy(&raw).into_owned();
                    let bytes = fetch(state, &field, &url)?;
                    let mut r = RecordedImage::of(&field, "url", &bytes);
                    r.url = Some(url);
                    (bytes, Some(r))
                } else {
                    let (bytes, source) = decode_text(&field, &raw)?;
                    let r = RecordedImage::of(&field, source, &bytes);
                    (bytes, Some(r))
                }
            }
        };
        if let Some(r) = record {
            recorded.push(r);
        }
        out.push((field, bytes));
    }
    Ok(out)
}

/// Base64, bare or as a `data:` URL; the second value is the recorded source.
fn decode_text(field: &str, raw: &[u8]) -> Result<(Bytes, &'static str), Fail> {
    // Base64 decodes from bytes: no UTF-8 pass over megabytes.
    let (source, payload) = match raw.strip_prefix(b"data:") {
        Some(rest) => {
            let comma = rest.iter().position(|b| *b == b',').map_or(rest.len(), |i| i + 1);
            ("data-url", &rest[comma..])
        }
        None => ("base64", raw),
    };
    let bytes = base64_simd::STANDARD
        .decode_to_vec(payload.trim_ascii())
        .map(Bytes::from)
        .map_err(|_| Fail::field(field, "CORRUPTED_IMAGE: the image is not valid base64"))?;
    Ok((bytes, source))
}

/// "Fetches" `url` from the configured table.
fn fetch(state: &State, field: &str, url: &str) -> Result<Bytes, Fail> {
    state
        .config
        .urls
        .get(url)
        .cloned()
        .ok_or_else(|| Fail::field(field, format!("Failed to fetch the image from {url}")))
}

/// Checks each input's size, format and pixel bounds from its header.
pub(super) fn inspect(images: &[(String, Bytes)]) -> Result<Vec<Inspected>, Fail> {
    images.iter().map(|(field, bytes)| imaging::inspect(bytes).map_err(|p| Fail::image(field, &p))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MockConfig;
    use crate::pixels::fixtures;

    fn b64(bytes: &[u8]) -> Bytes {
        Bytes::from(base64_simd::STANDARD.encode_to_string(bytes))
    }

    fn parsed(fields: Value, images: Vec<(&str, ImageInput)>) -> Parsed {
        Parsed {
            fields: fields.as_object().cloned().unwrap_or_default(),
            images: images.into_iter().map(|(n, i)| (n.to_owned(), i)).collect(),
            multipart: false,
        }
    }

    fn state() -> State {
        State::new(MockConfig::default().serve_url("https://img.example/a.png", fixtures::png(300, 300)))
            .unwrap()
    }

    #[test]
    fn base64_data_urls_and_configured_urls_resolve_and_are_recorded() {
        let png = fixtures::png(300, 300);
        let data_url =
            Bytes::from(format!("data:image/png;base64,{}", base64_simd::STANDARD.encode_to_string(&png)));
        let p = parsed(
            json!({"prompt": "x"}),
            vec![
                ("images", ImageInput::Text(b64(&png))),
                ("images", ImageInput::Text(data_url)),
                ("images", ImageInput::Text(Bytes::from_static(b"https://img.example/a.png"))),
            ],
        );
        let mut rec = Vec::new();
        let out = resolve(&state(), Op::MultiEdit, p, &mut rec).unwrap();
        assert!(out.iter().all(|(field, bytes)| field == "images" && bytes[..] == png[..]));
        let sources: Vec<_> = rec.iter().map(|r| r.source.as_str()).collect();
        assert_eq!(sources, ["base64", "data-url", "url"]);
        assert_eq!(rec[2].url.as_deref(), Some("https://img.example/a.png"));
    }

    #[test]
    fn file_parts_need_an_image_mime_type_and_are_recorded_even_when_refused() {
        let file = |ct: &str| ImageInput::File {
            bytes: Bytes::from(fixtures::png(300, 300)),
            content_type: Some(ct.to_owned()),
            filename: Some("a.png".into()),
        };
        let mut rec = Vec::new();
        let p = parsed(json!({"prompt": "x"}), vec![("image", file("image/png"))]);
        assert_eq!(resolve(&state(), Op::Edit, p, &mut rec).unwrap().len(), 1);
        let p = parsed(json!({"prompt": "x"}), vec![("image", file("application/octet-stream"))]);
        let f = resolve(&state(), Op::Edit, p, &mut rec).unwrap_err();
        assert!(f.message().contains("MIME type"), "{}", f.message());
        assert_eq!(rec.len(), 2);
        assert_eq!(rec[1].part_content_type.as_deref(), Some("application/octet-stream"));
    }

    #[test]
    fn missing_inputs_are_refused_before_anything_is_resolved() {
        let mut rec = Vec::new();
        let f = resolve(&state(), Op::Edit, parsed(json!({}), vec![]), &mut rec).unwrap_err();
        assert_eq!(f.body["details"]["image"]["_errors"][0], "Required");
        let image = || ImageInput::Text(Bytes::from_static(b"QUJD"));
        let f =
            resolve(&state(), Op::Edit, parsed(json!({}), vec![("image", image())]), &mut rec).unwrap_err();
        assert_eq!(f.body["details"]["prompt"]["_errors"][0], "Required");
        let f =
            resolve(&state(), Op::MultiEdit, parsed(json!({"prompt": "x"}), vec![]), &mut rec).unwrap_err();
        assert_eq!(f.message(), "Array must contain at least 1 element(s)");
        let both = parsed(json!({"image_url": "https://img.example/a.png"}), vec![("image", image())]);
        let f = resolve(&state(), Op::BackgroundRemove, both, &mut rec).unwrap_err();
        assert_eq!(f.body["details"]["_errors"][0], "Provide exactly one of image or image_url");
        assert!(rec.is_empty());
    }

    #[test]
    fn background_removal_takes_urls_only_as_image_url() {
        let mut rec = Vec::new();
        let url = ImageInput::Text(Bytes::from_static(b"https://img.example/a.png"));
        let f = resolve(&state(), Op::BackgroundRemove, parsed(json!({}), vec![("image", url)]), &mut rec)
            .unwrap_err();
        assert_eq!(f.message(), "image must be base64; send a URL as image_url");
        let p = parsed(json!({"image_url": "https://img.example/a.png"}), vec![]);
        let out = resolve(&state(), Op::BackgroundRemove, p, &mut rec).unwrap();
        assert_eq!(out[0].0, "image_url");
    }

    #[test]
    fn upscale_takes_exactly_one_image_and_no_url() {
        let mut rec = Vec::new();
        let image = || ImageInput::Text(b64(&fixtures::png(300, 300)));
        let out =
            resolve(&state(), Op::Upscale, parsed(json!({}), vec![("image", image())]), &mut rec).unwrap();
        assert_eq!(out.len(), 1);
        let f = resolve(&state(), Op::Upscale, parsed(json!({}), vec![]), &mut rec).unwrap_err();
        assert_eq!(f.body["details"]["image"]["_errors"][0], "Required");
        let two = parsed(json!({}), vec![("image", image()), ("image", image())]);
        let f = resolve(&state(), Op::Upscale, two, &mut rec).unwrap_err();
        assert_eq!(f.message(), "Expected one image, got 2");
        let url = ImageInput::Text(Bytes::from_static(b"https://img.example/a.png"));
        let f =
            resolve(&state(), Op::Upscale, parsed(json!({}), vec![("image", url)]), &mut rec).unwrap_err();
        assert!(f.message().contains("does not fetch URLs"), "{}", f.message());
    }

    #[test]
    fn unknown_urls_and_bad_base64_are_400s() {
        let mut rec = Vec::new();
        let url = ImageInput::Text(Bytes::from_static(b"https://elsewhere.example/b.png"));
        let p = parsed(json!({"prompt": "x"}), vec![("image", url)]);
        let f = resolve(&state(), Op::Edit, p, &mut rec).unwrap_err();
        assert_eq!(f.message(), "Failed to fetch the image from https://elsewhere.example/b.png");
        let p = parsed(json!({"prompt": "x"}), vec![("image", ImageInput::Text(Bytes::from_static(b"%%%")))]);
        let f = resolve(&state(), Op::Edit, p, &mut rec).unwrap_err();
        assert_eq!(f.message(), "CORRUPTED_IMAGE: the image is not valid base64");
    }

    #[test]
    fn inspection_applies_the_pixel_bounds_to_each_input_by_field() {
        let ok = inspect(&[("image".into(), Bytes::from(fixtures::png(300, 300)))]).unwrap();
        assert_eq!((ok[0].width, ok[0].height), (300, 300));
        let f = inspect(&[
            ("images".into(), Bytes::from(fixtures::png(300, 300))),
            ("images".into(), Bytes::from(fixtures::png(100, 100))),
        ])
        .unwrap_err();
        assert!(f.body["details"]["images"]["_errors"][0].as_str().unwrap().starts_with("IMAGE_TOO_SMALL"));
    }
}
