//! One job: an input, where its result goes, and what is done to it
//! (prepared and sent by the library, then written atomically).

use std::io::Write;
use std::path::PathBuf;

use venice_image::{
    BackgroundRemoveRequest, EditOptions, EditRequest, EditedImage, Error, MultiEditRequest, PreparedCall,
    Quality,
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
}

impl Kind {
    /// The suffix of default output names: `photo.<suffix>.png`.
    pub fn suffix(&self) -> &'static str {
        match self {
            Self::RemoveBg => "nobg",
            _ => "edited",
        }
    }

    /// The extension the answer most likely has (the real one comes from its bytes).
    pub fn extension(&self) -> &'static str {
        match self {
            Self::Edit { options, .. } | Self::Multi { options, .. } => options.expected_extension(),
            Self::RemoveBg => "png",
        }
    }

    /// Estimated USD for `n` jobs, from the catalogue.
    pub async fn estimate(&self, ctx: &Ctx, n: usize) -> Option<f64> {
        let (options, quality, images) = match self {
            Self::Edit { options, .. } => (options, None, 1),
            Self::Multi { options, quality, layers, .. } => (options, *quality, layers.len() as u32 + 1),
            Self::RemoveBg => return None,
        };
        let catalogue = ctx.client.models().await.ok()?;
        Some(catalogue.edit_cost(options, quality, images)?.usd * n as f64)
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

/// Validates a job into a call, sending nothing.
pub async fn prepare(ctx: &Ctx, job: &Job) -> Result<PreparedCall, Error> {
    let upload = ctx.out.upload;
    match &ctx.kind {
        Kind::Edit { prompt, options } => {
            let req = EditRequest::new(job.input.source(), prompt.clone())
                .options((**options).clone())
                .upload(upload);
            ctx.client.prepare_edit(req).await
        }
        Kind::Multi { prompt, options, quality, layers } => {
            let layers = layers.iter().map(Input::source).collect();
            let mut req = MultiEditRequest::new(job.input.source(), layers, prompt.clone())
                .options((**options).clone())
                .upload(upload);
            if let Some(q) = quality {
                req = req.quality(*q);
            }
            ctx.client.prepare_multi_edit(req).await
        }
        Kind::RemoveBg => {
            ctx.client
                .prepare_remove_background(BackgroundRemoveRequest::new(job.input.source()).upload(upload))
                .await
        }
    }
}

/// Prepares, sends and saves one job.
pub async fn perform(ctx: &Ctx, job: &Job) -> Result<Done, Error> {
    let call = prepare(ctx, job).await?;
    for r in call.fitted() {
        ctx.ui.warn(&format!("{}: {r}", job.input.label()));
    }
    let cost = call.estimated_cost().map(|c| c.usd);
    let edited = ctx.client.send(&call).await?;
    let output = match &job.target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            crate::ui::exit_quietly_on_broken_pipe(out.write_all(edited.bytes()).and_then(|()| out.flush()));
            "-".to_owned()
        }
        Target::File { path, explicit } => {
            let path = if *explicit { path.clone() } else { path.with_extension(edited.extension()) };
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| Error::Io {
                    context: format!("cannot create {}", dir.display()),
                    source: e,
                })?;
            }
            let bytes = edited.bytes().clone();
            let to = path.clone();
            // Written on a blocking thread, which finishes the write and the
            // rename even if the run is abandoned: never a partial file.
            tokio::task::spawn_blocking(move || venice_image::write_atomic(&to, &bytes))
                .await
                .map_err(|e| Error::Io {
                    context: "the writer failed".into(),
                    source: std::io::Error::other(e),
                })?
                .map_err(|e| Error::Io { context: format!("cannot write {}", path.display()), source: e })?;
            path.display().to_string()
        }
    };
    Ok(Done { output, edited, cost })
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
    format!(
        "  {} {} bytes{model}, request {}, {} attempt(s)",
        done.edited.format(),
        done.edited.bytes().len(),
        m.request_id.as_deref().unwrap_or("unknown"),
        m.attempts
    )
}
