//! Where one result goes, and the order that never pays for what cannot be
//! kept: the output reserved before the call is sent (the library's
//! [`OutputSlot`]: folder created, a temporary file held), the paid bytes
//! committed into it after, or, when that still fails, rescued to a place
//! that works (the user's cache folder) and named.

use std::io::Write;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use venice_image::{Error, OutputSlot};

/// Where one result goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file: `explicit` when the user named it (kept as is), else a
    /// default name whose extension follows the answer's real format;
    /// `replace` when an existing file may be replaced (`--force`,
    /// `overwrite`): otherwise the final write never replaces one, even one
    /// that appeared while the call ran.
    File { path: PathBuf, explicit: bool, replace: bool },
    /// Standard output.
    Stdout,
    /// Kept in memory and given back in the call's
    /// [`Done`](crate::engine::Done) (a server's answer): nothing to
    /// reserve, nothing written.
    Memory,
}

impl Target {
    /// How it is shown in messages and reports.
    pub fn label(&self) -> String {
        match self {
            Self::File { path, .. } => path.display().to_string(),
            Self::Stdout => "-".into(),
            Self::Memory => "(memory)".into(),
        }
    }

    /// The path written once the answer's real extension is known.
    pub fn final_path(&self, extension: &str) -> Option<PathBuf> {
        match self {
            Self::File { path, explicit: true, .. } => Some(path.clone()),
            Self::File { path, explicit: false, .. } => Some(path.with_extension(extension)),
            Self::Stdout | Self::Memory => None,
        }
    }

    /// An existing file the result would replace (a default name counts
    /// with any extension an answer may have).
    pub fn existing(&self) -> Option<PathBuf> {
        match self {
            Self::File { path, explicit: true, .. } => {
                std::fs::symlink_metadata(path).is_ok().then(|| path.clone())
            }
            Self::File { path, explicit: false, .. } => existing_output(path),
            Self::Stdout | Self::Memory => None,
        }
    }
}

/// An existing output at `path` with any of the extensions an answer may have.
pub fn existing_output(path: &Path) -> Option<PathBuf> {
    ["png", "jpg", "webp", "gif"]
        .iter()
        .map(|ext| path.with_extension(ext))
        .chain(std::iter::once(path.to_path_buf()))
        .find(|p| std::fs::symlink_metadata(p).is_ok())
}

/// Runs file-system work off the async threads. The work finishes (a write
/// and its rename) even if the caller is abandoned: never a partial file.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(Error::Io { context: "the writer failed".into(), source: std::io::Error::other(e) })
    })
}

/// Reserves a file target before paying (nothing for standard output).
pub async fn reserve(target: &Target) -> Result<Option<OutputSlot>, Error> {
    match target {
        Target::File { path, .. } => {
            let path = path.clone();
            Ok(Some(blocking(move || OutputSlot::reserve(&path)).await?))
        }
        Target::Stdout | Target::Memory => Ok(None),
    }
}

/// Why a paid result is not where it was asked to go, and where it is.
#[derive(Debug)]
pub struct Unwritten {
    pub error: Error,
    pub rescued: Option<PathBuf>,
}

/// Writes the paid `bytes` to the target (into its slot, renamed to the
/// final path, or to standard output); a write that fails is rescued. The
/// output as shown.
pub async fn commit(
    target: &Target,
    slot: Option<OutputSlot>,
    bytes: Bytes,
    extension: &str,
) -> Result<String, Unwritten> {
    if *target == Target::Memory {
        return Ok(target.label());
    }
    let (Some(path), Some(slot)) = (target.final_path(extension), slot) else {
        let mut out = std::io::stdout().lock();
        crate::ui::exit_quietly_on_broken_pipe(out.write_all(&bytes).and_then(|()| out.flush()));
        return Ok("-".to_owned());
    };
    let replace = matches!(target, Target::File { replace: true, .. });
    let (data, to) = (bytes.clone(), path.clone());
    let written =
        blocking(move || if replace { slot.commit(&data, &to) } else { slot.commit_new(&data, &to) });
    match written.await {
        Ok(()) => Ok(path.display().to_string()),
        Err(error) => {
            let name = path.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
            Err(Unwritten { error, rescued: rescue(&bytes, &name) })
        }
    }
}

