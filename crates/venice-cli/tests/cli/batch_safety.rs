//! Batches never pay for a result they cannot keep, and pace themselves
//! under the key's limit: one test per case of the batch-safety issue,
//! through the real binary against the emulator.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use venice_mock::{Fault, FaultScope, MockConfig, MockServer, RateLimit, ResetForm, RetryAfter, fixtures};

use crate::common::*;

fn report(dir: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join("r.jsonl")).unwrap();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn with_status<'a>(lines: &'a [serde_json::Value], status: &str) -> Vec<&'a serde_json::Value> {
    lines.iter().filter(|l| l["status"] == status).collect()
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        walk(dir).iter().map(|p| p.strip_prefix(dir).unwrap().display().to_string()).collect();
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let p = e.path();
        if e.file_type().unwrap().is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

/// `venice` started in the background, for signals.
fn spawn(server: &MockServer, dir: &Path, args: &[&str], stdin: Stdio) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("venice"))
        .current_dir(dir)
        .env("VENICE_API_KEY", KEY)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", cache_home(dir))
        .args(["--base-url", &server.base_url()])
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn wait_for(what: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !what() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(child: &Child, sig: &str) {
    Command::new("kill").args([sig, &child.id().to_string()]).status().unwrap();
}

// 1. The documented resume never re-edits the tool's own outputs.
#[tokio::test(flavor = "multi_thread")]
async fn a_rerun_in_place_sends_nothing_and_never_edits_its_own_outputs() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for name in ["shoot/a.jpg", "shoot/b.png", "shoot/sub/c.png"] {
        write(dir.path(), name, &fixtures::png(300, 300));
    }
    for cmd in [&["edit", "shoot", "-p", "warmer"][..], &["remove-bg", "shoot"][..]] {
        let first = venice(&server, dir.path(), cmd, None);
        assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    }
    assert_eq!(edits(&server), 4);
    for cmd in [&["edit", "shoot", "-p", "warmer"][..], &["remove-bg", "shoot"][..]] {
        let again = venice(&server, dir.path(), cmd, None);
        assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
        assert!(stderr(&again).contains("an output of this tool"), "{}", stderr(&again));
    }
    assert_eq!(edits(&server), 4, "the rerun sent nothing");
    assert_eq!(
        files(&dir.path().join("shoot")),
        ["a.edited.png", "a.jpg", "a.nobg.png", "b.edited.png", "b.nobg.png", "b.png", "sub/c.png"]
    );
    // An output folder inside the walked folder is never walked.
    let deep = ["edit", "shoot", "-r", "--out-dir", "shoot/out", "-p", "x", "--force"];
    assert_eq!(venice(&server, dir.path(), &deep, None).status.code(), Some(0));
    let sent = edits(&server);
    assert_eq!(sent, 7, "a.jpg, b.png, sub/c.png");
    let again =
        venice(&server, dir.path(), &["edit", "shoot", "-r", "--out-dir", "shoot/out", "-p", "x"], None);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(edits(&server), sent, "nothing under --out-dir is an input");
}

// 2. Paid only when the output can be written.
#[tokio::test(flavor = "multi_thread")]
async fn an_output_location_that_cannot_be_written_stops_the_batch_before_paying() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3 {
        write(dir.path(), &format!("in/{i}.png"), &fixtures::png(300, 300));
    }
    write(dir.path(), "blocker", b"a file, not a folder");
    let out = venice(
        &server,
        dir.path(),
        &["edit", "in", "--out-dir", "blocker/out", "-p", "x", "-j", "1", "--report", "r.jsonl"],
        None,
    );
    assert_eq!(out.status.code(), Some(11), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
    assert_eq!(edits(&server), 0, "nothing was paid for");
    assert_eq!(with_status(&report(dir.path()), "not-attempted").len(), 2, "the batch stopped at the first");

    let long = format!("{}.png", "x".repeat(248));
    write(dir.path(), &long, &fixtures::png(300, 300));
    let too_long = venice(&server, dir.path(), &["edit", &long, "-p", "x"], None);
    assert_eq!(too_long.status.code(), Some(11), "{}", stderr(&too_long));
    assert_eq!(edits(&server), 0, "a name the file system refuses is found before paying");
}

#[test]
fn a_result_that_cannot_be_written_after_payment_is_rescued() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default().latency(Duration::from_millis(1500))));
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(300, 300));
    let child = spawn(&server, dir.path(), &["edit", "p.png", "-p", "x", "-o", "gone/o.png"], Stdio::null());
    // The output is reserved (a temporary file in its folder) before the
    // edit is sent; remove the folder while the edit runs.
    let gone = dir.path().join("gone");
    wait_for(|| std::fs::read_dir(&gone).is_ok_and(|d| d.count() > 0));
    std::thread::sleep(Duration::from_millis(400));
    std::fs::remove_dir_all(&gone).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(11), "{err}");
    let rescued = err.split("the paid result was saved to ").nth(1).and_then(|r| r.split(" instead").next());
    let rescued = dir.path().join(rescued.unwrap_or_else(|| panic!("no rescue path in: {err}")));
    image_at(&rescued);
    std::fs::remove_file(rescued).unwrap();
}

