//! What every request shares, and one edit from checked form to answer:
//! the model from the alias table, `size` into Venice's ratio and tier, the
//! per-request cost cap, then `n` calls through the one call core
//! ([`Core::perform`]: validation before paying, the daily guard, the
//! lock-out guard, pacing under the key's limit, with at most `--jobs`
//! calls at once across every client; the others queue), and the answer in
//! OpenAI's shape.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use base64::Engine;
use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::Semaphore;
use venice_image::{DEFAULT_MODEL, EditOptions, UploadOptions};

use crate::engine::{CallError, Core, Done, Input, Job, Op, Target};
use crate::mcp::Redactor;
use crate::serve::calls::{Answer, Calls};
use crate::serve::daily::Daily;
use crate::serve::error::ApiError;
use crate::serve::form::{EditParams, ResponseFormat, Size, Upload};
use crate::serve::metrics::Metrics;
use crate::serve::results::Results;
use crate::serve::size;
use crate::settings::photo::{MaskConvention, PhotoEdit};
use crate::ui::Ui;

/// OpenAI's image models: they mean "this server's model".
pub const OPENAI_MODELS: &[&str] =
    &["gpt-image-1", "gpt-image-1.5", "gpt-image-1-mini", "dall-e-2", "dall-e-3"];

/// How the server was started.
#[derive(Debug, Default)]
pub struct Config {
    /// The token clients present; none on loopback without one.
    pub token: Option<String>,
    /// The model for requests that name none or an OpenAI model.
    pub model: Option<String>,
    /// Names clients send, mapped to Venice models.
    pub aliases: BTreeMap<String, String>,
    pub max_cost_per_request: Option<f64>,
    /// The start of `url` answers' links, when set.
    pub public_url: Option<String>,
}

/// The server's shared state.
pub struct App {
    pub core: Core,
    pub daily: Daily,
    pub config: Config,
    pub redactor: Redactor,
    pub calls: Calls,
    pub results: Results,
    pub metrics: Metrics,
    /// Places for calls to Venice, shared by every client.
    places: Semaphore,
}

impl App {
    pub fn new(core: Core, daily: Daily, config: Config, redactor: Redactor, jobs: usize) -> Self {
        Self {
            core,
            daily,
            config,
            redactor,
            calls: Calls::default(),
            results: Results::default(),
            metrics: Metrics::default(),
            places: Semaphore::new(jobs.max(1)),
        }
    }

    pub fn ui(&self) -> &Ui {
        &self.core.ui
    }

    /// The Venice model a request's `model` means.
    pub fn model_for(&self, asked: Option<&str>) -> Option<String> {
        match asked {
            None => self.config.model.clone(),
            Some(name) => match self.config.aliases.get(name) {
                Some(id) => Some(id.clone()),
                None if OPENAI_MODELS.contains(&name) => self.config.model.clone(),
                None => Some(name.to_owned()),
            },
        }
    }

    /// One edit request, made: the answer's JSON body or the error. A
    /// mask takes the CLI's `--mask` path (OpenAI's convention:
    /// transparent = edit): sent as a multi-edit's second image, the
    /// answer composited onto the original through it.
    pub async fn edit(
        &self,
        params: EditParams,
        images: Vec<Upload>,
        mask: Option<Upload>,
        base: String,
    ) -> Answer {
        if mask.is_some() && images.len() != 1 {
            return Err(ApiError::invalid("mask", "a mask goes with exactly one image"));
        }
        let mut inputs = images.into_iter().map(|u| Input::Bytes { data: u.data, name: u.name });
        let first = inputs.next().ok_or_else(|| ApiError::invalid("image", "no image"))?;
        // The mask's file lives as long as the calls that read it.
        let mask_file = mask.map(|m| mask_file(&m)).transpose()?;
        let op = match &mask_file {
            Some(_) => Arc::new(masked_op(self.op(&params, Vec::new()).await)),
            None => Arc::new(self.op(&params, inputs.collect()).await),
        };
        self.check_request_cost(&op, params.n).await?;
        let mut upload = UploadOptions::default();
        upload.fit = true;
        let photo = mask_file.as_ref().map(|file| {
            Arc::new(PhotoEdit {
                keep_size: false,
                mask: Some(file.path().to_path_buf()),
                mask_convention: MaskConvention::Alpha,
                feather: 4,
            })
        });
        let job = Job::new(op, upload, first, Target::Memory).with_photo(photo);
        let guard = self.daily.guard();
        let done = futures_util::future::join_all((0..params.n).map(|_| self.call(&job, &guard))).await;
        let images = self.gathered(done)?;
        self.answer(&params, &images, &base)
    }

