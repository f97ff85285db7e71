//! Each rule of the emulator, over real HTTP on 127.0.0.1.

use std::time::Duration;

use crate::common::*;
use image::GenericImageView;
use reqwest::multipart::Form;
use serde_json::json;
use venice_mock::fixtures;
use venice_mock::{Deprecation, Lockout, MockConfig, RateLimit};

#[tokio::test]
async fn multipart_edit_answers_an_inverted_image_at_the_tier_with_headers() {
    let server = start(MockConfig::default()).await;
    let response =
        post_form(&server, "/image/edit", edit_form(fixtures::jpeg(640, 480), "image/jpeg", "x")).await;
    assert_eq!(response.status(), 200);
    let h = response.headers().clone();
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(h["x-venice-model-id"], "firered-image-edit");
    assert_eq!(h["x-venice-model-name"], "FireRed Edit");
    assert_eq!(h["x-venice-is-content-violation"], "false");
    assert_eq!(h["x-venice-balance-usd"], "99.9600");
    assert!(h["cf-ray"].to_str().unwrap().ends_with("-MOCK"));
    let img = decode(&response.bytes().await.unwrap());
    assert_eq!(img.dimensions(), (1024, 768), "1K tier, the input's 4:3 shape");
    // The background was light grey; inverted it is dark.
    assert!(img.get_pixel(5, 5).0[0] < 30);
}

#[tokio::test]
async fn json_edit_takes_base64_with_or_without_a_data_prefix() {
    let server = start(MockConfig::default()).await;
    let png = fixtures::png(400, 300);
    for image in [b64(&png), format!("data:image/png;base64,{}", b64(&png))] {
        let r = post_json(&server, "/image/edit", &json!({"image": image, "prompt": "x"})).await;
        assert_eq!(r.status(), 200);
    }
    let recorded = server.requests();
    assert_eq!(recorded[0].images[0].source, "base64");
    assert_eq!(recorded[1].images[0].source, "data-url");
    assert_eq!(recorded[0].images[0].sha256, recorded[1].images[0].sha256);
    assert_eq!(recorded[0].images[0].byte_len, png.len() as u64);
}

#[tokio::test]
async fn aspect_ratio_resolution_and_format_shape_the_answer() {
    let server = start(MockConfig::default()).await;
    let png = b64(&fixtures::png(400, 300));
    let r = post_json(&server, "/image/edit", &json!({"image": png, "prompt": "x", "aspect_ratio": "16:9"}))
        .await;
    assert_eq!(decode(&r.bytes().await.unwrap()).dimensions(), (1024, 576));

    let body = json!({"image": png, "prompt": "x", "model": "nano-banana-2-edit", "resolution": "2K"});
    let r = post_json(&server, "/image/edit", &body).await;
    assert_eq!(r.headers()["content-type"], "image/jpeg", "JPEG by default at 2K");
    assert_eq!(decode(&r.bytes().await.unwrap()).dimensions(), (2048, 1536));

    let r = post_json(&server, "/image/edit", &json!({"image": png, "prompt": "x", "output_format": "webp"}))
        .await;
    assert_eq!(r.headers()["content-type"], "image/webp");
    let bytes = r.bytes().await.unwrap();
    assert_eq!(image::guess_format(&bytes).unwrap(), image::ImageFormat::WebP);
}

#[tokio::test]
async fn a_model_that_keeps_the_shape_ignores_the_ratio() {
    let server = start(MockConfig::default()).await;
    let body = json!({"image": b64(&fixtures::png(400, 300)), "prompt": "x", "model": "luma-uni-1-edit", "aspect_ratio": "1:1"});
    let r = post_json(&server, "/image/edit", &body).await;
    assert_eq!(decode(&r.bytes().await.unwrap()).dimensions(), (1024, 768));
}

