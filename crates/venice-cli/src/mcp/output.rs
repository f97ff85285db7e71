//! Where a tool's result goes: `output` as given, or the CLI's default name
//! beside the input (`photo.edited.png`; a URL's result in the server's
//! working directory), always inside the allowed folders; never over an
//! existing file unless `overwrite` is true. The call core reserves it
//! before paying and writes it after (never replacing a file that appeared
//! meanwhile); `InFlight` keeps two calls at once off one name.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use crate::batch::inputs;
use crate::engine::names::collision_key;
use crate::engine::{Input, Op, Target};
use crate::mcp::confine::Allowed;
use crate::mcp::error::ToolError;
use crate::mcp::mapping::Mapped;

/// Confines the call's local inputs to the allowed folders (each replaced
/// by its resolved path), then gives its output: `output` as given, or the
/// default name beside the input (a URL's in the working folder), inside an
/// allowed folder too. Checked before anything about the paths is looked
/// at, so that a refusal says nothing of what exists outside.
pub fn target(m: &mut Mapped, allowed: &Allowed) -> Result<Target, ToolError> {
    if let Input::File { path, .. } = &mut m.image {
        *path = allowed.input(first_argument(&m.op), path)?;
    }
    if let Op::Multi { layers, .. } = &mut m.op {
        for layer in layers.iter_mut() {
            if let Input::File { path, .. } = layer {
                *path = allowed.input("images", path)?;
            }
        }
    }
    if let Some(mask) = m.photo.as_mut().and_then(|p| p.mask.as_mut()) {
        *mask = allowed.input("mask", mask)?;
    }
    let (path, explicit) = match &m.output {
        Some(p) => (allowed.output("output", p)?, true),
        None => {
            let p = inputs::output_path(&m.image, None, m.op.suffix(), m.op.extension())
                .map_err(|e| ToolError::Output(e.replace("give -o", "pass `output`")))?;
            (allowed.output("output", &p)?, false)
        }
    };
    if path.is_dir() {
        return Err(ToolError::Output(format!(
            "{} is a folder; pass a file path as `output`",
            path.display()
        )));
    }
    Ok(Target::File { path, explicit, replace: m.overwrite })
}

fn first_argument(op: &Op) -> &'static str {
    match op {
        Op::Multi { .. } => "images",
        _ => "image",
    }
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

/// The outputs of the calls running now.
#[derive(Debug, Default)]
pub struct InFlight(Mutex<BTreeSet<String>>);

/// A claim on an output name while a call runs; released when dropped.
#[derive(Debug)]
pub struct Claim<'a> {
    owner: &'a InFlight,
    key: String,
}

impl InFlight {
    /// Claims `target`'s name (any extension, any case) for one call, or
    /// refuses when another call running now writes it.
    pub fn claim(&self, target: &Target) -> Result<Claim<'_>, ToolError> {
        let path = path(target);
        let key = collision_key(&path.with_extension(""));
        let mut names = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if !names.insert(key.clone()) {
            return Err(ToolError::Output(format!(
                "{} is being written by another call right now; wait for it, or pass another `output`",
                path.display()
            )));
        }
        Ok(Claim { owner: self, key })
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        self.owner.0.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.key);
    }
}

/// The path of a file target.
pub fn path(target: &Target) -> PathBuf {
    match target {
        Target::File { path, .. } => path.clone(),
        Target::Stdout | Target::Memory => PathBuf::from("-"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use venice_image::UploadOptions;

    fn mapped(image: Input, output: Option<PathBuf>, overwrite: bool) -> Mapped {
        let op = Op::Edit { prompt: "p".into(), options: Box::default() };
        Mapped { op, image, upload: UploadOptions::default(), output, overwrite, preview: false, photo: None }
    }

    fn file(path: &Path) -> Input {
        Input::File { path: path.to_path_buf(), relative: None }
    }

    #[test]
    fn the_default_name_is_beside_the_input_and_follows_the_answer() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::write(dir.path().join("photo.jpg"), b"x").unwrap();
        let allowed = Allowed::new(dir.path(), &[]).unwrap();
        let t = target(&mut mapped(file(&dir.path().join("photo.jpg")), None, false), &allowed).unwrap();
        assert_eq!(path(&t), real.join("photo.edited.png"));
        assert_eq!(t.final_path("jpg"), Some(real.join("photo.edited.jpg")));
        let url = Input::Url("https://x.example/a/cat.webp?s=1".into());
        let mut nobg = mapped(url, None, false);
        nobg.op = Op::RemoveBg;
        let t = target(&mut nobg, &allowed);
        // A URL's result goes to the working folder, which is allowed only
        // when it is the server's; here it is not the temporary folder.
        if let Ok(t) = t {
            assert!(path(&t).ends_with("cat.nobg.png"), "{t:?}");
        }
        let given =
            target(&mut mapped(file(Path::new("photo.jpg")), Some(real.join("x.out")), true), &allowed);
        let given = given.unwrap();
        assert_eq!(given.final_path("png"), Some(real.join("x.out")));
        assert!(matches!(given, Target::File { replace: true, .. }));
    }

    #[test]
    fn existing_outputs_are_kept_unless_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("photo.jpg"), b"x").unwrap();
        std::fs::write(dir.path().join("photo.edited.jpg"), b"x").unwrap();
        let allowed = Allowed::new(dir.path(), &[]).unwrap();
        let t = target(&mut mapped(file(&dir.path().join("photo.jpg")), None, false), &allowed).unwrap();
        let e = check_free(&t, false).unwrap_err().to_string();
        assert!(e.contains("photo.edited.jpg exists; pass overwrite: true"), "{e}");
        assert!(check_free(&t, true).is_ok());
        let folder = target(
            &mut mapped(file(Path::new("photo.jpg")), Some(dir.path().to_path_buf()), false),
            &allowed,
        );
        assert!(folder.unwrap_err().to_string().contains("is a folder"));
    }

    #[test]
    fn two_calls_cannot_claim_one_name() {
        let flight = InFlight::default();
        let a = Target::File { path: "/w/o.png".into(), explicit: true, replace: false };
        let b = Target::File { path: "/w/O.jpg".into(), explicit: false, replace: false };
        let first = flight.claim(&a).unwrap();
        assert!(flight.claim(&b).is_err(), "the same name up to case and extension");
        drop(first);
        assert!(flight.claim(&b).is_ok());
    }
}
