//! Upscale, the fifth operation: both encodings, every validation rule, the
//! scale the service lowers for large inputs, its price, and its retries;
//! plus the advice error bodies carry and the enhanced prompt header.

use venice_image::{
    EditRequest, Encoding, Error, ImageSource, RetryPolicy, Rule, Scale, UpscaleRequest, probe::ImageFormat,
};
use venice_mock::{Fault, FaultScope, MockConfig, fixtures};

use crate::common::*;

fn dims(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).expect("the answer decodes");
    (img.width(), img.height())
}

#[tokio::test]
async fn multipart_sends_scale_and_creativity_as_text_and_the_image_as_a_file() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let jpeg = fixtures::jpeg(400, 300);
    let path = write(dir.path(), "photo.jpg", &jpeg);
    let request = UpscaleRequest::new(ImageSource::path(&path)).scale(Scale::X4).creativity(0.015);
    let big = client(&server).upscale(request).await.unwrap();
    assert_eq!(big.format(), ImageFormat::Png);
    assert_eq!(dims(big.bytes()), (1600, 1200));
    assert_eq!(big.meta().model_id.as_deref(), Some("upscaler"));

    let sent = &edits(&server)[0];
    assert_eq!(sent.path, "/api/v1/image/upscale");
    assert!(sent.content_type.as_deref().unwrap().starts_with("multipart/form-data"));
    assert_eq!(sent.fields["scale"], "4");
    assert_eq!(sent.fields["creativity"], "0.015");
    assert_eq!(sent.images[0].field, "image");
    assert_eq!(sent.images[0].part_content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(sent.images[0].sha256, sha256_hex(&jpeg));
}

#[tokio::test]
async fn json_streams_the_image_as_base64_and_leaves_unset_fields_out() {
    let server = mock(MockConfig::default()).await;
    let png = fixtures::png(320, 240);
    let request = UpscaleRequest::new(ImageSource::bytes(png.clone())).encoding(Encoding::Json);
    let big = client(&server).upscale(request).await.unwrap();
    assert_eq!(dims(big.bytes()), (640, 480), "the service's default scale is 2");
    let sent = &edits(&server)[0];
    assert_eq!(sent.content_type.as_deref(), Some("application/json"));
    assert_eq!(sent.images[0].source, "base64");
    assert_eq!(sent.images[0].sha256, sha256_hex(&png));
    assert!(!sent.fields.contains_key("scale") && !sent.fields.contains_key("creativity"));

    let request = UpscaleRequest::new(ImageSource::bytes(png))
        .encoding(Encoding::Json)
        .scale(Scale::X4)
        .creativity(0.0);
    client(&server).upscale(request).await.unwrap();
    let sent = &edits(&server)[1];
    assert_eq!((sent.fields["scale"].clone(), sent.fields["creativity"].clone()), (4.into(), 0.0.into()));
}

#[tokio::test]
async fn a_large_input_at_4x_is_planned_and_priced_at_2x_and_really_doubled() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let request = UpscaleRequest::new(ImageSource::bytes(fixtures::png(1100, 1000))).scale(Scale::X4);
    let call = c.prepare_upscale(request).await.unwrap();
    let plan = c.plan(&call);
    let u = plan.upscale.as_ref().unwrap();
    assert_eq!((u.asked_scale, u.effective_scale, u.output_dimensions), (4, 2, (2200, 2000)));
    assert!(u.note.as_deref().unwrap().contains("lowered to 2x"), "{u}");
    assert!((plan.estimated_cost.as_ref().unwrap().usd - 0.02).abs() < 1e-9, "charged as 2x");
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["effective_scale"], 2);
    assert_eq!(json["output_dimensions"], serde_json::json!([2200, 2000]));
    assert!(plan.to_string().contains("scale: 2x, output 2200x2000 (4x asked, lowered"), "{plan}");
    assert!(edits(&server).is_empty(), "a plan sends nothing");

    let big = c.send(&call).await.unwrap();
    assert_eq!(dims(big.bytes()), (2200, 2000));
}

#[tokio::test]
async fn the_price_comes_from_the_upscale_catalogue_fetched_once() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    for (scale, usd) in [(Scale::X4, 0.08), (Scale::X2, 0.02), (Scale::X4, 0.08)] {
        let call = c
            .prepare_upscale(UpscaleRequest::new(ImageSource::bytes(fixtures::png(300, 300))).scale(scale))
            .await;
        let call = call.unwrap();
        assert!((call.estimated_cost().unwrap().usd - usd).abs() < 1e-9, "{scale}");
        assert_eq!(call.model(), Some("upscaler"));
    }
    let listings: Vec<_> = server.requests().into_iter().filter(|r| r.path.ends_with("/models")).collect();
    assert_eq!(listings.len(), 1);
    assert_eq!(listings[0].query.as_deref(), Some("type=upscale"));
}