/// Saves a paid result whose output could not be written: to the user's
/// cache folder (`<cache>/venice/rescued/`, made readable by the user only;
/// not a shared `/tmp` where others can read or pre-empt names), else the
/// current folder. The path it was saved to.
fn rescue(bytes: &[u8], file_name: &str) -> Option<PathBuf> {
    static RESCUES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = RESCUES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // Short enough for any file system, and never the name of an earlier
    // rescue (this run's or another's): a rescued result is never replaced.
    let short: String = file_name.chars().rev().take(100).collect::<Vec<_>>().into_iter().rev().collect();
    let name = format!("venice-rescued-{}-{n}-{short}", std::process::id());
    let private = dirs::cache_dir().map(|d| d.join("venice").join("rescued")).filter(|d| private_folder(d));
    private
        .into_iter()
        .chain(std::iter::once(PathBuf::from(".")))
        .map(|dir| dir.join(&name))
        .find(|path| OutputSlot::reserve(path).and_then(|slot| slot.commit_new(bytes, path)).is_ok())
}

/// Creates `dir` (readable by its owner only, on Unix); whether it is there.
fn private_folder(dir: &Path) -> bool {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).is_ok() && dir.is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_follow_the_answer_and_given_names_stay() {
        let t = Target::File { path: "a/photo.edited.png".into(), explicit: false, replace: false };
        assert_eq!(t.final_path("jpg"), Some(PathBuf::from("a/photo.edited.jpg")));
        let given = Target::File { path: "x.out".into(), explicit: true, replace: false };
        assert_eq!(given.final_path("png"), Some(PathBuf::from("x.out")));
        assert_eq!(Target::Stdout.final_path("png"), None);
    }

    #[test]
    fn an_existing_default_output_counts_with_any_extension() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("photo.edited.jpg"), b"x").unwrap();
        let t = Target::File { path: dir.path().join("photo.edited.png"), explicit: false, replace: false };
        assert_eq!(t.existing(), Some(dir.path().join("photo.edited.jpg")));
        let given =
            Target::File { path: dir.path().join("photo.edited.png"), explicit: true, replace: false };
        assert_eq!(given.existing(), None, "a given name is checked as given");
    }

    #[tokio::test]
    async fn a_write_that_fails_after_payment_is_rescued() {
        let dir = tempfile::tempdir().unwrap();
        let target = Target::File { path: dir.path().join("gone/o.png"), explicit: true, replace: true };
        let slot = reserve(&target).await.unwrap();
        std::fs::remove_dir_all(dir.path().join("gone")).unwrap();
        let e = commit(&target, slot, Bytes::from_static(b"paid"), "png").await.unwrap_err();
        let rescued = e.rescued.expect("rescued");
        assert_eq!(std::fs::read(&rescued).unwrap(), b"paid");
        assert!(matches!(e.error, Error::Output { .. }), "{:?}", e.error);
        std::fs::remove_file(rescued).unwrap();
    }

    #[tokio::test]
    async fn a_file_that_appeared_meanwhile_is_not_replaced_but_the_result_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.png");
        let target = Target::File { path: path.clone(), explicit: true, replace: false };
        let slot = reserve(&target).await.unwrap();
        std::fs::write(&path, b"another run's").unwrap();
        let e = commit(&target, slot, Bytes::from_static(b"paid"), "png").await.unwrap_err();
        assert_eq!(std::fs::read(&path).unwrap(), b"another run's", "not clobbered");
        let rescued = e.rescued.expect("the paid result is kept");
        assert_eq!(std::fs::read(&rescued).unwrap(), b"paid");
        std::fs::remove_file(rescued).unwrap();
    }
}
