//! Faults survived, bad inputs refused, nothing lost, no key leaked: the
//! binary against the emulator's fault injection.

use std::time::{Duration, Instant};

use venice_mock::{Fault, FaultScope, MockConfig, RandomFaults, RetryAfter, fixtures};

use crate::common::*;

#[tokio::test(flavor = "multi_thread")]
async fn retryable_faults_are_retried_as_the_service_asks() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    let run = |extra: &[&str]| {
        let mut args = vec!["edit", "p.png", "-p", "x", "-o", "o.png", "--force"];
        args.extend_from_slice(extra);
        venice(&server, dir.path(), &args, None)
    };

    server.script_for(FaultScope::Images, [status(429, Some(RetryAfter::Seconds(1)))]);
    let before = edits(&server);
    let started = Instant::now();
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(started.elapsed() >= Duration::from_millis(950));
    assert_eq!(edits(&server) - before, 2);

    server.script_for(FaultScope::Images, [status(503, None), status(503, None)]);
    let before = edits(&server);
    assert_eq!(run(&[]).status.code(), Some(0));
    assert_eq!(edits(&server) - before, 3);

    server.script_for(
        FaultScope::Images,
        [status(500, None), status(500, None), status(500, None), status(500, None)],
    );
    let before = edits(&server);
    let out = run(&["--max-retries", "2"]);
    assert_eq!(out.status.code(), Some(8));
    assert!(stderr(&out).contains("Inference processing failed"), "{}", stderr(&out));
    assert_eq!(edits(&server) - before, 3, "exactly the configured attempts");

    server.clear_requests();
    server.script_for(FaultScope::Images, [status(503, None)]);
    assert_eq!(run(&["--max-retries", "0"]).status.code(), Some(8));
    assert_eq!(edits(&server), 1, "--max-retries 0 is one attempt");
}

