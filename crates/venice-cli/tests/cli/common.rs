//! What every CLI test shares: the emulator, the real `venice` binary run
//! against it (each output checked for the key), files and counts.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use venice_mock::{Fault, MockConfig, MockServer, RetryAfter};

pub const KEY: &str = "sk-cli-test-3c1f9a77";

pub async fn mock(config: MockConfig) -> MockServer {
    MockServer::start(config.key(KEY)).await.unwrap()
}

/// Runs `venice` with the key in the environment and `--base-url` pointing
/// at the emulator; every output is checked for the key.
pub fn venice(server: &MockServer, dir: &Path, args: &[&str], stdin: Option<Vec<u8>>) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("venice").unwrap();
    cmd.current_dir(dir)
        .env_remove("VENICE_BASE_URL")
        .env("VENICE_API_KEY", KEY)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", cache_home(dir))
        .arg("--base-url")
        .arg(server.base_url())
        .args(args)
        .timeout(Duration::from_secs(120));
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes);
    }
    let out = tokio::task::block_in_place(|| cmd.output().unwrap());
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(KEY), "the key leaked in {args:?}");
    }
    out
}

/// The cache folder of runs in `dir` (`XDG_CACHE_HOME`): never the
/// machine's own. Hidden, so that folder walks skip it.
pub fn cache_home(dir: &Path) -> PathBuf {
    dir.join(".cache")
}

/// The names of the files and folders in `dir`, sorted, but the cache folder.
pub fn outputs_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| *p != cache_home(dir))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
}

/// The catalogue cache files of runs in `dir`.
pub fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(cache_home(dir).join("venice")) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    files
}

/// Requests the emulator received for the catalogue (`GET /models`).
pub fn catalogue_fetches(server: &MockServer) -> usize {
    server.requests().iter().filter(|r| r.path.ends_with("/models")).count()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Requests the emulator received at the image endpoints.
pub fn edits(server: &MockServer) -> usize {
    server.requests().iter().filter(|r| r.path.contains("/image/")).count()
}

pub fn image_at(path: &Path) -> image::DynamicImage {
    image::open(path).unwrap_or_else(|e| panic!("{} is not an image: {e}", path.display()))
}

pub fn status(status: u16, retry_after: Option<RetryAfter>) -> Fault {
    Fault::Status { status, retry_after }
}

/// Runs `venice` in `dir` with an empty environment (only PATH, and HOME
/// pointing at `dir`, so no config file or cache of the machine's is read) plus
/// `extra_env`: no `VENICE_*` variable but those given.
pub fn bare(dir: &Path, args: &[&str], extra_env: &[(&str, &str)]) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("venice").unwrap();
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .envs(extra_env.iter().copied())
        .args(args)
        .timeout(Duration::from_secs(120));
    let out = tokio::task::block_in_place(|| cmd.output().unwrap());
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(KEY), "the key leaked in {args:?}");
    }
    out
}
