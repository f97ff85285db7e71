//! Helpers shared by the emulator's tests.
#![allow(dead_code)]

use reqwest::multipart::{Form, Part};
use serde_json::Value;
use venice_mock::{MockConfig, MockServer};

pub const KEY: &str = "test-key";

pub async fn start(config: MockConfig) -> MockServer {
    MockServer::start(config).await.expect("the emulator starts")
}

pub fn http() -> reqwest::Client {
    reqwest::Client::new()
}

pub fn url(server: &MockServer, path: &str) -> String {
    format!("{}{path}", server.base_url())
}

pub fn file_part(bytes: Vec<u8>, mime: &str, name: &str) -> Part {
    Part::bytes(bytes).file_name(name.to_owned()).mime_str(mime).unwrap()
}

pub fn edit_form(image: Vec<u8>, mime: &str, prompt: &str) -> Form {
    Form::new().text("prompt", prompt.to_owned()).part("image", file_part(image, mime, "photo"))
}

pub async fn post_form(server: &MockServer, path: &str, form: Form) -> reqwest::Response {
    http().post(url(server, path)).bearer_auth(KEY).multipart(form).send().await.unwrap()
}

pub async fn post_json(server: &MockServer, path: &str, body: &Value) -> reqwest::Response {
    http().post(url(server, path)).bearer_auth(KEY).json(body).send().await.unwrap()
}

/// Status and JSON body of an error answer.
pub async fn error_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("error bodies are JSON");
    (status, body)
}

pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn decode(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).expect("the answer is a real image")
}

/// See [`venice_mock::fixtures::png_claiming`].
#[allow(unused_imports)]
pub use venice_mock::fixtures::png_claiming;
