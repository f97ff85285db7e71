//! `venice generate` through the real binary against the emulator: one
//! picture, variants, a prompts file (resumable), the dry run and the cost
//! cap sending nothing, bad flags refused before any request, provenance.

use venice_mock::MockConfig;

use crate::common::{mock, outputs_in, stderr, stdout, venice, write};

fn generations(server: &venice_mock::MockServer) -> usize {
    server.image_requests().iter().filter(|r| r.path.ends_with("/image/generate")).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn one_prompt_draws_one_picture_named_from_the_prompt_with_its_provenance() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let out = venice(
        &server,
        dir.path(),
        &["generate", "-p", "a lighthouse at dusk", "--seed", "42", "--format", "png"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(generations(&server), 1);
    let sent = &server.image_requests()[0];
    assert_eq!(sent.fields["prompt"], "a lighthouse at dusk");
    assert_eq!(sent.fields["seed"], 42);
    let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.path()).collect();
    let png = written.iter().find(|p| p.extension().is_some_and(|e| e == "png")).expect("a png");
    let name = png.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("a-lighthouse-at-dusk-"), "{name}");
    let inspect = venice(&server, dir.path(), &["inspect", &name], None);
    let text = stdout(&inspect);
    assert!(text.contains("trainedAlgorithmicMedia"), "{text}");
    assert!(
        text.contains("generate") && text.contains("venice-sd35") && text.contains("seed:      42"),
        "{text}"
    );
    assert!(text.contains("a lighthouse at dusk") && text.contains("-MOCK"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn three_variants_write_three_files_numbered_before_the_extension() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let out = venice(
        &server,
        dir.path(),
        &["generate", "-p", "a fox", "--variants", "3", "-o", "fox.png", "--format", "png", "--seed", "7"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let files: Vec<Vec<u8>> = ["fox-1.png", "fox-2.png", "fox-3.png"]
        .iter()
        .map(|n| std::fs::read(dir.path().join(n)).unwrap_or_else(|_| panic!("{n} written")))
        .collect();
    assert!(!dir.path().join("fox.png").exists());
    assert_ne!(files[0], files[1], "each variant its own picture");
    let mut seeds: Vec<i64> =
        server.image_requests().iter().filter_map(|r| r.fields["seed"].as_i64()).collect();
    seeds.sort_unstable();
    assert_eq!(seeds, [7, 8, 9]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_prompts_file_writes_one_picture_per_prompt_and_a_rerun_sends_nothing() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prompts.txt",
        b"a red fox\n\n# not a prompt\na blue whale\nsnowy pines\nan old harbour\n",
    );
    let run = ["generate", "--prompts", "prompts.txt", "--out-dir", "out", "--report", "r.jsonl"];
    let out = venice(&server, dir.path(), &run, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("4 image(s) to generate; estimated cost $0.0400"), "{}", stderr(&out));
    assert_eq!(generations(&server), 4);
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names[0].starts_with("a-blue-whale-") && names[3].starts_with("snowy-pines-"), "{names:?}");

    let again = venice(&server, dir.path(), &run, None);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(generations(&server), 4, "the rerun sends nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_prices_and_sends_nothing_and_max_cost_refuses_before_sending() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prompts.txt", b"one\ntwo\nthree\n");
    let dry = venice(
        &server,
        dir.path(),
        &["--dry-run", "generate", "--prompts", "prompts.txt", "--out-dir", "out", "--variants", "2"],
        None,
    );
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains("estimated total: $0.0600 for 6 request(s); nothing was sent"),
        "{}",
        stdout(&dry)
    );
    let capped = venice(
        &server,
        dir.path(),
        &["generate", "--prompts", "prompts.txt", "--out-dir", "out", "--max-cost", "0.02"],
        None,
    );
    assert_ne!(capped.status.code(), Some(0));
    assert!(stderr(&capped).contains("above --max-cost"), "{}", stderr(&capped));
    assert_eq!(generations(&server), 0, "nothing sent");
    assert!(
        !dir.path().join("out").exists()
            || std::fs::read_dir(dir.path().join("out")).unwrap().next().is_none()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_flags_are_refused_before_any_request() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["generate", "-p", "x", "--variants", "5"][..],
        &["generate", "-p", "x", "--width", "1000"],
        &["generate", "-p", "x", "-m", "firered-image-edit"],
        &["generate", "-p", "x", "-m", "flux-2-pro", "--aspect-ratio", "5:4"],
    ] {
        let out = venice(&server, dir.path(), args, None);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(generations(&server), 0);
    assert!(outputs_in(dir.path()).is_empty(), "no partial output: {:?}", outputs_in(dir.path()));
}

#[tokio::test(flavor = "multi_thread")]
async fn generation_models_and_styles_are_listed() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let models = venice(&server, dir.path(), &["models", "--type", "image"], None);
    assert!(
        stdout(&models).contains("venice-sd35") && stdout(&models).contains("nano-banana-pro"),
        "{}",
        stdout(&models)
    );
    assert!(!stdout(&models).contains("firered-image-edit"));
    let styles = venice(&server, dir.path(), &["styles"], None);
    assert!(stdout(&styles).lines().any(|l| l == "Cinematic"), "{}", stdout(&styles));
}
