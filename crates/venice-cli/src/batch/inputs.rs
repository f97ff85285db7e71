//! Turning command-line arguments into inputs (folders walked, what is
//! not taken said), and inputs into output paths.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use venice_image::probe::sniff;

pub use crate::engine::Input;
use crate::engine::names::{collision_key, is_own_output, is_reserved};

/// What was found in the arguments.
#[derive(Debug, Default)]
pub struct Expanded {
    pub inputs: Vec<Input>,
    /// Files in folders that are not images, passed over.
    pub passed_over: Vec<PathBuf>,
    /// Files in folders that were not taken, and why.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Expands arguments: files stay as they are (checked later), folders are
/// walked (sub-folders too with `recursive`; hidden files and files that
/// are not images are passed over; links, unreadable files, this tool's own
/// outputs and anything under `exclude` (the output folder) are skipped with
/// the reason), URLs and `-` kept.
pub fn expand(args: &[String], recursive: bool, exclude: Option<&Path>) -> Result<Expanded, String> {
    let mut out = Expanded::default();
    let exclude = exclude.and_then(|d| std::fs::canonicalize(d).ok());
    for arg in args {
        if arg == "-" {
            out.inputs.push(Input::Stdin);
        } else if arg.contains("://") {
            out.inputs.push(Input::Url(arg.clone()));
        } else {
            let path = PathBuf::from(arg);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => walk(&path, &path, recursive, exclude.as_deref(), &mut out)?,
                _ => out.inputs.push(Input::File { path, relative: None }),
            }
        }
    }
    if out.inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        return Err("- (stdin) can be given only once".into());
    }
    Ok(out)
}

fn walk(
    root: &Path,
    dir: &Path,
    recursive: bool,
    exclude: Option<&Path>,
    out: &mut Expanded,
) -> Result<(), String> {
    if exclude.is_some_and(|x| std::fs::canonicalize(dir).is_ok_and(|d| d.starts_with(x))) {
        if dir != root {
            out.skipped.push((dir.to_owned(), "the output folder".into()));
        }
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = match entry.file_type() {
            Ok(k) => k,
            Err(e) => {
                out.skipped.push((path, format!("cannot be read: {e}")));
                continue;
            }
        };
        if kind.is_dir() {
            if recursive {
                walk(root, &path, recursive, exclude, out)?;
            }
        } else if kind.is_symlink() {
            let why =
                if std::fs::metadata(&path).is_err() { "a dangling link" } else { "a link (not followed)" };
            out.skipped.push((path, why.into()));
        } else if !kind.is_file() {
            // A FIFO would block the walk on its open; a socket or device is
            // no image.
            out.skipped.push((path, "not a regular file (a FIFO, socket or device)".into()));
        } else if is_own_output(&path) {
            out.skipped.push((path, "an output of this tool".into()));
        } else {
            match is_image(&path) {
                Ok(true) => {
                    let relative = path.strip_prefix(root).ok().map(Path::to_path_buf);
                    out.inputs.push(Input::File { path, relative });
                }
                Ok(false) => out.passed_over.push(path),
                Err(e) => out.skipped.push((path, format!("cannot be read: {e}"))),
            }
        }
    }
    Ok(())
}

fn is_image(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head))?;
    Ok(sniff(&head[..n]).is_some())
}

