//! One job: an input, where its result goes, and what is done to it. The
//! output is reserved before the call is paid for (folder created, a
//! temporary file held), the call is prepared and sent by the library, and
//! the result written into the reservation; a write that still fails after
//! payment saves the bytes to a rescue path and says where.

use std::io::Write;
use std::path::PathBuf;

use venice_image::{
    BackgroundRemoveRequest, EditOptions, EditRequest, EditedImage, Error, MultiEditRequest, OutputSlot,
    PreparedCall, Quality, Scale, UpscaleRequest,
};

use crate::context::Ctx;
use crate::inputs::Input;
use crate::ui::Ui;

/// What each job of a command does.
#[derive(Debug, Clone)]
pub enum Kind {
    Edit { prompt: String, options: Box<EditOptions> },
    Multi { prompt: String, options: Box<EditOptions>, quality: Option<Quality>, layers: Vec<Input> },
    RemoveBg,
    Upscale { scale: Option<Scale>, creativity: Option<f64> },
}

impl Kind {
    /// The suffix of default output names: `photo.<suffix>.png`.
    pub fn suffix(&self) -> &'static str {
        match self {
            Self::RemoveBg => "nobg",
            Self::Upscale { .. } => "upscaled",
            _ => "edited",
        }
    }

    /// The extension the answer most likely has (the real one comes from its bytes).
    pub fn extension(&self) -> &'static str {
        match self {
            Self::Edit { options, .. } | Self::Multi { options, .. } => options.expected_extension(),
            Self::RemoveBg | Self::Upscale { .. } => "png",
        }
    }

    /// Estimated USD for `n` jobs, from the catalogue.
    pub async fn estimate(&self, ctx: &Ctx, n: usize) -> Option<f64> {
        let (options, quality, images) = match self {
            Self::Edit { options, .. } => (options, None, 1),
            Self::Multi { options, quality, layers, .. } => (options, *quality, layers.len() as u32 + 1),
            Self::RemoveBg => return None,
            Self::Upscale { scale, .. } => {
                // The asked scale's price: an upper bound, since the service
                // lowers 4x to 2x for large inputs (the dry run shows each).
                let upscalers = ctx.client.upscale_models().await.ok()?;
                let upscaler = upscalers.iter().find(|m| m.id == "upscaler").or(upscalers.first())?;
                let price = upscaler.price(scale.unwrap_or_default())?;
                return Some(price.usd * n as f64);
            }
        };
        let catalogue = ctx.client.models().await.ok()?;
        Some(catalogue.edit_cost(options, quality, images)?.usd * n as f64)
    }

    /// What the jobs do, in words: the title of a gallery.
    pub fn title(&self) -> String {
        match self {
            Self::Edit { prompt, .. } => format!("venice edit: {prompt}"),
            Self::Multi { prompt, .. } => format!("venice multi-edit: {prompt}"),
            Self::RemoveBg => "venice remove-bg".to_owned(),
            Self::Upscale { .. } => "venice upscale".to_owned(),
        }
    }

    /// Whether any job reads standard input.
    pub fn reads_stdin(&self) -> bool {
        matches!(self, Self::Multi { layers, .. } if layers.contains(&Input::Stdin))
    }
}

/// Where one result goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    File { path: PathBuf, explicit: bool },
    Stdout,
}