#[tokio::test]
async fn multi_edit_composites_layers_from_urls_and_files() {
    let base_url = "https://images.example/base.png";
    let mask_url = "https://images.example/mask.png";
    let config = MockConfig::default()
        .serve_url(base_url, fixtures::png(300, 300))
        .serve_url(mask_url, fixtures::half_mask(300, 300));
    let server = start(config).await;
    let r = post_json(&server, "/image/multi-edit", &json!({"images": [base_url, mask_url], "prompt": "x"}))
        .await;
    assert_eq!(r.status(), 200);
    let img = decode(&r.bytes().await.unwrap()).into_rgba8();
    assert_eq!(img.get_pixel(10, 512).0, [255, 255, 255, 255], "the mask's opaque half is drawn");
    assert_eq!(img.get_pixel(1014, 10).0, [240, 240, 240, 255], "the base shows through elsewhere");
    assert_eq!(server.requests()[0].images[1].url.as_deref(), Some(mask_url));

    let form = Form::new()
        .text("prompt", "x")
        .part("images", file_part(fixtures::png(300, 300), "image/png", "base.png"))
        .part("images", file_part(fixtures::half_mask(300, 300), "image/png", "mask.png"));
    let r = post_form(&server, "/image/multi-edit", form).await;
    assert_eq!(r.status(), 200);
    let rec = &server.requests()[1];
    assert_eq!(rec.images.len(), 2);
    assert_eq!(rec.images[1].filename.as_deref(), Some("mask.png"));
    assert_eq!(rec.images[1].part_content_type.as_deref(), Some("image/png"));
}

#[tokio::test]
async fn multi_edit_multipart_refuses_text_images_and_has_no_model_field() {
    let server = start(MockConfig::default()).await;
    let form = Form::new().text("prompt", "x").text("images", "https://images.example/a.png");
    let (status, body) = error_of(post_form(&server, "/image/multi-edit", form).await).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("must be file uploads"), "{body}");

    let body =
        json!({"images": [b64(&fixtures::png(300, 300))], "prompt": "x", "model": "firered-image-edit"});
    let (status, body) = error_of(post_json(&server, "/image/multi-edit", &body).await).await;
    assert_eq!(status, 400);
    assert_eq!(body["details"]["_errors"][0], "Unrecognized key(s) in object: 'model'");
}

#[tokio::test]
async fn background_remove_answers_rgba_with_a_transparent_background() {
    let server =
        start(MockConfig::default().serve_url("https://images.example/p.jpg", fixtures::png(320, 240))).await;
    let form = Form::new().part("image", file_part(fixtures::png(320, 240), "image/png", "p.png"));
    let r = post_form(&server, "/image/background-remove", form).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/png");
    let img = decode(&r.bytes().await.unwrap());
    assert_eq!(img.color(), image::ColorType::Rgba8);
    let img = img.into_rgba8();
    assert_eq!(img.get_pixel(2, 2).0[3], 0, "background cleared");
    assert_eq!(img.get_pixel(160, 120).0[3], 255, "subject kept");

    let r =
        post_json(&server, "/image/background-remove", &json!({"image_url": "https://images.example/p.jpg"}))
            .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn background_remove_takes_exactly_one_input_and_no_model() {
    let server = start(MockConfig::default()).await;
    let img = b64(&fixtures::png(300, 300));
    for body in [json!({}), json!({"image": img, "image_url": "https://images.example/x.png"})] {
        let (status, body) = error_of(post_json(&server, "/image/background-remove", &body).await).await;
        assert_eq!(status, 400);
        assert_eq!(body["details"]["_errors"][0], "Provide exactly one of image or image_url");
    }
    let (status, body) =
        error_of(post_json(&server, "/image/background-remove", &json!({"image": img, "model": "x"})).await)
            .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "Unrecognized key(s) in object: 'model'");
}

