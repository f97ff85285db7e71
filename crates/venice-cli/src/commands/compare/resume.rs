//! A comparison run again resumes like a batch: the results an earlier run
//! of the same comparison left in its folder are kept and shown, only the
//! missing models are sent, and the page is written again. What "the same"
//! means is kept beside the page (`.venice-compare`: the prompt and the
//! options) and in the copy of the original; a folder that holds another
//! comparison is refused without `--force`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::batch::plan::first_existing;
use crate::engine::Job;
use crate::html::page::{Outcome, Picture};
use crate::settings::flags::CompareArgs;
use crate::ui::exit::{Exit, Failure};

/// The file that says which comparison a folder holds.
const STAMP: &str = ".venice-compare";

/// What a comparison asks, as kept in its folder.
fn stamp(args: &CompareArgs) -> String {
    let mut s = format!(
        "venice compare 1\nprompt: {:?}\noptions: {:?}\nupload: {:?}\n",
        args.prompt, args.options, args.upload
    );
    if args.generate {
        s.push_str(&format!("generate: seed {:?}\n", args.seed));
    }
    s
}

/// Writes the stamp of this comparison into its folder.
pub fn write_stamp(dir: &Path, args: &CompareArgs) -> Result<(), Failure> {
    venice_image::write_atomic(&dir.join(STAMP), stamp(args).as_bytes())
        .map_err(|e| Failure::new(Exit::Output, format!("cannot write into {}: {e}", dir.display())))
}

/// For each job, the result an earlier run of this comparison left (kept,
/// not sent again). Nothing is kept with `--force`. A folder with a page,
/// an original or results of another comparison (another image, prompt or
/// options) is refused; a dry run, which writes nothing, shows every model.
pub fn earlier_results(
    dir: &Path,
    original: Option<&Path>,
    args: &CompareArgs,
    jobs: &[Job],
    dry_run: bool,
) -> Result<Vec<Option<PathBuf>>, Failure> {
    let none = vec![None; jobs.len()];
    if args.force {
        return Ok(none);
    }
    let mut own = vec![dir.join("index.html")];
    own.extend(original.map(Path::to_path_buf));
    let found =
        own.iter().find(|p| std::fs::symlink_metadata(p).is_ok()).cloned().or_else(|| first_existing(jobs));
    let Some(found) = found else { return Ok(none) };
    let same_request = std::fs::read_to_string(dir.join(STAMP)).is_ok_and(|s| s == stamp(args));
    let same_image = match (&args.image, original) {
        (Some(image), Some(original)) => same_bytes(image, original),
        _ => args.image.is_none(),
    };
    if !same_request || !same_image {
        if dry_run {
            return Ok(none);
        }
        return Err(Failure::new(
            Exit::Invalid,
            format!(
                "{} exists; pass --force to replace it, or choose another --out-dir (it is not from an \
                 earlier run of this comparison: another image, prompt or options)",
                found.display()
            ),
        ));
    }
    Ok(jobs.iter().map(|j| j.target.existing()).collect())
}

/// Whether two files hold the same bytes (both readable).
fn same_bytes(a: &Path, b: &Path) -> bool {
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

/// The card of a result kept from an earlier run.
pub fn kept_outcome(dir: &Path, path: &Path) -> Outcome {
    let bytes = std::fs::read(path).unwrap_or_default();
    let info = venice_image::probe::probe_bytes(&bytes).ok();
    let file = path.strip_prefix(dir).unwrap_or(path).display().to_string();
    Outcome::Done {
        picture: Picture { file, dimensions: info.map(|i| (i.width, i.height)), bytes: bytes.len() as u64 },
        elapsed: Duration::ZERO,
    }
}
