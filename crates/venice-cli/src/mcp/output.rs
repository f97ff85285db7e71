//! Where a tool's result goes: `output` as given, or the CLI's default name
//! beside the input (`photo.edited.png`; a URL's result in the server's
//! working directory); never over an existing file unless `overwrite` is
//! true. The call core reserves it before paying and writes it after.

use std::path::{Path, PathBuf};

use crate::batch::inputs;
use crate::call::{Input, Op, Target};
use crate::mcp::error::ToolError;

fn absolute(p: PathBuf) -> PathBuf {
    std::path::absolute(&p).unwrap_or(p)
}

/// The output of `op` on `image`, from `output` or the default name
/// (absolute where it could be made so).
pub fn target(op: &Op, image: &Input, output: Option<&Path>) -> Result<Target, ToolError> {
    let target = match output {
        Some(p) => Target::File { path: absolute(p.to_path_buf()), explicit: true },
        None => {
            let p = inputs::output_path(image, None, op.suffix(), op.extension())
                .map_err(|e| ToolError::Output(e.replace("give -o", "pass `output`")))?;
            Target::File { path: absolute(p), explicit: false }
        }
    };
    if let Target::File { path, .. } = &target
        && path.is_dir()
    {
        return Err(ToolError::Output(format!(
            "{} is a folder; pass a file path as `output`",
            path.display()
        )));
    }
    Ok(target)
}

/// Refuses an existing output unless `overwrite`.
pub fn check_free(target: &Target, overwrite: bool) -> Result<(), ToolError> {
    match target.existing() {
        Some(found) if !overwrite => Err(ToolError::Output(format!(
            "{} exists; pass overwrite: true to replace it, or another `output`",
            found.display()
        ))),
        _ => Ok(()),
    }
}

/// The path of a file target.
pub fn path(target: &Target) -> PathBuf {
    match target {
        Target::File { path, .. } => path.clone(),
        Target::Stdout => PathBuf::from("-"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit() -> Op {
        Op::Edit { prompt: "p".into(), options: Box::default() }
    }

    fn file(path: &Path) -> Input {
        Input::File { path: path.to_path_buf(), relative: None }
    }

    #[test]
    fn the_default_name_is_beside_the_input_and_follows_the_answer() {
        let dir = tempfile::tempdir().unwrap();
        let t = target(&edit(), &file(&dir.path().join("photo.jpg")), None).unwrap();
        assert_eq!(path(&t), dir.path().join("photo.edited.png"));
        assert_eq!(t.final_path("jpg"), Some(dir.path().join("photo.edited.jpg")));
        let t = target(&Op::RemoveBg, &Input::Url("https://x.example/a/cat.webp?s=1".into()), None).unwrap();
        assert!(path(&t).is_absolute() && path(&t).ends_with("cat.nobg.png"), "{t:?}");
        let given = target(&edit(), &file(Path::new("p.png")), Some(&dir.path().join("x.out"))).unwrap();
        assert_eq!(given.final_path("png"), Some(dir.path().join("x.out")));
    }

    #[test]
    fn existing_outputs_are_kept_unless_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("photo.edited.jpg"), b"x").unwrap();
        let t = target(&edit(), &file(&dir.path().join("photo.jpg")), None).unwrap();
        let e = check_free(&t, false).unwrap_err().to_string();
        assert!(e.contains("photo.edited.jpg exists; pass overwrite: true"), "{e}");
        assert!(check_free(&t, true).is_ok());
        let folder = target(&edit(), &file(Path::new("p.png")), Some(dir.path())).unwrap_err();
        assert!(folder.to_string().contains("is a folder"), "{folder}");
    }
}