#[tokio::test]
async fn models_are_listed_without_auth_in_the_real_shape() {
    let server = start(MockConfig::default()).await;
    let list: serde_json::Value =
        http().get(url(&server, "/models?type=inpaint")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["object"], "list");
    assert_eq!(list["type"], "inpaint");
    assert_eq!(list["data"].as_array().unwrap().len(), 21);
    let firered = list["data"].as_array().unwrap().iter().find(|m| m["id"] == "firered-image-edit").unwrap();
    assert_eq!(firered["model_spec"]["constraints"]["promptCharacterLimit"], 1500);
    assert_eq!(firered["model_spec"]["pricing"]["inpaint"]["usd"], 0.04);
    let (status, _) = error_of(http().get(url(&server, "/models?type=bogus")).send().await.unwrap()).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn auth_takes_the_key_and_refuses_an_unsigned_x402_header() {
    let server = start(MockConfig::default().key("right")).await;
    let form = || edit_form(fixtures::png(300, 300), "image/png", "x");
    let post = || http().post(url(&server, "/image/edit"));
    let anonymous = post().multipart(form()).send().await.unwrap();
    assert_eq!(anonymous.status(), 402, "no credentials at all: x402's payment required");
    assert!(anonymous.headers().contains_key("payment-required"));
    let (_, body) = error_of(anonymous).await;
    assert_eq!(body["x402Version"], 2);
    assert_eq!(body["authOptions"]["x402Wallet"]["header"], "SIGN-IN-WITH-X");
    assert_eq!(post().bearer_auth("wrong").multipart(form()).send().await.unwrap().status(), 401);
    assert_eq!(post().bearer_auth("right").multipart(form()).send().await.unwrap().status(), 200);
    for header in ["SIGN-IN-WITH-X", "X-Sign-In-With-X"] {
        let r = post().header(header, "garbage").multipart(form()).send().await.unwrap();
        let (status, body) = error_of(r).await;
        assert_eq!((status, body["code"].as_str()), (401, Some("PARSE_ERROR")), "{header}");
    }
    let recorded = server.requests();
    assert_eq!(recorded[2].headers["authorization"], "Bearer [redacted]");
    assert_eq!(recorded[3].headers["sign-in-with-x"], "[redacted]");
    assert!(!serde_json::to_string(&recorded).unwrap().contains("right"));
}

#[tokio::test]
async fn unknown_fields_wrong_types_and_content_types_are_refused() {
    let server = start(MockConfig::default()).await;
    let img = b64(&fixtures::png(300, 300));
    let (status, body) = error_of(
        post_json(&server, "/image/edit", &json!({"image": img, "prompt": "x", "strength": 0.5})).await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["details"]["_errors"][0], "Unrecognized key(s) in object: 'strength'");

    let (status, body) = error_of(
        post_json(&server, "/image/edit", &json!({"image": img, "prompt": "x", "safe_mode": "no"})).await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["details"]["safe_mode"]["_errors"][0], "Expected boolean");

    let form = edit_form(fixtures::png(300, 300), "image/png", "x").text("quality", "high");
    let (status, body) = error_of(post_form(&server, "/image/edit", form).await).await;
    assert_eq!(status, 400, "{body}");

    let r = http().post(url(&server, "/image/edit")).bearer_auth(KEY).body("prompt=x").send().await.unwrap();
    assert_eq!(r.status(), 415);
}

#[tokio::test]
async fn json_over_35_mb_is_413() {
    let server = start(MockConfig::default()).await;
    let big = "A".repeat(venice_mock::MAX_JSON_BYTES + 10);
    let (status, body) =
        error_of(post_json(&server, "/image/edit", &json!({"image": big, "prompt": "x"})).await).await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], "PAYLOAD_TOO_LARGE");
}

