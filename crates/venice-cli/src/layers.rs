//! A test that the modules form the layers `main.rs` states, read from the
//! source text of every file (sub-folders included, in-file test modules
//! aside):
//!
//! - each top-level module uses only the modules below it;
//! - inside each module, its sibling files and folders form a DAG: no two
//!   import each other, directly or around a cycle (a name the folder's
//!   `mod.rs` re-exports counts as the sibling that defines it; `mod.rs`
//!   itself sits above its children).
//!
//! Paths are read as `crate::`, `self::` and `super::` (any number of
//! them, resolved from the file's own module), with nested groups
//! (`crate::{engine::{A}, mcp::B}` names `engine` and `mcp`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top to bottom.
const LAYERS: &[&str] = &["commands", "serve", "mcp", "batch", "html", "engine", "settings", "ui"];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|m| *m == module)
}

/// A module's path inside the crate (`["batch", "plan"]`).
type ModPath = Vec<String>;

/// The source text without comments and without its in-file test module
/// (a `#[cfg(test)]` followed by `mod`; one on any other item, a constant
/// say, leaves the rest of the file in).
fn code(text: &str) -> String {
    let text = test_module_start(text).map_or(text, |at| &text[..at]);
    text.lines()
        .map(|line| match line.find("//") {
            // `https://` in a string is not a comment.
            Some(at) if !line[..at].ends_with(':') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where the in-file test module starts: the first `#[cfg(test)]` whose
/// next item is a `mod`.
fn test_module_start(text: &str) -> Option<usize> {
    text.match_indices("#[cfg(test)]").map(|(at, _)| at).find(|&at| {
        let rest = text[at + "#[cfg(test)]".len()..].trim_start();
        rest.starts_with("mod ") || rest.starts_with("pub mod ") || rest.starts_with("pub(crate) mod ")
    })
}

/// A tokenizer over a path and its groups: identifiers, `::`, `{`, `}`,
/// `,`, `*`; whitespace skipped.
struct Tokens<'t> {
    rest: &'t str,
}

impl<'t> Tokens<'t> {
    fn peek(&self) -> Option<&'t str> {
        let rest = self.rest.trim_start();
        if rest.starts_with("::") {
            return Some("::");
        }
        let first = rest.chars().next()?;
        if "{},*".contains(first) {
            return Some(&rest[..1]);
        }
        let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        (len > 0).then(|| &rest[..len])
    }

    fn next(&mut self) -> Option<&'t str> {
        let token = self.peek()?;
        let rest = self.rest.trim_start();
        self.rest = &rest[token.len()..];
        Some(token)
    }
}

/// The paths of one use tree after `prefix`: `a::b`, `a::{b, c::{d}}`,
/// `{self, x as y}`, `*`.
fn tree(tokens: &mut Tokens<'_>, prefix: &ModPath, out: &mut Vec<ModPath>) {
    let mut path = prefix.clone();
    loop {
        match tokens.peek() {
            Some("{") => {
                tokens.next();
                loop {
                    match tokens.peek() {
                        Some("}") | None => {
                            tokens.next();
                            return;
                        }
                        Some(",") => {
                            tokens.next();
                        }
                        Some(_) => tree(tokens, &path, out),
                    }
                }
            }
            Some("*") => {
                tokens.next();
                out.push(path);
                return;
            }
            Some("self") if path.len() == prefix.len() && !prefix.is_empty() => {
                tokens.next();
            }
            Some(word) if word.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                tokens.next();
                path.push(word.to_owned());
                if tokens.peek() == Some("::") {
                    tokens.next();
                    continue;
                }
                if tokens.peek() == Some("as") {
                    tokens.next();
                    tokens.next();
                }
                out.push(path);
                return;
            }
            _ => {
                out.push(path);
                return;
            }
        }
    }
}

/// Every crate path a source text names, resolved against `module` (the
/// file's own module): each as its full segments, items included.
fn paths(text: &str, module: &[String]) -> Vec<ModPath> {
    let text = code(text);
    let mut out = Vec::new();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let before = text[..at].chars().next_back();
        let starts = before.is_none_or(|c| !is_ident(c) && c != ':');
        let root = ["crate::", "super::", "self::"].into_iter().find(|r| rest.starts_with(r));
        let (Some(root), true) = (root, starts) else {
            at += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let mut base: ModPath = match root {
            "crate::" => Vec::new(),
            _ => module.to_vec(),
        };
        let mut after = &rest[root.len()..];
        if root == "super::" {
            base.pop();
            while let Some(more) = after.strip_prefix("super::") {
                base.pop();
                after = more;
            }
        }
        let mut tokens = Tokens { rest: after };
        tree(&mut tokens, &base, &mut out);
        at = text.len() - tokens.rest.len();
    }
    out
}

