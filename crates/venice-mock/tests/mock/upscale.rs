//! `POST /image/upscale` and the upscaler in the catalogue, over real HTTP.

use std::time::Duration;

use crate::common::*;
use image::GenericImageView;
use reqwest::multipart::Form;
use serde_json::{Value, json};
use venice_mock::{Fault, FaultScope, MockConfig, RateLimit, fixtures};

const PATH: &str = "/image/upscale";

fn upscale_form(image: Vec<u8>) -> Form {
    Form::new().part("image", file_part(image, "image/png", "photo.png"))
}

#[tokio::test]
async fn multipart_upscale_doubles_the_image_by_default_as_png() {
    let server = start(MockConfig::default()).await;
    let r = post_form(&server, PATH, upscale_form(fixtures::png(320, 240))).await;
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(h["x-venice-is-content-violation"], "false");
    assert_eq!(h["x-venice-model-id"], "upscaler");
    assert_eq!(h["x-venice-balance-usd"], "99.9800", "2x costs 0.02");
    assert!(h["cf-ray"].to_str().unwrap().ends_with("-MOCK"));
    let img = decode(&r.bytes().await.unwrap());
    assert_eq!(img.dimensions(), (640, 480));
    // The red disc stays where it was, at twice the size.
    assert_eq!(img.get_pixel(322, 240).0[..3], [200, 30 + (161 % 16) as u8, 30]);
    assert_eq!(img.get_pixel(4, 4).0[..3], [240, 240, 240]);

    let form = upscale_form(fixtures::png(300, 300)).text("scale", "4").text("creativity", "0.02");
    let r = post_form(&server, PATH, form).await;
    assert_eq!(r.status(), 200);
    assert_eq!(decode(&r.bytes().await.unwrap()).dimensions(), (1200, 1200));
    let rec = &server.image_requests()[1];
    assert_eq!(rec.fields["scale"], "4");
    assert_eq!(rec.images[0].filename.as_deref(), Some("photo.png"));
}

#[tokio::test]
async fn json_upscale_at_4x_charges_008() {
    let server = start(MockConfig::default().balance_usd(1.00)).await;
    let body = json!({"image": b64(&fixtures::png(300, 300)), "scale": 4});
    let r = post_json(&server, PATH, &body).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-venice-balance-usd"], "0.9200");
    assert_eq!(decode(&r.bytes().await.unwrap()).dimensions(), (1200, 1200));
    assert!((server.balance_usd() - 0.92).abs() < 1e-9);

    let data_url = format!("data:image/png;base64,{}", b64(&fixtures::png(256, 256)));
    let r = post_json(&server, PATH, &json!({"image": data_url, "scale": 2, "creativity": null})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(decode(&r.bytes().await.unwrap()).dimensions(), (512, 512));
    assert!((server.balance_usd() - 0.90).abs() < 1e-9);
    assert_eq!(server.image_requests()[1].images[0].source, "data-url");
}

#[tokio::test]
async fn a_large_input_at_4x_is_upscaled_by_2_and_charged_as_2x() {
    let server = start(MockConfig::default().balance_usd(1.00)).await;
    // 1100 x 1000 at 4x would be 17,600,000 pixels: over 16,777,216.
    let r = post_form(&server, PATH, upscale_form(fixtures::png(1100, 1000)).text("scale", "4")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-venice-balance-usd"], "0.9800");
    assert_eq!(decode(&r.bytes().await.unwrap()).dimensions(), (2200, 2000));
}

#[tokio::test]
async fn an_input_too_large_even_for_2x_is_refused_and_costs_nothing() {
    let server = start(MockConfig::default().balance_usd(1.00)).await;
    for scale in ["2", "4"] {
        let form = upscale_form(png_claiming(2100, 2000)).text("scale", scale);
        let (status, body) = error_of(post_form(&server, PATH, form).await).await;
        assert_eq!(status, 400, "{body}");
        let message = body["details"]["image"]["_errors"][0].as_str().unwrap();
        assert!(message.starts_with("IMAGE_TOO_LARGE: upscaling 2100x2000 even by 2"), "{message}");
    }
    assert!((server.balance_usd() - 1.00).abs() < 1e-9);
}

#[tokio::test]
async fn scale_must_be_2_or_4_and_a_number() {
    let server = start(MockConfig::default()).await;
    let img = b64(&fixtures::png(300, 300));
    for scale in [json!(3), json!(1), json!(8), json!(2.5)] {
        let (status, body) =
            error_of(post_json(&server, PATH, &json!({"image": img, "scale": scale})).await).await;
        assert_eq!(status, 400, "{scale}");
        assert!(
            body["details"]["scale"]["_errors"][0].as_str().unwrap().ends_with("the scale must be 2 or 4"),
            "{body}"
        );
    }
    let (status, body) = error_of(post_json(&server, PATH, &json!({"image": img, "scale": "4"})).await).await;
    assert_eq!((status, &body["details"]["scale"]["_errors"][0]), (400, &json!("Expected number")));
    let form = upscale_form(fixtures::png(300, 300)).text("scale", "four");
    let (status, body) = error_of(post_form(&server, PATH, form).await).await;
    assert_eq!((status, &body["details"]["scale"]["_errors"][0]), (400, &json!("Expected number")));
}

#[tokio::test]
async fn creativity_out_of_range_is_accepted_as_the_service_clamps_it() {
    let server = start(MockConfig::default()).await;
    let img = b64(&fixtures::png(300, 300));
    for creativity in [json!(0.5), json!(-1), json!(0.015)] {
        let r = post_json(&server, PATH, &json!({"image": img, "creativity": creativity})).await;
        assert_eq!(r.status(), 200, "{creativity}");
    }
    let (status, body) =
        error_of(post_json(&server, PATH, &json!({"image": img, "creativity": "high"})).await).await;
    assert_eq!((status, &body["details"]["creativity"]["_errors"][0]), (400, &json!("Expected number")));
}

#[tokio::test]
async fn the_object_is_closed_and_the_image_required_and_not_a_url() {
    let server =
        start(MockConfig::default().serve_url("https://img.example/a.png", fixtures::png(300, 300))).await;
    let img = b64(&fixtures::png(300, 300));
    let (status, body) =
        error_of(post_json(&server, PATH, &json!({"image": img, "prompt": "x", "model": "upscaler"})).await)
            .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "Unrecognized key(s) in object: 'model', 'prompt'");
    let form = upscale_form(fixtures::png(300, 300)).text("strength", "1");
    let (status, body) = error_of(post_form(&server, PATH, form).await).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("Unrecognized key(s) in object: 'strength'")));

    let (status, body) = error_of(post_json(&server, PATH, &json!({"scale": 2})).await).await;
    assert_eq!((status, &body["details"]["image"]["_errors"][0]), (400, &json!("Required")));
    let (status, body) =
        error_of(post_json(&server, PATH, &json!({"image": "https://img.example/a.png"})).await).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("does not fetch URLs"), "{body}");
    let (status, body) =
        error_of(post_form(&server, PATH, upscale_form(fixtures::png(200, 200))).await).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().starts_with("IMAGE_TOO_SMALL"), "{body}");
}

