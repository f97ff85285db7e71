//! Each operation, each encoding and each kind of source, against the emulator.

use crate::common::*;
use venice_image::{
    EditRequest, Encoding, ImageSource, MultiEditRequest, Quality, RemoveBackgroundRequest,
    probe::ImageFormat,
};
use venice_mock::{MockConfig, fixtures};

#[tokio::test]
async fn edit_from_a_path_is_streamed_as_multipart_with_the_real_mime_type() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let jpeg = fixtures::jpeg(800, 600);
    // The name lies; the bytes decide.
    let path = write(dir.path(), "photo.png", &jpeg);
    let edited = client(&server)
        .edit(EditRequest::new(ImageSource::path(&path), "make it night").safe_mode(false))
        .await
        .unwrap();
    assert_eq!(edited.format(), ImageFormat::Png);
    let meta = edited.meta();
    assert_eq!(meta.model_id.as_deref(), Some("firered-image-edit"));
    assert_eq!(meta.model_name.as_deref(), Some("FireRed Edit"));
    assert_eq!(meta.balance_usd, Some(99.96));
    assert!(meta.request_id.as_deref().unwrap().ends_with("-MOCK"));
    assert_eq!(meta.attempts, 1);

    let sent = &edits(&server)[0];
    assert!(sent.content_type.as_deref().unwrap().starts_with("multipart/form-data"));
    assert_eq!(sent.fields["prompt"], "make it night");
    assert_eq!(sent.fields["safe_mode"], "false");
    assert!(!sent.fields.contains_key("model"), "unset fields are not sent");
    let image = &sent.images[0];
    assert_eq!(image.part_content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(image.filename.as_deref(), Some("photo.png"));
    assert_eq!(image.sha256, sha256_hex(&jpeg));
    assert_eq!(sent.headers["user-agent"], concat!("venice-image/", env!("CARGO_PKG_VERSION")));
}

#[tokio::test]
async fn edit_as_json_streams_base64_and_sends_every_option() {
    let server = mock(MockConfig::default()).await;
    let png = fixtures::png(640, 480);
    let request = EditRequest::new(ImageSource::bytes(png.clone()), "warm light")
        .model("nano-banana-2-edit")
        .aspect_ratio("16:9".parse().unwrap())
        .resolution("2K")
        .output_format("webp".parse().unwrap())
        .enhance_prompt(false)
        .disable_prompt_optimization_thinking(true)
        .encoding(Encoding::Json);
    let edited = client(&server).edit(request).await.unwrap();
    assert_eq!(edited.format(), ImageFormat::Webp);
    let sent = &edits(&server)[0];
    assert_eq!(sent.content_type.as_deref(), Some("application/json"));
    assert_eq!(sent.images[0].source, "base64");
    assert_eq!(sent.images[0].sha256, sha256_hex(&png));
    assert_eq!(sent.fields["model"], "nano-banana-2-edit");
    assert_eq!(sent.fields["aspect_ratio"], "16:9");
    assert_eq!(sent.fields["resolution"], "2K");
    assert_eq!(sent.fields["disable_prompt_optimization_thinking"], true);
}

#[tokio::test]
async fn url_inputs_go_as_json_through_the_generated_types() {
    let url = "https://images.example/canal.jpg";
    let server = mock(MockConfig::default().serve_url(url, fixtures::jpeg(640, 480))).await;
    let edited = client(&server).edit(EditRequest::new(ImageSource::url(url), "x")).await.unwrap();
    assert_eq!(edited.format(), ImageFormat::Png);
    let sent = &edits(&server)[0];
    assert_eq!(sent.content_type.as_deref(), Some("application/json"));
    assert_eq!(sent.images[0].url.as_deref(), Some(url));

    let cut =
        client(&server).remove_background(RemoveBackgroundRequest::new(ImageSource::url(url))).await.unwrap();
    assert_eq!(cut.format(), ImageFormat::Png);
    assert_eq!(edits(&server)[1].images[0].field, "image_url");
}

#[tokio::test]
async fn readers_and_base64_are_sources_too() {
    let server = mock(MockConfig::default()).await;
    let png = fixtures::png(300, 300);
    let c = client(&server);
    c.edit(EditRequest::new(ImageSource::reader(std::io::Cursor::new(png.clone())), "x")).await.unwrap();
    use base64::Engine as _;
    let text = format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&png));
    c.edit(EditRequest::new(ImageSource::base64(text), "x")).await.unwrap();
    let sent = edits(&server);
    assert_eq!(sent[0].images[0].filename.as_deref(), Some("stdin"));
    assert_eq!(sent[0].images[0].sha256, sent[1].images[0].sha256);
}

