//! `venice mcp` driven by a client no one here wrote: the official MCP
//! Python SDK (`tests/mcp_client.py`, from the venv `.ci/run` installs in
//! `target/mcp-venv`) launches the real binary over stdio against the
//! emulator. Without the venv the tests say so loudly and pass, except in CI
//! (`CI=true`), where a missing venv fails them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};
use venice_mock::{MockConfig, MockServer, fixtures};

use crate::common::*;

/// The pinned SDK `.ci/run` installs.
const REQUIREMENTS: &str = "crates/venice-cli/tests/mcp-requirements.txt";

pub fn python() -> Option<PathBuf> {
    let venv = std::env::var_os("VENICE_MCP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/mcp-venv/bin/python"));
    if venv.exists() {
        return Some(venv);
    }
    let how = format!("python3 -m venv target/mcp-venv && target/mcp-venv/bin/pip install -r {REQUIREMENTS}");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("the MCP client's venv is missing ({}); .ci/run installs it: {how}", venv.display());
    }
    eprintln!(
        "\n********\nSKIPPED: the MCP client tests need the official SDK in {}.\nInstall it with: {how}\n********\n",
        venv.display()
    );
    None
}

/// Runs the SDK's client against `venice [global] mcp [server_args]` and
/// returns what it printed; nothing it shows may contain the key.
pub fn drive(server: &MockServer, dir: &Path, server_args: &[&str], calls: Value) -> Option<Value> {
    drive_with_roots(server, dir, server_args, calls, None)
}

/// As [`drive`], the client offering `roots` as its MCP roots.
pub fn drive_with_roots(
    server: &MockServer,
    dir: &Path,
    server_args: &[&str],
    calls: Value,
    roots: Option<&[&Path]>,
) -> Option<Value> {
    drive_full(server, dir, server_args, calls, roots, json!({"VENICE_API_KEY": KEY, "NO_COLOR": "1"}))
}

/// As [`drive`], the server started with `env` as its whole environment
/// (besides what the SDK passes on).
pub fn drive_full(
    server: &MockServer,
    dir: &Path,
    server_args: &[&str],
    calls: Value,
    roots: Option<&[&Path]>,
    mut env: Value,
) -> Option<Value> {
    let python = python()?;
    env["XDG_CACHE_HOME"] = json!(cache_home(dir));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client.py");
    let mut args = vec!["--base-url".to_owned(), server.base_url().to_owned(), "mcp".to_owned()];
    args.extend(server_args.iter().map(|s| (*s).to_owned()));
    let mut spec = json!({
        "command": env!("CARGO_BIN_EXE_venice"),
        "args": args,
        "env": env,
        "cwd": dir,
        "calls": calls,
    });
    if let Some(roots) = roots {
        spec["roots"] = json!(roots);
    }
    let mut cmd = assert_cmd::Command::new(python);
    cmd.arg(script)
        .env_remove("VENICE_BASE_URL")
        .write_stdin(spec.to_string())
        .timeout(Duration::from_secs(180));
    let out = tokio::task::block_in_place(|| cmd.output().unwrap());
    assert!(out.status.success(), "the client failed: {}\n{}", stderr(&out), stdout(&out));
    let text = stdout(&out);
    assert!(!text.contains(KEY) && !stderr(&out).contains(KEY), "the key leaked: {text}");
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")))
}

pub fn is_error(r: &Value) -> bool {
    r["isError"].as_bool().unwrap_or(false)
}

