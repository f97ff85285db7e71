//! The real `venice` binary against the emulator.

use std::path::Path;
use std::time::Duration;

use venice_mock::{Fault, FaultScope, MockConfig, RetryAfter, fixtures};

use crate::common::*;

#[tokio::test(flavor = "multi_thread")]
async fn edit_writes_beside_the_input_with_the_real_extension() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(640, 480));
    let out = venice(&server, dir.path(), &["edit", "photo.jpg", "-p", "make it night"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("photo.jpg -> photo.edited.png"), "{}", stderr(&out));
    assert_eq!(image_at(&dir.path().join("photo.edited.png")).width(), 1024);

    // Again: the output exists, so a single run refuses rather than overwrite.
    let again = venice(&server, dir.path(), &["edit", "photo.jpg", "-p", "x"], None);
    assert_eq!(again.status.code(), Some(3));
    assert!(
        stderr(&again).contains("photo.edited.png exists; pass --force to overwrite it"),
        "{}",
        stderr(&again)
    );
    assert_eq!(edits(&server), 1, "nothing sent the second time");
    let forced = venice(&server, dir.path(), &["edit", "photo.jpg", "-p", "x", "--force"], None);
    assert_eq!(forced.status.code(), Some(0));
}

#[tokio::test(flavor = "multi_thread")]
async fn formats_and_encodings_follow_the_flags() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.png", &fixtures::png(640, 480));
    let out = venice(
        &server,
        dir.path(),
        &[
            "edit",
            "photo.png",
            "-p",
            "x",
            "--format",
            "jpg",
            "--encoding",
            "json",
            "--aspect-ratio",
            "16:9",
            "--no-safe-mode",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let img = image_at(&dir.path().join("photo.edited.jpg"));
    assert_eq!((img.width(), img.height()), (1024, 576));
    let sent = &server.requests()[1];
    assert_eq!(sent.content_type.as_deref(), Some("application/json"));
    assert_eq!(sent.fields["output_format"], "jpeg");
    assert_eq!(sent.fields["safe_mode"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn stdin_to_stdout() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let out =
        venice(&server, dir.path(), &["edit", "-", "-p", "x", "-o", "-"], Some(fixtures::png(400, 300)));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(image::load_from_memory(&out.stdout).unwrap().width(), 1024);
    assert_eq!(outputs_in(dir.path()).len(), 0, "nothing written to disk");
}

#[tokio::test(flavor = "multi_thread")]
async fn url_inputs_are_named_after_the_url() {
    let url = "https://images.example/trips/canal.jpg";
    let server = mock(MockConfig::default().serve_url(url, fixtures::jpeg(640, 480))).await;
    let dir = tempfile::tempdir().unwrap();
    let out = venice(&server, dir.path(), &["edit", url, "-p", "x"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    image_at(&dir.path().join("canal.edited.png"));
    assert_eq!(server.requests()[1].images[0].url.as_deref(), Some(url));
}

#[tokio::test(flavor = "multi_thread")]
async fn multi_edit_and_remove_bg() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.png", &fixtures::png(400, 300));
    write(dir.path(), "mask.png", &fixtures::half_mask(400, 300));
    let out = venice(
        &server,
        dir.path(),
        &["multi-edit", "base.png", "mask.png", "-p", "x", "-o", "combined.png"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    image_at(&dir.path().join("combined.png"));
    assert_eq!(server.requests().last().unwrap().images.len(), 2);

    for command in ["remove-bg", "background-remove"] {
        let out = venice(&server, dir.path(), &[command, "base.png", "--force"], None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let cut = image_at(&dir.path().join("base.nobg.png")).into_rgba8();
        assert_eq!(cut.get_pixel(1, 1).0[3], 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn models_as_a_table_and_as_json() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let out = venice(&server, dir.path(), &["models"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("ID"), "{text}");
    let line = text.lines().find(|l| l.starts_with("firered-image-edit")).unwrap();
    assert!(line.contains("FireRed Edit") && line.contains("$0.040") && line.contains("1500"), "{line}");
    let json = venice(&server, dir.path(), &["models", "--json"], None);
    let list: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 21);
}

#[tokio::test(flavor = "multi_thread")]
async fn completions_and_man_page() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = venice(&server, dir.path(), &["completions", shell], None);
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).contains("venice"), "{shell}");
    }
    let man = venice(&server, dir.path(), &["man"], None);
    assert!(stdout(&man).contains(".TH venice"), "{}", stdout(&man));
    let help = venice(&server, dir.path(), &["--help"], None);
    assert!(stdout(&help).contains("Exit codes:") && stdout(&help).contains("7  still rate limited"));
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_shows_everything_but_the_key_and_sends_nothing() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(800, 600));
    let out = venice(
        &server,
        dir.path(),
        &["--dry-run", "edit", "photo.jpg", "-p", "x", "--model", "nano-banana-2-edit", "--resolution", "2K"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "POST http",
        "/image/edit",
        "Authorization: Bearer [redacted]",
        "encoding: multipart",
        "image = photo.jpg (JPEG, 800x600",
        "resolution = \"2K\"",
        "estimated cost: $0.1400 (2K tier)",
        "estimated total: $0.1400 for 1 request(s); nothing was sent",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert_eq!(edits(&server), 0);

    let json = venice(&server, dir.path(), &["--dry-run", "--json", "edit", "photo.jpg", "-p", "x"], None);
    let line: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(line["plan"]["encoding"], "multipart");
    assert_eq!(line["plan"]["images"][0]["dimensions"], serde_json::json!([800, 600]));
}

#[tokio::test(flavor = "multi_thread")]
async fn json_results_for_scripts() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "photo.jpg", &fixtures::jpeg(640, 480));
    let out = venice(&server, dir.path(), &["--json", "edit", "photo.jpg", "-p", "x"], None);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["input"], "photo.jpg");
    assert_eq!(v["output"], "photo.edited.png");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["model"], "firered-image-edit");
    assert_eq!(v["content_type"], "image/png");
    assert_eq!(v["cost_usd"], 0.04);
    assert!(v["request_id"].as_str().unwrap().ends_with("-MOCK"));
}

#[tokio::test(flavor = "multi_thread")]
async fn folder_batches_keep_structure_skip_what_exists_and_report() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.jpg", &fixtures::jpeg(400, 300));
    write(dir.path(), "in/b.png", &fixtures::png(400, 300));
    write(dir.path(), "in/sub/c.webp", &fixtures::webp(400, 300));
    write(dir.path(), "in/readme.txt", b"not an image");
    let args = ["edit", "in", "-r", "--out-dir", "out", "-p", "x", "--report", "report.jsonl", "--jobs", "2"];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("3 image(s) to process; estimated cost $0.1200"), "{}", stderr(&out));
    assert!(stderr(&out).contains("done: 3 of 3 succeeded"), "{}", stderr(&out));
    for p in ["out/a.edited.png", "out/b.edited.png", "out/sub/c.edited.png"] {
        image_at(&dir.path().join(p));
    }
    let report = std::fs::read_to_string(dir.path().join("report.jsonl")).unwrap();
    assert_eq!(report.lines().count(), 3);
    assert!(report.lines().all(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["status"] == "ok"));

    // A rerun resumes: everything exists, nothing is sent.
    let sent = edits(&server);
    let again = venice(&server, dir.path(), &args, None);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(edits(&server), sent);
    let report = std::fs::read_to_string(dir.path().join("report.jsonl")).unwrap();
    assert!(report.lines().all(|l| l.contains("\"skipped\"")), "{report}");

    // Without -r, only the top level; with --force, re-sent.
    let flat = venice(&server, dir.path(), &["edit", "in", "--out-dir", "out", "-p", "x", "--force"], None);
    assert!(stderr(&flat).contains("done: 2 of 2 succeeded"), "{}", stderr(&flat));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_with_a_bad_input_reports_it_and_exits_one() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.png", &fixtures::png(400, 300));
    write(dir.path(), "tiny.png", &fixtures::png(100, 100));
    let out = venice(&server, dir.path(), &["--json", "edit", "good.png", "tiny.png", "-p", "x"], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("error: tiny.png is 100x100"), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> =
        stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().any(|l| l["status"] == "failed" && l["input"] == "tiny.png"));
    assert_eq!(edits(&server), 1, "the invalid input was never sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn each_failure_has_its_exit_code() {
    let server = mock(MockConfig::default().blocked_word("kaboom")).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    write(dir.path(), "tiny.png", &fixtures::png(10, 10));
    let run = |args: &[&str]| venice(&server, dir.path(), args, None);

    assert_eq!(
        run(&["edit", "p.png", "-p", "x", "--aspect-ratio", "7:5", "-o", "o.png"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["edit", "p.png", "--prompt-typo", "x"]).status.code(), Some(2));
    assert_eq!(run(&["edit", "tiny.png", "-p", "x"]).status.code(), Some(3));
    assert_eq!(run(&["edit", "p.png", "-p", "kaboom", "-o", "o.png"]).status.code(), Some(6));

    server.script_for(
        FaultScope::Images,
        [Fault::Status { status: 429, retry_after: Some(RetryAfter::Seconds(3600)) }],
    );
    let limited = run(&["edit", "p.png", "-p", "x", "-o", "o.png"]);
    assert_eq!(limited.status.code(), Some(7), "{}", stderr(&limited));
    assert!(stderr(&limited).contains("the service asks to wait 1 h 0 min"), "{}", stderr(&limited));

    server.script_for(
        FaultScope::Images,
        [Fault::Status { status: 500, retry_after: None }, Fault::Status { status: 500, retry_after: None }],
    );
    assert_eq!(
        run(&["edit", "p.png", "-p", "x", "-o", "o.png", "--max-retries", "1"]).status.code(),
        Some(8)
    );
    server.script_for(FaultScope::Images, [Fault::NotAnImage]);
    assert_eq!(run(&["edit", "p.png", "-p", "x", "-o", "o.png"]).status.code(), Some(10));
    assert!(!dir.path().join("o.png").exists(), "no output from failures");

    server.set_balance_usd(0.0);
    assert_eq!(run(&["edit", "p.png", "-p", "x", "-o", "o.png"]).status.code(), Some(5));
}

#[tokio::test(flavor = "multi_thread")]
async fn auth_and_network_failures() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    let key_file = write(dir.path(), "key.txt", b"wrong-key\n");
    let wrong = venice(
        &server,
        dir.path(),
        &["--api-key-file", key_file.to_str().unwrap(), "edit", "p.png", "-p", "x"],
        None,
    );
    assert_eq!(wrong.status.code(), Some(4));
    #[cfg(unix)]
    {
        // Readable by others (the default mode): refused before it is read
        // and before anything is sent; a warning would not be enough.
        assert!(
            stderr(&wrong).contains("other users can read or write it")
                && stderr(&wrong).contains("chmod 600"),
            "{}",
            stderr(&wrong)
        );
        assert_eq!(edits(&server), 0, "nothing was sent with a key others can read");
    }

    let mut cmd = assert_cmd::Command::cargo_bin("venice").unwrap();
    let no_key = cmd
        .current_dir(dir.path())
        .env_remove("VENICE_API_KEY")
        .env("XDG_CACHE_HOME", cache_home(dir.path()))
        .args(["--base-url", &server.base_url(), "edit", "p.png", "-p", "x"])
        .output()
        .unwrap();
    assert_eq!(no_key.status.code(), Some(4));
    assert!(stderr(&no_key).contains("no API key"), "{}", stderr(&no_key));

    let mut cmd = assert_cmd::Command::cargo_bin("venice").unwrap();
    let refused = cmd
        .current_dir(dir.path())
        .env("VENICE_API_KEY", KEY)
        .env("XDG_CACHE_HOME", cache_home(dir.path()))
        .args(["--base-url", "http://127.0.0.1:9/api/v1", "--max-retries", "0", "edit", "p.png", "-p", "x"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(9), "{}", stderr(&refused));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_401_stops_the_batch_at_once() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        write(dir.path(), &format!("in/{i}.png"), &fixtures::png(300, 300));
    }
    let key_file = write(dir.path(), "key.txt", b"wrong-key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let args = [
        "--api-key-file",
        key_file.to_str().unwrap(),
        "edit",
        "in",
        "--out-dir",
        "out",
        "-p",
        "x",
        "-j",
        "1",
        "--report",
        "r.jsonl",
    ];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(!stderr(&out).contains("can be read by other users"));
    assert_eq!(edits(&server), 1, "one 401 is enough");
    let report = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    assert_eq!(report.lines().filter(|l| l.contains("not-attempted")).count(), 4, "{report}");
}

#[tokio::test(flavor = "multi_thread")]
async fn max_cost_refuses_an_expensive_batch() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3 {
        write(dir.path(), &format!("in/{i}.png"), &fixtures::png(300, 300));
    }
    let out = venice(
        &server,
        dir.path(),
        &["edit", "in", "--out-dir", "out", "-p", "x", "--model", "gpt-image-2-edit", "--max-cost", "0.50"],
        None,
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the estimated cost $1.0200 is above --max-cost $0.5000; nothing was sent"),
        "{}",
        stderr(&out)
    );
    assert_eq!(edits(&server), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_shows_request_ids_and_retries() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    server.script_for(
        FaultScope::Images,
        [Fault::Status { status: 503, retry_after: Some(RetryAfter::Millis(100)) }],
    );
    let out = venice(
        &server,
        dir.path(),
        &["-v", "edit", "p.png", "-p", "x", "--model", "firered-image-edit"],
        None,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("retrying in 0.1 s, as the service asked"), "{err}");
    assert!(err.contains("request ") && err.contains("-MOCK, 2 attempt(s)"), "{err}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default()));
    let bin = assert_cmd::cargo::cargo_bin("venice");
    let status = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' --base-url '{}' completions bash | head -c 10 >/dev/null; exit ${{PIPESTATUS[0]}}",
            bin.display(),
            server.base_url()
        ))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn ctrl_c_finishes_in_flight_work_and_writes_no_partial_files() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default().latency(Duration::from_millis(700))));
    let dir = tempfile::tempdir().unwrap();
    for i in 0..6 {
        write(dir.path(), &format!("in/{i}.png"), &fixtures::png(300, 300));
    }
    let bin = assert_cmd::cargo::cargo_bin("venice");
    let child = std::process::Command::new(bin)
        .current_dir(dir.path())
        .env("VENICE_API_KEY", KEY)
        .env("XDG_CACHE_HOME", cache_home(dir.path()))
        .args([
            "--base-url",
            &server.base_url(),
            "edit",
            "in",
            "--out-dir",
            "out",
            "-p",
            "x",
            "-j",
            "2",
            "--report",
            "r.jsonl",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first output, then interrupt.
    let out_dir = dir.path().join("out");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::fs::read_dir(&out_dir).map_or(0, |d| d.count()) == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    let written: Vec<_> = std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(written.len() < 6, "the batch stopped early: {written:?}");
    for path in &written {
        assert!(!path.to_string_lossy().ends_with(".part"), "a partial file was left: {}", path.display());
        image_at(path);
    }
    let report = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    assert_eq!(report.lines().count(), 6, "every input is accounted for: {report}");
    assert!(report.contains("not-attempted"));
}

/// The completions and man page in `assets/` ship in release archives;
/// regenerate them with `cargo xtask assets` when the command line changes.
#[test]
fn release_assets_match_the_binary() {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let bin = assert_cmd::cargo::cargo_bin("venice");
    let cases = [
        (vec!["completions", "bash"], "completions/venice.bash"),
        (vec!["completions", "zsh"], "completions/_venice"),
        (vec!["completions", "fish"], "completions/venice.fish"),
        (vec!["completions", "powershell"], "completions/_venice.ps1"),
        (vec!["completions", "elvish"], "completions/venice.elv"),
        (vec!["man"], "venice.1"),
    ];
    for (args, file) in cases {
        let out = std::process::Command::new(&bin).args(&args).output().unwrap();
        let committed = std::fs::read(assets.join(file)).unwrap_or_default();
        assert!(out.stdout == committed, "assets/{file} is stale: run `cargo xtask assets`");
    }
}

/// Image bytes never go to a terminal: `script` gives the binary a real pty.
#[test]
fn image_bytes_are_never_written_to_a_terminal() {
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to provide a terminal");
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default()));
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    let bin = assert_cmd::cargo::cargo_bin("venice");
    let command = format!("'{}' --base-url '{}' edit p.png -p x -o -", bin.display(), server.base_url());
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .env("VENICE_API_KEY", KEY)
        .env("XDG_CACHE_HOME", cache_home(dir.path()))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("refusing to write image bytes to a terminal; use -o FILE or redirect stdout"),
        "{text}"
    );
    assert!(!text.contains("PNG"), "no image bytes on the terminal");
    assert_eq!(edits(&server), 0);
}

