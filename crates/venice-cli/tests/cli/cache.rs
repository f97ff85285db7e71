//! The catalogue cache: kept in `$XDG_CACHE_HOME/venice/` per base URL,
//! used without a request while fresh, revalidated or fetched when stale,
//! replaced when corrupt, refreshed once when it misses a model or the
//! service refuses one of its rules; `--refresh-models` and `venice models`
//! always ask; `--offline` never touches it. Counted in requests, never timed.

use std::path::{Path, PathBuf};

use serde_json::Value;
use venice_mock::{MockConfig, fixtures};

use crate::common::*;

fn edit(server: &venice_mock::MockServer, dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["edit", "p.png", "-p", "make it night", "--force"];
    args.extend_from_slice(extra);
    venice(server, dir, &args, None)
}

/// The one inpaint cache file there is.
fn inpaint_file(dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> =
        cache_files(dir).into_iter().filter(|p| p.to_string_lossy().ends_with(".inpaint.json")).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn rewrite(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut v = read_json(path);
    change(&mut v);
    std::fs::write(path, serde_json::to_vec(&v).unwrap()).unwrap();
}

/// The models the cached catalogue lists.
fn cached_ids(path: &Path) -> Vec<String> {
    let v = read_json(path);
    v["body"]["data"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fresh_cache_is_used_without_a_request() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));

    let first = edit(&server, dir.path(), &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(catalogue_fetches(&server), 1);
    let file = inpaint_file(dir.path());
    assert!(file.starts_with(cache_home(dir.path()).join("venice")), "{}", file.display());
    assert_eq!(read_json(&file)["base_url"], server.base_url());

    for _ in 0..2 {
        let again = edit(&server, dir.path(), &[]);
        assert!(again.status.success(), "{}", stderr(&again));
    }
    assert_eq!(catalogue_fetches(&server), 1, "the fresh cache answered");
    assert_eq!(edits(&server), 3);

    // A batch of several inputs still needs none.
    write(dir.path(), "in/a.png", &fixtures::png(300, 300));
    write(dir.path(), "in/b.png", &fixtures::png(300, 300));
    let batch = venice(&server, dir.path(), &["edit", "in", "--out-dir", "out", "-p", "x"], None);
    assert!(batch.status.success(), "{}", stderr(&batch));
    assert_eq!((catalogue_fetches(&server), edits(&server)), (1, 5));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stale_cache_is_revalidated_or_fetched_again() {
    // The service says revalidate every time: a conditional request, a 304.
    let server = mock(MockConfig::default().catalogue_max_age(None)).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    assert!(edit(&server, dir.path(), &[]).status.success());
    let again = edit(&server, dir.path(), &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    let fetches: Vec<_> = server.requests().into_iter().filter(|r| r.path.ends_with("/models")).collect();
    assert_eq!(fetches.len(), 2);
    assert_eq!(fetches[1].status, 304, "revalidated");
    let etag = read_json(&inpaint_file(dir.path()))["etag"].as_str().unwrap().to_owned();
    assert_eq!(fetches[1].headers.get("if-none-match"), Some(&etag), "{:?}", fetches[1].headers);

    // Older than its window, without an ETag: fetched whole and rewritten.
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    assert!(edit(&server, dir.path(), &[]).status.success());
    let file = inpaint_file(dir.path());
    rewrite(&file, |v| {
        v["fetched_at"] = 1_000.into();
        v["etag"] = Value::Null;
    });
    let stale = edit(&server, dir.path(), &[]);
    assert!(stale.status.success(), "{}", stderr(&stale));
    let fetches: Vec<_> = server.requests().into_iter().filter(|r| r.path.ends_with("/models")).collect();
    assert_eq!(fetches.iter().map(|r| r.status).collect::<Vec<_>>(), [200, 200]);
    assert!(read_json(&file)["fetched_at"].as_u64().unwrap() > 1_000, "rewritten");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_or_foreign_cache_is_replaced() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    assert!(edit(&server, dir.path(), &[]).status.success());
    let file = inpaint_file(dir.path());
    let good = std::fs::read(&file).unwrap();

    let foreign = {
        let mut v: Value = serde_json::from_slice(&good).unwrap();
        v["base_url"] = "https://elsewhere.example/api/v1".into();
        serde_json::to_vec(&v).unwrap()
    };
    let wrong_list = {
        let mut v: Value = serde_json::from_slice(&good).unwrap();
        v["body"] = serde_json::json!({"data": "not a list"});
        serde_json::to_vec(&v).unwrap()
    };
    let junk: [&[u8]; 4] = [b"\x00\x01garbage", &good[..good.len() / 2], &foreign, &wrong_list];
    for (i, bytes) in junk.into_iter().enumerate() {
        std::fs::write(&file, bytes).unwrap();
        let out = edit(&server, dir.path(), &[]);
        assert!(out.status.success(), "case {i}: {}", stderr(&out));
        assert_eq!(catalogue_fetches(&server), i + 2, "case {i}: fetched again");
        let replaced = read_json(&file);
        assert_eq!(replaced["base_url"], server.base_url(), "case {i}: replaced");
        assert!(replaced["body"]["data"].as_array().is_some_and(|d| !d.is_empty()));
    }
    let temporaries =
        cache_files(dir.path()).iter().filter(|p| p.to_string_lossy().ends_with(".tmp")).count();
    assert_eq!(temporaries, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_model_unknown_to_the_cache_refreshes_it_once() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    assert!(edit(&server, dir.path(), &[]).status.success());
    let file = inpaint_file(dir.path());
    // A model the service added after the cache was written.
    rewrite(&file, |v| {
        let data = v["body"]["data"].as_array_mut().unwrap();
        data.retain(|m| m["id"] != "qwen-image-2-edit");
    });
    assert!(!cached_ids(&file).contains(&"qwen-image-2-edit".to_owned()));

    let out = edit(&server, dir.path(), &["--model", "qwen-image-2-edit"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(catalogue_fetches(&server), 2, "one refresh");
    assert!(cached_ids(&file).contains(&"qwen-image-2-edit".to_owned()), "the cache was rewritten");

    // A model that really does not exist: one refresh, then refused.
    let out = edit(&server, dir.path(), &["--model", "no-such-model"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not an edit model"), "{}", stderr(&out));
    assert_eq!((catalogue_fetches(&server), edits(&server)), (3, 2), "one refresh, nothing sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_400_naming_a_rule_of_the_cached_catalogue_refreshes_it() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    assert!(edit(&server, dir.path(), &[]).status.success());
    let file = inpaint_file(dir.path());
    // The cache says the model takes 16:9; the service no longer does.
    rewrite(&file, |v| {
        for m in v["body"]["data"].as_array_mut().unwrap() {
            if m["id"] == "gpt-image-1-5-edit" {
                m["model_spec"]["constraints"]["aspectRatios"].as_array_mut().unwrap().push("16:9".into());
            }
        }
    });
    let args = ["--model", "gpt-image-1-5-edit", "--aspect-ratio", "16:9"];
    let refused = edit(&server, dir.path(), &args);
    assert_eq!(refused.status.code(), Some(3), "{}", stderr(&refused));
    assert_eq!((catalogue_fetches(&server), edits(&server)), (2, 2), "sent, refused, refreshed");

    // The next run knows the rule: refused before anything is sent.
    let again = edit(&server, dir.path(), &args);
    assert_eq!(again.status.code(), Some(3), "{}", stderr(&again));
    assert_eq!((catalogue_fetches(&server), edits(&server)), (2, 2));
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_models_and_venice_models_always_fetch() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    assert!(edit(&server, dir.path(), &[]).status.success());
    let listed = venice(&server, dir.path(), &["models"], None);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert_eq!(catalogue_fetches(&server), 2);
    let refreshed = edit(&server, dir.path(), &["--refresh-models"]);
    assert!(refreshed.status.success(), "{}", stderr(&refreshed));
    assert_eq!(catalogue_fetches(&server), 3);
    // The upscaler's prices are kept too.
    write(dir.path(), "s.png", &fixtures::png(300, 300));
    for _ in 0..2 {
        let up = venice(&server, dir.path(), &["upscale", "s.png", "--force"], None);
        assert!(up.status.success(), "{}", stderr(&up));
    }
    let upscale_fetches =
        server.requests().iter().filter(|r| r.query.as_deref() == Some("type=upscale")).count();
    assert_eq!(upscale_fetches, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_leaves_the_cache_alone() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    let cache = dir.path().join("xdg-cache");
    let kept = cache.join("venice").join("kept.inpaint.json");
    write(&cache, "venice/kept.inpaint.json", b"someone's entry");
    let xdg = cache.to_string_lossy().into_owned();
    for args in [&["--offline", "edit", "p.png", "-p", "x", "--force"][..], &["--offline", "models"]] {
        let out = bare(dir.path(), args, &[("XDG_CACHE_HOME", &xdg)]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let names: Vec<_> = std::fs::read_dir(cache.join("venice")).unwrap().filter_map(Result::ok).collect();
    assert_eq!(names.len(), 1, "nothing written");
    assert_eq!(std::fs::read(&kept).unwrap(), b"someone's entry", "nothing changed");
    assert!(!dir.path().join(".cache").exists(), "and not the platform's folder either");
}