pub fn text(r: &Value) -> String {
    r["content"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["text"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_official_client_edits_is_told_of_errors_and_the_session_goes_on() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(640, 480));
    write(dir.path(), "mask.png", &fixtures::png(640, 480));
    let calls = json!([
        {"name": "edit_image", "arguments": {"image": "photo.jpg", "prompt": "make it night", "preview": true}},
        {"name": "edit_image", "arguments": {"image": "missing.jpg", "prompt": "x"}},
        {"name": "edit_image", "arguments": {"image": "photo.jpg", "prompt": "again"}},
        {"name": "edit_image", "arguments": {"image": "photo.jpg", "prompt": "x", "aspect_ratio": "7:5"}},
        {"name": "edit_image", "arguments": {"image": "photo.jpg", "prompt": "x", "force": true}},
        {"name": "edit_image", "arguments": {"image": "photo.jpg", "prompt": "x", "safe_mode": "no"}},
        {"name": "edit_image", "arguments": {"image": "photo.jpg", "prompt": "x", "model": KEY, "output": "k.png"}},
        {"name": "multi_edit_image", "arguments": {"images": ["photo.jpg", "mask.png"], "prompt": "a poster",
            "output": "sub/poster.png", "aspect_ratio": "16:9", "safe_mode": false, "encoding": "json"}},
        {"name": "remove_background", "arguments": {"image": "photo.jpg"}},
        {"name": "no_such_tool", "arguments": {}},
        {"name": "list_models", "arguments": {}},
    ]);
    let Some(out) = drive(&server, dir.path(), &[], calls) else { return };

    let names: Vec<&str> =
        out["tools"].as_array().unwrap().iter().filter_map(|t| t["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "edit_image",
            "multi_edit_image",
            "remove_background",
            "upscale_image",
            "generate_image",
            "list_models",
            "estimate_cost",
            "run_pipeline"
        ]
    );
    let edit_tool = &out["tools"][0];
    assert_eq!(edit_tool["inputSchema"]["required"], json!(["image", "prompt"]));
    assert!(edit_tool["inputSchema"]["properties"]["output"]["description"].as_str().is_some());
    let r = out["results"].as_array().unwrap();
    assert_eq!(r.len(), 11, "every call was answered");

    // 1: written, described, previewed.
    assert!(!is_error(&r[0]), "{}", r[0]);
    let written = dir.path().join("photo.edited.png");
    let s = &r[0]["structuredContent"];
    assert_eq!(Path::new(s["output"].as_str().unwrap()), written.canonicalize().unwrap());
    let img = image_at(&written);
    assert_eq!(
        (s["width"].as_u64(), s["height"].as_u64()),
        (Some(img.width().into()), Some(img.height().into()))
    );
    assert_eq!(s["bytes"].as_u64(), Some(std::fs::metadata(&written).unwrap().len()));
    assert_eq!(s["model"], "firered-image-edit");
    assert!(s["estimated_cost_usd"].as_f64().is_some_and(|c| c > 0.0), "{s}");
    assert!(s["request_id"].as_str().is_some_and(|id| !id.is_empty()), "{s}");
    assert!(text(&r[0]).contains("photo.edited.png"), "{}", text(&r[0]));
    let preview =
        r[0]["content"].as_array().unwrap().iter().find(|c| c["type"] == "image").expect("a preview");
    let bytes = base64::engine::general_purpose::STANDARD.decode(preview["data"].as_str().unwrap()).unwrap();
    let small = image::load_from_memory(&bytes).unwrap();
    assert_eq!(small.width().max(small.height()), 256);

    // 2: a missing file is a tool error that names it.
    assert!(is_error(&r[1]) && text(&r[1]).contains("missing.jpg"), "{}", r[1]);
    // 3: the output exists: refused before paying.
    assert!(is_error(&r[2]) && text(&r[2]).contains("exists; pass overwrite: true"), "{}", r[2]);
    // 4-6: bad arguments name the argument.
    assert!(
        is_error(&r[3]) && text(&r[3]).contains("`aspect_ratio`: \"7:5\" is not an aspect ratio"),
        "{}",
        r[3]
    );
    assert!(is_error(&r[4]) && text(&r[4]).contains("no argument `force`"), "{}", r[4]);
    assert_eq!(r[4]["structuredContent"]["kind"], "invalid_arguments");
    assert!(is_error(&r[5]) && text(&r[5]).contains("`safe_mode` must be true or false"), "{}", r[5]);
    // 7: the service refuses an unknown model; the key the agent echoed is not repeated.
    assert!(is_error(&r[6]), "{}", r[6]);
    assert!(text(&r[6]).contains("[redacted]"), "{}", text(&r[6]));
    // 8, 9: the other image tools write where they say.
    assert!(!is_error(&r[7]), "{}", r[7]);
    let poster = image_at(&dir.path().join("sub/poster.png"));
    assert_eq!((poster.width(), poster.height()), (1024, 576), "the aspect ratio reached the service");
    let multi = server.requests().into_iter().find(|q| q.path.ends_with("/image/multi-edit")).unwrap();
    assert_eq!(multi.content_type.as_deref(), Some("application/json"));
    assert_eq!(multi.fields["aspect_ratio"], "16:9");
    assert_eq!(multi.fields["safe_mode"], false);
    assert!(!is_error(&r[8]), "{}", r[8]);
    assert!(image_at(&dir.path().join("photo.nobg.png")).color().has_alpha());
    // 10: an unknown tool is a protocol error, as MCP says.
    assert!(r[9]["protocolError"].as_str().is_some_and(|e| e.contains("no tool named")), "{}", r[9]);
    // 11: the same session still answers.
    assert!(!is_error(&r[10]), "{}", r[10]);
    let models = r[10]["structuredContent"]["models"].as_array().unwrap();
    assert!(models.iter().any(|m| m["id"] == "firered-image-edit"));
    assert!(text(&r[10]).contains("firered-image-edit"));
    assert_eq!(r[10]["structuredContent"]["upscaler"]["id"], "upscaler", "{}", r[10]);
    assert!(text(&r[10]).contains("Upscaler for upscale_image"), "{}", text(&r[10]));

    assert_eq!(edits(&server), 3, "only the three good calls were sent");
    let log = out["stderr"].as_str().unwrap_or_default();
    assert!(log.contains("missing.jpg"), "failures are logged on stderr: {log}");
}

/// The price the emulator's catalogue gives an edit with the default model.
fn price(out: &Value) -> f64 {
    out["results"][0]["structuredContent"]["estimated_cost_usd"].as_f64().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_spending_guard_refuses_before_anything_is_sent() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.jpg", "b.jpg", "c.jpg"] {
        write(dir.path(), name, &fixtures::jpeg(640, 480));
    }
    let estimate = json!([{"name": "estimate_cost", "arguments": {"tool": "edit_image",
        "arguments": {"image": "a.jpg", "prompt": "x"}}}]);
    let Some(out) = drive(&server, dir.path(), &[], estimate) else { return };
    let e = &out["results"][0];
    assert!(!is_error(e), "{e}");
    let usd = price(&out);
    assert_eq!(e["structuredContent"]["allowed"], true);
    assert!(e["structuredContent"]["output"].as_str().unwrap().ends_with("a.edited.png"));
    assert_eq!(edits(&server), 0, "an estimate sends nothing");

    // Per call: the estimate is above the limit.
    let half = format!("{:.6}", usd / 2.0);
    let calls = json!([{"name": "edit_image", "arguments": {"image": "a.jpg", "prompt": "x"}}]);
    let out = drive(&server, dir.path(), &["--max-cost-per-call", &half], calls).unwrap();
    let r = &out["results"][0];
    assert!(is_error(r) && text(r).contains("above --max-cost-per-call"), "{r}");
    assert_eq!(r["structuredContent"]["kind"], "spending_guard");
    assert_eq!(edits(&server), 0);

    // Total: one edit fits, the second would not; a failed call costs nothing.
    let total = format!("{:.6}", usd * 1.5);
    let calls = json!([
        {"name": "edit_image", "arguments": {"image": "missing.jpg", "prompt": "x"}},
        {"name": "edit_image", "arguments": {"image": "a.jpg", "prompt": "x"}},
        {"name": "edit_image", "arguments": {"image": "b.jpg", "prompt": "x"}},
        {"name": "estimate_cost", "arguments": {"tool": "edit_image", "arguments": {"image": "c.jpg", "prompt": "x"}}},
        {"name": "remove_background", "arguments": {"image": "c.jpg"}},
    ]);
    let out = drive(&server, dir.path(), &["--max-cost-total", &total], calls).unwrap();
    let r = out["results"].as_array().unwrap();
    assert!(is_error(&r[0]), "{}", r[0]);
    assert!(!is_error(&r[1]), "{}", r[1]);
    assert!(is_error(&r[2]) && text(&r[2]).contains("above --max-cost-total"), "{}", r[2]);
    let est = &r[3]["structuredContent"];
    assert_eq!(est["allowed"], false);
    assert!((est["spent_usd_this_session"].as_f64().unwrap() - usd).abs() < 1e-9, "{est}");
    // The background remover is priced from the catalogue ($0.03): over what is left.
    assert!(is_error(&r[4]) && text(&r[4]).contains("above --max-cost-total"), "{}", r[4]);
    assert_eq!(edits(&server), 1, "only the call within the limit was sent");
    assert!(!dir.path().join("b.edited.png").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_official_client_prices_and_runs_an_upscale() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(640, 480));
    let calls = json!([
        {"name": "estimate_cost", "arguments": {"tool": "upscale_image", "arguments": {"image": "photo.jpg", "scale": 4}}},
        {"name": "upscale_image", "arguments": {"image": "photo.jpg", "scale": 4}},
        {"name": "upscale_image", "arguments": {"image": "photo.jpg", "scale": 3, "output": "x.png"}},
    ]);
    let Some(out) = drive(&server, dir.path(), &[], calls) else { return };
    let r = out["results"].as_array().unwrap();
    assert!(!is_error(&r[0]), "{}", r[0]);
    assert_eq!(r[0]["structuredContent"]["estimated_cost_usd"].as_f64(), Some(0.08), "{}", r[0]);
    assert!(!is_error(&r[1]), "{}", r[1]);
    let s = &r[1]["structuredContent"];
    assert_eq!((s["width"].as_u64(), s["height"].as_u64()), (Some(2560), Some(1920)), "{s}");
    let written = image_at(&dir.path().join("photo.upscaled.png"));
    assert_eq!((written.width(), written.height()), (2560, 1920));
    assert!(is_error(&r[2]) && text(&r[2]).contains("`scale` is 3; use 2 or 4"), "{}", r[2]);
    assert_eq!(edits(&server), 1, "the estimate and the refused call sent nothing");
}

