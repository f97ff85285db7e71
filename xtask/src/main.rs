//! Maintainer tasks for the venice-image workspace.
//!
//! ```text
//! cargo xtask generate [--spec PATH] [--out-dir DIR] [--check]
//! cargo xtask spec-drift --upstream PATH [--ours PATH]
//! cargo xtask check-upstream --spec PATH [--out-dir DIR]
//! ```
//!
//! `generate` reduces the spec (ours by default) to what progenitor can take,
//! generates `crates/venice-raw/src/generated.rs` and writes the reduced spec
//! beside it as `openapi.reduced.json`. With `--check` nothing is written and
//! the exit status says whether the committed files are stale. An `--out-dir`
//! that holds no `Cargo.toml` also gets one, so the output is a crate that
//! builds on its own.
//!
//! `spec-drift` lists how a Venice spec differs from ours over the four
//! operations and exits 1 when anything differs.
//!
//! `check-upstream` generates from another spec (Venice's own, say) into a
//! scratch crate under `target/` and compiles it with `cargo check`.
//!
//! `assets` writes the shell completions and the man page that release
//! archives carry (`crates/venice-cli/assets/`), from the built `venice`.
//!
//! `release-check [--if-present]` runs `dist plan`, builds the local
//! x86_64 Linux archive with `dist build`, unpacks it and runs the `venice`
//! inside with `--version`. With `--if-present` a missing `dist` is reported
//! and skipped (CI); without, it is an error.

mod drift;
mod generate;
mod load;
mod reduce;
mod validate;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use generate::{GENERATED_RS, GeneratedFile};

const USAGE: &str = "\
usage:
  cargo xtask generate [--spec PATH] [--out-dir DIR] [--check]
  cargo xtask spec-drift --upstream PATH [--ours PATH]
  cargo xtask check-upstream --spec PATH [--out-dir DIR]
  cargo xtask assets
  cargo xtask release-check [--if-present]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(e) => {
            // One line: the chain of causes joined.
            let chain: Vec<String> = e.chain().map(ToString::to_string).collect();
            eprintln!("error: {}", chain.join(": "));
            ExitCode::from(2)
        }
    }
}

/// Parsed `--flag value` pairs and bare `--switch`es.
struct Args {
    task: String,
    values: Vec<(String, String)>,
    switches: Vec<String>,
}

impl Args {
    fn parse(raw: Vec<String>, takes_value: &[&str], switches: &[&str]) -> Result<Self> {
        let mut it = raw.into_iter();
        let task = it.next().unwrap_or_default();
        let mut args = Self { task, values: Vec::new(), switches: Vec::new() };
        while let Some(a) = it.next() {
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                None => (a.clone(), None),
            };
            if takes_value.contains(&name.as_str()) {
                let value = match inline.or_else(|| it.next()) {
                    Some(v) => v,
                    None => bail!("{name} needs a value\n{USAGE}"),
                };
                args.values.push((name, value));
            } else if switches.contains(&name.as_str()) {
                args.switches.push(name);
            } else {
                bail!("unknown argument {a:?} for `{}`\n{USAGE}", args.task);
            }
        }
        Ok(args)
    }

    fn value(&self, name: &str) -> Option<PathBuf> {
        self.values.iter().rev().find(|(n, _)| n == name).map(|(_, v)| PathBuf::from(v))
    }

    fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }
}