#[tokio::test]
async fn image_bounds_and_corruption_are_400s_with_the_documented_codes() {
    let server = start(MockConfig::default()).await;
    let mut too_big_file = fixtures::png(300, 300);
    too_big_file.resize(26 * 1024 * 1024, 0);
    let truncated = fixtures::png(300, 300)[..30].to_vec();
    let cases: [(Vec<u8>, &str, &str); 6] = [
        (fixtures::png(255, 255), "image/png", "IMAGE_TOO_SMALL"),
        (png_claiming(6000, 6000), "image/png", "IMAGE_TOO_LARGE"),
        (too_big_file, "image/png", "FILE_TOO_LARGE"),
        (truncated, "image/png", "CORRUPTED_IMAGE"),
        (b"just some text".to_vec(), "image/png", "UNSUPPORTED_IMAGE_FORMAT"),
        (Vec::new(), "image/png", "CORRUPTED_IMAGE"),
    ];
    for (bytes, mime, code) in cases {
        let (status, body) =
            error_of(post_form(&server, "/image/edit", edit_form(bytes, mime, "x")).await).await;
        assert_eq!(status, 400, "{code}");
        assert!(body["error"].as_str().unwrap().starts_with(code), "{code}: {body}");
    }
    let (status, body) = error_of(
        post_form(
            &server,
            "/image/edit",
            edit_form(fixtures::png(300, 300), "application/octet-stream", "x"),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("MIME type"), "{body}");
}

#[tokio::test]
async fn model_rules_come_from_the_catalogue() {
    let server = start(MockConfig::default()).await;
    let img = b64(&fixtures::png(300, 300));
    let cases = [
        (json!({"image": img, "prompt": "x", "model": "qwen-edit"}), "model"),
        // 751 emoji are 1502 UTF-16 units: over FireRed's 1500.
        (json!({"image": img, "prompt": "🌅".repeat(751)}), "prompt"),
        (
            json!({"image": img, "prompt": "x", "model": "gpt-image-2-edit", "aspect_ratio": "auto"}),
            "aspect_ratio",
        ),
        (
            json!({"image": img, "prompt": "x", "model": "grok-imagine-edit", "resolution": "4K"}),
            "resolution",
        ),
        (json!({"image": img, "prompt": "x", "resolution": "2K"}), "resolution"),
    ];
    for (body, field) in cases {
        let (status, body) = error_of(post_json(&server, "/image/edit", &body).await).await;
        assert_eq!(status, 400, "{field}");
        assert!(body["details"][field]["_errors"][0].is_string(), "{field}: {body}");
    }
    let four = vec![img.clone(), img.clone(), img.clone(), img.clone()];
    let (status, body) =
        error_of(post_json(&server, "/image/multi-edit", &json!({"images": four, "prompt": "x"})).await)
            .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "4 images sent; firered-image-edit takes at most 3");
    let (status, _) = error_of(
        post_json(&server, "/image/multi-edit", &json!({"images": [img], "prompt": "x", "quality": "high"}))
            .await,
    )
    .await;
    assert_eq!(status, 400, "FireRed has no quality setting");
    // Exactly at the limit is fine.
    let r = post_json(&server, "/image/edit", &json!({"image": img, "prompt": "a".repeat(1500)})).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn the_balance_is_charged_per_success_and_402_when_short() {
    let server = start(MockConfig::default().balance_usd(0.10)).await;
    let body = json!({"images": [b64(&fixtures::png(300, 300))], "prompt": "x", "modelId": "gpt-image-2-edit", "quality": "low"});
    let r = post_json(&server, "/image/multi-edit", &body).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-venice-balance-usd"], "0.0700", "0.03 for 1K low");
    let body = json!({"image": b64(&fixtures::png(300, 300)), "prompt": "x", "model": "flux-2-max-edit"});
    let (status, body) = error_of(post_json(&server, "/image/edit", &body).await).await;
    assert_eq!(status, 402, "{body}");
    assert!((server.balance_usd() - 0.07).abs() < 1e-9, "a refusal costs nothing");
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after_and_headers() {
    let limit = RateLimit { requests: 2, window: Duration::from_secs(60) };
    let server = start(MockConfig::default().rate_limit(Some(limit))).await;
    let body = json!({"image": b64(&fixtures::png(300, 300)), "prompt": "x"});
    for remaining in ["1", "0"] {
        let r = post_json(&server, "/image/edit", &body).await;
        assert_eq!(r.headers()["x-ratelimit-remaining-requests"], remaining);
        assert_eq!(r.headers()["x-ratelimit-limit-requests"], "2");
    }
    let r = post_json(&server, "/image/edit", &body).await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(r.headers()["x-ratelimit-remaining-requests"], "0");
}

#[tokio::test]
async fn repeated_failures_lock_the_key_out() {
    let rule = Lockout { failures: 20, within: Duration::from_secs(30), lock: Duration::from_secs(30) };
    let server = start(MockConfig::default().lockout(Some(rule))).await;
    let bad = json!({"image": b64(&fixtures::png(300, 300)), "prompt": "x", "nope": 1});
    for _ in 0..21 {
        assert_eq!(post_json(&server, "/image/edit", &bad).await.status(), 400);
    }
    let good = json!({"image": b64(&fixtures::png(300, 300)), "prompt": "x"});
    let r = post_json(&server, "/image/edit", &good).await;
    assert_eq!(r.status(), 429, "locked out even for a good request");
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((25..=30).contains(&wait), "{wait}");
}

#[tokio::test]
async fn a_blocked_word_is_a_422_and_deprecated_models_say_so() {
    let deprecation = Deprecation {
        warning: "qwen-image-2-edit retires on 2027-01-01; use qwen-image-3-edit".into(),
        date: "2027-01-01T00:00:00.000Z".into(),
        replacement: Some("qwen-image-3-edit".into()),
    };
    let server =
        start(MockConfig::default().blocked_word("kaboom").deprecate("qwen-image-2-edit", deprecation)).await;
    let img = b64(&fixtures::png(300, 300));
    let (status, _) =
        error_of(post_json(&server, "/image/edit", &json!({"image": img, "prompt": "KABOOM now"})).await)
            .await;
    assert_eq!(status, 422);
    let r = post_json(
        &server,
        "/image/edit",
        &json!({"image": img, "prompt": "x", "model": "qwen-image-2-edit"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-venice-deprecated"], "true");
    assert_eq!(r.headers()["x-venice-deprecated-replacement"], "qwen-image-3-edit");
    assert_eq!(r.headers()["x-venice-model-deprecation-date"], "2027-01-01T00:00:00.000Z");
    assert!(r.headers()["x-venice-model-deprecation-warning"].to_str().unwrap().contains("retires"));
}

#[tokio::test]
async fn every_request_is_recorded_and_logged_as_json_lines() {
    let dir = std::env::temp_dir().join(format!("venice-mock-log-{}", std::process::id()));
    let server = start(MockConfig::default().log(&dir)).await;
    let form = edit_form(fixtures::webp(300, 300), "image/webp", "make it blue").text("aspect_ratio", "1:1");
    post_form(&server, "/image/edit", form).await;
    let rec = &server.requests()[0];
    assert_eq!(rec.method, "POST");
    assert_eq!(rec.path, "/api/v1/image/edit");
    assert!(rec.content_type.as_deref().unwrap().starts_with("multipart/form-data; boundary="));
    assert_eq!(rec.fields["prompt"], "make it blue");
    assert_eq!(rec.fields["aspect_ratio"], "1:1");
    assert_eq!(rec.images[0].format, "webp");
    assert_eq!(rec.images[0].part_content_type.as_deref(), Some("image/webp"));
    assert_eq!(rec.status, 200);
    drop(server);
    let log = std::fs::read_to_string(&dir).unwrap();
    let _ = std::fs::remove_file(&dir);
    let line: serde_json::Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    assert_eq!(line["fields"]["prompt"], "make it blue");
    assert_eq!(line["headers"]["authorization"], "Bearer [redacted]");
}

#[tokio::test]
async fn base64_with_json_escapes_is_read_like_any_other() {
    let server = start(MockConfig::default()).await;
    let png = fixtures::png(400, 300);
    let plain = b64(&png);
    assert!(plain.contains('/'), "the fixture's base64 has a slash to escape");
    // JSON may write "/" as "\/"; the emulator must unescape, not borrow raw text.
    let escaped = plain.replace('/', "\\/");
    let body = format!(r#"{{"prompt":"x","image":"{escaped}"}}"#);
    let r = http()
        .post(url(&server, "/image/edit"))
        .bearer_auth(KEY)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let recorded = &server.requests()[0].images[0];
    assert_eq!(recorded.byte_len, png.len() as u64);
}
