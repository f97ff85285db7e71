//! `venice compare --generate` against the emulator: generation models side
//! by side on one page (no original), one generation per model, all drawn
//! with the same seed; resumable; an image with --generate refused.

use venice_mock::MockConfig;

use crate::common::{KEY, mock, stderr, venice, write};

const THREE: &str = "venice-sd35,chroma,qwen-image";

#[tokio::test(flavor = "multi_thread")]
async fn generation_models_are_put_side_by_side_with_one_generation_each() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "compare",
        "--generate",
        "-p",
        "a red fox",
        "--models",
        THREE,
        "--out-dir",
        "cmp",
        "--format",
        "png",
    ];
    let out = venice(&server, dir.path(), &args, None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("3 model(s) to compare; estimated cost $"), "{}", stderr(&out));
    let sent = server.image_requests();
    assert!(sent.iter().all(|r| r.path.ends_with("/image/generate")), "{sent:?}");
    let mut models: Vec<String> =
        sent.iter().map(|r| r.fields["model"].as_str().unwrap_or_default().to_owned()).collect();
    models.sort();
    assert_eq!(models, ["chroma", "qwen-image", "venice-sd35"], "one generation per model");
    assert!(sent.iter().all(|r| r.fields["prompt"] == "a red fox"));
    let seed = &sent[0].fields["seed"];
    assert!(seed.is_i64() && sent.iter().all(|r| &r.fields["seed"] == seed), "one seed for all: {sent:?}");

    let folder = dir.path().join("cmp");
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    for (id, name) in [("venice-sd35", "Venice SD35"), ("chroma", "Chroma"), ("qwen-image", "Qwen Image")] {
        assert!(folder.join(format!("{id}.png")).is_file(), "{id}'s picture");
        assert!(html.contains(&format!("href=\"{id}.png\"")), "{id} on the page");
        assert!(html.to_lowercase().contains(&name.to_lowercase()), "{name} on the page");
    }
    assert!(html.contains("3 of 3 model(s) succeeded") && html.contains("a red fox"));
    assert!(!html.contains("original") && !folder.join("original.img").exists(), "no original");
    assert!(!html.contains(KEY));

    // Run again: every picture is kept, nothing sent.
    server.clear_requests();
    let again = venice(&server, dir.path(), &args, None);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(server.image_requests().len(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_image_with_generate_and_a_seed_without_it_are_refused_unsent() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cat.jpg", &venice_mock::fixtures::jpeg(800, 600));
    for args in [
        &["compare", "cat.jpg", "--generate", "-p", "x", "--models", THREE][..],
        &["compare", "cat.jpg", "--seed", "3", "-p", "x", "--models", "qwen-image-2-edit"][..],
        &["compare", "-p", "x", "--models", THREE][..],
    ] {
        let out = venice(&server, dir.path(), args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(server.image_requests().len(), 0);
}
