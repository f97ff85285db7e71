//! Every validation rule, each refused before any edit request is sent.

use crate::common::*;
use venice_image::{
    Client, EditRequest, Encoding, Error, ImageSource, MultiEditRequest, Quality, Rule, catalogue::Catalogue,
};
use venice_mock::{MockConfig, MockServer, fixtures};

async fn refused(server: &MockServer, c: &Client, request: EditRequest) -> venice_image::InvalidInput {
    let err = c.edit(request).await.expect_err("refused");
    assert!(edits(server).is_empty(), "nothing may be sent for {err}");
    match err {
        Error::InvalidInput(i) => i,
        other => panic!("expected invalid input, got {other}"),
    }
}

#[tokio::test]
async fn image_files_are_checked_from_their_bytes() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let dir = tempfile::tempdir().unwrap();
    let mut big = fixtures::png(1000, 1000);
    big.resize(26 * 1024 * 1024, 0);
    let mut truncated_jpeg = fixtures::jpeg(400, 400);
    truncated_jpeg.truncate(12);
    let jpeg = fixtures::jpeg(640, 480);
    let cases: Vec<(&str, Vec<u8>, Rule)> = vec![
        ("empty.png", Vec::new(), Rule::CorruptImage),
        ("cut60.jpg", jpeg[..jpeg.len() * 6 / 10].to_vec(), Rule::Truncated),
        ("cut.gif", fixtures::gif(400, 400)[..900].to_vec(), Rule::Truncated),
        ("notes.png", b"these are my notes, not a picture".to_vec(), Rule::UnsupportedFormat),
        ("cut.png", fixtures::png(400, 400)[..20].to_vec(), Rule::CorruptImage),
        ("cut.jpg", truncated_jpeg, Rule::CorruptImage),
        ("tiny.png", fixtures::png(255, 255), Rule::TooFewPixels),
        ("huge.png", png_claiming(6000, 6000), Rule::TooManyPixels),
        ("big.png", big, Rule::FileTooLarge),
        (
            "old.bmp",
            b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00".to_vec(),
            Rule::UnsupportedFormat,
        ),
        // HEIC is converted with the `heif` feature (this one is only a
        // header: unreadable), and refused by name without it.
        ("phone.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(), HEIC_RULE),
    ];
    for (name, bytes, rule) in cases {
        let path = write(dir.path(), name, &bytes);
        let e = refused(&server, &c, EditRequest::new(ImageSource::path(&path), "x")).await;
        assert_eq!(e.rule, rule, "{name}: {e}");
        assert_eq!(e.field, "image");
        assert!(e.message.contains(name), "{name}: the message names the file: {e}");
    }
}

#[cfg(feature = "heif")]
const HEIC_RULE: Rule = Rule::CorruptImage;
#[cfg(not(feature = "heif"))]
const HEIC_RULE: Rule = Rule::FeatureDisabled;

#[tokio::test]
async fn messages_say_what_to_do() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let e = refused(&server, &c, EditRequest::new(ImageSource::bytes(fixtures::png(255, 255)), "x")).await;
    assert_eq!(
        e.message,
        "the image bytes is 255x255 (65,025 pixels); Venice needs at least 65,536 (256x256, say): upscale it first"
    );
    let e = refused(&server, &c, EditRequest::new(ImageSource::bytes(png_claiming(6000, 6000)), "x")).await;
    assert!(e.message.contains("36,000,000 pixels") && e.message.contains("or pass --fit"), "{e}");
}

#[tokio::test]
async fn paths_that_are_not_files_are_refused() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let dir = tempfile::tempdir().unwrap();
    let e = refused(&server, &c, EditRequest::new(ImageSource::path(dir.path()), "x")).await;
    assert_eq!(e.rule, Rule::Unreadable);
    assert!(e.message.contains("is a directory"), "{e}");
    let e = refused(&server, &c, EditRequest::new(ImageSource::path(dir.path().join("nope.jpg")), "x")).await;
    assert!(e.message.ends_with("nope.jpg does not exist; check the path"), "{e}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = write(dir.path(), "locked.png", &fixtures::png(300, 300));
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads anything; the rule can only be seen as another user.
        if std::fs::read(&locked).is_err() {
            let e = refused(&server, &c, EditRequest::new(ImageSource::path(&locked), "x")).await;
            assert!(e.message.contains("permission denied"), "{e}");
        }
    }
}

#[tokio::test]
async fn urls_must_be_http() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    for url in ["ftp://images.example/a.png", "file:///etc/hosts", "images.example/a.png"] {
        let e = refused(&server, &c, EditRequest::new(ImageSource::url(url), "x")).await;
        assert_eq!(e.rule, Rule::InvalidUrl, "{url}");
    }
    let e = refused(
        &server,
        &c,
        EditRequest::new(ImageSource::url("https://images.example/a.png"), "x").encoding(Encoding::Multipart),
    )
    .await;
    assert_eq!(e.rule, Rule::Encoding);
}

