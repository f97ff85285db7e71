//! What `venice generate` sends agrees with Venice's own spec
//! (`../shared/venice/swagger.yaml`, its `GenerateImageRequest`), checked
//! by an implementation that is not ours: jsonschema, in the test venv
//! (`tests/spec_check.py`). Every field the CLI sends must be one the spec
//! declares, of its type and within its bounds.

use std::path::{Path, PathBuf};
use std::process::Command;

use venice_mock::MockConfig;

use crate::common::*;
use crate::mcp::python;

/// Venice's spec, beside the repository (`../shared/`): CI lays it there.
fn venice_spec() -> Option<PathBuf> {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/venice/swagger.yaml");
    if spec.exists() {
        return Some(spec);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("Venice's spec is missing at {}: CI lays shared/ beside the clone", spec.display());
    }
    eprintln!("\n********\nSKIPPED: Venice's spec is not at {}\n********\n", spec.display());
    None
}

/// Runs the checker over `bodies`: its exit status and what it printed.
fn check(py: &Path, spec: &Path, bodies: &[PathBuf]) -> (bool, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec_check.py");
    let out =
        Command::new(py).arg(script).arg(spec).arg("GenerateImageRequest").args(bodies).output().unwrap();
    (
        out.status.success(),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn generation_requests_agree_with_venices_spec() {
    let (Some(py), Some(spec)) = (python(), venice_spec()) else { return };
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let runs: [&[&str]; 3] = [
        &["generate", "-p", "a lighthouse at dusk", "-o", "a.png"],
        &[
            "generate",
            "-p",
            "a fox",
            "--variants",
            "2",
            "--seed",
            "7",
            "--negative-prompt",
            "blur",
            "-o",
            "b.webp",
        ],
        &[
            "generate",
            "-p",
            "a boat",
            "-m",
            "nano-banana-pro",
            "--aspect-ratio",
            "16:9",
            "--resolution",
            "2K",
            "--style",
            "Cinematic",
            "-o",
            "c.jpg",
        ],
    ];
    for args in runs {
        let out = venice(&server, dir.path(), args, None);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let sent: Vec<_> =
        server.requests().into_iter().filter(|r| r.path.ends_with("/image/generate")).collect();
    assert_eq!(sent.len(), 4, "one request per picture");
    let mut bodies = Vec::new();
    for (n, request) in sent.iter().enumerate() {
        let body = serde_json::Value::Object(request.fields.clone().into_iter().collect());
        let path = dir.path().join(format!("body-{n}.json"));
        std::fs::write(&path, body.to_string()).unwrap();
        bodies.push(path);
    }
    let (valid, said) = check(&py, &spec, &bodies);
    assert!(valid && said.lines().all(|l| l == "ok"), "{said}");
    // The check bites: a body out of the spec's bounds, and one with a
    // field the spec does not declare, are refused.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"model":"z","prompt":"a","variants":9}"#).unwrap();
    let unknown = dir.path().join("unknown.json");
    std::fs::write(&unknown, r#"{"model":"z","prompt":"a","colour":"red"}"#).unwrap();
    let (valid, said) = check(&py, &spec, &[bad, unknown]);
    assert!(!valid && said.contains("variants") && said.contains("colour"), "{said}");
}