impl Target {
    pub fn label(&self) -> String {
        match self {
            Self::File { path, .. } => path.display().to_string(),
            Self::Stdout => "-".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Job {
    pub input: Input,
    pub target: Target,
}

/// What one finished job produced.
pub struct Done {
    pub output: String,
    pub edited: EditedImage,
    pub cost: Option<f64>,
}

/// Why a job failed; when a paid result could not be written where asked,
/// where it was saved instead.
#[derive(Debug)]
pub struct JobError {
    pub error: Error,
    pub rescued: Option<PathBuf>,
}

impl From<Error> for JobError {
    fn from(error: Error) -> Self {
        Self { error, rescued: None }
    }
}

/// Validates a job into a call, sending nothing.
pub async fn prepare(ctx: &Ctx, job: &Job) -> Result<PreparedCall, Error> {
    let upload = ctx.out.upload;
    let source = ctx.source(&job.input);
    match &ctx.kind {
        Kind::Edit { prompt, options } => {
            let req = EditRequest::new(source, prompt.clone()).options((**options).clone()).upload(upload);
            ctx.client.prepare_edit(req).await
        }
        Kind::Multi { prompt, options, quality, layers } => {
            let layers = layers.iter().map(|l| ctx.source(l)).collect();
            let mut req = MultiEditRequest::new(source, layers, prompt.clone())
                .options((**options).clone())
                .upload(upload);
            if let Some(q) = quality {
                req = req.quality(*q);
            }
            ctx.client.prepare_multi_edit(req).await
        }
        Kind::RemoveBg => {
            ctx.client.prepare_remove_background(BackgroundRemoveRequest::new(source).upload(upload)).await
        }
        Kind::Upscale { scale, creativity } => {
            let mut req = UpscaleRequest::new(source).upload(upload);
            if let Some(s) = scale {
                req = req.scale(*s);
            }
            if let Some(c) = creativity {
                req = req.creativity(*c);
            }
            ctx.client.prepare_upscale(req).await
        }
    }
}

/// Prepares, reserves the output, sends and saves one job.
pub async fn perform(ctx: &Ctx, job: &Job) -> Result<Done, JobError> {
    let call = prepare(ctx, job).await?;
    for r in call.fitted() {
        ctx.ui.warn(&format!("{}: {r}", job.input.label()));
    }
    let slot = match &job.target {
        Target::File { path, .. } => {
            let path = path.clone();
            Some(blocking(move || OutputSlot::reserve(&path)).await?)
        }
        Target::Stdout => None,
    };
    let cost = call.estimated_cost().map(|c| c.usd);
    let edited = ctx.client.send(&call).await?;
    let output = match (&job.target, slot) {
        (Target::File { path, explicit }, Some(slot)) => {
            let path = if *explicit { path.clone() } else { path.with_extension(edited.extension()) };
            let (bytes, to) = (edited.bytes().clone(), path.clone());
            // On a blocking thread, which finishes the write and the rename
            // even if the run is abandoned: never a partial file.
            if let Err(error) = blocking(move || slot.commit(&bytes, &to)).await {
                let name =
                    path.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
                let rescued = venice_image::rescue(edited.bytes(), &name);
                return Err(JobError { error, rescued });
            }
            path.display().to_string()
        }
        _ => {
            let mut out = std::io::stdout().lock();
            crate::ui::exit_quietly_on_broken_pipe(out.write_all(edited.bytes()).and_then(|()| out.flush()));
            "-".to_owned()
        }
    };
    Ok(Done { output, edited, cost })
}

/// Runs file-system work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(Error::Io { context: "the writer failed".into(), source: std::io::Error::other(e) })
    })
}

/// Warnings the answer's headers call for.
pub fn warn_about(ui: &Ui, label: &str, edited: &EditedImage) {
    let m = edited.meta();
    if let Some(d) = &m.deprecation {
        let mut text =
            format!("{label}: the model {} is deprecated", m.model_id.as_deref().unwrap_or("used"));
        if let Some(w) = &d.warning {
            text.push_str(&format!(": {w}"));
        }
        if let Some(r) = &d.replacement {
            text.push_str(&format!("; move to {r}"));
        }
        ui.warn(&text);
    }
    if m.content_violation {
        ui.warn(&format!(
            "{label}: the result was flagged as a content violation (safe mode may have blurred it)"
        ));
    }
}

pub fn success_text(job: &Job, done: &Done) -> String {
    format!("{} -> {}", job.input.label(), done.output)
}

pub fn detail_text(done: &Done) -> String {
    let m = done.edited.meta();
    let model = m.model_id.as_deref().map(|id| format!(", model {id}")).unwrap_or_default();
    let mut text = format!(
        "  {} {} bytes{model}, request {}, {} attempt(s)",
        done.edited.format(),
        done.edited.bytes().len(),
        m.request_id.as_deref().unwrap_or("unknown"),
        m.attempts
    );
    if let Some(p) = &m.enhanced_prompt {
        text.push_str(&format!("\n  enhanced prompt: {p}"));
    }
    text
}