fn run(raw: Vec<String>) -> Result<ExitCode> {
    let task = raw.first().cloned().unwrap_or_default();
    match task.as_str() {
        "generate" => {
            let args = Args::parse(raw, &["--spec", "--out-dir"], &["--check"])?;
            let root = workspace_root();
            let spec = args.value("--spec").unwrap_or_else(|| root.join("openapi/venice-image.yaml"));
            let out_dir = args.value("--out-dir").unwrap_or_else(|| root.join("crates/venice-raw"));
            let files = generate_from(&spec)?;
            if args.switch("--check") { check(&out_dir, &files) } else { write(&out_dir, &files) }
        }
        "spec-drift" => {
            let args = Args::parse(raw, &["--upstream", "--ours"], &[])?;
            let Some(upstream) = args.value("--upstream") else {
                bail!("spec-drift needs --upstream PATH\n{USAGE}")
            };
            let ours =
                args.value("--ours").unwrap_or_else(|| workspace_root().join("openapi/venice-image.yaml"));
            let differences = drift::drift(&load::load_spec(&ours)?, &load::load_spec(&upstream)?)?;
            for d in &differences {
                println!("{d}");
            }
            if differences.is_empty() {
                println!("no differences over the four operations");
                Ok(ExitCode::SUCCESS)
            } else {
                println!(
                    "{} differences between {} and {}",
                    differences.len(),
                    label(&ours),
                    upstream.display()
                );
                Ok(ExitCode::from(1))
            }
        }
        "check-upstream" => {
            let args = Args::parse(raw, &["--spec", "--out-dir"], &[])?;
            let Some(spec) = args.value("--spec") else { bail!("check-upstream needs --spec PATH\n{USAGE}") };
            let root = workspace_root();
            let out_dir = args.value("--out-dir").unwrap_or_else(|| root.join("target/upstream-client"));
            check_upstream(&root, &spec, &out_dir)
        }
        "release-check" => {
            let args = Args::parse(raw, &[], &["--if-present"])?;
            release_check(&workspace_root(), args.switch("--if-present"))
        }
        "assets" => {
            Args::parse(raw, &[], &[])?;
            assets(&workspace_root())
        }
        "" | "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => bail!("unknown task {other:?}\n{USAGE}"),
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The spec's name for the generated header: relative to the workspace when
/// inside it, else the file name, so the header is the same on every machine.
fn label(spec: &Path) -> String {
    let root = workspace_root();
    let absolute = std::fs::canonicalize(spec).unwrap_or_else(|_| spec.to_path_buf());
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    match absolute.strip_prefix(&root) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => {
            spec.file_name().map_or_else(|| spec.display().to_string(), |n| n.to_string_lossy().into_owned())
        }
    }
}

fn generate_from(spec: &Path) -> Result<Vec<GeneratedFile>> {
    let value = load::load_spec(spec)?;
    let problems = validate::problems(&value);
    if !problems.is_empty() {
        bail!("{} is not a sound OpenAPI 3.0 spec: {}", spec.display(), problems.join("; "));
    }
    let files = generate::generate(&value, &label(spec))?;
    Ok(files)
}

fn check(out_dir: &Path, files: &[GeneratedFile]) -> Result<ExitCode> {
    let stale: Vec<PathBuf> = files
        .iter()
        .map(|f| out_dir.join(f.path))
        .zip(files)
        .filter(|(path, f)| std::fs::read_to_string(path).ok().as_deref() != Some(f.contents.as_str()))
        .map(|(path, _)| path)
        .collect();
    if stale.is_empty() {
        println!("generated code is up to date");
        return Ok(ExitCode::SUCCESS);
    }
    for path in &stale {
        eprintln!("stale: {}", path.display());
    }
    eprintln!("the generated code does not match the spec: run `cargo xtask generate` and commit the result");
    Ok(ExitCode::from(1))
}

fn write(out_dir: &Path, files: &[GeneratedFile]) -> Result<ExitCode> {
    let scaffold = !out_dir.join("Cargo.toml").exists();
    for f in files {
        write_if_changed(&out_dir.join(f.path), &f.contents)?;
    }
    if scaffold {
        let code = &files.iter().find(|f| f.path == GENERATED_RS).expect("always generated").contents;
        write_if_changed(&out_dir.join("Cargo.toml"), &scaffold_manifest(code))?;
        write_if_changed(&out_dir.join("src/lib.rs"), SCAFFOLD_LIB)?;
    }
    println!("wrote {}", out_dir.display());
    Ok(ExitCode::SUCCESS)
}

fn write_if_changed(path: &Path, contents: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

const SCAFFOLD_LIB: &str = "\
//! A client generated by `cargo xtask generate`; see `generated.rs`.
#![allow(clippy::all, dead_code, unused_imports, missing_docs)]

#[rustfmt::skip]
mod generated;
pub use generated::*;
";

/// A manifest for generated code outside the workspace, naming the crates the
/// code refers to.
fn scaffold_manifest(code: &str) -> String {
    let mut deps = String::from(
        "progenitor-client = \"0.15.1\"\n\
         reqwest = { version = \"0.13.5\", default-features = false, features = [\"json\", \"query\", \"stream\"] }\n\
         serde = { version = \"1\", features = [\"derive\"] }\n\
         serde_json = \"1\"\n",
    );
    for (needle, dep) in [
        (
            "::chrono::",
            "chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n",
        ),
        ("::uuid::", "uuid = { version = \"1\", features = [\"serde\"] }\n"),
        ("::regress::", "regress = \"0.10\"\n"),
        ("futures::", "futures = \"0.3\"\n"),
    ] {
        if code.contains(needle) {
            deps.push_str(dep);
        }
    }
    format!(
        "# Written by `cargo xtask generate` for generated code outside the workspace.\n\
         [package]\nname = \"generated-client\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\n{deps}"
    )
}

fn check_upstream(root: &Path, spec: &Path, out_dir: &Path) -> Result<ExitCode> {
    let files = generate_from(spec)?;
    if out_dir.exists() {
        std::fs::remove_dir_all(out_dir).with_context(|| format!("cannot clear {}", out_dir.display()))?;
    }
    write(out_dir, &files)?;
    // Start from the workspace's lock file, so the versions match what the
    // project builds with (and little needs compiling).
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, out_dir.join("Cargo.lock")).context("cannot copy Cargo.lock")?;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .arg("check")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(out_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("the client generated from {} does not compile (see above)", spec.display());
    }
    println!("the client generated from {} compiles ({})", spec.display(), out_dir.display());
    Ok(ExitCode::SUCCESS)
}

/// The completion files (shell, file name) shipped in release archives.
const COMPLETIONS: [(&str, &str); 5] = [
    ("bash", "venice.bash"),
    ("zsh", "_venice"),
    ("fish", "venice.fish"),
    ("powershell", "_venice.ps1"),
    ("elvish", "venice.elv"),
];

fn assets(root: &Path) -> Result<ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(&cargo).args(["build", "--quiet", "-p", "venice-cli"]).status()?;
    if !status.success() {
        bail!("building venice failed");
    }
    let venice = root.join("target/debug/venice");
    let out = root.join("crates/venice-cli/assets");
    let run = |args: &[&str]| -> Result<String> {
        let o = Command::new(&venice)
            .args(args)
            .output()
            .with_context(|| format!("cannot run {}", venice.display()))?;
        if !o.status.success() {
            bail!("venice {} failed", args.join(" "));
        }
        Ok(String::from_utf8(o.stdout)?)
    };
    for (shell, file) in COMPLETIONS {
        write_if_changed(&out.join("completions").join(file), &run(&["completions", shell])?)?;
    }
    write_if_changed(&out.join("venice.1"), &run(&["man"])?)?;
    println!("wrote {}", out.display());
    Ok(ExitCode::SUCCESS)
}