/// The files of the layers, as module paths and texts, and what each
/// folder's `mod.rs` re-exports from its children.
struct Tree {
    files: Vec<(String, ModPath, String)>,
    modules: BTreeSet<ModPath>,
    /// (folder, name) -> the child that defines it.
    reexports: BTreeMap<(ModPath, String), String>,
}

/// The module path of `rel` (`batch/plan.rs`, `batch/mod.rs` is `batch`).
fn module_of(rel: &Path) -> ModPath {
    let mut parts: ModPath = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" {
            parts.push(stem.to_owned());
        }
    }
    parts
}

fn walk(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, found);
        } else if path.extension().is_some_and(|x| x == "rs") {
            found.push(path);
        }
    }
}

fn read_tree(src: &Path) -> Tree {
    let mut tree = Tree { files: Vec::new(), modules: BTreeSet::new(), reexports: BTreeMap::new() };
    let mut found = Vec::new();
    for layer in LAYERS {
        walk(&src.join(layer), &mut found);
        if src.join(format!("{layer}.rs")).is_file() {
            found.push(src.join(format!("{layer}.rs")));
        }
    }
    for path in found {
        let rel = path.strip_prefix(src).unwrap_or(&path);
        let module = module_of(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if rel.ends_with("mod.rs") {
            for (name, child) in reexports(&text, &module) {
                tree.reexports.insert((module.clone(), name), child);
            }
        }
        tree.modules.insert(module.clone());
        tree.files.push((rel.display().to_string(), module, text));
    }
    tree
}

/// The names a folder's `mod.rs` re-exports from its own children
/// (`pub use child::Name;`), with the child each comes from.
fn reexports(text: &str, folder: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in code(text).lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else { continue };
        let relative = format!("self::{}", rest.trim_start_matches("self::"));
        for path in paths(&relative, folder) {
            if let (Some(child), Some(name)) = (path.get(folder.len()), path.last())
                && path.len() > folder.len() + 1
            {
                out.push((name.clone(), child.clone()));
            }
        }
    }
    out
}

/// Every way the tree breaks its layers: a layer above used, and each
/// cycle between siblings inside a module.
fn violations(tree: &Tree) -> Vec<String> {
    let mut found = Vec::new();
    // folder -> (child -> children it uses)
    let mut graphs: BTreeMap<ModPath, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (file, module, text) in &tree.files {
        for path in paths(text, module) {
            let (Some(own), Some(used)) = (module.first(), path.first()) else { continue };
            if let (Some(mine), Some(theirs)) = (rank(own), rank(used))
                && theirs < mine
            {
                found.push(format!("{file} (layer {own}) uses crate::{}, a layer above it", path.join("::")));
            }
            if let Some((folder, from, to)) = sibling_edge(tree, module, &path) {
                graphs.entry(folder).or_default().entry(from).or_default().insert(to);
            }
        }
    }
    for (folder, graph) in &graphs {
        for cycle in cycles(graph) {
            found.push(format!("{}: {} import each other", folder.join("/"), cycle.join(" <-> ")));
        }
    }
    found
}

/// The edge between two siblings that `module` using `path` makes: in the
/// folder they share, from the file's own child to the one it uses.
fn sibling_edge(tree: &Tree, module: &[String], path: &[String]) -> Option<(ModPath, String, String)> {
    let shared = module.iter().zip(path).take_while(|(a, b)| a == b).count();
    // Different top-level modules are the layers' business; the folder's
    // own mod.rs sits above its children.
    if shared == 0 || module.len() <= shared || path.len() <= shared {
        return None;
    }
    let folder: ModPath = module[..shared].to_vec();
    let from = module[shared].clone();
    let mut child = path[..=shared].to_vec();
    let to = if tree.modules.contains(&child) {
        child.pop().unwrap_or_default()
    } else {
        tree.reexports.get(&(folder.clone(), path[shared].clone()))?.clone()
    };
    (from != to).then_some((folder, from, to))
}

/// The cycles of a graph (its strongly connected parts of two or more).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reaches = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(node) = todo.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> = graph.keys().map(|k| (k, reaches(k))).collect();
    let mut out: Vec<Vec<String>> = Vec::new();
    for (node, seen) in &reach {
        if !seen.contains(*node) || out.iter().any(|c| c.contains(node)) {
            continue;
        }
        let part: Vec<String> = reach
            .iter()
            .filter(|(other, theirs)| seen.contains(**other) && theirs.contains(*node))
            .map(|(other, _)| (*other).clone())
            .collect();
        out.push(part);
    }
    out
}

