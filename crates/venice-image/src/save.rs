//! Writing results so that no money is paid for an output that cannot be
//! kept: an [`OutputSlot`] proves the output's folder writable *before* the
//! request (its folder created, a temporary file created exclusively in
//! it), holds that file while the call runs, then fills it and renames it
//! into place.
//!
//! Temporary files are named `.<stem>.<pid>-<random>.part`, so that a run
//! killed half-way leaves files [`OutputSlot::remove_stale_parts`] recognises and
//! removes on the next run, without touching another live process's.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A reserved output: its folder exists and a temporary file in it is held.
#[derive(Debug)]
pub struct OutputSlot {
    target: PathBuf,
    tmp: PathBuf,
    file: Option<File>,
}

fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Longest file name most file systems take (ext4, APFS; NTFS counts
/// UTF-16 units, which never outnumber UTF-8 bytes).
const MAX_NAME_BYTES: usize = 255;
/// The share of a stem that names its temporary file, so that the
/// temporary name is never the one that is too long.
const TMP_STEM_CHARS: usize = 100;

/// The stem as temporary names carry it.
fn stem(path: &Path) -> Option<String> {
    path.file_stem().map(|s| s.to_string_lossy().chars().take(TMP_STEM_CHARS).collect())
}

fn output_error(path: &Path, source: std::io::Error) -> Error {
    Error::Output { path: path.to_owned(), source }
}

impl OutputSlot {
    /// Creates `path`'s folder and an exclusive temporary file in it. Call
    /// it before paying for the result that will go there.
    pub fn reserve(path: impl AsRef<Path>) -> Result<Self, Error> {
        let target = path.as_ref().to_owned();
        let stem = stem(&target).ok_or_else(|| {
            output_error(&target, std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"))
        })?;
        if target.file_name().is_some_and(|n| n.len() > MAX_NAME_BYTES) {
            let why = format!("the file name is over {MAX_NAME_BYTES} bytes, more than file systems take");
            return Err(output_error(&target, std::io::Error::new(std::io::ErrorKind::InvalidFilename, why)));
        }
        let dir = folder(&target);
        std::fs::create_dir_all(dir).map_err(|e| output_error(dir, e))?;
        for _ in 0..32 {
            let tmp =
                dir.join(format!(".{stem}.{}-{:012x}.part", std::process::id(), crate::random::u64() >> 16));
            match OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(file) => return Ok(Self { target, tmp, file: Some(file) }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(output_error(&target, e)),
            }
        }
        Err(output_error(
            &target,
            std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free temporary name"),
        ))
    }

    /// Removes temporary files this tool left for `path` in a run that was
    /// killed (see [`remove_stale_parts`]'s rules). The paths removed.
    pub fn remove_stale_parts(path: &Path) -> Vec<PathBuf> {
        remove_stale_parts(path)
    }

    /// The path the slot was reserved for.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes `bytes`, flushes them to disk and renames the file to `path`
    /// (the reserved path, or another name in the same folder, e.g. with the
    /// answer's real extension). The rename replaces a link at `path`
    /// rather than writing through it. On failure nothing is left behind.
    pub fn commit(mut self, bytes: &[u8], path: &Path) -> Result<(), Error> {
        let written = match self.file.take() {
            Some(mut file) => file.write_all(bytes).and_then(|()| file.sync_all()),
            None => Err(std::io::Error::other("the slot was already used")),
        };
        written.and_then(|()| std::fs::rename(&self.tmp, path)).map_err(|e| output_error(path, e))
        // Drop removes the temporary file if the rename did not happen.
    }
}

impl Drop for OutputSlot {
    fn drop(&mut self) {
        self.file.take();
        if self.tmp.exists() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `bytes` to `path` through a new temporary file in the same folder
/// and a rename. The temporary file is created exclusively (never through a
/// link someone planted), and the rename replaces a link at `path` rather
/// than writing through it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let as_io = |e: Error| match e {
        Error::Output { source, .. } => source,
        other => std::io::Error::other(other.to_string()),
    };
    OutputSlot::reserve(path).map_err(as_io)?.commit(bytes, path).map_err(as_io)
}

/// Removes temporary files this tool left for `path` in a run that was
/// killed: `.<stem>.<pid>-<random>.part` beside it, whose process is gone
/// (or, where that cannot be told, that are over an hour old). The paths
/// removed.
pub(crate) fn remove_stale_parts(path: &Path) -> Vec<PathBuf> {
    let Some(stem) = stem(path) else { return Vec::new() };
    let prefix = format!(".{stem}.");
    let Ok(entries) = std::fs::read_dir(folder(path)) else { return Vec::new() };
    let mut removed = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".part")) else { continue };
        let Some(pid) = rest.split_once('-').and_then(|(pid, _)| pid.parse::<u32>().ok()) else { continue };
        if pid != std::process::id()
            && process_is_gone(pid, &entry)
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed.push(entry.path());
        }
    }
    removed
}

