//! A test that the modules form the layers `main.rs` states: each top-level
//! module uses only the modules below it (read from the source text, as
//! `use crate::x` and `crate::x::` paths), so no two modules import each
//! other, directly or around a cycle.

/// Top to bottom.
const LAYERS: &[&str] = &["commands", "mcp", "batch", "html", "engine", "settings", "ui"];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|m| *m == module)
}

/// The top-level modules a source text names through `crate::`.
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a::X, b}`
            let inner = group.split('}').next().unwrap_or_default();
            for part in inner.split(',') {
                let name: String =
                    part.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.push(name);
            }
        } else {
            out.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    for module in LAYERS {
        let own = rank(module).unwrap_or_default();
        let dir = src.join(module);
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for used in uses(&text) {
                if let Some(r) = rank(&used) {
                    assert!(
                        r >= own,
                        "{} (layer {module}) uses crate::{used}, a layer above it",
                        file.display()
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "the sources were not read: {checked}");
}

#[test]
fn every_module_is_in_a_layer() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(src).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().trim_end_matches(".rs").to_owned();
        if matches!(name.as_str(), "main" | "layers") {
            continue;
        }
        assert!(rank(&name).is_some(), "{name} is in no layer: add it to main.rs's list and LAYERS");
    }
}
