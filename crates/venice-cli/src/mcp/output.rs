//! Where a tool's result goes: `output` as given, or the CLI's default name
//! beside the input (`photo.edited.png`; a URL's result in the server's
//! working directory); never over an existing file unless `overwrite` is
//! true; reserved before the call is paid for (the library's
//! [`OutputSlot`]) and written atomically after, or rescued elsewhere.

use std::path::{Path, PathBuf};

use venice_image::{Error, OutputSlot};

use crate::inputs;
use crate::mcp::error::ToolError;
use crate::mcp::mapping::Op;

/// The output of one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Absolute where it could be made so.
    pub path: PathBuf,
    /// Given by the agent (kept as is), or a default name (whose extension
    /// follows the answer's real format).
    pub explicit: bool,
}

fn absolute(p: PathBuf) -> PathBuf {
    std::path::absolute(&p).unwrap_or(p)
}

/// The output of `op`, from `output` or the default name.
pub fn target(op: &Op, output: Option<&Path>) -> Result<Target, ToolError> {
    let target = match output {
        Some(p) => Target { path: absolute(p.to_path_buf()), explicit: true },
        None => {
            let p = inputs::output_path(op.first_input(), None, op.suffix(), op.extension())
                .map_err(|e| ToolError::Output(e.replace("give -o", "pass `output`")))?;
            Target { path: absolute(p), explicit: false }
        }
    };
    if target.path.is_dir() {
        return Err(ToolError::Output(format!(
            "{} is a folder; pass a file path as `output`",
            target.path.display()
        )));
    }
    Ok(target)
}

impl Target {
    /// An existing file the result would replace (a default name counts
    /// with any extension an answer may have).
    pub fn existing(&self) -> Option<PathBuf> {
        if self.explicit {
            std::fs::symlink_metadata(&self.path).is_ok().then(|| self.path.clone())
        } else {
            inputs::existing_output(&self.path)
        }
    }

    /// Refuses an existing output unless `overwrite`.
    pub fn check_free(&self, overwrite: bool) -> Result<(), ToolError> {
        match self.existing() {
            Some(found) if !overwrite => Err(ToolError::Output(format!(
                "{} exists; pass overwrite: true to replace it, or another `output`",
                found.display()
            ))),
            _ => Ok(()),
        }
    }

    /// The path written, once the answer's real extension is known.
    pub fn final_path(&self, extension: &str) -> PathBuf {
        if self.explicit { self.path.clone() } else { self.path.with_extension(extension) }
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(Error::Io { context: "the writer failed".into(), source: std::io::Error::other(e) })
    })
}

/// Creates the output's folder and a temporary file in it, before paying.
pub async fn reserve(target: &Target) -> Result<OutputSlot, ToolError> {
    let path = target.path.clone();
    Ok(blocking(move || OutputSlot::reserve(&path)).await?)
}

/// Writes the paid result into place, or rescues it and says where.
pub async fn commit(slot: OutputSlot, path: &Path, bytes: bytes::Bytes) -> Result<(), ToolError> {
    let (to, data) = (path.to_path_buf(), bytes.clone());
    match blocking(move || slot.commit(&data, &to)).await {
        Ok(()) => Ok(()),
        Err(error) => {
            let name = path.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
            match venice_image::rescue(&bytes, &name) {
                Some(rescued) => Err(ToolError::Rescued { error: Box::new(error), rescued }),
                None => Err(ToolError::from(error)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::Input;

    fn edit(path: &Path) -> Op {
        Op::Edit {
            image: Input::File { path: path.to_path_buf(), relative: None },
            prompt: "p".into(),
            options: Box::default(),
        }
    }

    #[test]
    fn the_default_name_is_beside_the_input_and_follows_the_answer() {
        let dir = tempfile::tempdir().unwrap();
        let t = target(&edit(&dir.path().join("photo.jpg")), None).unwrap();
        assert_eq!(t.path, dir.path().join("photo.edited.png"));
        assert_eq!(t.final_path("jpg"), dir.path().join("photo.edited.jpg"));
        let nobg = Op::RemoveBg { image: Input::Url("https://x.example/a/cat.webp?s=1".into()) };
        let t = target(&nobg, None).unwrap();
        assert!(t.path.is_absolute() && t.path.ends_with("cat.nobg.png"), "{t:?}");
        let given = target(&edit(Path::new("p.png")), Some(&dir.path().join("x.out"))).unwrap();
        assert_eq!(given.final_path("png"), dir.path().join("x.out"));
    }

    #[test]
    fn existing_outputs_are_kept_unless_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("photo.edited.jpg"), b"x").unwrap();
        let t = target(&edit(&dir.path().join("photo.jpg")), None).unwrap();
        let e = t.check_free(false).unwrap_err().to_string();
        assert!(e.contains("photo.edited.jpg exists; pass overwrite: true"), "{e}");
        assert!(t.check_free(true).is_ok());
        let folder = target(&edit(Path::new("p.png")), Some(dir.path())).unwrap_err();
        assert!(folder.to_string().contains("is a folder"), "{folder}");
    }
}
