//! `venice serve` driven by a client no one here wrote: the official OpenAI
//! Python SDK (`tests/openai_client.py`, from the venv `.ci/run` installs in
//! `target/mcp-venv`) against the real binary, itself in front of the
//! emulator. Without the venv the tests say so and pass, except in CI. The
//! official Node SDK (`tests/openai_node.js`, from `target/openai-node`)
//! edits and generates too.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};
use venice_mock::{MockConfig, MockServer, RateLimit, fixtures};

use crate::common::*;

const TOKEN: &str = "serve-test-token-5d1e";

/// A running `venice serve`; killed when dropped.
struct Serving {
    child: Child,
    url: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `venice --base-url <emulator> serve --listen 127.0.0.1:0 [args]`
/// with the token in the environment; its base URL from its first lines.
fn serve(server: &MockServer, dir: &Path, args: &[&str]) -> Serving {
    let mut child = Command::new(env!("CARGO_BIN_EXE_venice"))
        .current_dir(dir)
        .env_remove("VENICE_BASE_URL")
        .env("VENICE_API_KEY", KEY)
        .env("VENICE_SERVE_TOKEN", TOKEN)
        .env("XDG_CACHE_HOME", cache_home(dir))
        .env("XDG_STATE_HOME", dir.join(".state"))
        .env("NO_COLOR", "1")
        .args(["--base-url", &server.base_url(), "serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("the server said where it listens").unwrap();
        assert!(!line.contains(KEY), "the key leaked: {line}");
        if let Some(rest) = line.split("listening on ").nth(1) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    // Keep reading the log (and checking it for the key) so the pipe never fills.
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            assert!(!line.contains(KEY), "the key leaked: {line}");
        }
    });
    Serving { child, url }
}

