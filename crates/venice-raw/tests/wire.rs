//! The generated client against a real HTTP server on 127.0.0.1: the method,
//! path, query and JSON it sends, and how it hands back images, errors and
//! response headers.

use futures::StreamExt;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use serde_json::{Value, json};
use venice_raw::{Client, Error, types};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The eight-byte PNG signature plus a little: enough to prove bytes pass through untouched.
const PNG_BYTES: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-fake-body";

fn client(server: &MockServer) -> Client {
    let mut auth = HeaderValue::from_static("Bearer test-key");
    auth.set_sensitive(true);
    let http = reqwest::Client::builder()
        .default_headers(HeaderMap::from_iter([(AUTHORIZATION, auth)]))
        .build()
        .unwrap();
    Client::new_with_client(&format!("{}/api/v1", server.uri()), http)
}

async fn collect(stream: venice_raw::ByteStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut inner = stream.into_inner();
    while let Some(chunk) = inner.next().await {
        out.extend_from_slice(&chunk.unwrap());
    }
    out
}

fn json_body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

#[tokio::test]
async fn edit_sends_only_the_fields_set_and_returns_the_image_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/image/edit"))
        .and(header("authorization", "Bearer test-key"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "image": "aGVsbG8=",
            "prompt": "make the sky a sunrise",
            "aspect_ratio": "16:9",
            "output_format": "webp",
        })))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "image/png")
                .insert_header("x-venice-model-id", "firered-image-edit")
                .insert_header("x-venice-is-content-violation", "false")
                .insert_header("cf-ray", "8f1d2c3b4a5e6f70-AMS")
                .set_body_bytes(PNG_BYTES),
        )
        .expect(1)
        .mount(&server)
        .await;

    let body = types::EditRequest::builder()
        .image("aGVsbG8=")
        .prompt("make the sky a sunrise")
        .aspect_ratio(types::AspectRatio::X169)
        .output_format(types::OutputFormat::Webp);
    let response = client(&server).edit_image().body(body).send().await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-venice-model-id"], "firered-image-edit");
    assert_eq!(response.headers()["cf-ray"], "8f1d2c3b4a5e6f70-AMS");
    assert_eq!(collect(response.into_inner()).await, PNG_BYTES);
}

#[tokio::test]
async fn multi_edit_names_its_model_field_model_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/image/multi-edit"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(PNG_BYTES))
        .expect(1)
        .mount(&server)
        .await;

    let body = types::MultiEditRequest::builder()
        .images(vec!["https://example.com/base.png".to_owned(), "data:image/png;base64,AAAA".to_owned()])
        .prompt("put the poster on the billboard")
        .model_id("gpt-image-2-edit".parse::<types::MultiEditRequestModelId>().unwrap())
        .quality(types::Quality::High)
        .safe_mode(false);
    client(&server).multi_edit_image().body(body).send().await.unwrap();

    let sent = json_body(&server.received_requests().await.unwrap()[0]);
    assert_eq!(
        sent,
        json!({
            "images": ["https://example.com/base.png", "data:image/png;base64,AAAA"],
            "prompt": "put the poster on the billboard",
            "modelId": "gpt-image-2-edit",
            "quality": "high",
            "safe_mode": false,
        })
    );
    assert!(sent.get("model").is_none(), "multi-edit has no `model` field");
}

#[tokio::test]
async fn background_remove_sends_a_url() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/image/background-remove"))
        .and(body_json(json!({"image_url": "https://example.com/product.jpg"})))
        .respond_with(
            ResponseTemplate::new(200).insert_header("content-type", "image/png").set_body_bytes(PNG_BYTES),
        )
        .expect(1)
        .mount(&server)
        .await;

    let body = types::BackgroundRemoveRequest::builder()
        .image_url(Some("https://example.com/product.jpg".to_owned()));
    let response = client(&server).background_remove_image().body(body).send().await.unwrap();
    assert_eq!(collect(response.into_inner()).await, PNG_BYTES);
}

#[tokio::test]
async fn upscale_sends_scale_as_a_json_number_and_leaves_unset_fields_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/image/upscale"))
        .and(header("content-type", "application/json"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "image/png")
                .insert_header("x-venice-balance-usd", "12.34")
                .set_body_bytes(PNG_BYTES),
        )
        .expect(2)
        .mount(&server)
        .await;

    let c = client(&server);
    let scale = types::UpscaleScale::try_from(4).unwrap();
    assert_eq!(*scale, 4);
    let body = types::UpscaleRequest::builder().image("aGVsbG8=").scale(scale).creativity(0.015);
    let response = c.upscale_image().body(body).send().await.unwrap();
    assert_eq!(response.headers()["x-venice-balance-usd"], "12.34");
    assert_eq!(collect(response.into_inner()).await, PNG_BYTES);

    c.upscale_image().body(types::UpscaleRequest::builder().image("aGVsbG8=")).send().await.unwrap();

    let sent: Vec<Value> = server.received_requests().await.unwrap().iter().map(json_body).collect();
    assert_eq!(sent[0], json!({"image": "aGVsbG8=", "scale": 4, "creativity": 0.015}));
    assert!(sent[0]["scale"].is_u64(), "2 or 4, not 4.0: {}", sent[0]);
    assert_eq!(sent[1], json!({"image": "aGVsbG8="}), "the service applies its own defaults");
}