#[tokio::test]
async fn upscale_follows_the_common_rules_of_the_image_endpoints() {
    let limit = RateLimit { requests: 10, window: Duration::from_secs(60) };
    let server = start(MockConfig::default().rate_limit(Some(limit)).balance_usd(0.05)).await;
    let body = json!({"image": b64(&fixtures::png(300, 300)), "scale": 4});

    let anonymous = http().post(url(&server, PATH)).json(&body).send().await.unwrap();
    assert_eq!(anonymous.status(), 402, "x402's answer to no credentials");
    let r = http().post(url(&server, PATH)).bearer_auth(KEY).body("image=x").send().await.unwrap();
    assert_eq!(r.status(), 415);
    let (status, _) = error_of(post_json(&server, PATH, &body).await).await;
    assert_eq!(status, 402, "0.08 is more than the 0.05 left");

    server.script_for(FaultScope::Images, [Fault::Status { status: 503, retry_after: None }]);
    let r = post_json(&server, PATH, &json!({"image": b64(&fixtures::png(300, 300))})).await;
    assert_eq!(r.status(), 503);
    let r = post_json(&server, PATH, &json!({"image": b64(&fixtures::png(300, 300))})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-ratelimit-remaining-requests"], "7");
    assert!((server.balance_usd() - 0.03).abs() < 1e-9);
    let paths: Vec<_> = server.image_requests().iter().map(|r| r.path.clone()).collect();
    assert!(paths.iter().all(|p| p == "/api/v1/image/upscale") && paths.len() == 5, "{paths:?}");
}

#[tokio::test]
async fn the_catalogue_lists_the_upscaler_with_its_prices() {
    let server = start(MockConfig::default()).await;
    let list: Value =
        http().get(url(&server, "/models?type=upscale")).send().await.unwrap().json().await.unwrap();
    assert_eq!((list["object"].as_str(), list["type"].as_str()), (Some("list"), Some("upscale")));
    let data = list["data"].as_array().unwrap();
    assert_eq!(data.len(), 1);
    let up = &data[0];
    assert_eq!((up["id"].as_str(), up["type"].as_str()), (Some("upscaler"), Some("upscale")));
    assert_eq!((up["object"].as_str(), up["owned_by"].as_str()), (Some("model"), Some("venice.ai")));
    assert_eq!(up["model_spec"]["name"], "Upscaler");
    assert_eq!(
        up["model_spec"]["pricing"]["upscale"],
        json!({"2x": {"usd": 0.02, "diem": 0.02}, "4x": {"usd": 0.08, "diem": 0.08}})
    );

    let inpaint: Value =
        http().get(url(&server, "/models?type=inpaint")).send().await.unwrap().json().await.unwrap();
    assert!(inpaint["data"].as_array().unwrap().iter().all(|m| m["type"] == "inpaint"));
    let all: Value = http().get(url(&server, "/models")).send().await.unwrap().json().await.unwrap();
    assert!(all["data"].as_array().unwrap().iter().any(|m| m["id"] == "upscaler"));
}
