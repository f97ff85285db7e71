//! The hand-written, streamed bodies and the generated `venice-raw` types
//! agree on every field name: a streamed JSON body parses into the generated
//! request type (which refuses unknown fields), and a multipart body carries
//! exactly the generated type's field names.

use std::collections::BTreeSet;

use venice_image::{
    Client, EditRequest, Encoding, ImageSource, MultiEditRequest, Quality, catalogue::Catalogue,
};
use venice_raw::types;

fn client() -> Client {
    // No network: a catalogue is supplied (empty, so only general rules apply).
    Client::builder()
        .without_env()
        .api_key("k")
        .base_url("http://127.0.0.1:9/api/v1")
        .catalogue(Catalogue::default())
        .build()
        .unwrap()
}

fn png() -> ImageSource {
    ImageSource::bytes(venice_mock::fixtures::png(300, 300))
}

fn all_options_edit(encoding: Encoding) -> EditRequest {
    EditRequest::new(png(), "every field")
        .model("gpt-image-2-edit")
        .aspect_ratio("3:2".parse().unwrap())
        .resolution("2K")
        .output_format("jpeg".parse().unwrap())
        .safe_mode(false)
        .enhance_prompt(true)
        .disable_prompt_optimization_thinking(true)
        .encoding(encoding)
}

fn all_options_multi(encoding: Encoding) -> MultiEditRequest {
    MultiEditRequest::new(png(), vec![png()], "every field")
        .model("gpt-image-2-edit")
        .aspect_ratio("3:2".parse().unwrap())
        .resolution("2K")
        .output_format("jpeg".parse().unwrap())
        .quality(Quality::Medium)
        .safe_mode(false)
        .enhance_prompt(true)
        .disable_prompt_optimization_thinking(true)
        .encoding(encoding)
}

async fn multipart_names(body: Vec<u8>, content_type: &str) -> BTreeSet<String> {
    let boundary = multer::parse_boundary(content_type).unwrap();
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes::Bytes::from(body)) });
    let mut form = multer::Multipart::new(stream, boundary);
    let mut names = BTreeSet::new();
    while let Some(field) = form.next_field().await.unwrap() {
        names.insert(field.name().unwrap().to_owned());
    }
    names
}

fn keys(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn edit_bodies_match_the_generated_type() {
    let c = client();
    let json = c.prepare_edit(all_options_edit(Encoding::Json)).await.unwrap().body_bytes().await.unwrap();
    let parsed: types::EditRequest =
        serde_json::from_slice(&json).expect("the streamed JSON is a generated EditRequest");
    assert_eq!(parsed.model.as_deref().map(String::as_str), Some("gpt-image-2-edit"));
    assert_eq!(parsed.safe_mode, Some(false));
    let sent = keys(&serde_json::from_slice(&json).unwrap());
    let generated = keys(&serde_json::to_value(&parsed).unwrap());
    assert_eq!(sent, generated);

    let call = c.prepare_edit(all_options_edit(Encoding::Multipart)).await.unwrap();
    let plan = c.plan(&call);
    let content_type = &plan.headers.iter().find(|(k, _)| k == "Content-Type").unwrap().1;
    let names = multipart_names(call.body_bytes().await.unwrap(), content_type).await;
    assert_eq!(names, generated, "multipart carries the generated field names");
}

#[tokio::test]
async fn multi_edit_bodies_match_the_generated_type() {
    let c = client();
    let json =
        c.prepare_multi_edit(all_options_multi(Encoding::Json)).await.unwrap().body_bytes().await.unwrap();
    let parsed: types::MultiEditRequest =
        serde_json::from_slice(&json).expect("a generated MultiEditRequest");
    assert_eq!(parsed.images.len(), 2);
    assert_eq!(parsed.quality, Some(Quality::Medium.into()));
    let generated = keys(&serde_json::to_value(&parsed).unwrap());
    assert!(generated.contains("modelId") && !generated.contains("model"));

    let call = c.prepare_multi_edit(all_options_multi(Encoding::Multipart)).await.unwrap();
    let content_type = c.plan(&call).headers.into_iter().find(|(k, _)| k == "Content-Type").unwrap().1;
    assert_eq!(multipart_names(call.body_bytes().await.unwrap(), &content_type).await, generated);
}

#[tokio::test]
async fn background_remove_bodies_match_the_generated_type() {
    let c = client();
    let req = venice_image::RemoveBackgroundRequest::new(png()).encoding(Encoding::Json);
    let json = c.prepare_remove_background(req).await.unwrap().body_bytes().await.unwrap();
    let parsed: types::BackgroundRemoveRequest = serde_json::from_slice(&json).unwrap();
    assert!(parsed.image.is_some() && parsed.image_url.is_none());
    let url = venice_image::RemoveBackgroundRequest::new(ImageSource::url("https://images.example/a.png"));
    let json = c.prepare_remove_background(url).await.unwrap().body_bytes().await.unwrap();
    let parsed: types::BackgroundRemoveRequest = serde_json::from_slice(&json).unwrap();
    assert_eq!(parsed.image_url.as_deref(), Some("https://images.example/a.png"));
}

#[tokio::test]
async fn upscale_bodies_match_the_generated_type() {
    let c = client();
    let all = |encoding| {
        venice_image::UpscaleRequest::new(png())
            .scale(venice_image::Scale::X4)
            .creativity(0.02)
            .encoding(encoding)
    };
    let json = c.prepare_upscale(all(Encoding::Json)).await.unwrap().body_bytes().await.unwrap();
    let parsed: types::UpscaleRequest = serde_json::from_slice(&json).expect("a generated UpscaleRequest");
    assert_eq!((parsed.scale.as_deref().copied(), parsed.creativity), (Some(4), Some(0.02)));
    assert!(!parsed.image.is_empty());
    let generated = keys(&serde_json::to_value(&parsed).unwrap());
    assert_eq!(keys(&serde_json::from_slice(&json).unwrap()), generated);

    let call = c.prepare_upscale(all(Encoding::Multipart)).await.unwrap();
    let content_type = c.plan(&call).headers.into_iter().find(|(k, _)| k == "Content-Type").unwrap().1;
    assert_eq!(multipart_names(call.body_bytes().await.unwrap(), &content_type).await, generated);
}
