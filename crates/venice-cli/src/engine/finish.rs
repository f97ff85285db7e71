//! The commit step's metadata: what the input carried (read before the
//! call is sent), written into the paid answer before it is committed (the
//! library's `metadata::finish`: ICC profile, EXIF, descriptive XMP, and
//! the provenance of this step after the input's own), or beside it in
//! `<file>.xmp` when the answer is signed (C2PA). Metadata work never
//! fails a paid call: at worst the answer is written as it came.

use bytes::Bytes;
use venice_image::metadata::{self, Finished, InputMetadata, Step};
use venice_image::{Cost, EditedImage, PreparedCall};

use crate::engine::target::{Target, blocking};
use crate::engine::{Core, Input, Job};

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