/// Runs the SDK with `calls`; its results, or none without the venv.
fn sdk(serving: &Serving, spec: Value) -> Option<Vec<Value>> {
    let python = crate::mcp::python()?;
    let mut spec = spec;
    spec["base_url"] = json!(serving.url);
    if spec.get("api_key").is_none() {
        spec["api_key"] = json!(TOKEN);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openai_client.py");
    let mut cmd = assert_cmd::Command::new(python);
    cmd.arg(script).write_stdin(spec.to_string()).timeout(Duration::from_secs(180));
    let out = tokio::task::block_in_place(|| cmd.output().unwrap());
    assert!(out.status.success(), "the client failed: {}\n{}", stderr(&out), stdout(&out));
    let text = stdout(&out);
    assert!(!text.contains(KEY), "the key leaked: {text}");
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    Some(v["results"].as_array().unwrap().clone())
}

fn decoded(answer: &Value, i: usize) -> Vec<u8> {
    let b64 = answer["data"][i]["b64_json"].as_str().unwrap_or_else(|| panic!("no image {i}: {answer}"));
    base64::engine::general_purpose::STANDARD.decode(b64).unwrap()
}

fn edit(images: &[&Path], args: Value) -> Value {
    json!({"op": "edit", "images": images, "args": args})
}

#[tokio::test(flavor = "multi_thread")]
async fn the_official_sdk_edits_through_venice_and_is_told_of_errors() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let photo = write(dir.path(), "photo.png", &fixtures::png(640, 480));
    let layer = write(dir.path(), "layer.png", &fixtures::png(640, 480));
    let serving = serve(&server, dir.path(), &[]);
    let calls = json!([
        edit(&[&photo], json!({"prompt": "make it night", "model": "gpt-image-1"})),
        edit(&[&photo, &layer], json!({"prompt": "a poster"})),
        edit(&[&photo], json!({"prompt": "two", "n": 2})),
        edit(&[&photo], json!({"prompt": "wide", "size": "1536x1024"})),
        edit(&[&photo], json!({"prompt": "as jpeg", "output_format": "jpeg"})),
        {"op": "models"},
        {"op": "models", "api_key": "a-wrong-token"},
        edit(&[&photo], json!({"prompt": "forbidden-content please"})),
        edit(&[&photo], json!({"prompt": "x", "n": 9})),
    ]);
    let Some(r) = sdk(&serving, json!({"calls": calls})) else { return };
    let paths: Vec<String> = server.image_requests().iter().map(|q| q.path.clone()).collect();

    // One image goes to /image/edit, two to /image/multi-edit.
    assert_eq!(r[0]["data"].as_array().map(Vec::len), Some(1), "{}", r[0]);
    assert!(image::load_from_memory(&decoded(&r[0], 0)).is_ok());
    assert!(paths[0].ends_with("/image/edit"), "{paths:?}");
    assert!(paths[1].ends_with("/image/multi-edit"), "{paths:?}");
    assert_eq!(server.image_requests()[1].images.len(), 2);
    // n=2: two calls, two images.
    assert_eq!(r[2]["data"].as_array().map(Vec::len), Some(2), "{}", r[2]);
    // size: the nearest aspect ratio reached Venice.
    let wide = &server.image_requests()[4];
    assert_eq!(wide.fields["aspect_ratio"], "3:2", "{:?}", wide.fields);
    // output_format=jpeg: JPEG bytes, and the answer says so.
    assert_eq!(&decoded(&r[4], 0)[..3], &[0xFF, 0xD8, 0xFF]);
    assert_eq!(r[4]["output_format"], "jpeg");
    // models.list: Venice's edit models and the OpenAI names it maps.
    let ids: Vec<&str> = r[5]["ids"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(ids.contains(&"firered-image-edit") && ids.contains(&"gpt-image-1"), "{ids:?}");
    // A wrong token: 401.
    assert_eq!(r[6]["error"]["status"], 401, "{}", r[6]);
    // A refusal: 400 content_policy_violation with Venice's suggestion.
    assert_eq!(r[7]["error"]["status"], 400, "{}", r[7]);
    assert_eq!(r[7]["error"]["code"], "content_policy_violation");
    assert!(r[7]["error"]["message"].as_str().unwrap().contains("please"), "{}", r[7]);
    // Invalid input names the field, and nothing was sent for it.
    assert_eq!((r[8]["error"]["status"].clone(), r[8]["error"]["param"].clone()), (json!(400), json!("n")));
    assert_eq!(server.image_requests().len(), 7, "1 + 1 + 2 + 1 + 1 + the refusal");
}

/// A PNG of `w`x`h`, opaque but for a transparent box from `(x, y)` of
/// `bw`x`bh` (OpenAI's mask: transparent = edit); no box when `bw` is 0.
fn alpha_mask(w: u32, h: u32, (x, y, bw, bh): (u32, u32, u32, u32)) -> Vec<u8> {
    let mask = image::RgbaImage::from_fn(w, h, |px, py| {
        let inside = px >= x && px < x + bw && py >= y && py < y + bh;
        image::Rgba([0, 0, 0, if inside { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    mask.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mask_from_the_sdk_confines_the_edit_and_an_empty_one_sends_nothing() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let photo = write(dir.path(), "photo.png", &fixtures::png(640, 480));
    let mask = write(dir.path(), "mask.png", &alpha_mask(640, 480, (240, 180, 160, 120)));
    let opaque = write(dir.path(), "opaque.png", &alpha_mask(640, 480, (0, 0, 0, 0)));
    let serving = serve(&server, dir.path(), &[]);
    let masked = |m: &std::path::Path, prompt: &str| {
        json!({"op": "edit", "images": [photo.display().to_string()], "mask": m.display().to_string(),
               "args": {"prompt": prompt}})
    };
    let Some(r) = sdk(&serving, json!({"calls": [masked(&mask, "a red door"), masked(&opaque, "nothing")]}))
    else {
        return;
    };
    // The mask went as a multi-edit's second image, and the answer is the
    // photo outside the mask (and its 4-pixel feather), pixel for pixel.
    let sent = server.image_requests();
    assert_eq!(sent.len(), 1, "the opaque mask sent nothing");
    assert!(sent[0].path.ends_with("/image/multi-edit") && sent[0].images.len() == 2, "{:?}", sent[0].path);
    let answer = image::load_from_memory(&decoded(&r[0], 0)).unwrap().to_rgb8();
    let original = image::load_from_memory(&fixtures::png(640, 480)).unwrap().to_rgb8();
    assert_eq!(answer.dimensions(), (640, 480));
    for (x, y) in [(0, 0), (100, 100), (639, 479), (230, 170), (500, 400)] {
        assert_eq!(answer.get_pixel(x, y), original.get_pixel(x, y), "({x}, {y}) is outside the mask");
    }
    let changed =
        (260..380).step_by(10).filter(|&x| answer.get_pixel(x, 240) != original.get_pixel(x, 240)).count();
    assert!(changed > 0, "inside the mask the edit shows");
    // A mask that marks nothing: a 400 naming the mask.
    assert_eq!(
        (r[1]["error"]["status"].clone(), r[1]["error"]["param"].clone()),
        (json!(400), json!("mask")),
        "{}",
        r[1]
    );
}

fn generate(args: Value) -> Value {
    json!({"op": "generate", "args": args})
}

#[tokio::test(flavor = "multi_thread")]
async fn the_official_sdk_generates_through_venice() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let serving = serve(&server, dir.path(), &[]);
    let calls = json!([
        generate(json!({"prompt": "a lighthouse at dusk", "model": "dall-e-3", "output_format": "png"})),
        generate(json!({"prompt": "a red fox", "n": 2, "size": "1536x1024", "response_format": "b64_json"})),
        generate(json!({"prompt": "a fox", "size": "enormous"})),
        generate(json!({"prompt": "as a link", "response_format": "url", "style": "natural"})),
        {"op": "models"},
    ]);
    let Some(r) = sdk(&serving, json!({"calls": calls})) else { return };
    let requests = server.image_requests();
    let paths: Vec<&str> = requests.iter().map(|q| q.path.as_str()).collect();

    // One picture, decoded; OpenAI's model name went to a generation model.
    assert_eq!(r[0]["data"].as_array().map(Vec::len), Some(1), "{}", r[0]);
    let png = image::load_from_memory(&decoded(&r[0], 0)).expect("a picture");
    assert!(png.width() > 0);
    assert_eq!(r[0]["output_format"], "png", "{}", r[0]);
    assert!(paths[0].ends_with("/image/generate"), "{paths:?}");
    assert_eq!(requests[0].fields["model"], "venice-sd35", "dall-e-3 means the default generation model");
    // n=2: two calls, two pictures, each drawn with its own seed.
    assert_eq!(r[1]["data"].as_array().map(Vec::len), Some(2), "{}", r[1]);
    assert!(image::load_from_memory(&decoded(&r[1], 1)).is_ok());
    let seeds: Vec<Value> = requests[1..3].iter().map(|q| q.fields["seed"].clone()).collect();
    assert_ne!(seeds[0], seeds[1], "{seeds:?}");
    // size: a model sized in pixels gets the same shape within its 1280 pixels.
    assert_eq!(requests[1].fields["width"], 1280, "{:?}", requests[1].fields);
    assert_eq!(requests[1].fields["height"], 848, "{:?}", requests[1].fields);
    // A bad size: 400 naming `size`, nothing sent.
    assert_eq!(r[2]["error"]["status"], 400, "{}", r[2]);
    assert_eq!(r[2]["error"]["param"], "size", "{}", r[2]);
    assert_eq!(requests.len(), 4, "1 + 2, nothing for the bad size, then the link's one");
    // response_format=url: a link on this server.
    assert!(r[3]["data"][0]["url"].as_str().is_some_and(|u| u.contains("/results/")), "{}", r[3]);
    // models.list names the generation models too.
    let ids: Vec<&str> = r[4]["ids"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(ids.contains(&"venice-sd35") && ids.contains(&"firered-image-edit"), "{ids:?}");
}

/// The OpenAI Node SDK's folder `.ci/run` installs, with `node`; none
/// (skipped, said) outside CI=true.
fn node_sdk() -> Option<std::path::PathBuf> {
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/openai-node/node_modules");
    let node_runs = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if node_runs && modules.join("openai").exists() {
        return Some(modules);
    }
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "node or target/openai-node is missing under CI=true"
    );
    eprintln!(
        "\n********\nSKIPPED: the Node SDK test needs node and {} (.ci/run)\n********\n",
        modules.display()
    );
    None
}

#[tokio::test(flavor = "multi_thread")]
async fn the_official_node_sdk_edits_and_generates() {
    let Some(modules) = node_sdk() else { return };
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let photo = write(dir.path(), "photo.png", &fixtures::png(640, 480));
    let serving = serve(&server, dir.path(), &[]);
    let spec = json!({"base_url": serving.url, "api_key": TOKEN, "image": photo});
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openai_node.js");
    let mut cmd = assert_cmd::Command::new("node");
    cmd.arg(script).env("NODE_PATH", modules).write_stdin(spec.to_string()).timeout(Duration::from_secs(180));
    let out = tokio::task::block_in_place(|| cmd.output().unwrap());
    assert!(out.status.success(), "the Node client failed: {}\n{}", stderr(&out), stdout(&out));
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    assert!(!r.to_string().contains(KEY), "the key leaked");

    let edited = image::load_from_memory(&decoded(&r["edit"], 0)).expect("an edited picture");
    assert!(edited.width() > 0, "{}", r["edit"]);
    assert_eq!(r["generate"]["data"].as_array().map(Vec::len), Some(2), "{}", r["generate"]);
    for i in 0..2 {
        assert_eq!(&decoded(&r["generate"], i)[..4], b"\x89PNG", "picture {i}");
    }
    let paths: Vec<String> = server.image_requests().iter().map(|q| q.path.clone()).collect();
    assert!(paths[0].ends_with("/image/edit") && paths[1].ends_with("/image/generate"), "{paths:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn twelve_clients_at_once_queue_under_the_keys_limit() {
    let rule = RateLimit { requests: 4, window: Duration::from_secs(3) };
    let server = mock(MockConfig::default().rate_limit(Some(rule)).latency(Duration::from_millis(200))).await;
    let dir = tempfile::tempdir().unwrap();
    let photo = write(dir.path(), "photo.png", &fixtures::png(320, 240));
    let serving = serve(&server, dir.path(), &[]);
    let clients: Vec<Value> =
        (0..12).map(|i| edit(&[&photo], json!({"prompt": format!("client {i}")}))).collect();
    let Some(r) = sdk(&serving, json!({"max_retries": 0, "calls": [{"parallel": clients}]})) else { return };
    for (i, answer) in r[0].as_array().unwrap().iter().enumerate() {
        assert_eq!(answer["data"].as_array().map(Vec::len), Some(1), "client {i}: {answer}");
    }
    let refused = server.image_requests().iter().filter(|q| q.status == 429).count();
    assert!(refused <= 1, "{refused} answers of 429 from Venice");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_sdk_that_times_out_and_retries_pays_once_and_gets_the_image() {
    let server = mock(MockConfig::default().latency(Duration::from_millis(2500))).await;
    let dir = tempfile::tempdir().unwrap();
    let photo = write(dir.path(), "photo.png", &fixtures::png(320, 240));
    let serving = serve(&server, dir.path(), &[]);
    let call = edit(&[&photo], json!({"prompt": "slow"}));
    let Some(r) = sdk(&serving, json!({"timeout": 1.0, "max_retries": 3, "calls": [call]})) else { return };
    assert_eq!(r[0]["data"].as_array().map(Vec::len), Some(1), "the SDK ends with the image: {}", r[0]);
    assert_eq!(server.image_requests().len(), 1, "exactly one call to Venice");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flood_of_refusals_stops_before_the_lock_out() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let photo = write(dir.path(), "photo.png", &fixtures::png(320, 240));
    let serving = serve(&server, dir.path(), &[]);
    let flood: Vec<Value> =
        (0..16).map(|i| edit(&[&photo], json!({"prompt": format!("forbidden-content {i}")}))).collect();
    let later = edit(&[&photo], json!({"prompt": "a fine prompt"}));
    let spec = json!({"max_retries": 0, "calls": [{"parallel": flood}, later]});
    let Some(r) = sdk(&serving, spec) else { return };
    let sent = server.image_requests().len();
    assert!(sent <= 10, "{sent} refusals reached Venice; its lock-out comes at 20");
    let stopped: Vec<&Value> =
        r[0].as_array().unwrap().iter().filter(|a| a["error"]["status"] == 503).collect();
    assert_eq!(stopped.len(), 16 - sent, "{:?}", r[0]);
    let message = stopped[0]["error"]["message"].as_str().unwrap();
    assert!(message.contains("before Venice locks the key out"), "{message}");
    // A later client is told clearly, not sent on to lock the key.
    assert_eq!(r[1]["error"]["status"], 503, "{}", r[1]);
    assert!(r[1]["error"]["retry_after"].as_str().is_some(), "{}", r[1]);
    assert_eq!(server.image_requests().len(), sent);
}

#[tokio::test(flavor = "multi_thread")]
async fn listening_beyond_loopback_without_a_token_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = bare(dir.path(), &["serve", "--listen", "0.0.0.0:0"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("needs a token"), "{}", stderr(&out));
}