#[tokio::test]
async fn multi_edit_sends_repeated_image_parts_or_a_mixed_json_array() {
    let mask_url = "https://images.example/mask.png";
    let server = mock(MockConfig::default().serve_url(mask_url, fixtures::half_mask(400, 300))).await;
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "base.png", &fixtures::png(400, 300));
    let mask = write(dir.path(), "mask.png", &fixtures::half_mask(400, 300));
    let c = client(&server);

    let edited = c
        .multi_edit(MultiEditRequest::new(ImageSource::path(&base), vec![ImageSource::path(&mask)], "x"))
        .await
        .unwrap();
    let img = image::load_from_memory(edited.bytes()).unwrap().into_rgba8();
    assert_eq!(img.get_pixel(5, 400).0, [255, 255, 255, 255], "the mask was composited");
    let sent = &edits(&server)[0];
    assert_eq!(sent.images.iter().map(|i| i.field.as_str()).collect::<Vec<_>>(), ["images", "images"]);
    assert_eq!(sent.images[1].filename.as_deref(), Some("mask.png"));

    let request = MultiEditRequest::new(ImageSource::path(&base), vec![ImageSource::url(mask_url)], "x")
        .model("gpt-image-2-edit")
        .quality(Quality::Low);
    c.multi_edit(request).await.unwrap();
    let sent = &edits(&server)[1];
    assert_eq!(sent.content_type.as_deref(), Some("application/json"));
    assert_eq!(sent.images[0].source, "base64");
    assert_eq!(sent.images[1].url.as_deref(), Some(mask_url));
    assert_eq!(sent.fields["modelId"], "gpt-image-2-edit");
    assert_eq!(sent.fields["quality"], "low");
    assert!(!sent.fields.contains_key("model"));
}

#[tokio::test]
async fn background_removal_by_multipart_and_by_json() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    for encoding in [Encoding::Auto, Encoding::Json] {
        let request =
            RemoveBackgroundRequest::new(ImageSource::bytes(fixtures::png(320, 240))).encoding(encoding);
        let cut = c.remove_background(request).await.unwrap();
        let img = image::load_from_memory(cut.bytes()).unwrap().into_rgba8();
        assert_eq!(img.get_pixel(1, 1).0[3], 0);
        assert_eq!(img.get_pixel(160, 120).0[3], 255);
    }
    let sent = edits(&server);
    assert!(sent[0].content_type.as_deref().unwrap().starts_with("multipart/"));
    assert_eq!(sent[1].content_type.as_deref(), Some("application/json"));
}

#[tokio::test]
async fn the_catalogue_is_fetched_once_and_cached() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let models = c.models().await.unwrap();
    assert_eq!(models.models().len(), 21);
    let gpt = models.get("gpt-image-2-edit").unwrap();
    assert_eq!(gpt.constraints.max_images(), 6);
    assert!((gpt.price(Some("2K"), Some("low"), 1).usd - 0.03).abs() < 1e-9);
    for _ in 0..3 {
        c.edit(EditRequest::new(ImageSource::bytes(fixtures::png(300, 300)), "x")).await.unwrap();
    }
    let catalogue_fetches = server.requests().iter().filter(|r| r.path.ends_with("/models")).count();
    assert_eq!(catalogue_fetches, 1);
    assert_eq!(
        server.requests().iter().find(|r| r.path.ends_with("/models")).unwrap().query.as_deref(),
        Some("type=inpaint")
    );
}

#[tokio::test]
async fn plans_show_what_would_be_sent_with_the_key_redacted_and_send_nothing() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let request = MultiEditRequest::new(
        ImageSource::bytes(fixtures::png(640, 480)),
        vec![
            ImageSource::bytes(fixtures::half_mask(640, 480)),
            ImageSource::bytes(fixtures::half_mask(640, 480)),
        ],
        "x",
    )
    .model("gpt-image-2-edit")
    .quality(Quality::Low)
    .resolution("2K");
    let call = c.prepare_multi_edit(request).await.unwrap();
    let plan = c.plan(&call);
    assert_eq!(plan.url, format!("{}/image/multi-edit", server.base_url()));
    assert_eq!(plan.encoding, "multipart");
    assert_eq!(plan.content_length, call.body_bytes().await.unwrap().len() as u64);
    assert_eq!(plan.images[0].dimensions, Some((640, 480)));
    let cost = plan.estimated_cost.as_ref().unwrap();
    assert!((cost.usd - (0.03 + 2.0 * 0.0092)).abs() < 1e-9, "{cost}");
    let text = format!("{plan}\n{}\n{plan:?}\n{call:?}\n{c:?}", serde_json::to_string(&plan).unwrap());
    assert!(text.contains("Bearer [redacted]"));
    assert!(!text.contains(KEY), "the key leaked: {text}");
    assert!(edits(&server).is_empty(), "a plan sends no edit");
}

#[tokio::test]
async fn an_edit_says_how_long_it_took_and_its_price_is_on_the_call() {
    let server = mock(MockConfig::default().latency(std::time::Duration::from_millis(300))).await;
    let c = client(&server);
    let call =
        c.prepare_edit(EditRequest::new(ImageSource::bytes(fixtures::png(640, 480)), "p")).await.unwrap();
    assert!(call.estimated_cost().is_some_and(|cost| cost.usd > 0.0), "the price a page shows");
    let edited = c.send(&call).await.unwrap();
    let took = edited.elapsed();
    assert!(took >= std::time::Duration::from_millis(300), "the emulator's latency is in it: {took:?}");
    let sent = &edits(&server)[0];
    assert!(sent.answered_us >= sent.arrived_us + 300_000, "the emulator records when it answered");
}
