//! The shell examples in README.md and docs/*.md run as tests, so the docs
//! cannot drift from the tool.
//!
//! The rules (docs/README.md says them to writers too):
//!
//! - A ```` ```console ```` block is run by [trycmd]: each `$ venice ...` line
//!   is a command, the lines under it its expected output (stdout and stderr
//!   together, as a terminal shows them; `venice` writes progress and notes to
//!   stderr), and an optional `? N` line under the command its exit code (0
//!   when absent). `...` on a line of its own matches any lines, `[..]` any
//!   text within a line. Such examples must work with no key and no network:
//!   they use `venice --offline` (the built-in emulator) or commands that
//!   call nothing (`inspect`, `config`, `--help`).
//! - A ```` ```sh ```` block needs a key, the network, or another tool
//!   (cargo, pip, curl) and is not run. One that says `--offline` is an
//!   error here: an example that can run offline must be a console block.
//!
//! Each page runs in a scratch folder of its own holding copies of the files
//! in `examples/` (`photo.jpg`) and a folder `shoot/` of two photos
//! (`canal.jpg`, `bridge.jpg`: copies of `photo.jpg`), its commands in order (a page's later
//! examples see the files its earlier ones wrote); the repository is never
//! written to. The environment is made neutral: no API key, no wallet, a
//! config file of our own (empty), the cache and home in the scratch folder,
//! and an unreachable base URL, so an example that forgot `--offline` fails
//! (exit 4 or 9) instead of calling Venice.
//!
//! `TRYCMD=overwrite cargo test -p venice-cli --test docs` writes the actual
//! output into the pages (review the diff: wildcards may be lost).

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// README.md and every page in docs/, as paths relative to the root.
fn pages() -> Vec<PathBuf> {
    let root = root();
    let mut pages = vec![PathBuf::from("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/ is there")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.strip_prefix(&root).unwrap().to_owned())
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// The fenced blocks of a page: (line of the opening fence, info string, body).
fn blocks(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String, String, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let ticks = line.chars().take_while(|c| *c == '`').count();
        match &mut open {
            None if ticks >= 3 => {
                open = Some((i + 1, line[..ticks].to_owned(), line[ticks..].trim().to_owned(), String::new()))
            }
            Some((_, fence, _, _)) if line.trim_end() == fence.as_str() => {
                let (at, _, info, body) = open.take().unwrap();
                out.push((at, info, body));
            }
            Some((_, _, _, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

/// Offline examples are run: none hides in a block the harness skips.
#[test]
fn every_offline_example_is_a_console_block() {
    let root = root();
    let mut wrong = Vec::new();
    let mut run = 0;
    for page in pages() {
        let text = std::fs::read_to_string(root.join(&page)).unwrap();
        for (at, info, body) in blocks(&text) {
            let lang = info.split(',').next().unwrap_or("");
            match lang {
                "console" => {
                    run += 1;
                    for line in body.lines().filter(|l| l.starts_with("$ ")) {
                        if !line.starts_with("$ venice ") {
                            wrong.push(format!("{}:{at}: runs only venice, not {line:?}", page.display()));
                        }
                    }
                }
                // trycmd runs a block without a language as a console block.
                "" => wrong.push(format!(
                    "{}:{at}: give the block a language (```text for plain text, ```sh, ```console)",
                    page.display()
                )),
                "sh" if body.contains("--offline") => wrong.push(format!(
                    "{}:{at}: an example with --offline can run: make it a ```console block",
                    page.display()
                )),
                "bash" | "shell" | "zsh" => wrong.push(format!(
                    "{}:{at}: say ```sh for an example that is not run, ```console for one that is",
                    page.display()
                )),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(run >= 10, "only {run} console blocks: is the harness reading the pages?");
}

/// Every ```console block of README.md and docs/ gives the output and exit
/// code it says.
#[test]
fn console_examples_give_the_output_they_show() {
    let root = root();
    let scratch = tempfile::tempdir().unwrap();
    let home = scratch.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    // An empty config file; trycmd cannot unset a variable, so a profile the
    // developer's environment names (VENICE_PROFILE) is there, empty.
    let config = scratch.path().join("config.toml");
    let profile = std::env::var("VENICE_PROFILE").ok().filter(|p| !p.is_empty());
    let profile = profile.map(|p| format!("[profiles.{p:?}]\n")).unwrap_or_default();
    std::fs::write(&config, profile).unwrap();

    let cases = trycmd::TestCases::new();
    cases
        .register_bin("venice", PathBuf::from(env!("CARGO_BIN_EXE_venice")))
        .timeout(std::time::Duration::from_secs(120))
        .env("VENICE_API_KEY", "")
        .env("VENICE_WALLET_KEY", "")
        .env("VENICE_LOG", "")
        .env("VENICE_BASE_URL", "http://127.0.0.1:9")
        .env("VENICE_CONFIG", config.to_str().unwrap())
        .env("XDG_CACHE_HOME", scratch.path().join("cache").to_str().unwrap())
        .env("XDG_CONFIG_HOME", home.join(".config").to_str().unwrap())
        .env("HOME", home.to_str().unwrap())
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "0")
        .env("COLUMNS", "100");

    let copies: Vec<(PathBuf, PathBuf)> = pages()
        .into_iter()
        .map(|page| {
            let copy = scratch.path().join("pages").join(&page);
            std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
            std::fs::copy(root.join(&page), &copy).unwrap();
            // trycmd runs a page's commands in `<page>.in/` beside it.
            let work = copy.with_extension("in");
            std::fs::create_dir_all(work.join("shoot")).unwrap();
            for file in std::fs::read_dir(root.join("examples")).unwrap() {
                let file = file.unwrap().path();
                if file.is_file() {
                    std::fs::copy(&file, work.join(file.file_name().unwrap())).unwrap();
                }
            }
            for name in ["canal.jpg", "bridge.jpg"] {
                std::fs::copy(root.join("examples/photo.jpg"), work.join("shoot").join(name)).unwrap();
            }
            cases.case(&copy);
            (root.join(&page), copy)
        })
        .collect();

    cases.run();

    if std::env::var_os("TRYCMD").is_some_and(|m| m == "overwrite") {
        for (page, copy) in copies {
            let (was, now) = (std::fs::read(&page).unwrap(), std::fs::read(&copy).unwrap());
            if was != now {
                std::fs::write(&page, now).unwrap();
                eprintln!("rewrote {}", page.display());
            }
        }
    }
}
