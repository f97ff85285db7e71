//! `POST /image/generate`, `GET /image/styles` and the generation models in
//! the catalogue, over real HTTP.

use crate::common::*;
use image::GenericImageView;
use reqwest::multipart::Form;
use serde_json::{Value, json};
use venice_mock::MockConfig;

const PATH: &str = "/image/generate";

#[tokio::test]
async fn json_answers_hold_every_variant_as_base64_and_charge_each() {
    let server = start(MockConfig::default()).await;
    let body = json!({"model": "venice-sd35", "prompt": "a lighthouse", "variants": 3, "format": "png",
                      "width": 512, "height": 256, "seed": 5});
    let r = post_json(&server, PATH, &body).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-venice-balance-usd"], "99.9700", "3 x 0.01");
    assert_eq!(r.headers()["x-venice-model-id"], "venice-sd35");
    let answer: Value = r.json().await.unwrap();
    assert!(answer["id"].as_str().unwrap().starts_with("generate-image-"));
    let images = answer["images"].as_array().unwrap();
    assert_eq!(images.len(), 3);
    use base64::Engine as _;
    let decoded: Vec<Vec<u8>> = images
        .iter()
        .map(|i| base64::engine::general_purpose::STANDARD.decode(i.as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(decode(&decoded[0]).dimensions(), (512, 256));
    assert_ne!(decoded[0], decoded[1], "each variant is its own picture");
    // The same request draws the same pictures.
    let again: Value = post_json(&server, PATH, &body).await.json().await.unwrap();
    assert_eq!(again["images"], answer["images"]);
}

#[tokio::test]
async fn return_binary_answers_with_the_pictures_bytes_at_the_models_ratio() {
    let server = start(MockConfig::default()).await;
    let body = json!({"model": "nano-banana-pro", "prompt": "x", "return_binary": true,
                      "aspect_ratio": "16:9", "resolution": "2K", "format": "jpeg"});
    let r = post_json(&server, PATH, &body).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    assert_eq!(r.headers()["x-venice-balance-usd"], "99.7700", "the 2K price, 0.23");
    assert_eq!(decode(&r.bytes().await.unwrap()).dimensions(), (2048, 1152));
}

#[tokio::test]
async fn bad_generations_are_400s_and_multipart_is_415() {
    let server = start(MockConfig::default()).await;
    for (body, field) in [
        (json!({"prompt": "x"}), "model"),
        (json!({"model": "venice-sd35", "prompt": "x", "colour": "red"}), "_errors"),
        (json!({"model": "firered-image-edit", "prompt": "x"}), "model"),
        (json!({"model": "venice-sd35", "prompt": "a".repeat(1501)}), "prompt"),
        (json!({"model": "venice-sd35", "prompt": "x", "width": 1000}), "width"),
        (json!({"model": "venice-sd35", "prompt": "x", "variants": 5}), "variants"),
        (json!({"model": "flux-2-pro", "prompt": "x", "aspect_ratio": "5:4"}), "aspect_ratio"),
    ] {
        let (status, err) = error_of(post_json(&server, PATH, &body).await).await;
        assert_eq!(status, 400, "{body}");
        assert!(!err["details"][field].is_null(), "{body}: {err}");
    }
    let form = Form::new().text("model", "venice-sd35").text("prompt", "x");
    assert_eq!(post_form(&server, PATH, form).await.status(), 415);
    assert!((server.balance_usd() - 100.0).abs() < 1e-9, "nothing charged");
}

#[tokio::test]
async fn styles_and_generation_models_are_listed_without_a_key() {
    let server = start(MockConfig::default()).await;
    let styles: Value = http().get(url(&server, "/image/styles")).send().await.unwrap().json().await.unwrap();
    assert!(styles["data"].as_array().unwrap().iter().any(|s| s == "Cinematic"));
    let models: Value =
        http().get(url(&server, "/models?type=image")).send().await.unwrap().json().await.unwrap();
    let ids: Vec<&str> = models["data"].as_array().unwrap().iter().filter_map(|m| m["id"].as_str()).collect();
    assert!(ids.contains(&"venice-sd35") && ids.contains(&"gpt-image-2"), "{ids:?}");
    assert!(server.image_requests().is_empty(), "a listing is no image request");
}