// 3. A wait beyond the cap stops the batch, 7 for a 429 and 8 for a 503.
#[tokio::test(flavor = "multi_thread")]
async fn a_service_that_asks_for_an_hour_stops_the_batch() {
    for (status, code) in [(429, 7), (503, 8)] {
        let server = mock(MockConfig::default()).await;
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            write(dir.path(), &format!("in/{i}.png"), &fixtures::png(300, 300));
        }
        server.script_for(
            FaultScope::Images,
            [Fault::Status { status, retry_after: Some(RetryAfter::Seconds(3600)) }],
        );
        let out = venice(
            &server,
            dir.path(),
            &["edit", "in", "--out-dir", "o", "-p", "x", "-j", "1", "--report", "r.jsonl"],
            None,
        );
        assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
        assert!(stderr(&out).contains("asks to wait 1 h 0 min"), "{}", stderr(&out));
        assert!(stderr(&out).contains("4 not attempted"), "{}", stderr(&out));
        assert_eq!(edits(&server), 1, "nothing more was sent against the wait");
        assert_eq!(with_status(&report(dir.path()), "not-attempted").len(), 4);
    }
}

// 4. A server that never answers: every request obeys --timeout.
#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_never_answers_gives_exit_9_within_the_timeout() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(300, 300));
    server.script_for(FaultScope::All, vec![Fault::Hang; 4]);
    let models = venice(&server, dir.path(), &["models", "--timeout", "1", "--max-retries", "0"], None);
    assert_eq!(models.status.code(), Some(9), "{}", stderr(&models));
    let edit = venice(
        &server,
        dir.path(),
        &["edit", "p.png", "-p", "x", "--timeout", "1", "--max-retries", "0"],
        None,
    );
    assert_eq!(edit.status.code(), Some(9), "{}", stderr(&edit));
    assert!(stderr(&edit).contains("timed out"), "{}", stderr(&edit));
}

// 5. Pacing: a batch at the limit collects at most one 429.
#[tokio::test(flavor = "multi_thread")]
async fn a_batch_at_the_rate_limit_is_paced_instead_of_refused() {
    // --jobs no larger than the limit: before the first answer, the window's
    // size is unknown and --jobs bounds the first burst.
    for (form, images, limit) in [(ResetForm::Seconds, 18, 6), (ResetForm::UnixTimestamp, 12, 6)] {
        let rule = RateLimit { requests: limit, window: Duration::from_secs(3) };
        // Edits take time (seconds at Venice): a burst's requests all arrive
        // before the first answer is made.
        let config =
            MockConfig::default().rate_limit(Some(rule)).rate_reset(form).latency(Duration::from_millis(200));
        let server = mock(config).await;
        let dir = tempfile::tempdir().unwrap();
        for i in 0..images {
            write(dir.path(), &format!("in/{i:02}.png"), &fixtures::png(300, 300));
        }
        let out = venice(&server, dir.path(), &["edit", "in", "--out-dir", "o", "-p", "x", "-j", "6"], None);
        assert_eq!(out.status.code(), Some(0), "{form:?}: {}", stderr(&out));
        let refused = server.image_requests().iter().filter(|r| r.status == 429).count();
        assert!(refused <= 1, "{form:?}: {refused} answers of 429");
        assert_eq!(files(&dir.path().join("o")).len(), images, "{form:?}");
    }
}

