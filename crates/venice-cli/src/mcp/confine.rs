//! Where `venice mcp` may read and write, as the reference filesystem
//! server confines itself: only inside the allowed folders. They are the
//! server's working folder (unless `--allow-dir` names others), every
//! `--allow-dir DIR`, and, when the client offers MCP roots, those roots in
//! place of the working folder (updated when the client says they changed).
//!
//! A path is resolved before it is checked: made absolute against the
//! working folder, `.` and `..` folded, and links followed for the part
//! that exists. An input must then be a regular file inside a folder (no
//! device, FIFO, socket, `/dev/stdin` or `/proc`); an output's folder must
//! be inside one. A path outside gets the same refusal whether or not it
//! exists, so that no tool reveals what lies outside.

use std::path::{Component, Path, PathBuf};
use std::sync::{PoisonError, RwLock};

use crate::mcp::error::ToolError;

/// The allowed folders.
#[derive(Debug)]
pub struct Allowed {
    /// The folder relative paths are taken from.
    cwd: PathBuf,
    /// `--allow-dir` folders, resolved.
    given: Vec<PathBuf>,
    /// The client's roots, resolved, when it offered any.
    roots: RwLock<Option<Vec<PathBuf>>>,
}

/// `path` made absolute against `cwd`, `.` and `..` folded away (without
/// touching the file system).
pub fn lexical(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Links followed as far as the path exists; the rest kept as written.
fn resolved(absolute: &Path) -> PathBuf {
    let mut existing = absolute.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(&existing) {
            return rest.iter().rev().fold(real, |p, c: &std::ffi::OsString| p.join(c));
        }
        match (existing.file_name().map(ToOwned::to_owned), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return absolute.to_path_buf(),
        }
    }
}

impl Allowed {
    /// The working folder `cwd` (unless `given` names folders) and the
    /// `given` ones; each must be a folder that exists.
    pub fn new(cwd: &Path, given: &[PathBuf]) -> Result<Self, String> {
        let cwd = std::fs::canonicalize(cwd).map_err(|e| format!("cannot read the working folder: {e}"))?;
        let mut folders = Vec::new();
        for dir in given {
            let real = std::fs::canonicalize(lexical(&cwd, dir))
                .map_err(|e| format!("--allow-dir {}: {e}", dir.display()))?;
            if !real.is_dir() {
                return Err(format!("--allow-dir {} is not a folder", dir.display()));
            }
            folders.push(real);
        }
        Ok(Self { cwd, given: folders, roots: RwLock::new(None) })
    }

    /// The folders in force now.
    pub fn folders(&self) -> Vec<PathBuf> {
        let roots = self.roots.read().unwrap_or_else(PoisonError::into_inner);
        let mut out = self.given.clone();
        match roots.as_ref() {
            // The client said where its agent may work: those roots (even
            // none that exist here), never the working folder instead.
            Some(r) => out.extend(r.iter().cloned()),
            None if self.given.is_empty() => out.push(self.cwd.clone()),
            None => {}
        }
        out
    }

    /// Takes the client's roots (`file://` URIs); others are ignored.
    pub fn set_roots(&self, uris: &[String]) -> Vec<PathBuf> {
        let folders: Vec<PathBuf> = uris
            .iter()
            .filter_map(|u| file_uri_path(u))
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .filter(|p| p.is_dir())
            .collect();
        *self.roots.write().unwrap_or_else(PoisonError::into_inner) = Some(folders.clone());
        folders
    }

    fn inside(&self, path: &Path) -> bool {
        self.folders().iter().any(|f| path.starts_with(f))
    }

    fn refusal(&self, argument: &str, path: &Path) -> ToolError {
        let folders: Vec<String> = self.folders().iter().map(|f| f.display().to_string()).collect();
        ToolError::Outside(format!(
            "`{argument}`: {} is outside the folders this server may use ({}); start it with --allow-dir, \
             or let the client's roots include it",
            path.display(),
            folders.join(", ")
        ))
    }

    /// An input file: inside an allowed folder (links followed) and a
    /// regular file. The resolved path.
    pub fn input(&self, argument: &str, path: &Path) -> Result<PathBuf, ToolError> {
        let absolute = lexical(&self.cwd, path);
        if !self.inside(&absolute) {
            return Err(self.refusal(argument, path));
        }
        let real = resolved(&absolute);
        if !self.inside(&real) {
            return Err(self.refusal(argument, path));
        }
        match std::fs::metadata(&real) {
            Ok(m) if m.is_file() => Ok(real),
            Ok(m) if m.is_dir() => Err(ToolError::Arguments(format!(
                "`{argument}`: {} is a folder; pass one image file",
                path.display()
            ))),
            Ok(_) => Err(ToolError::Arguments(format!(
                "`{argument}`: {} is not a regular file (a device, FIFO or socket); pass an image file",
                path.display()
            ))),
            // Missing or unreadable: the library's check says which.
            Err(_) => Ok(real),
        }
    }