/// `venice mcp --model/--format/--encoding` (or the config file's keys) are
/// what a call uses when the agent leaves them out.
#[tokio::test(flavor = "multi_thread")]
async fn the_servers_defaults_fill_what_a_call_leaves_out() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(640, 480));
    let calls = json!([
        {"name": "edit_image", "arguments": {"image": "photo.jpg", "prompt": "x"}},
        {"name": "edit_image", "arguments": {"image": "photo.jpg", "prompt": "x", "format": "png",
            "model": "firered-image-edit", "output": "given.png"}},
    ]);
    let defaults = ["--model", "qwen-image-2-edit", "--format", "jpeg", "--encoding", "json"];
    let Some(out) = drive(&server, dir.path(), &defaults, calls) else { return };
    let r = out["results"].as_array().unwrap();
    assert!(!is_error(&r[0]) && !is_error(&r[1]), "{r:?}");
    let sent = server.image_requests();
    assert_eq!(sent[0].fields["model"], "qwen-image-2-edit");
    assert_eq!(sent[0].fields["output_format"], "jpeg");
    assert_eq!(sent[0].content_type.as_deref(), Some("application/json"));
    assert_eq!(sent[1].fields["model"], "firered-image-edit", "the call's own value wins");
    assert_eq!(sent[1].fields["output_format"], "png");
}