#[tokio::test(flavor = "multi_thread")]
async fn what_cannot_succeed_is_sent_once_with_the_servers_message() {
    let server = mock(MockConfig::default().blocked_word("kaboom")).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    for (fault, code, text) in [
        (status(400, None), 3, "Injected failure"),
        (status(413, None), 3, "request too large"),
        (status(415, None), 3, "unsupported media type"),
    ] {
        server.clear_requests();
        server.script_for(FaultScope::Images, [fault]);
        let out = venice(&server, dir.path(), &["edit", "p.png", "-p", "x", "-o", "o.png"], None);
        assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
        assert!(stderr(&out).contains(text), "{}", stderr(&out));
        assert_eq!(edits(&server), 1);
    }
    server.clear_requests();
    let out = venice(&server, dir.path(), &["edit", "p.png", "-p", "kaboom", "-o", "o.png"], None);
    assert_eq!(out.status.code(), Some(6));
    assert!(stderr(&out).contains("Content policy violation"), "{}", stderr(&out));
    assert_eq!(edits(&server), 1);
    assert!(!dir.path().join("o.png").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn broken_answers_never_leave_an_output_file() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.png", &fixtures::png(400, 300));
    let cases: Vec<(Vec<Fault>, &[&str], i32)> = vec![
        (vec![Fault::ResetDuringUpload; 3], &["--max-retries", "2"], 9),
        (vec![Fault::DelayHeaders(Duration::from_secs(3))], &["--timeout", "1", "--max-retries", "0"], 9),
        (vec![Fault::TruncatedBody; 2], &["--max-retries", "1"], 9),
        (vec![Fault::NotAnImage], &[], 10),
        (vec![Fault::HtmlBadGateway; 2], &["--max-retries", "1"], 8),
    ];
    for (faults, extra, code) in cases {
        server.script_for(FaultScope::Images, faults);
        let mut args = vec!["edit", "p.png", "-p", "x", "-o", "o.png"];
        args.extend_from_slice(extra);
        let out = venice(&server, dir.path(), &args, None);
        assert_eq!(out.status.code(), Some(code), "{extra:?}: {}", stderr(&out));
        assert_eq!(outputs_in(dir.path()), ["p.png"], "{extra:?} left files behind");
    }
    // A reset or a cut answer followed by a good one just succeeds.
    server.script_for(FaultScope::Images, [Fault::ResetDuringUpload, Fault::TruncatedBody]);
    let out = venice(&server, dir.path(), &["edit", "p.png", "-p", "x", "-o", "o.png"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    image::open(dir.path().join("o.png")).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_faulty_batch_loses_nothing_and_a_rerun_completes_it() {
    let faults = RandomFaults { rate: 0.3, seed: 7, ..RandomFaults::server_errors(0.3, 7) };
    let server = mock(MockConfig::default().random_faults(Some(faults))).await;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..50 {
        write(dir.path(), &format!("in/{i:02}.png"), &fixtures::png(300, 300));
    }
    let args =
        ["edit", "in", "--out-dir", "out", "-p", "x", "-j", "4", "--max-retries", "0", "--report", "r.jsonl"];
    let first = venice(&server, dir.path(), &args, None);
    let report = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = report.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 50, "every input is accounted for");
    let ok = lines.iter().filter(|l| l["status"] == "ok").count();
    let failed = lines.iter().filter(|l| l["status"] == "failed").count();
    assert_eq!(ok + failed, 50, "{report}");
    assert!(failed > 0, "a 30% fault rate fails some");
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let written = std::fs::read_dir(dir.path().join("out")).unwrap().count();
    assert_eq!(written, ok);

    // The rerun sends only what failed.
    let server2 = mock(MockConfig::default()).await;
    let second = venice(&server2, dir.path(), &args, None);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert_eq!(edits(&server2), failed, "nothing that succeeded is sent again");
    assert_eq!(std::fs::read_dir(dir.path().join("out")).unwrap().count(), 50);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_of_refusals_stops_before_the_key_is_locked_out() {
    let server = mock(MockConfig::default().blocked_word("kaboom")).await;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..25 {
        write(dir.path(), &format!("in/{i:02}.png"), &fixtures::png(300, 300));
    }
    let out = venice(
        &server,
        dir.path(),
        &["edit", "in", "--out-dir", "out", "-p", "kaboom", "-j", "1", "--report", "r.jsonl"],
        None,
    );
    assert_eq!(out.status.code(), Some(6), "the refusals were the content policy's: {}", stderr(&out));
    assert!(stderr(&out).contains("stopping before Venice locks the key out"), "{}", stderr(&out));
    assert_eq!(edits(&server), 10, "stopped at 10 refusals, well before the lock-out's 20");
    let report = std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap();
    assert_eq!(report.lines().filter(|l| l.contains("not-attempted")).count(), 15);
    // The key still works.
    write(dir.path(), "fine.png", &fixtures::png(300, 300));
    assert_eq!(venice(&server, dir.path(), &["edit", "fine.png", "-p", "x"], None).status.code(), Some(0));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_inputs_are_refused_before_any_request() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut big = fixtures::png(1000, 1000);
    big.resize(26 * 1024 * 1024, 0);
    let mut cut_jpeg = fixtures::jpeg(400, 300);
    cut_jpeg.truncate(10);
    write(d, "empty.png", b"");
    write(d, "text.png", b"just text pretending");
    write(d, "cut.png", &fixtures::png(400, 300)[..24]);
    write(d, "cut.jpg", &cut_jpeg);
    write(d, "small.png", &fixtures::png(255, 255));
    write(d, "huge.png", &fixtures::png_claiming(6000, 6000));
    write(d, "big.png", &big);
    write(d, "pic.bmp", b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00");
    write(d, "pic.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic");
    write(d, "ok.png", &fixtures::png(400, 300));
    std::fs::create_dir_all(d.join("empty-folder")).unwrap();
    let long = "x".repeat(1501);
    let cases: Vec<Vec<&str>> = vec![
        vec!["edit", "empty.png", "-p", "x"],
        vec!["edit", "text.png", "-p", "x"],
        vec!["edit", "cut.png", "-p", "x"],
        vec!["edit", "cut.jpg", "-p", "x"],
        vec!["edit", "small.png", "-p", "x"],
        vec!["edit", "huge.png", "-p", "x"],
        vec!["edit", "big.png", "-p", "x"],
        vec!["edit", "pic.bmp", "-p", "x"],
        vec!["edit", "pic.heic", "-p", "x"],
        vec!["edit", "empty-folder", "-p", "x"],
        vec!["edit", "missing.png", "-p", "x"],
        vec!["edit", "ftp://images.example/a.png", "-p", "x"],
        vec!["edit", "ok.png", "-p", ""],
        vec!["edit", "ok.png", "-p", &long],
        vec!["multi-edit", "ok.png", "ok.png", "ok.png", "ok.png", "-p", "x"],
        vec!["edit", "ok.png", "-p", "x", "--model", "gpt-image-2-edit", "--aspect-ratio", "auto"],
    ];
    for args in cases {
        let out = venice(&server, d, &args, None);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("error: "), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "one clear line for {args:?}: {}", stderr(&out));
    }
    assert_eq!(edits(&server), 0, "nothing was sent");
    let outputs: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".edited."))
        .collect();
    assert!(outputs.is_empty(), "{outputs:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn fit_turns_an_oversized_file_into_an_accepted_request() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    // Noise does not compress: a 3000x3000 noise PNG is over 25 MB.
    let noise = image::RgbImage::from_fn(3000, 3000, |x, y| {
        let h = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(2_246_822_519)).wrapping_mul(3_266_489_917);
        image::Rgb([(h >> 24) as u8, (h >> 16) as u8, (h >> 8) as u8])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(noise).write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    assert!(bytes.get_ref().len() > 25 * 1024 * 1024);
    write(dir.path(), "noise.png", bytes.get_ref());
    let refused = venice(&server, dir.path(), &["edit", "noise.png", "-p", "x"], None);
    assert_eq!(refused.status.code(), Some(3));
    let fitted = venice(&server, dir.path(), &["edit", "noise.png", "-p", "x", "--fit"], None);
    assert_eq!(fitted.status.code(), Some(0), "{}", stderr(&fitted));
    assert!(stderr(&fitted).contains("image: fitted from 3000x3000"), "{}", stderr(&fitted));
    assert_eq!(server.requests().last().unwrap().images[0].format, "jpeg");
}

#[tokio::test(flavor = "multi_thread")]
async fn unusual_but_valid_images_are_accepted() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    // 16-bit PNG.
    let deep = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(400, 300, |x, _| {
        image::Rgb([x as u16 * 100, 0, 65535])
    });
    image::DynamicImage::ImageRgb16(deep).save(dir.path().join("deep.png")).unwrap();
    // Animated GIF: two frames.
    {
        let file = std::fs::File::create(dir.path().join("anim.gif")).unwrap();
        let mut enc = image::codecs::gif::GifEncoder::new(file);
        enc.set_repeat(image::codecs::gif::Repeat::Infinite).unwrap();
        for c in [0u8, 255] {
            let frame = image::RgbaImage::from_pixel(400, 300, image::Rgba([c, 0, 0, 255]));
            enc.encode_frame(image::Frame::new(frame)).unwrap();
        }
    }
    for name in ["deep.png", "anim.gif"] {
        let out = venice(&server, dir.path(), &["edit", name, "-p", "x"], None);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
    }
    let info =
        venice_image::probe::probe_bytes(&std::fs::read(dir.path().join("anim.gif")).unwrap()).unwrap();
    assert!(info.animated);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_planted_symlink_is_replaced_not_written_through() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.png", &fixtures::png(300, 300));
    let victim = write(dir.path(), "victim.txt", b"precious");
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&victim, dir.path().join("out/a.edited.png")).unwrap();
    let skipped = venice(&server, dir.path(), &["edit", "in", "--out-dir", "out", "-p", "x"], None);
    assert_eq!(skipped.status.code(), Some(0));
    assert_eq!(edits(&server), 0, "the planted name counts as existing: skipped");
    let forced = venice(&server, dir.path(), &["edit", "in", "--out-dir", "out", "-p", "x", "--force"], None);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    image::open(dir.path().join("out/a.edited.png")).unwrap();
    assert!(
        !std::fs::symlink_metadata(dir.path().join("out/a.edited.png")).unwrap().file_type().is_symlink()
    );
}