    /// An output path: its folder inside an allowed folder (links
    /// followed). The path to write (a link at the name itself is replaced,
    /// never followed).
    pub fn output(&self, argument: &str, path: &Path) -> Result<PathBuf, ToolError> {
        let absolute = lexical(&self.cwd, path);
        let (Some(name), Some(folder)) = (absolute.file_name(), absolute.parent()) else {
            return Err(self.refusal(argument, path));
        };
        let real = resolved(folder).join(name);
        if !self.inside(&absolute) || !self.inside(&real) {
            return Err(self.refusal(argument, path));
        }
        Ok(real)
    }
}

/// The path of a `file://` URI (percent-decoded), if it is one.
fn file_uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///x` or `file://localhost/x`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = path.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn setup() -> (tempfile::TempDir, Allowed) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("work/sub")).unwrap();
        std::fs::write(dir.path().join("work/a.png"), b"x").unwrap();
        std::fs::write(dir.path().join("secret.jpg"), b"x").unwrap();
        let allowed = Allowed::new(&dir.path().join("work"), &[]).unwrap();
        (dir, allowed)
    }

    #[test]
    fn inside_is_allowed_and_outside_refused_alike() {
        let (dir, a) = setup();
        assert!(a.input("image", Path::new("a.png")).is_ok());
        assert!(a.output("output", Path::new("sub/new.png")).is_ok());
        for outside in
            ["../secret.jpg", "../missing.jpg", "/etc/passwd", "sub/../../secret.jpg", "/dev/stdin"]
        {
            let e = a.input("image", Path::new(outside)).unwrap_err().to_string();
            assert!(e.contains("outside the folders"), "{outside}: {e}");
        }
        let exists = a.input("image", &dir.path().join("secret.jpg")).unwrap_err().to_string();
        let missing = a.input("image", &dir.path().join("nothing.jpg")).unwrap_err().to_string();
        assert_eq!(
            exists.replace("secret.jpg", "X"),
            missing.replace("nothing.jpg", "X"),
            "the same answer whether or not it exists"
        );
        assert!(a.output("output", Path::new("../evil.png")).is_err());
        assert!(a.output("output", Path::new("/root/.bashrc")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_before_the_check() {
        let (dir, a) = setup();
        std::os::unix::fs::symlink(dir.path().join("secret.jpg"), dir.path().join("work/link.jpg")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("work/up")).unwrap();
        assert!(a.input("image", Path::new("link.jpg")).is_err(), "a link to a file outside");
        assert!(a.output("output", Path::new("up/evil.png")).is_err(), "a folder link outside");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_not_an_input() {
        let (dir, a) = setup();
        let fifo = dir.path().join("work/pipe.png");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let e = a.input("image", Path::new("pipe.png")).unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
    }

    #[test]
    fn roots_replace_the_working_folder_and_given_folders_stay() {
        let (dir, _) = setup();
        let other = dir.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        let a = Allowed::new(&dir.path().join("work"), std::slice::from_ref(&other)).unwrap();
        assert_eq!(a.folders(), [std::fs::canonicalize(&other).unwrap()], "--allow-dir replaces the default");
        let b = Allowed::new(&dir.path().join("work"), &[]).unwrap();
        let uri = format!("file://{}", dir.path().join("other").display()).replace(' ', "%20");
        b.set_roots(&[uri, "https://x.example/".into()]);
        assert_eq!(b.folders(), [std::fs::canonicalize(&other).unwrap()]);
        assert!(b.input("image", Path::new("a.png")).is_err(), "the working folder is not a root");
    }

    proptest! {
        /// Whatever path an agent sends, an accepted one is inside.
        #[test]
        fn accepted_paths_are_inside(parts in proptest::collection::vec("(\\.\\.|\\.|sub|a\\.png|x|/|//)", 0..8)) {
            let (_dir, a) = setup();
            let path = PathBuf::from(parts.concat());
            let folders = a.folders();
            if let Ok(p) = a.input("image", &path) {
                prop_assert!(folders.iter().any(|f| p.starts_with(f)), "{}", p.display());
            }
            if let Ok(p) = a.output("output", &path) {
                prop_assert!(folders.iter().any(|f| p.starts_with(f)), "{}", p.display());
            }
        }
    }
}