#[test]
fn the_crate_keeps_its_layers_and_its_modules_form_dags() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let tree = read_tree(&src);
    assert!(tree.files.len() > 60, "the sources were not read: {}", tree.files.len());
    let found = violations(&tree);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn every_module_is_in_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(src).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().trim_end_matches(".rs").to_owned();
        if matches!(name.as_str(), "main" | "layers") {
            continue;
        }
        assert!(rank(&name).is_some(), "{name} is in no layer: add it to main.rs's list and LAYERS");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(path: &str) -> ModPath {
        path.split("::").map(str::to_owned).collect()
    }

    fn names(text: &str, at: &str) -> Vec<String> {
        paths(text, &module(at)).iter().map(|p| p.join("::")).collect()
    }

    /// A fake crate: (path under src, text) for each file.
    fn fake(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let at = dir.path().join(path);
            std::fs::create_dir_all(at.parent().unwrap()).unwrap();
            std::fs::write(at, text).unwrap();
        }
        let found = violations(&read_tree(dir.path()));
        (dir, found)
    }

    #[test]
    fn nested_groups_name_every_module() {
        let found = names("use crate::{engine::{A, b::C}, mcp::B};", "batch::plan");
        assert_eq!(found, ["engine::A", "engine::b::C", "mcp::B"]);
        let found = names("use crate::{\n    ui::{self, Ui},\n    html as page,\n};", "batch::plan");
        assert_eq!(found, ["ui", "ui::Ui", "html"]);
    }

    #[test]
    fn super_and_self_paths_resolve_from_the_file() {
        assert_eq!(names("use super::run::Ran;", "batch::plan"), ["batch::run::Ran"]);
        assert_eq!(names("use super::super::mcp::X;", "batch::plan"), ["mcp::X"]);
        assert_eq!(names("let x = super::super::super::ui::f();", "batch::deep::x"), ["ui::f"]);
        assert_eq!(names("use self::inner::Y;", "batch"), ["batch::inner::Y"]);
    }

    #[test]
    fn comments_and_test_modules_are_not_read() {
        let text =
            "//! see crate::mcp\nuse crate::ui::Ui; // crate::mcp\n#[cfg(test)]\nmod t { use crate::mcp; }";
        assert_eq!(names(text, "batch::plan"), ["ui::Ui"]);
        // A test-only item that is not a module leaves the rest in.
        let text = "#[cfg(test)]\npub const ALL: u8 = 1;\nfn f() { crate::mcp::g() }\n#[cfg(test)]\nmod t {}";
        assert_eq!(names(text, "ui::exit"), ["mcp::g"]);
    }

    #[test]
    fn a_layer_above_named_in_a_nested_group_is_caught() {
        let (_dir, found) = fake(&[("batch/plan.rs", "use crate::{engine::{Job}, mcp::Server};")]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("batch/plan.rs (layer batch) uses crate::mcp::Server"), "{found:?}");
    }

    #[test]
    fn files_in_sub_folders_are_read() {
        let (_dir, found) = fake(&[
            ("engine/mod.rs", "pub mod deep;"),
            ("engine/deep/mod.rs", "pub mod inner;"),
            ("engine/deep/inner.rs", "use crate::batch::Batch;"),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("engine/deep/inner.rs (layer engine) uses crate::batch::Batch"),
            "{found:?}"
        );
    }

    #[test]
    fn a_layer_above_reached_through_super_super_is_caught() {
        let (_dir, found) = fake(&[("batch/x.rs", "use super::super::commands::run;")]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("uses crate::commands::run"), "{found:?}");
    }

    #[test]
    fn siblings_that_import_each_other_are_caught() {
        let (_dir, found) = fake(&[
            ("settings/mod.rs", "pub mod flags;\npub mod keys;"),
            ("settings/flags.rs", "use crate::settings::keys::parse_usd;"),
            ("settings/keys.rs", "use super::flags::Cli;"),
        ]);
        assert_eq!(found, ["settings: flags <-> keys import each other"]);
    }

    #[test]
    fn a_cycle_through_a_re_export_and_a_third_sibling_is_caught() {
        let (_dir, found) = fake(&[
            ("engine/mod.rs", "mod a;\nmod b;\nmod c;\npub use a::Thing;"),
            ("engine/a.rs", "use super::b::B;"),
            ("engine/b.rs", "use crate::engine::c::C;"),
            ("engine/c.rs", "use crate::engine::Thing;"),
        ]);
        assert_eq!(found, ["engine: a <-> b <-> c import each other"]);
    }

    #[test]
    fn a_parent_using_its_children_and_a_dag_of_siblings_pass() {
        let (_dir, found) = fake(&[
            ("batch/mod.rs", "mod plan;\nmod run;\nuse crate::batch::run::go;\npub struct Batch;"),
            ("batch/plan.rs", "use crate::batch::Batch;\nuse super::run::go;"),
            ("batch/run.rs", "use crate::engine::Core;"),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }
}
