//! Scripted faults aimed at the image endpoints or at the catalogue, and the
//! recording of image requests alone, over real HTTP.

use crate::common::*;
use serde_json::json;
use venice_mock::{Fault, FaultScope, MockConfig, MockServer, fixtures};

fn edit_body() -> serde_json::Value {
    json!({"image": b64(&fixtures::png(300, 300)), "prompt": "x"})
}

fn status(code: u16) -> Fault {
    Fault::Status { status: code, retry_after: None }
}

async fn models(server: &MockServer) -> u16 {
    http().get(url(server, "/models?type=inpaint")).send().await.unwrap().status().as_u16()
}

async fn edit(server: &MockServer) -> u16 {
    post_json(server, "/image/edit", &edit_body()).await.status().as_u16()
}

#[tokio::test]
async fn an_image_fault_lets_the_catalogue_fetch_through() {
    let server = start(MockConfig::default()).await;
    server.script_for(FaultScope::Images, [status(503), status(500)]);
    assert_eq!(models(&server).await, 200, "the catalogue is not in scope");
    assert_eq!(edit(&server).await, 503);
    assert_eq!(models(&server).await, 200);
    assert_eq!(edit(&server).await, 500);
    assert_eq!(edit(&server).await, 200, "the script is used up");
    let faults: Vec<_> = server.requests().iter().map(|r| r.fault.clone()).collect();
    assert_eq!(faults, [None, Some("status 503".to_owned()), None, Some("status 500".to_owned()), None]);
}

#[tokio::test]
async fn a_catalogue_fault_lets_the_edits_through() {
    let server = start(MockConfig::default()).await;
    server.script_for(FaultScope::Models, [status(500)]);
    assert_eq!(edit(&server).await, 200, "edits are not in scope");
    assert_eq!(models(&server).await, 500);
    assert_eq!(models(&server).await, 200);
}

#[tokio::test]
async fn script_applies_to_the_next_request_whatever_it_is() {
    let server = start(MockConfig::default()).await;
    server.script([status(503)]);
    assert_eq!(models(&server).await, 503, "the catalogue fetch takes an unscoped fault");
    assert_eq!(edit(&server).await, 200);
    server.script_for(FaultScope::All, [status(500)]);
    assert_eq!(edit(&server).await, 500);
}

#[tokio::test]
async fn scopes_share_one_queue_in_the_order_faults_were_added() {
    let server = start(MockConfig::default()).await;
    server.script_for(FaultScope::Images, [status(503)]);
    server.script([status(500)]);
    // The catalogue skips the image fault and takes the unscoped one behind it.
    assert_eq!(models(&server).await, 500);
    assert_eq!(edit(&server).await, 503);
    assert_eq!(edit(&server).await, 200);

    server.script([status(500)]);
    server.script_for(FaultScope::Images, [status(503)]);
    // An image request takes the first match: the unscoped fault queued first.
    assert_eq!(edit(&server).await, 500);
    assert_eq!(edit(&server).await, 503);
}

#[tokio::test]
async fn image_requests_leave_out_the_catalogue_and_other_paths() {
    let server = start(MockConfig::default()).await;
    assert_eq!(models(&server).await, 200);
    assert_eq!(edit(&server).await, 200);
    let form = reqwest::multipart::Form::new()
        .part("image", file_part(fixtures::png(300, 300), "image/png", "p.png"));
    assert_eq!(post_form(&server, "/image/background-remove", form).await.status(), 200);
    assert_eq!(http().get(url(&server, "/elsewhere")).send().await.unwrap().status(), 404);
    assert_eq!(models(&server).await, 200);

    assert_eq!(server.requests().len(), 5);
    let images = server.image_requests();
    let paths: Vec<_> = images.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/api/v1/image/edit", "/api/v1/image/background-remove"]);
    assert_eq!(images.iter().map(|r| r.seq).collect::<Vec<_>>(), [2, 3], "in order of arrival");
    assert!(images.iter().all(|r| r.status == 200 && r.images.len() == 1));
    server.clear_requests();
    assert!(server.image_requests().is_empty());
}
