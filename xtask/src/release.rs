//! Release chores: the shell completions and man page release archives carry
//! (`assets`), and a local rehearsal of the release build (`release-check`).

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::output::write_if_changed;

/// The completion files (shell, file name) shipped in release archives.
const COMPLETIONS: [(&str, &str); 5] = [
    ("bash", "venice.bash"),
    ("zsh", "_venice"),
    ("fish", "venice.fish"),
    ("powershell", "_venice.ps1"),
    ("elvish", "venice.elv"),
];

pub fn assets(root: &Path) -> Result<ExitCode> {
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

pub fn release_check(root: &Path, if_present: bool) -> Result<ExitCode> {
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
        "venice-cli-npm-package.tar.gz",
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
