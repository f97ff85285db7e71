//! `venice mcp`'s `generate_image` through the official MCP client: listed
//! and described, it writes inside the allowed folder (variants numbered),
//! and is refused (a tool error, nothing sent) for an output outside it or
//! above the spending guard's cap.

use serde_json::json;
use venice_mock::MockConfig;

use crate::common::*;
use crate::mcp::{drive, is_error, text};

fn generations(server: &venice_mock::MockServer) -> usize {
    server.image_requests().iter().filter(|r| r.path.ends_with("/image/generate")).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agent_draws_pictures_inside_its_folder_and_is_refused_outside_it() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let calls = json!([
        {"name": "generate_image", "arguments": {"prompt": "../../escape", "output": "../outside.png"}},
        {"name": "generate_image", "arguments": {"prompt": "a red fox", "seed": 7, "format": "png",
            "output": "fox.png"}},
        {"name": "generate_image", "arguments": {"prompt": "a lighthouse", "variants": 2, "seed": 10,
            "output": "light.png", "format": "png"}},
        {"name": "generate_image", "arguments": {"prompt": "a harbour", "variants": 9}},
    ]);
    let Some(out) = drive(&server, &work, &[], calls) else { return };
    let tool = out["tools"].as_array().unwrap().iter().find(|t| t["name"] == "generate_image").cloned();
    let tool = tool.expect("generate_image is listed");
    assert!(tool["description"].as_str().is_some_and(|d| d.contains("prompt") && d.len() > 100), "{tool}");
    assert_eq!(tool["inputSchema"]["required"], json!(["prompt"]));
    assert_eq!(tool["annotations"]["destructiveHint"], json!(true));
    let r = out["results"].as_array().unwrap();
    assert!(is_error(&r[0]) && text(&r[0]).contains("outside the folders"), "{}", r[0]);
    assert_eq!(r[0]["structuredContent"]["kind"], "outside_allowed_folders");
    assert!(!dir.path().join("outside.png").exists());

    assert!(!is_error(&r[1]), "{}", r[1]);
    assert!(work.join("fox.png").is_file());
    assert_eq!(r[1]["structuredContent"]["seed"], 7);
    assert!(r[1]["structuredContent"]["output"].as_str().is_some_and(|o| o.ends_with("fox.png")));
    assert!(!is_error(&r[2]), "{}", r[2]);
    let images = r[2]["structuredContent"]["images"].as_array().cloned().unwrap_or_default();
    assert_eq!(images.len(), 2, "{}", r[2]);
    assert!(work.join("light-1.png").is_file() && work.join("light-2.png").is_file());
    assert!(is_error(&r[3]) && text(&r[3]).contains("`variants` is 9"), "{}", r[3]);

    let sent = server.image_requests();
    assert_eq!(generations(&server), 3, "the refused calls sent nothing");
    let fox = sent.iter().find(|s| s.fields["prompt"] == "a red fox").expect("the fox was sent");
    assert_eq!(fox.fields["seed"], 7);
    let mut seeds: Vec<i64> = sent
        .iter()
        .filter(|s| s.fields["prompt"] == "a lighthouse")
        .filter_map(|s| s.fields["seed"].as_i64())
        .collect();
    seeds.sort_unstable();
    assert_eq!(seeds, [10, 11]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_spending_guard_refuses_a_generation_above_the_cap_before_sending() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let calls =
        json!([{"name": "generate_image", "arguments": {"prompt": "a red fox", "output": "fox.png"}}]);
    let Some(out) = drive(&server, dir.path(), &["--max-cost-per-call", "0.001"], calls) else { return };
    let r = &out["results"][0];
    assert!(is_error(r) && text(r).contains("above --max-cost-per-call"), "{r}");
    assert_eq!(r["structuredContent"]["kind"], "spending_guard");
    assert_eq!(generations(&server), 0);
    assert!(!dir.path().join("fox.png").exists());
    // A total cap: two variants at $0.01 do not fit in $0.015; the second is refused unsent.
    let calls = json!([{"name": "generate_image", "arguments": {"prompt": "a red fox", "variants": 2,
        "output": "pair.png"}}]);
    let out = drive(&server, dir.path(), &["--max-cost-total", "0.015"], calls).unwrap();
    let r = &out["results"][0];
    assert!(is_error(r) && r["structuredContent"]["kind"] == "spending_guard", "{r}");
    assert_eq!(generations(&server), 1, "the first variant fit, the second did not");
}