/// The exit-code table in docs/troubleshooting.md says what `venice --help`
/// says: the same codes, each with the same first words.
#[test]
fn readme_exit_codes_match_the_binary() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/troubleshooting.md"))
            .unwrap();
    let table: Vec<(u32, String)> = readme
        .lines()
        .skip_while(|l| !l.starts_with("| exit | meaning |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| {
            let mut cells = l.split('|').map(str::trim).filter(|c| !c.is_empty());
            Some((cells.next()?.parse().ok()?, cells.next()?.to_owned()))
        })
        .collect();
    let help = assert_cmd::Command::cargo_bin("venice").unwrap().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    let listed: Vec<(u32, String)> = help
        .lines()
        .skip_while(|l| !l.starts_with("Exit codes:"))
        .skip(1)
        .filter_map(|l| {
            let (code, meaning) = l.trim().split_once(char::is_whitespace)?;
            Some((code.parse().ok()?, meaning.trim().to_owned()))
        })
        .collect();
    assert!(listed.len() >= 14, "{help}");
    let codes = |v: &[(u32, String)]| v.iter().map(|(c, _)| *c).collect::<Vec<_>>();
    assert_eq!(codes(&table), codes(&listed), "README's table and --help list other codes");
    for ((code, readme), (_, help)) in table.iter().zip(&listed) {
        let first = |s: &str| s.split_whitespace().take(2).collect::<Vec<_>>().join(" ").to_lowercase();
        assert_eq!(first(readme), first(help), "exit {code}: README says {readme:?}, --help says {help:?}");
    }
}
