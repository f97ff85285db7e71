//! One generation (`POST /v1/images/generations`) from checked fields to
//! answer: the Venice generation model (a generation model named, one an
//! alias maps to, else the default for OpenAI's names), `size` as the
//! model takes it (the nearest ratio and tier, or width and height within
//! its bounds), `quality` when the model takes one, then `n` calls of
//! [`Op::Generate`] through the one call core, each with its own seed (as
//! `venice generate --variants`), under the same cap, guard, pacing and
//! places as edits, and the answer in the edits' shape.

use std::sync::Arc;

use venice_image::{AspectRatio, DEFAULT_GENERATE_MODEL, GenerateModel, GenerateRequest, UploadOptions};

use crate::batch::prompts::seed_for;
use crate::engine::{Input, Job, Op, Target};
use crate::serve::app::{App, OPENAI_MODELS};
use crate::serve::calls::Answer;
use crate::serve::form::{GenerateParams, Size};
use crate::serve::size;

impl App {
    /// One generation request, made: the answer's JSON body or the error.
    pub async fn generate(&self, params: GenerateParams, base: String) -> Answer {
        let models = self.core.client.generation_models().await.ok();
        let models = models.as_deref().map_or(&[][..], Vec::as_slice);
        let request = self.generate_request(&params, models);
        let n = params.base.n;
        let sample = Op::Generate { request: Box::new(request.clone()) };
        self.check_request_cost(&sample, n).await?;
        let prompt = params.base.prompt.clone();
        let jobs: Vec<Job> = (0..n)
            .map(|i| {
                let seed = seed_for(None, &prompt, u32::try_from(i).unwrap_or(0));
                let request = request.clone().with_seed(Some(seed));
                let op = Arc::new(Op::Generate { request: Box::new(request) });
                Job::new(op, UploadOptions::default(), Input::Prompt(prompt.clone()), Target::Memory)
            })
            .collect();
        let guard = self.daily.guard();
        let done = futures_util::future::join_all(jobs.iter().map(|job| self.call(job, &guard))).await;
        let images = self.gathered(done)?;
        self.answer(&params.base, &images, &base)
    }

    /// The library's request for the checked fields; what it does not take
    /// is left for the library to refuse by name.
    fn generate_request(&self, params: &GenerateParams, models: &[GenerateModel]) -> GenerateRequest {
        let p = &params.base;
        let id = self.generation_model_for(p.model.as_deref(), models);
        let model = models.iter().find(|m| m.id == id);
        let mut request = GenerateRequest::new(p.prompt.clone()).model(id);
        if let Size::Exact { width, height } = p.size {
            request = match model {
                Some(m) if m.sized_by_ratio() => {
                    let ratios: Vec<String> =
                        m.constraints.aspect_ratios.iter().filter(|r| *r != "auto").cloned().collect();
                    let (ratio, tier) = size::nearest(width, height, &ratios, &m.constraints.resolutions);
                    let request = if ratio == AspectRatio::Auto {
                        request
                    } else {
                        request.aspect_ratio(ratio.as_str())
                    };
                    match tier {
                        Some(t) => request.resolution(t),
                        None => request,
                    }
                }
                _ => {
                    let (w, h) =
                        size::pixels(width, height, model.and_then(|m| m.constraints.width_height_divisor));
                    request.width(w).height(h)
                }
            };
        }
        if let Some(q) = p.quality
            && model.is_some_and(|m| m.constraints.qualities.iter().any(|t| t == q.as_str()))
        {
            request = request.quality(q);
        }
        if let Some(f) = p.output_format {
            request = request.format(f);
        }
        if let Some(safe) = p.safe_mode {
            request = request.safe_mode(safe);
        }
        if let Some(style) = &params.style {
            request = request.style_preset(style.clone());
        }
        request
    }

    /// The Venice generation model a request's `model` means: a name an
    /// alias maps to a generation model, that model; an OpenAI name (or an
    /// alias to an edit model), `--model` when it is a generation model,
    /// else the service's default; any other name as given.
    fn generation_model_for(&self, asked: Option<&str>, models: &[GenerateModel]) -> String {
        let generates = |id: &str| models.iter().any(|m| m.id == id);
        let default = || {
            self.config
                .model
                .clone()
                .filter(|m| generates(m))
                .unwrap_or_else(|| DEFAULT_GENERATE_MODEL.to_owned())
        };
        match asked {
            None => default(),
            Some(name) => match self.config.aliases.get(name) {
                Some(id) if generates(id) => id.clone(),
                Some(_) => default(),
                None if OPENAI_MODELS.contains(&name) => default(),
                None => name.to_owned(),
            },
        }
    }
}
