//! The commit step's metadata: what the input carried (read before the
//! call is sent), written into the paid answer before it is committed (the
//! library's `metadata::finish`: ICC profile, EXIF, descriptive XMP, and
//! the provenance of this step after the input's own), or beside it in
//! `<file>.xmp` when the answer is signed (C2PA). Metadata work never
//! fails a paid call: at worst the answer is written as it came.

use bytes::Bytes;
use venice_image::metadata::{self, Finished, InputMetadata, Step};
use venice_image::{Cost, EditedImage, Error, InvalidInput, PreparedCall, Rule};

use crate::engine::photo::{self, Local, PhotoError};
use crate::engine::target::{Target, blocking};
use crate::engine::{Core, Input, Job};
use crate::settings::photo::PhotoEdit;

/// The input's metadata, when the job writes any (nothing for URLs).
pub async fn read_input(core: &Core, job: &Job) -> Option<InputMetadata> {
    if job.metadata.strip_metadata && job.metadata.no_provenance {
        return None;
    }
    match &job.input {
        Input::File { path, .. } => {
            // A regular file only: a pipe was read once already, and a
            // second read would wait forever.
            let path = path.clone();
            let read = move || {
                let regular = std::fs::metadata(&path).is_ok_and(|m| m.is_file());
                Ok(Some(if regular {
                    InputMetadata::from_path(&path).unwrap_or_default()
                } else {
                    InputMetadata::default()
                }))
            };
            blocking(read).await.ok().flatten()
        }
        Input::Stdin => core.stdin.get().map(InputMetadata::read),
        Input::Bytes { data, .. } => Some(InputMetadata::read(data)),
        Input::Url(_) | Input::Prompt(_) => Some(InputMetadata::default()),
    }
}

/// The answer with the input's metadata and this step's provenance.
pub async fn finish(
    job: &Job,
    call: &PreparedCall,
    edited: &EditedImage,
    answer: Bytes,
    cost: Option<&Cost>,
    input: Option<InputMetadata>,
) -> Finished {
    let Some(input) = input else { return Finished { bytes: answer, sidecar: None } };
    let meta = edited.meta();
    let step = Step {
        model: meta.model_id.clone().or_else(|| call.model().map(str::to_owned)),
        prompt: job.op.prompt().map(str::to_owned),
        seed: job.op.seed(),
        request_id: meta.request_id.clone(),
        cost_usd: cost.map(|c| c.usd),
        ..Step::new(job.op.name())
    };
    // A fitted input was turned upright before it was sent.
    let upright = !call.fitted().is_empty();
    let options = job.metadata;
    let fallback = answer.clone();
    blocking(move || Ok(metadata::finish(answer, &input, &options, upright, Some(step))))
        .await
        .unwrap_or(Finished { bytes: fallback, sidecar: None })
}

/// The answer finished as `remove-bg`'s flags ask (or as it came), its
/// extension, and a warning when the finishing failed (the paid answer is
/// then written as it came).
pub async fn cut_out(job: &Job, edited: &EditedImage) -> (Bytes, &'static str, Option<String>) {
    let answer = edited.bytes().clone();
    let Some(cut) = job.cutout.clone().filter(|c| c.is_set()) else {
        return (answer, edited.extension(), None);
    };
    let bytes = answer.clone();
    let done = blocking(move || Ok(crate::engine::cutout::finish(&bytes, &cut))).await;
    match done {
        Ok(Ok((bytes, ext))) => (bytes, ext, None),
        Ok(Err(e)) => (answer, edited.extension(), Some(format!("{e}; the cut-out is written as it came"))),
        Err(e) => (answer, edited.extension(), Some(format!("{e}; the cut-out is written as it came"))),
    }
}

/// The input and mask read for `--keep-size` and `--mask`, before the call
/// is sent: a fault is the input's or the mask's, and nothing is sent.
pub async fn read_photo(core: &Core, job: &Job, asked: std::sync::Arc<PhotoEdit>) -> Result<Local, Error> {
    let stdin = core.stdin.get().cloned();
    let input = job.input.clone();
    blocking(move || {
        let bytes = match &input {
            Input::File { path, .. } => Bytes::from(std::fs::read(path).map_err(|e| {
                refused(&PhotoError::Unreadable { what: path.display().to_string(), why: e.to_string() })
            })?),
            Input::Stdin => stdin.unwrap_or_default(),
            Input::Bytes { data, .. } => data.clone(),
            Input::Url(_) | Input::Prompt(_) => return Err(refused(&PhotoError::NotLocal)),
        };
        photo::prepare(&asked, &bytes).map_err(|e| refused(&e))
    })
    .await
}

/// A photo fault found before sending, as the library's input error.
fn refused(e: &PhotoError) -> Error {
    let (field, rule) = match e {
        PhotoError::EmptyMask(..) => ("mask", Rule::Empty),
        PhotoError::FullMask(..) => ("mask", Rule::OutOfRange),
        PhotoError::NotLocal => ("image", Rule::InvalidUrl),
        other if other.is_mask() => ("mask", Rule::Unreadable),
        _ => ("image", Rule::Unreadable),
    };
    InvalidInput::new(field, rule, e.to_string()).into()
}

/// The answer at the input's size and composited through the mask (or as
/// it came, with a warning, when that fails: it is paid for), its
/// extension, and the notes to show.
pub async fn photo(
    local: Option<Local>,
    answer: Bytes,
    extension: &'static str,
) -> (Bytes, &'static str, Vec<String>) {
    let Some(local) = local else { return (answer, extension, Vec::new()) };
    let bytes = answer.clone();
    let done = blocking(move || Ok((photo::finish(&local, &bytes, extension), local.notes))).await;
    match done {
        Ok((Ok((bytes, ext)), notes)) => (bytes, ext, notes),
        Ok((Err(e), mut notes)) => {
            notes.push(format!("{e}; the result is written as it came"));
            (answer, extension, notes)
        }
        Err(e) => (answer, extension, vec![format!("{e}; the result is written as it came")]),
    }
}

/// Writes `xmp` beside the output; a warning when it cannot be.
pub async fn write_sidecar(target: &Target, extension: &str, xmp: String) -> Option<String> {
    let path = target.final_path(extension)?;
    let mut name = path.clone().into_os_string();
    name.push(".xmp");
    let sidecar = std::path::PathBuf::from(name);
    let shown = sidecar.display().to_string();
    let written = blocking(move || Ok(venice_image::write_atomic(&sidecar, xmp.as_bytes()))).await;
    match written {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(format!("the output's metadata could not be written beside it to {shown}: {e}")),
        Err(e) => Some(format!("the output's metadata could not be written beside it to {shown}: {e}")),
    }
}
