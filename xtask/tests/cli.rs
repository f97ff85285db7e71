//! The `xtask` binary run as a maintainer runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).current_dir(root()).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Venice's own spec, when this machine has it (tests using it skip otherwise).
fn venices_spec() -> Option<PathBuf> {
    let upstream = root().join("../shared/venice/swagger.yaml");
    if !upstream.exists() {
        eprintln!("skipped: {} is not here", upstream.display());
        return None;
    }
    Some(upstream)
}

fn our_spec() -> String {
    std::fs::read_to_string(root().join("openapi/venice-image.yaml")).unwrap()
}

#[test]
fn the_committed_client_is_up_to_date() {
    let out = xtask(&["generate", "--check"]);
    assert!(out.status.success(), "stale generated code: {}", text(&out.stderr));
}

#[test]
fn check_names_a_stale_file_after_a_one_character_change() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_str().unwrap();
    assert!(xtask(&["generate", "--out-dir", out_dir]).status.success());
    assert!(xtask(&["generate", "--check", "--out-dir", out_dir]).status.success());

    let generated = dir.path().join("src/generated.rs");
    let code = std::fs::read_to_string(&generated).unwrap();
    std::fs::write(&generated, code.replacen("pub struct EditRequest", "pub struct EditRequesT", 1)).unwrap();

    let out = xtask(&["generate", "--check", "--out-dir", out_dir]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(&format!("stale: {}", generated.display())), "{stderr}");
    assert!(!stderr.contains("openapi.reduced.json"), "only the changed file is named: {stderr}");
}

