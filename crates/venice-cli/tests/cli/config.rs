//! The config file and its precedence: flag, then environment, then
//! profile, then file, then built-in; `venice config` says which won.

use std::path::{Path, PathBuf};

use venice_mock::MockConfig;

use crate::common::{KEY, bare, edits, mock, stderr, stdout};
use crate::offline::with_sample;

/// Writes `text` as the config file in the platform's folder under `dir`
/// (`$XDG_CONFIG_HOME/venice/config.toml`) and returns the folder's variable.
fn config(dir: &Path, text: &str) -> PathBuf {
    let xdg = dir.join("xdg");
    std::fs::create_dir_all(xdg.join("venice")).unwrap();
    std::fs::write(xdg.join("venice/config.toml"), text).unwrap();
    xdg
}

/// The `venice config` line of a key.
fn line_of(out: &str, key: &str) -> String {
    let prefix = format!("{key} = ");
    out.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("no {key} in {out}")).to_owned()
}

fn show(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = bare(dir, args, env);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

const FILE: &str = "jobs = 5\nbase-url = \"http://file.invalid/api/v1\"\n\n[profiles.fast]\njobs = 8\nbase-url = \"http://profile.invalid/api/v1\"\n";

#[test]
fn the_built_in_default_applies_when_nothing_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = show(dir.path(), &["config"], &[]);
    assert!(line_of(&out, "jobs").ends_with("# built-in"), "{out}");
    assert!(out.contains("# config file: none"), "{out}");
}

#[test]
fn the_file_beats_the_built_in() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = config(dir.path(), FILE);
    let out = show(dir.path(), &["config"], &[("XDG_CONFIG_HOME", xdg.to_str().unwrap())]);
    let jobs = line_of(&out, "jobs");
    assert!(jobs.starts_with("jobs = 5") && jobs.contains("config.toml"), "{out}");
}

#[test]
fn the_profile_beats_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = config(dir.path(), FILE);
    let xdg = xdg.to_str().unwrap();
    for (args, env) in [
        (&["--profile", "fast", "config"][..], &[("XDG_CONFIG_HOME", xdg)][..]),
        (&["config"][..], &[("XDG_CONFIG_HOME", xdg), ("VENICE_PROFILE", "fast")][..]),
    ] {
        let out = show(dir.path(), args, env);
        let jobs = line_of(&out, "jobs");
        assert!(jobs.starts_with("jobs = 8") && jobs.contains("# profile fast in"), "{out}");
    }
    let out = bare(dir.path(), &["--profile", "slow", "config"], &[("XDG_CONFIG_HOME", xdg)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no profile slow") && stderr(&out).contains("fast"), "{}", stderr(&out));
}

#[test]
fn the_environment_beats_the_profile_and_the_flag_beats_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = config(dir.path(), FILE);
    let env = [
        ("VENICE_CONFIG", dir.path().join("xdg/venice/config.toml")),
        ("VENICE_BASE_URL", PathBuf::from("http://env.invalid/api/v1")),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.to_str().unwrap())).collect();
    let out = show(dir.path(), &["--profile", "fast", "config"], &env);
    assert!(
        line_of(&out, "base-url").contains("http://env.invalid/api/v1  # environment (VENICE_BASE_URL)"),
        "{out}"
    );
    let out =
        show(dir.path(), &["--profile", "fast", "--base-url", "http://flag.invalid/api/v1", "config"], &env);
    assert!(line_of(&out, "base-url").contains("http://flag.invalid/api/v1  # command line"), "{out}");
    drop(xdg);
}