#[tokio::test]
async fn every_rule_is_checked_before_sending() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let refused = |r: Result<venice_image::PreparedCall, Error>| match r {
        Err(Error::InvalidInput(i)) => i,
        other => panic!("expected a refusal, got {other:?}"),
    };
    let png = || ImageSource::bytes(fixtures::png(300, 300));
    for bad in [-0.01, 0.03, f64::NAN] {
        let e = refused(c.prepare_upscale(UpscaleRequest::new(png()).creativity(bad)).await);
        assert_eq!((e.field.as_str(), e.rule), ("creativity", Rule::OutOfRange));
        assert!(e.message.contains("0 to 0.02"), "{}", e.message);
    }
    let e =
        refused(c.prepare_upscale(UpscaleRequest::new(ImageSource::bytes(fixtures::png(2049, 2048)))).await);
    assert_eq!(e.rule, Rule::TooManyPixels);
    assert!(e.message.contains("16,777,216") && e.message.contains("fit"), "{}", e.message);
    let e =
        refused(c.prepare_upscale(UpscaleRequest::new(ImageSource::bytes(fixtures::png(200, 200)))).await);
    assert_eq!(e.rule, Rule::TooFewPixels);
    let e =
        refused(c.prepare_upscale(UpscaleRequest::new(ImageSource::bytes(b"not an image".to_vec()))).await);
    assert_eq!(e.rule, Rule::UnsupportedFormat);
    let e =
        refused(c.prepare_upscale(UpscaleRequest::new(ImageSource::url("https://example.com/a.png"))).await);
    assert_eq!(e.rule, Rule::InvalidUrl);
    assert!(e.message.contains("does not fetch URLs"), "{}", e.message);
    assert!(edits(&server).is_empty(), "nothing was sent");
}

#[tokio::test]
async fn fit_shrinks_an_input_until_its_2x_output_fits() {
    let server = mock(MockConfig::default()).await;
    let request = UpscaleRequest::new(ImageSource::bytes(fixtures::jpeg(2400, 2000))).fit(true);
    let call = client(&server).prepare_upscale(request).await.unwrap();
    let report = &call.fitted()[0];
    assert_eq!((report.from.0, report.from.1), (2400, 2000));
    let (w, h) = (report.to.0, report.to.1);
    assert!(u64::from(w) * u64::from(h) <= venice_image::MAX_UPSCALE_INPUT_PIXELS, "{w}x{h}");
    assert_eq!(call.upscale().unwrap().output_dimensions, (w * 2, h * 2));
    let big = client(&server).send(&call).await.unwrap();
    assert_eq!(dims(big.bytes()), (w * 2, h * 2));
}

#[tokio::test]
async fn a_503_is_retried_and_then_succeeds() {
    let server = mock(MockConfig::default()).await;
    let (c, events) = recording_client(&server, RetryPolicy::default());
    server.script_for(FaultScope::Images, [Fault::Status { status: 503, retry_after: None }]);
    let big = c.upscale(UpscaleRequest::new(ImageSource::bytes(fixtures::png(300, 300)))).await.unwrap();
    assert_eq!(big.meta().attempts, 2);
    assert_eq!(edits(&server).len(), 2);
    assert_eq!(events.lock().unwrap()[0].status, Some(503));
}

#[tokio::test]
async fn a_content_policy_refusal_carries_the_suggested_prompt() {
    let server = mock(MockConfig::default().blocked_word("kaboom")).await;
    let e = client(&server)
        .edit(EditRequest::new(ImageSource::bytes(fixtures::png(300, 300)), "a big KABOOM over the canal"))
        .await
        .unwrap_err();
    let Error::ContentPolicy(f) = &e else { panic!("{e:?}") };
    assert_eq!(f.advice.suggested_prompt.as_deref(), Some("a big over the canal"));
    assert!(f.message.starts_with("Content policy violation"), "{}", f.message);
}

#[tokio::test]
async fn the_enhanced_prompt_is_read_from_its_header() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let plain =
        c.edit(EditRequest::new(ImageSource::bytes(fixtures::png(300, 300)), "a café")).await.unwrap();
    assert_eq!(plain.meta().enhanced_prompt, None);
    let request =
        EditRequest::new(ImageSource::bytes(fixtures::png(300, 300)), "a café").enhance_prompt(true);
    let enhanced = c.edit(request).await.unwrap();
    let prompt = enhanced.meta().enhanced_prompt.as_deref().unwrap();
    assert!(prompt.starts_with("a café, "), "decoded: {prompt}");
}