// 6. Names that one file system would take for one are refused before sending.
#[tokio::test(flavor = "multi_thread")]
async fn output_names_are_safe_on_every_file_system() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "case/IMG_1.png", &fixtures::png(300, 300));
    write(dir.path(), "case/img_1.png", &fixtures::png(300, 300));
    let out = venice(&server, dir.path(), &["edit", "case", "--out-dir", "o", "-p", "x"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("case or accents are not told apart"), "{}", stderr(&out));
    write(dir.path(), "nf/caf\u{e9}.png", &fixtures::png(300, 300));
    write(dir.path(), "nf/cafe\u{301}.png", &fixtures::png(300, 300));
    let out = venice(&server, dir.path(), &["edit", "nf", "--out-dir", "o", "-p", "x"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    write(dir.path(), "CON.png", &fixtures::png(300, 300));
    let out = venice(&server, dir.path(), &["edit", "CON.png", "-p", "x"], None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("Windows reserves"), "{}", stderr(&out));
    assert_eq!(edits(&server), 0);
    // A URL whose last segment carries a drive prefix stays inside --out-dir.
    let url = "https://pics.example/D:holiday.png";
    let served = MockConfig::default().serve_url(url, fixtures::png(300, 300));
    let server = mock(served).await;
    let out = venice(&server, dir.path(), &["edit", url, "--out-dir", "o", "-p", "x"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("o/D_holiday.edited.png").exists(), "{:?}", files(&dir.path().join("o")));
}

// 7. Standard input: read once and shared; never waited on from a terminal;
// Ctrl-C ends a pending read.
#[tokio::test(flavor = "multi_thread")]
async fn one_mask_from_stdin_serves_every_base() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3 {
        write(dir.path(), &format!("bases/{i}.png"), &fixtures::png(400, 300));
    }
    let mask = fixtures::half_mask(400, 300);
    let out = venice(
        &server,
        dir.path(),
        &["multi-edit", "bases", "-", "-p", "x", "--out-dir", "o"],
        Some(mask.clone()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = server.image_requests();
    assert_eq!(sent.len(), 3);
    for r in &sent {
        assert_eq!(r.images.len(), 2);
        assert_eq!(r.images[1].byte_len, mask.len() as u64, "every base got the whole mask");
        assert_eq!(r.images[1].sha256, sent[0].images[1].sha256);
    }
}

#[test]
fn stdin_on_a_terminal_is_refused_and_ctrl_c_ends_a_pending_read() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default()));
    let dir = tempfile::tempdir().unwrap();
    if Command::new("script").arg("--version").output().is_ok() {
        let bin = assert_cmd::cargo::cargo_bin("venice");
        let command = format!("'{}' --base-url '{}' edit - -p x -o o.png", bin.display(), server.base_url());
        let out = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(dir.path())
            .env("VENICE_API_KEY", KEY)
            .env("XDG_CACHE_HOME", cache_home(dir.path()))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(text.contains("standard input, which is a terminal"), "{text}");
    }
    // A pipe that never closes: Ctrl-C still ends the process.
    let mut child = spawn(&server, dir.path(), &["edit", "-", "-p", "x", "-o", "o.png"], Stdio::piped());
    let held_open = child.stdin.take();
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "-INT");
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let ended = child.try_wait().unwrap();
    drop(held_open);
    let out = child.wait_with_output().unwrap();
    assert!(ended.is_some(), "the process ended while its stdin was still open");
    assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(edits(&server), 0);
}

// 8. What a folder walk cannot take is named, counted and reported.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn skipped_files_are_named_counted_and_reported() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/good.png", &fixtures::png(300, 300));
    std::os::unix::fs::symlink(dir.path().join("nowhere.png"), dir.path().join("in/dangling.png")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("in/good.png"), dir.path().join("in/link.png")).unwrap();
    let out = venice(
        &server,
        dir.path(),
        &["edit", "in", "--out-dir", "o", "-p", "x", "--report", "r.jsonl"],
        None,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("dangling.png: a dangling link"), "{err}");
    assert!(err.contains("link.png: a link (not followed)"), "{err}");
    assert!(err.contains("done: 1 of 1 succeeded; 2 file(s) skipped"), "{err}");
    let lines = report(dir.path());
    assert_eq!(with_status(&lines, "skipped").len(), 2);
    assert_eq!(with_status(&lines, "ok").len(), 1);
}

// 9. --fit never trusts a header's dimensions.
#[tokio::test(flavor = "multi_thread")]
async fn fit_refuses_a_header_claiming_a_giant_image_without_crashing() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bomb.png", &fixtures::png_claiming(100_000, 100_000));
    let out = venice(&server, dir.path(), &["edit", "bomb.png", "-p", "x", "--fit"], None);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_eq!(edits(&server), 0);
}

// 10. Redirects are refused; pipes are read, not taken as empty; an
// abandoned batch still reports what was in flight.
#[test]
fn a_redirecting_api_is_an_error_that_shows_the_location() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let mut s = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 302 Found\r\nLocation: http://elsewhere.example/api/v1/models\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let out = Command::new(assert_cmd::cargo::cargo_bin("venice"))
        .env("VENICE_API_KEY", KEY)
        .args(["--base-url", &format!("http://{addr}/api/v1"), "models"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(10), "{err}");
    assert!(err.contains("redirecting to http://elsewhere.example/api/v1/models"), "{err}");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_pipe_given_as_a_path_is_read_as_a_stream() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.png");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let png = fixtures::png(300, 300);
    let writer = {
        let (fifo, png) = (fifo.clone(), png.clone());
        std::thread::spawn(move || std::fs::write(fifo, png).unwrap())
    };
    let out = venice(&server, dir.path(), &["edit", "pipe.png", "-p", "x", "-o", "o.png"], None);
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.image_requests()[0].images[0].byte_len, png.len() as u64);
}