const RELEASE_TARGET: &str = "x86_64-unknown-linux-gnu";

fn release_check(root: &Path, if_present: bool) -> Result<ExitCode> {
    let present = Command::new("dist").arg("--version").output().is_ok_and(|o| o.status.success());
    if !present {
        if if_present {
            println!("skipped: dist is not installed (cargo install cargo-dist --locked, about ten minutes)");
            return Ok(ExitCode::SUCCESS);
        }
        bail!("dist is not installed: cargo install cargo-dist --locked");
    }
    let run = |args: &[&str]| -> Result<String> {
        let out = Command::new("dist").args(args).current_dir(root).output().context("cannot run dist")?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            bail!("dist {} failed:\n{text}", args.join(" "));
        }
        Ok(text)
    };
    let plan = run(&["plan"])?;
    for needed in [
        "venice-cli-installer.sh",
        "venice-cli-installer.ps1",
        "x86_64-unknown-linux-musl",
        "x86_64-pc-windows-msvc",
    ] {
        if !plan.contains(needed) {
            bail!("dist plan does not list {needed}:\n{plan}");
        }
    }
    println!("dist plan: ok");
    run(&["build", "--artifacts=local", "--target", RELEASE_TARGET])?;
    let archive = root.join(format!("target/distrib/venice-cli-{RELEASE_TARGET}.tar.xz"));
    let unpacked = root.join("target/release-check");
    if unpacked.exists() {
        std::fs::remove_dir_all(&unpacked)?;
    }
    std::fs::create_dir_all(&unpacked)?;
    let status = Command::new("tar").arg("-xJf").arg(&archive).arg("-C").arg(&unpacked).status()?;
    if !status.success() {
        bail!("cannot unpack {}", archive.display());
    }
    let dir = unpacked.join(format!("venice-cli-{RELEASE_TARGET}"));
    for file in [
        "venice",
        "venice.1",
        "completions/venice.bash",
        "completions/_venice",
        "completions/venice.fish",
        "README.md",
    ] {
        if !dir.join(file).exists() {
            bail!("the archive has no {file}");
        }
    }
    let out = Command::new(dir.join("venice")).arg("--version").output()?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() || version != format!("venice {}", env!("CARGO_PKG_VERSION")) {
        bail!("the archived venice answered {version:?} to --version");
    }
    println!("{}: holds {version}, its completions and man page", archive.display());
    Ok(ExitCode::SUCCESS)
}