fn process_is_gone(pid: u32, entry: &std::fs::DirEntry) -> bool {
    if Path::new("/proc/self").exists() {
        return !Path::new("/proc").join(pid.to_string()).exists();
    }
    let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
    age.is_some_and(|a| a > std::time::Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".part"))
            .collect()
    }

    #[test]
    fn a_slot_creates_the_folder_and_holds_a_file_until_committed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("deep/er/photo.edited.png");
        let slot = OutputSlot::reserve(&target).unwrap();
        assert_eq!(parts(&dir.path().join("deep/er")).len(), 1, "the temporary file is held");
        let real = target.with_extension("jpg");
        slot.commit(b"jpeg bytes", &real).unwrap();
        assert_eq!(std::fs::read(&real).unwrap(), b"jpeg bytes");
        assert!(parts(&dir.path().join("deep/er")).is_empty());
    }

    #[test]
    fn a_name_too_long_for_the_file_system_is_refused_before_paying() {
        let dir = tempfile::tempdir().unwrap();
        let long = dir.path().join(format!("{}.edited.png", "a".repeat(250)));
        assert!(matches!(OutputSlot::reserve(&long), Err(Error::Output { .. })));
        let fits = dir.path().join(format!("{}.edited.png", "a".repeat(240)));
        OutputSlot::reserve(&fits).unwrap().commit(b"x", &fits).unwrap();
        assert!(fits.exists(), "a long name that fits, with a temporary name that fits too");
    }

    #[test]
    fn an_unused_slot_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        drop(OutputSlot::reserve(dir.path().join("a.png")).unwrap());
        assert!(parts(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_cannot_be_written_is_found_before_paying() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).unwrap();
        let writable = std::fs::File::create(locked.join("probe")).is_ok(); // root writes anyway
        let result = OutputSlot::reserve(locked.join("a.png"));
        assert_eq!(result.is_ok(), writable);
        if let Err(e) = result {
            assert!(matches!(e, Error::Output { .. }), "{e:?}");
        }
        let file = dir.path().join("file");
        std::fs::write(&file, b"").unwrap();
        let under_a_file = OutputSlot::reserve(file.join("a.png")).unwrap_err();
        assert!(matches!(under_a_file, Error::Output { .. }), "{under_a_file:?}");
    }

    #[test]
    fn stale_parts_of_dead_runs_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.edited.png");
        let dead = dir.path().join(".a.edited.4000000000-00000000abcd.part");
        std::fs::write(&dead, b"half").unwrap();
        let mine = OutputSlot::reserve(&target).unwrap();
        let other = dir.path().join(".b.edited.4000000000-00000000abcd.part");
        std::fs::write(&other, b"another output's").unwrap();
        let removed = remove_stale_parts(&target);
        if Path::new("/proc/self").exists() {
            assert_eq!(removed, std::slice::from_ref(&dead));
            assert!(!dead.exists());
        }
        assert!(other.exists(), "only this output's parts are looked at");
        assert_eq!(parts(dir.path()).len(), 2, "this process's own slot is kept");
        drop(mine);
    }

    #[test]
    fn atomic_writes_replace_links_instead_of_following_them() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"keep me").unwrap();
        let out = dir.path().join("out.png");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, &out).unwrap();
        write_atomic(&out, b"image").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(std::fs::read(&out).unwrap(), b"image");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