#[test]
fn a_second_ctrl_c_still_reports_the_inputs_in_flight() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default().latency(Duration::from_secs(5))));
    let dir = tempfile::tempdir().unwrap();
    for i in 0..4 {
        write(dir.path(), &format!("in/{i}.png"), &fixtures::png(300, 300));
    }
    let args = ["edit", "in", "--out-dir", "o", "-p", "x", "-j", "2", "--report", "r.jsonl"];
    let child = spawn(&server, dir.path(), &args, Stdio::null());
    // Each output is reserved (a temporary file) before its request is
    // sent, and an edit takes 5 s: two reservations mean two in flight.
    let parts = || {
        std::fs::read_dir(dir.path().join("o")).map_or(0, |d| {
            d.filter_map(Result::ok).filter(|e| e.file_name().to_string_lossy().ends_with(".part")).count()
        })
    };
    wait_for(|| parts() == 2);
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "-INT");
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "-INT");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = report(dir.path());
    assert_eq!(lines.len(), 4, "every input is in the report: {lines:?}");
    let abandoned = lines
        .iter()
        .filter(|l| l["error"].as_str().is_some_and(|e| e.contains("abandoned in flight")))
        .count();
    assert_eq!(abandoned, 2, "the two in flight are reported, not dropped: {lines:?}");
    assert_eq!(with_status(&lines, "not-attempted").len(), 4, "{lines:?}");
}

// kill -9 half-way, then the same command: one valid output per input,
// no stale temporary files, nothing paid twice beyond what was in flight.
#[test]
fn a_killed_batch_resumes_cleanly() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(mock(MockConfig::default().latency(Duration::from_millis(600))));
    let dir = tempfile::tempdir().unwrap();
    for i in 0..8 {
        write(dir.path(), &format!("in/{i}.png"), &fixtures::png(300, 300));
    }
    let args = ["edit", "in", "--out-dir", "o", "-p", "x", "-j", "2"];
    let child = spawn(&server, dir.path(), &args, Stdio::null());
    wait_for(|| {
        std::fs::read_dir(dir.path().join("o")).is_ok_and(|d| {
            d.filter_map(Result::ok).any(|e| e.file_name().to_string_lossy().ends_with(".edited.png"))
        })
    });
    wait_for(|| edits(&server) >= 4);
    signal(&child, "-KILL");
    let _ = child.wait_with_output();
    let first = edits(&server);
    let leftovers = files(&dir.path().join("o")).iter().filter(|n| n.ends_with(".part")).count();
    let rerun = venice(&server, dir.path(), &args, None);
    assert_eq!(rerun.status.code(), Some(0), "{}", stderr(&rerun));
    let names = files(&dir.path().join("o"));
    assert!(
        names.iter().all(|n| !n.ends_with(".part")),
        "stale temporary files removed ({leftovers} were left): {names:?}"
    );
    assert_eq!(names.len(), 8, "{names:?}");
    for n in &names {
        image_at(&dir.path().join("o").join(n));
    }
    let done_before = 8 - (edits(&server) - first);
    assert!(edits(&server) <= 8 + 2, "paid at most the two in flight twice: {} requests", edits(&server));
    assert!(done_before >= 1);
}

// A stop decided by one job stops every job not yet sent, wherever it is:
// with two at once and no retries, the first answer a 429 asking for an
// hour, the other job still preparing (fitting a 34-megapixel photo) is
// never sent, and no job takes its place.
#[tokio::test(flavor = "multi_thread")]
async fn a_429_asking_for_an_hour_stops_every_job_not_yet_sent() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/0.png", &fixtures::png(300, 300));
    write(dir.path(), "in/1.jpg", &fixtures::jpeg(5800, 5800));
    for i in 2..5 {
        write(dir.path(), &format!("in/{i}.png"), &fixtures::png(300, 300));
    }
    server.script_for(
        FaultScope::Images,
        [Fault::Status { status: 429, retry_after: Some(RetryAfter::Seconds(3600)) }],
    );
    let args = [
        "--max-retries",
        "0",
        "edit",
        "in",
        "--out-dir",
        "o",
        "-p",
        "x",
        "-j",
        "2",
        "--fit",
        "--report",
        "r.jsonl",
    ];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let sent = server.image_requests();
    let times: Vec<_> = sent.iter().map(|r| (r.seq, r.status, r.arrived_us, r.answered_us)).collect();
    assert_eq!(sent.len(), 1, "only the 429 (seq, status, arrived µs, answered µs): {times:?}");
    let lines = report(dir.path());
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(with_status(&lines, "not-attempted").len(), 4, "{lines:?}");
    assert!(!dir.path().join("o").read_dir().is_ok_and(|mut d| {
        d.any(|e| e.is_ok_and(|e| e.path().is_file() && !e.file_name().to_string_lossy().starts_with('.')))
    }));
}