#[tokio::test]
async fn prompts_are_counted_as_the_service_counts_them() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let img = || ImageSource::bytes(fixtures::png(300, 300));
    let e = refused(&server, &c, EditRequest::new(img(), "   ")).await;
    assert_eq!(e.rule, Rule::Empty);
    // 751 emoji are 1502 UTF-16 units: over FireRed's 1500 though only 751 chars.
    let e = refused(&server, &c, EditRequest::new(img(), "🌅".repeat(751))).await;
    assert_eq!(e.rule, Rule::TooLong);
    assert_eq!(
        e.message,
        "the prompt is 1502 characters (UTF-16); firered-image-edit takes at most 1500: shorten it"
    );
    // A model with a longer limit takes it.
    c.edit(EditRequest::new(img(), "🌅".repeat(751)).model("flux-2-max-edit")).await.unwrap();
}

#[tokio::test]
async fn the_models_own_rules_apply() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let img = || ImageSource::bytes(fixtures::png(300, 300));
    let e = refused(&server, &c, EditRequest::new(img(), "x").model("qwen-edit")).await;
    assert_eq!((e.field.as_str(), e.rule), ("model", Rule::UnknownModel));
    let e = refused(
        &server,
        &c,
        EditRequest::new(img(), "x").model("gpt-image-2-edit").aspect_ratio("auto".parse().unwrap()),
    )
    .await;
    assert_eq!((e.field.as_str(), e.rule), ("aspect_ratio", Rule::NotSupportedByModel));
    assert!(e.message.contains("it takes: 1:1, 3:2"), "{e}");
    let e = refused(&server, &c, EditRequest::new(img(), "x").resolution("2K")).await;
    assert_eq!(e.message, "firered-image-edit does not take resolution 2K; it takes: 1K");

    let too_many = MultiEditRequest::new(img(), vec![img(), img(), img()], "x");
    let err = c.multi_edit(too_many).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidInput(i) if i.rule == Rule::TooManyImages), "{err}");
    let no_quality = MultiEditRequest::new(img(), vec![], "x").quality(Quality::High);
    let err = c.multi_edit(no_quality).await.unwrap_err();
    assert!(
        err.to_string().contains("firered-image-edit does not take quality high; it takes: none"),
        "{err}"
    );
    let luma = MultiEditRequest::new(img(), vec![img()], "x").model("luma-uni-1-edit");
    assert!(c.multi_edit(luma).await.is_err(), "a model that cannot combine takes one image");
    assert!(edits(&server).is_empty());
}

#[tokio::test]
async fn without_a_catalogue_the_general_bounds_still_hold() {
    let server = mock(MockConfig::default()).await;
    let c = builder(&server).fetch_catalogue(false).build().unwrap();
    // The model's 1500 limit is not known, so the service is the judge.
    let err = c
        .edit(EditRequest::new(ImageSource::bytes(fixtures::png(300, 300)), "a".repeat(2000)))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Rejected(_)), "{err}");
    let e = c
        .edit(EditRequest::new(ImageSource::bytes(fixtures::png(300, 300)), "a".repeat(40_000)))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(ref i) if i.rule == Rule::TooLong), "{e}");
    // A supplied catalogue is used as is.
    let c = builder(&server).catalogue(Catalogue::default()).build().unwrap();
    assert!(c.models().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_json_body_over_35_mb_is_refused_before_sending() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    let mut half = fixtures::png(1000, 1000);
    half.resize(14 * 1024 * 1024, 0);
    // Padding after IEND is a trailer that uploads leave out, unless kept.
    let mut keep = venice_image::UploadOptions::default();
    keep.keep_metadata_in_upload = true;
    let request =
        MultiEditRequest::new(ImageSource::bytes(half.clone()), vec![ImageSource::bytes(half)], "x")
            .upload(keep)
            .encoding(Encoding::Json);
    let err = c.multi_edit(request).await.unwrap_err();
    assert!(err.to_string().contains("over the service's 35 MB limit"), "{err}");
    assert!(edits(&server).is_empty());
}

#[tokio::test]
async fn fit_downscales_what_is_too_large_and_says_so() {
    let server = mock(MockConfig::default()).await;
    let c = client(&server);
    // 5800x5800 is 33.64 MP, just over the limit.
    let big = image::RgbImage::from_fn(5800, 5800, |x, y| image::Rgb([(x / 23) as u8, (y / 23) as u8, 90]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(big).write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    let bytes = bytes.into_inner();
    let refused = c.edit(EditRequest::new(ImageSource::bytes(bytes.clone()), "x")).await.unwrap_err();
    assert!(matches!(refused, Error::InvalidInput(ref i) if i.rule == Rule::TooManyPixels));

    let edited = c.edit(EditRequest::new(ImageSource::bytes(bytes), "x").fit(true)).await.unwrap();
    let report = &edited.fitted()[0];
    assert_eq!((report.from.0, report.from.1), (5800, 5800));
    assert!(u64::from(report.to.0) * u64::from(report.to.1) <= venice_image::MAX_PIXELS);
    assert_eq!(report.format, "JPEG");
    let sent = &edits(&server)[0].images[0];
    assert_eq!(sent.format, "jpeg");
    assert_eq!(sent.part_content_type.as_deref(), Some("image/jpeg"));
    assert!(report.to_string().starts_with("image: fitted from 5800x5800"), "{report}");
}