#[test]
fn the_key_is_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let out = show(dir.path(), &["config"], &[("VENICE_API_KEY", KEY)]);
    assert!(line_of(&out, "api-key-file").contains("# environment (VENICE_API_KEY)"), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_file_settings_reach_the_request() {
    let server = mock(MockConfig::default()).await;
    let dir = with_sample();
    let text = format!("base-url = \"{}\"\nmodel = \"qwen-image-2-edit\"\n", server.base_url());
    let xdg = config(dir.path(), &text);
    let env = [("XDG_CONFIG_HOME", xdg.to_str().unwrap()), ("VENICE_API_KEY", KEY)];
    let out = bare(dir.path(), &["edit", "photo.jpg", "-p", "x"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(edits(&server), 1);
    let sent = &server.image_requests()[0];
    assert_eq!(sent.fields.get("model").and_then(|m| m.as_str()), Some("qwen-image-2-edit"), "{sent:?}");
}

#[test]
fn offline_in_the_file_needs_no_key() {
    let dir = with_sample();
    let xdg = config(dir.path(), "offline = true\n");
    let out =
        bare(dir.path(), &["edit", "photo.jpg", "-p", "x"], &[("XDG_CONFIG_HOME", xdg.to_str().unwrap())]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_bad_file_is_an_error_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = config(dir.path(), "jobs = 2\n\n[profiles.fast]\njbos = 4\n");
    let out = bare(dir.path(), &["config"], &[("XDG_CONFIG_HOME", xdg.to_str().unwrap())]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("venice/config.toml:4:") && err.contains("jbos"), "{err}");
    let missing = bare(dir.path(), &["config"], &[("VENICE_CONFIG", "nowhere.toml")]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nowhere.toml"), "{}", stderr(&missing));
}

/// `compare` takes the settings `edit` takes (the format, the encoding),
/// and `venice config compare` shows only what compare uses.
#[tokio::test(flavor = "multi_thread")]
async fn compare_takes_the_format_and_encoding_from_the_file() {
    let server = mock(MockConfig::default()).await;
    let dir = with_sample();
    let text = format!(
        "base-url = \"{}\"\nformat = \"jpeg\"\nencoding = \"json\"\nmodel = \"qwen-image-2-edit\"\n",
        server.base_url()
    );
    let xdg = config(dir.path(), &text);
    let env = [("XDG_CONFIG_HOME", xdg.to_str().unwrap()), ("VENICE_API_KEY", KEY)];
    let args = ["compare", "photo.jpg", "-p", "x", "--models", "firered-image-edit,flux-2-max-edit"];
    let out = bare(dir.path(), &args, &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let sent = server.image_requests();
    assert_eq!(sent.len(), 2);
    for r in &sent {
        assert_eq!(r.fields["output_format"], "jpeg", "{r:?}");
        assert_eq!(r.content_type.as_deref(), Some("application/json"), "{r:?}");
    }
    assert!(dir.path().join("photo.compare/firered-image-edit.jpg").is_file());
    let shown = show(dir.path(), &["config", "compare"], &env);
    assert!(line_of(&shown, "format").starts_with("format = jpeg"), "{shown}");
    assert!(!shown.contains("\nmodel = "), "compare takes its models from --models: {shown}");
    let refused = bare(dir.path(), &["config", "completions"], &env);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
}

#[test]
fn a_cost_cap_in_the_file_must_be_an_amount() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = config(dir.path(), "\nmax-cost = nan\n");
    let out = bare(dir.path(), &["config"], &[("XDG_CONFIG_HOME", xdg.to_str().unwrap())]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("config.toml:2: max-cost"), "{}", stderr(&out));
}

/// The photo options are config keys too: `no-provenance = true` in the
/// file writes no provenance, as the flag does.
#[tokio::test(flavor = "multi_thread")]
async fn photo_options_come_from_the_file_too() {
    let server = mock(MockConfig::default()).await;
    let dir = with_sample();
    let text = format!("base-url = \"{}\"\nno-provenance = true\n", server.base_url());
    let xdg = config(dir.path(), &text);
    let env = [("XDG_CONFIG_HOME", xdg.to_str().unwrap()), ("VENICE_API_KEY", KEY)];
    let out = bare(dir.path(), &["edit", "photo.jpg", "-p", "x", "-o", "quiet.png"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let inspect = bare(dir.path(), &["inspect", "quiet.png"], &env);
    assert!(stdout(&inspect).contains("no provenance recorded"), "{}", stdout(&inspect));
    let shown = show(dir.path(), &["config", "edit"], &env);
    assert!(line_of(&shown, "no-provenance").starts_with("no-provenance = true"), "{shown}");
}