#[test]
fn removing_a_field_from_the_spec_removes_it_from_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    // `quality` is a MultiEditRequest property and the only user of Quality.
    let full = our_spec();
    let without: String = {
        let marker = "        quality:\n          $ref: \"#/components/schemas/Quality\"\n";
        let first = full.find(marker).expect("MultiEditRequest.quality is in the spec");
        format!("{}{}", &full[..first], &full[first + marker.len()..])
    };
    std::fs::write(&spec, without).unwrap();
    let out_dir = dir.path().join("out");
    let out = xtask(&["generate", "--spec", spec.to_str().unwrap(), "--out-dir", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let code = std::fs::read_to_string(out_dir.join("src/generated.rs")).unwrap();
    let multi_edit = &code[code.find("pub struct MultiEditRequest {").unwrap()..];
    let multi_edit = &multi_edit[..multi_edit.find('}').unwrap()];
    assert!(!multi_edit.contains("pub quality"), "{multi_edit}");
    let committed = std::fs::read_to_string(root().join("crates/venice-raw/src/generated.rs")).unwrap();
    assert!(committed.contains("pub quality: ::std::option::Option<Quality>"));
}

#[test]
fn a_spec_without_an_operation_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(
        &spec,
        our_spec().replace("operationId: backgroundRemoveImage", "operationId: somethingElse"),
    )
    .unwrap();
    let out =
        xtask(&["generate", "--spec", spec.to_str().unwrap(), "--out-dir", dir.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no operation `backgroundRemoveImage` (POST /image/background-remove)"),
        "{stderr}"
    );
    assert!(!dir.path().join("src/generated.rs").exists(), "nothing is written on failure");
}

#[test]
fn the_committed_string_enums_are_non_exhaustive() {
    let code = std::fs::read_to_string(root().join("crates/venice-raw/src/generated.rs")).unwrap();
    // The attributes between the previous item (or the doc comment) and `item`.
    let attrs_before = |item: &str| {
        let at = code.find(item).unwrap_or_else(|| panic!("no {item}"));
        let attrs = code[..at].rsplit_once("}\n").map_or("", |(_, a)| a);
        attrs.rsplit_once("///").map_or(attrs, |(_, a)| a).to_owned()
    };
    for name in ["AspectRatio", "OutputFormat", "Quality", "ModelType", "ModelObject", "ModelListObject"] {
        let attrs = attrs_before(&format!("pub enum {name} {{"));
        assert!(attrs.contains("#[non_exhaustive]"), "{name}: {attrs}");
    }
    // Structs, and the newtype UpscaleScale, keep their shape.
    for item in ["pub struct UpscaleScale(", "pub struct UpscaleRequest {", "pub struct EditRequest {"] {
        assert!(!attrs_before(item).contains("non_exhaustive"), "{item}");
    }
}

#[test]
fn spec_drift_lists_differences_and_exits_one() {
    let dir = tempfile::tempdir().unwrap();
    let upstream = dir.path().join("upstream.yaml");
    std::fs::write(&upstream, our_spec().replace("maxLength: 32768", "maxLength: 65536")).unwrap();

    let same = xtask(&["spec-drift", "--upstream", "openapi/venice-image.yaml"]);
    assert!(same.status.success(), "{}", text(&same.stdout));
    assert!(text(&same.stdout).contains("no differences"));

    let out = xtask(&["spec-drift", "--upstream", upstream.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "`editImage` (POST /image/edit) request application/json field `prompt` maxLength is 32768 here but 65536 upstream"
        ),
        "{stdout}"
    );
}

#[test]
fn spec_drift_against_venices_spec_when_present() {
    let Some(upstream) = venices_spec() else { return };
    let out = xtask(&["spec-drift", "--upstream", upstream.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // Facts we know differ: Venice's multi-edit accepts a `quality` we also
    // have, but its edit body offers multipart and a modelId enum.
    assert!(stdout.contains("differences between openapi/venice-image.yaml and"), "{stdout}");
    assert!(stdout.lines().all(|l| !l.trim().is_empty()));
}

#[test]
fn spec_drift_compares_upscale_with_venices_spec_when_present() {
    let Some(upstream) = venices_spec() else { return };
    let out = xtask(&["spec-drift", "--upstream", upstream.to_str().unwrap()]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    // 1 is "differences found"; a missing operation would be an error (2).
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("no operation"), "{stderr}");
    let upscale: Vec<&str> =
        stdout.lines().filter(|l| l.starts_with("`upscaleImage` (POST /image/upscale) ")).collect();
    assert!(!upscale.is_empty(), "upscale was not compared:\n{stdout}");
    // Both specs agree on where it is, its media types, statuses and fields;
    // what differs is how they describe `scale` and which headers they list.
    for line in &upscale {
        let what = line.trim_start_matches("`upscaleImage` (POST /image/upscale) ");
        for disagreement in
            ["is at ", "media type", "is new upstream", "is required here", "is optional here"]
        {
            assert!(!what.contains(disagreement), "{line}");
        }
        let missing_here = what.ends_with(" is ours only") && !what.contains(" header ");
        assert!(!missing_here, "a field or status Venice does not have: {line}");
        // Venice types a multipart `image` as a string; the JSON fields agree.
        assert!(!what.contains("`creativity`") && !what.contains("application/json field `image`"), "{line}");
    }
    assert!(upscale.contains(
        &"`upscaleImage` (POST /image/upscale) request application/json field `scale` is integer here but number upstream"
    ));
}

#[test]
fn generate_takes_venices_spec_and_its_upscale_when_present() {
    let Some(upstream) = venices_spec() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out =
        xtask(&["generate", "--spec", upstream.to_str().unwrap(), "--out-dir", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let code = std::fs::read_to_string(dir.path().join("src/generated.rs")).unwrap();
    assert!(code.contains("pub fn upscale_image(&self)"));
    assert!(code.contains("pub struct UpscaleImageRequest {"));
    assert!(dir.path().join("Cargo.toml").exists(), "outside the workspace the output is a crate");
}

#[test]
fn unknown_arguments_are_refused() {
    let out = xtask(&["generate", "--sepc", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown argument \"--sepc\""));
}