#[test]
fn upscale_takes_only_the_scales_the_service_takes() {
    for ok in [2, 4] {
        assert_eq!(*types::UpscaleScale::try_from(ok).unwrap(), ok);
    }
    for bad in [0, 1, 3, 8] {
        assert!(types::UpscaleScale::try_from(bad).is_err(), "{bad}");
    }
    assert!(serde_json::from_value::<types::UpscaleScale>(json!(3)).is_err());
    assert_eq!(*serde_json::from_value::<types::UpscaleScale>(json!(2)).unwrap(), 2);
    // The request body is closed, as the service's is.
    let extra = json!({"image": "AAAA", "model": "upscaler"});
    assert!(serde_json::from_value::<types::UpscaleRequest>(extra).is_err());
    // `image` is required: the builder refuses to build without it.
    assert!(
        types::UpscaleRequest::try_from(
            types::UpscaleRequest::builder().scale(types::UpscaleScale::try_from(2).unwrap())
        )
        .is_err()
    );
}

#[tokio::test]
async fn list_models_sends_the_type_query_and_decodes_the_catalogue() {
    let server = MockServer::start().await;
    let catalogue = json!({
        "object": "list",
        "type": "inpaint",
        "data": [{
            "id": "firered-image-edit",
            "object": "model",
            "type": "inpaint",
            "owned_by": "venice.ai",
            "created": 1774396800,
            "model_spec": {
                "name": "FireRed Edit",
                "privacy": "private",
                "traits": [],
                "constraints": {"aspectRatios": ["auto", "1:1"], "promptCharacterLimit": 1500, "combineImages": true},
                "pricing": {"inpaint": {"usd": 0.04, "diem": 0.04}},
                "aFieldAddedLater": {"read": "tolerantly"}
            }
        }]
    });
    Mock::given(method("GET"))
        .and(path("/api/v1/models"))
        .and(query_param("type", "inpaint"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&catalogue))
        .expect(1)
        .mount(&server)
        .await;

    let list =
        client(&server).list_models().type_(types::ModelType::Inpaint).send().await.unwrap().into_inner();
    assert_eq!(list.data.len(), 1);
    let model = &list.data[0];
    assert_eq!(model.id, "firered-image-edit");
    assert_eq!(model.model_spec.name.as_deref(), Some("FireRed Edit"));
    assert_eq!(model.model_spec.constraints["promptCharacterLimit"], json!(1500));
    assert_eq!(model.model_spec.pricing["inpaint"]["usd"], json!(0.04));
}

#[tokio::test]
async fn error_bodies_and_headers_are_surfaced() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/image/edit"))
        .respond_with(ResponseTemplate::new(400).insert_header("cf-ray", "abc-AMS").set_body_json(
            json!({"error": "Invalid request", "details": {"prompt": {"_errors": ["Required"]}}}),
        ))
        .mount(&server)
        .await;

    let body = types::EditRequest::builder().image("aGVsbG8=").prompt("x");
    let err = client(&server).edit_image().body(body).send().await.err().expect("the call should fail");
    let Error::ErrorResponse(response) = err else { panic!("expected an error response, got {err:?}") };
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["cf-ray"], "abc-AMS");
    assert_eq!(response.error.as_deref(), Some("Invalid request"));
    assert_eq!(response.details["prompt"]["_errors"][0], "Required");
}

#[tokio::test]
async fn rate_limit_keeps_retry_after_and_payment_required_keeps_x402_fields() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/image/multi-edit"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "7")
                .insert_header("x-ratelimit-remaining-requests", "0")
                .set_body_json(json!({"error": "Rate limit exceeded"})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/v1/image/background-remove"))
        .respond_with(
            ResponseTemplate::new(402)
                .insert_header("payment-required", "eyJ4NDAyVmVyc2lvbiI6Mn0=")
                .set_body_json(
                    json!({"x402Version": 2, "error": "Payment required", "accepts": [{"network": "base"}]}),
                ),
        )
        .mount(&server)
        .await;

    let c = client(&server);
    let err = c
        .multi_edit_image()
        .body(types::MultiEditRequest::builder().images(vec!["AAAA".to_owned()]).prompt("x"))
        .send()
        .await
        .err()
        .expect("the call should fail");
    let Error::ErrorResponse(r) = err else { panic!("expected an error response") };
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "7");
    assert_eq!(r.error.as_deref(), Some("Rate limit exceeded"));

    let err = c
        .background_remove_image()
        .body(types::BackgroundRemoveRequest::builder().image(Some("AAAA".to_owned())))
        .send()
        .await
        .err()
        .expect("the call should fail");
    let Error::ErrorResponse(r) = err else { panic!("expected an error response") };
    assert_eq!(r.status(), 402);
    assert_eq!(r.headers()["payment-required"], "eyJ4NDAyVmVyc2lvbiI6Mn0=");
    assert_eq!(r.x402_version, Some(2));
    assert_eq!(r.accepts[0]["network"], "base");
}

#[tokio::test]
async fn a_non_json_error_page_is_an_invalid_payload_not_a_panic() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/image/edit"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("content-type", "text/html")
                .set_body_string("<html>busy</html>"),
        )
        .mount(&server)
        .await;
    let body = types::EditRequest::builder().image("AAAA").prompt("x");
    let err = client(&server).edit_image().body(body).send().await.err().expect("the call should fail");
    // progenitor 0.15 keeps the body but drops the status of a payload it
    // cannot decode; venice-image reads the status itself for that reason.
    let Error::InvalidResponsePayload(body, _) = err else {
        panic!("expected an invalid payload, got {err:?}")
    };
    assert_eq!(&body[..], b"<html>busy</html>");
}
