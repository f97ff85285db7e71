//! Writing results so that no money is paid for an output that cannot be
//! kept: an [`OutputSlot`] proves the output's folder writable *before* the
//! request (its folder created, a temporary file created exclusively in
//! it), holds that file while the call runs, then fills it and renames it
//! into place.
//!
//! Temporary files are named `.<stem>.<host>-<pid>-<random>.part` and
//! created readable by their owner only (`0600`), so that a run killed
//! half-way leaves files [`OutputSlot::remove_stale_parts`] recognises and
//! removes on the next run, without touching another live process's, on
//! this machine or (on a shared folder) another. A committed file gets the
//! mode of the file it replaces, or the usual mode of a new file.
//!
//! [`OutputSlot::commit_new`] never replaces a file: when one appeared at
//! the name meanwhile (another run, another call), the commit fails instead
//! of clobbering it (a hard link, which fails on an existing name; where
//! the file system has no hard links, a check then a rename).

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
            let tmp = dir.join(format!(
                ".{stem}.{}-{}-{:012x}.part",
                host(),
                std::process::id(),
                crate::support::random::u64() >> 16
            ));
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&tmp) {
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
    /// killed: on this machine, those whose process is gone; from another
    /// machine (a shared folder), or where a process cannot be looked up,
    /// those over an hour old. The paths removed.
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
    /// A file at `path` is replaced (its mode kept).
    pub fn commit(mut self, bytes: &[u8], path: &Path) -> Result<(), Error> {
        self.fill(bytes, path)
            .and_then(|()| std::fs::rename(&self.tmp, path))
            .map_err(|e| output_error(path, e))
        // Drop removes the temporary file if the rename did not happen.
    }

    /// As [`commit`](Self::commit), but never replaces a file: when one is
    /// at `path` (it appeared after the caller checked), the result is not
    /// written there and the error's source is `ErrorKind::AlreadyExists`.
    pub fn commit_new(mut self, bytes: &[u8], path: &Path) -> Result<(), Error> {
        let exists = || {
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a file appeared at this name after it was checked (another run wrote it); not replaced",
            )
        };
        self.fill(bytes, path)
            .and_then(|()| match std::fs::hard_link(&self.tmp, path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
                // No hard links here (FAT, some network shares): check, then
                // rename; a race in between is the file system's limit.
                Err(_) if std::fs::symlink_metadata(path).is_ok() => Err(exists()),
                Err(_) => std::fs::rename(&self.tmp, path),
            })
            .map_err(|e| output_error(path, e))
        // Drop removes the temporary file (or its now redundant link).
    }

    /// Writes and flushes the bytes, and gives the file the mode it will
    /// keep at `path`.
    fn fill(&mut self, bytes: &[u8], path: &Path) -> std::io::Result<()> {
        let Some(mut file) = self.file.take() else {
            return Err(std::io::Error::other("the slot was already used"));
        };
        file.write_all(bytes)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = match std::fs::metadata(path) {
                Ok(existing) => existing.permissions().mode() & 0o7777,
                Err(_) => 0o666 & !umask(),
            };
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        file.sync_all()
    }
}

/// The process's umask (Linux reports it in `/proc/self/status`; elsewhere
/// the usual `022`). Read, never set: setting it to read it would race with
/// other threads creating files.
#[cfg(unix)]
fn umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:").and_then(|v| u32::from_str_radix(v.trim(), 8).ok()))
        })
        .unwrap_or(0o022)
}

/// This machine's name as temporary files carry it: letters, digits and
/// `_` only, at most 24 characters (`host` when it cannot be read).
fn host() -> &'static str {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let raw = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .or_else(|| std::env::var("COMPUTERNAME").ok())
            .unwrap_or_default();
        let name: String =
            raw.trim().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).take(24).collect();
        if name.is_empty() { "host".to_owned() } else { name }
    })
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
        // `<host>-<pid>-<random>` (the host may hold `_` but not `-`).
        let mut fields = rest.rsplitn(3, '-');
        let (_, pid, from) = (fields.next(), fields.next(), fields.next());
        let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) else { continue };
        let here = from == Some(host());
        if !(here && pid == std::process::id())
            && is_stale(here, pid, &entry)
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed.push(entry.path());
        }
    }
    removed
}

/// Whether a temporary file was left by a run that is over: on this
/// machine, when its process is gone (where that can be told); from another
/// machine (a shared folder), or where it cannot be told, when it is over an
/// hour old: a live run there is not dead because its pid is absent here.
fn is_stale(here: bool, pid: u32, entry: &std::fs::DirEntry) -> bool {
    if here && Path::new("/proc/self").exists() {
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
        let dead = dir.path().join(format!(".a.edited.{}-4000000000-00000000abcd.part", host()));
        std::fs::write(&dead, b"half").unwrap();
        // Another machine's run on a shared folder, its pid absent here: kept
        // while it is young.
        let remote = dir.path().join(".a.edited.otherbox-4000000000-00000000abce.part");
        std::fs::write(&remote, b"half").unwrap();
        let mine = OutputSlot::reserve(&target).unwrap();
        let other = dir.path().join(format!(".b.edited.{}-4000000000-00000000abcd.part", host()));
        std::fs::write(&other, b"another output's").unwrap();
        let removed = remove_stale_parts(&target);
        if Path::new("/proc/self").exists() {
            assert_eq!(removed, std::slice::from_ref(&dead));
            assert!(!dead.exists());
        }
        assert!(remote.exists(), "a young part of another machine is not taken for dead");
        assert!(other.exists(), "only this output's parts are looked at");
        assert_eq!(parts(dir.path()).len(), 3, "this process's own slot is kept");
        drop(mine);
    }

    #[cfg(unix)]
    #[test]
    fn temporary_files_are_private_and_a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("shared.png");
        std::fs::write(&target, b"old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let slot = OutputSlot::reserve(&target).unwrap();
        let tmp = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().ends_with(".part"));
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&tmp.unwrap().path()), 0o600, "the paid bytes are private while written");
        slot.commit(b"new", &target).unwrap();
        assert_eq!(mode(&target), 0o640, "the mode of the file it replaced");
        let fresh = dir.path().join("fresh.png");
        OutputSlot::reserve(&fresh).unwrap().commit(b"x", &fresh).unwrap();
        assert_eq!(mode(&fresh), 0o666 & !umask(), "a new file gets the usual mode");
    }

    #[test]
    fn commit_new_never_replaces_a_file_that_appeared() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("o.png");
        let first = OutputSlot::reserve(&target).unwrap();
        let second = OutputSlot::reserve(&target).unwrap();
        first.commit_new(b"first", &target).unwrap();
        let e = second.commit_new(b"second", &target).unwrap_err();
        match e {
            Error::Output { source, .. } => assert_eq!(source.kind(), std::io::ErrorKind::AlreadyExists),
            other => panic!("{other}"),
        }
        assert_eq!(std::fs::read(&target).unwrap(), b"first", "the first result stays");
        assert!(parts(dir.path()).is_empty(), "nothing left behind");
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