/// A path made only of normal components (no `..`, no root), so that joining
/// it to a folder stays inside the folder.
fn contained(relative: &Path) -> bool {
    relative.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The default output path for an input, before the answer's format is
/// known: `<stem>.<suffix>.<extension>` beside the input, or in `out_dir`
/// (keeping the input's place below a walked folder).
pub fn output_path(
    input: &Input,
    out_dir: Option<&Path>,
    suffix: &str,
    extension: &str,
) -> Result<PathBuf, String> {
    place(input, out_dir, Path::new(&format!("{}.{suffix}.{extension}", input.stem())))
}

/// Where an output named `name` (a relative path: a default name, or a
/// rendered `--name`) goes: in `out_dir` (keeping a walked folder's
/// structure), else beside a file input, else in the working folder.
pub fn place(input: &Input, out_dir: Option<&Path>, name: &Path) -> Result<PathBuf, String> {
    if let Some(part) = name.iter().map(|c| c.to_string_lossy()).find(|c| is_reserved(c)) {
        return Err(format!(
            "{} would be written as {}, and {part} is a name Windows reserves for a device; rename the input or give -o",
            input.label(),
            name.display()
        ));
    }
    if !contained(name) {
        return Err(format!("{} would be written outside its folder", name.display()));
    }
    let path = match (out_dir, input) {
        (Some(dir), Input::File { relative: Some(rel), .. }) => {
            if !contained(rel) {
                return Err(format!("{} would be written outside {}", rel.display(), dir.display()));
            }
            dir.join(rel.parent().unwrap_or(Path::new(""))).join(name)
        }
        (Some(dir), _) => dir.join(name),
        (None, Input::File { path, .. }) => path.parent().unwrap_or(Path::new("")).join(name),
        (None, _) => name.to_path_buf(),
    };
    if let Some(dir) = out_dir
        && !path.strip_prefix(dir).is_ok_and(contained)
    {
        return Err(format!("{} would be written outside {}", path.display(), dir.display()));
    }
    Ok(path)
}

/// Refuses two inputs whose outputs would be one file on some file system
/// (the same name up to case or Unicode normalisation).
pub fn check_collisions(outputs: &[(String, PathBuf)]) -> Result<(), String> {
    let mut seen: BTreeMap<String, (&str, &Path)> = BTreeMap::new();
    for (input, path) in outputs {
        if let Some((other, first)) = seen.insert(collision_key(path), (input.as_str(), path.as_path())) {
            let how = if first == path.as_path() {
                format!("would both be written to {}", path.display())
            } else {
                format!(
                    "would be written to {} and {}, one file where case or accents are not told apart (macOS, Windows, exFAT)",
                    first.display(),
                    path.display()
                )
            };
            return Err(format!("{other} and {input} {how}; give them different names or use separate runs"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str, rel: Option<&str>) -> Input {
        Input::File { path: PathBuf::from(p), relative: rel.map(PathBuf::from) }
    }

    #[test]
    fn outputs_go_beside_the_input_or_into_the_folder() {
        assert_eq!(
            output_path(&file("a/photo.jpg", None), None, "edited", "png").unwrap(),
            PathBuf::from("a/photo.edited.png")
        );
        assert_eq!(
            output_path(&file("in/sub/p.jpg", Some("sub/p.jpg")), Some(Path::new("out")), "nobg", "png")
                .unwrap(),
            PathBuf::from("out/sub/p.nobg.png")
        );
        assert_eq!(
            output_path(&Input::Url("https://x.example/pics/canal.jpg?size=2".into()), None, "edited", "jpg")
                .unwrap(),
            PathBuf::from("canal.edited.jpg")
        );
        assert_eq!(
            output_path(&Input::Stdin, Some(Path::new("o")), "edited", "png").unwrap(),
            PathBuf::from("o/image.edited.png")
        );
    }

    #[test]
    fn names_cannot_climb_out_of_the_output_folder() {
        let sneaky = file("in/../../etc/p.jpg", Some("../../etc/p.jpg"));
        assert!(output_path(&sneaky, Some(Path::new("out")), "edited", "png").is_err());
        let url = Input::Url("https://x.example/..".into());
        assert_eq!(
            output_path(&url, Some(Path::new("out")), "edited", "png").unwrap(),
            PathBuf::from("out/image.edited.png")
        );
    }

    #[test]
    fn collisions_are_named() {
        let outs = vec![
            ("a/p.jpg".to_owned(), PathBuf::from("o/p.edited.png")),
            ("b/p.jpg".to_owned(), PathBuf::from("o/p.edited.png")),
        ];
        let err = check_collisions(&outs).unwrap_err();
        assert!(err.starts_with("a/p.jpg and b/p.jpg would both be written to o/p.edited.png"), "{err}");
    }

    #[test]
    fn folders_are_walked_for_images_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("a.png"), venice_mock::fixtures::png(300, 300)).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
        std::fs::write(dir.path().join(".hidden.png"), venice_mock::fixtures::png(300, 300)).unwrap();
        std::fs::write(dir.path().join("sub/b.jpg"), venice_mock::fixtures::jpeg(300, 300)).unwrap();
        let arg = vec![dir.path().to_string_lossy().into_owned()];
        let flat = expand(&arg, false, None).unwrap();
        assert_eq!(flat.inputs.len(), 1);
        assert_eq!(flat.passed_over.len(), 1);
        let deep = expand(&arg, true, None).unwrap();
        let rels: Vec<_> = deep
            .inputs
            .iter()
            .map(|i| match i {
                Input::File { relative, .. } => relative.clone().unwrap(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(rels, [PathBuf::from("a.png"), PathBuf::from("sub/b.jpg")]);
    }
}