    /// The images made, once the day's spend is saved; what was paid for is
    /// given back even when another of `n` failed.
    pub(super) fn gathered(&self, done: Vec<Result<Done, ApiError>>) -> Result<Vec<Done>, ApiError> {
        if let Some(warning) = self.daily.save() {
            self.ui().warn(&warning);
        }
        let mut images = Vec::new();
        let mut first_error = None;
        for d in done {
            match d {
                Ok(d) => images.push(d),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if images.is_empty() {
            return Err(first_error.unwrap_or_else(|| ApiError::invalid("n", "no images asked for")));
        }
        Ok(images)
    }

    /// The operation: one image is an edit, several (the first and its
    /// `layers`) a multi-edit.
    async fn op(&self, params: &EditParams, layers: Vec<Input>) -> Op {
        let mut options = EditOptions::default();
        options.model = self.model_for(params.model.as_deref());
        options.output_format = params.output_format;
        options.safe_mode = params.safe_mode;
        if let Size::Exact { width, height } = params.size {
            let (ratios, tiers) = self.model_shapes(options.model.as_deref()).await;
            let (ratio, tier) = size::nearest(width, height, &ratios, &tiers);
            options.aspect_ratio = Some(ratio);
            options.resolution = tier;
        }
        let prompt = params.prompt.clone();
        if !layers.is_empty() {
            let takes_quality = self.takes_quality(options.model.as_deref()).await;
            let quality = params.quality.filter(|_| takes_quality);
            Op::Multi { prompt, options: Box::new(options), quality, layers }
        } else {
            Op::Edit { prompt, options: Box::new(options) }
        }
    }

    /// The aspect ratios and tiers the model takes (none known: empty).
    async fn model_shapes(&self, model: Option<&str>) -> (Vec<String>, Vec<String>) {
        let Ok(catalogue) = self.core.client.models().await else { return (Vec::new(), Vec::new()) };
        catalogue.get(model.unwrap_or(DEFAULT_MODEL)).map_or((Vec::new(), Vec::new()), |m| {
            let ratios = m.constraints.aspect_ratios.iter().filter(|r| *r != "auto").cloned().collect();
            (ratios, m.constraints.resolutions())
        })
    }

    async fn takes_quality(&self, model: Option<&str>) -> bool {
        let Ok(catalogue) = self.core.client.models().await else { return false };
        catalogue.get(model.unwrap_or(DEFAULT_MODEL)).is_some_and(|m| m.constraints.qualities.is_some())
    }

    /// `--max-cost-per-request`: the estimate of all `n` calls, before any is sent.
    pub(super) async fn check_request_cost(&self, op: &Op, n: usize) -> Result<(), ApiError> {
        let Some(max) = self.config.max_cost_per_request else { return Ok(()) };
        match op.estimate(&self.core.client, n).await {
            Some(usd) if usd <= max + 1e-9 => Ok(()),
            Some(usd) => Err(ApiError::quota(format!(
                "the estimated cost ${usd:.4} is above --max-cost-per-request ${max:.4}; nothing was sent"
            ))),
            None => Err(ApiError::quota(
                "--max-cost-per-request is set but the cost of this request cannot be estimated; nothing was sent",
            )),
        }
    }

    /// One call through the engine, in its turn among every client's.
    pub(super) async fn call(&self, job: &Job, guard: &crate::engine::Guard) -> Result<Done, ApiError> {
        let queued = Instant::now();
        let _place =
            self.places.acquire().await.map_err(|_| ApiError::unavailable("shutting down", Some(1)))?;
        self.metrics.waited(queued.elapsed());
        self.metrics.in_flight_calls.fetch_add(1, Ordering::Relaxed);
        let done = self.core.perform(job, Some(guard)).await;
        self.metrics.in_flight_calls.fetch_sub(1, Ordering::Relaxed);
        if !matches!(done, Err(CallError::Guard(_) | CallError::Stopped(_))) {
            self.metrics.upstream_calls.fetch_add(1, Ordering::Relaxed);
        }
        match &done {
            Ok(d) => {
                let retries = u64::from(d.edited.meta().attempts.saturating_sub(1));
                self.metrics.upstream_retries.fetch_add(retries, Ordering::Relaxed);
            }
            Err(CallError::Failed { error, .. }) if error.kind() == venice_image::ErrorKind::RateLimited => {
                self.metrics.upstream_429.fetch_add(1, Ordering::Relaxed);
            }
            Err(_) => {}
        }
        done.map_err(|e| {
            let e = ApiError::from_call(&e, &self.redactor);
            self.ui().detail(&format!("venice serve: a call failed: {}", e.message));
            e
        })
    }

    /// The answer in OpenAI's shape.
    pub(super) fn answer(&self, params: &EditParams, done: &[Done], base: &str) -> Answer {
        let mut data = Vec::new();
        let mut size = None;
        let mut format = None;
        for d in done {
            let bytes = d.bytes.clone().unwrap_or_else(|| d.edited.bytes().clone());
            let info = venice_image::probe::probe_bytes(&bytes).ok();
            size = size.or(info.as_ref().map(|i| format!("{}x{}", i.width, i.height)));
            let extension = d.edited.extension();
            format = format.or(Some(if extension == "jpg" { "jpeg" } else { extension }));
            data.push(self.image_entry(
                params.response_format,
                bytes,
                d.edited.content_type(),
                extension,
                base,
            )?);
        }
        let created = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let body = json!({
            "created": created,
            "data": data,
            "output_format": format,
            "size": size,
            "quality": params.quality.map_or("auto", |q| q.as_str()),
        });
        serde_json::to_vec(&body)
            .map(Bytes::from)
            .map_err(|e| ApiError::unavailable(format!("the answer cannot be written: {e}"), None))
    }

    fn image_entry(
        &self,
        format: ResponseFormat,
        bytes: Bytes,
        content_type: &'static str,
        extension: &str,
        base: &str,
    ) -> Result<Value, ApiError> {
        match format {
            ResponseFormat::B64Json => {
                Ok(json!({"b64_json": base64::engine::general_purpose::STANDARD.encode(&bytes)}))
            }
            ResponseFormat::Url => {
                let id = self
                    .results
                    .keep(bytes, content_type, extension)
                    .ok_or_else(|| ApiError::unavailable("no link can be made for the result", None))?;
                Ok(json!({"url": format!("{base}/results/{id}")}))
            }
        }
    }
}

/// An edit made a multi-edit whose second image is the mask, the prompt
/// saying what the mask means (Venice's edit endpoints take no mask field).
fn masked_op(op: Op) -> Op {
    match op {
        Op::Edit { prompt, options } => Op::Multi {
            prompt: format!("{prompt}{}", crate::engine::photo::MASK_INSTRUCTION),
            options,
            quality: None,
            layers: Vec::new(),
        },
        other => other,
    }
}

/// The uploaded mask in a temporary file (the mask path reads a file).
fn mask_file(mask: &Upload) -> Result<tempfile::NamedTempFile, ApiError> {
    let unwritable =
        |e: std::io::Error| ApiError::invalid("mask", format!("the mask could not be kept: {e}"));
    let mut file = tempfile::Builder::new()
        .prefix("venice-serve-mask-")
        .suffix(".png")
        .tempfile()
        .map_err(unwritable)?;
    std::io::Write::write_all(&mut file, &mask.data).map_err(unwritable)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openai_names_and_aliases_map_to_venice_models() {
        let config = Config {
            model: Some("qwen-image-edit".into()),
            aliases: [("house".to_owned(), "firered-image-edit".to_owned())].into(),
            ..Config::default()
        };
        let client = venice_image::Client::builder().without_env().build().unwrap();
        let core = Core::for_server(Ui::new(true, false, false), client);
        let app = App::new(core, Daily::load(None, None).unwrap(), config, Redactor::default(), 1);
        assert_eq!(app.model_for(Some("gpt-image-1")).as_deref(), Some("qwen-image-edit"));
        assert_eq!(app.model_for(Some("house")).as_deref(), Some("firered-image-edit"));
        assert_eq!(app.model_for(Some("other")).as_deref(), Some("other"));
        assert_eq!(app.model_for(None).as_deref(), Some("qwen-image-edit"));
    }
}
