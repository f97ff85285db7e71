//! What one call does: the operation and its options (the library's own
//! types), without the input it is done to; how its default outputs are
//! named, what it costs by the catalogue, and its request as the library
//! builds it.

use venice_image::{
    Client, EditOptions, EditRequest, Error, GenerateRequest, ImageSource, MultiEditRequest, OutputFormat,
    PreparedCall, Quality, RemoveBackgroundRequest, Scale, UploadOptions, UpscaleRequest,
};

use crate::engine::input::Input;

/// One image operation with its options.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// `POST /image/edit`.
    Edit { prompt: String, options: Box<EditOptions> },
    /// `POST /image/multi-edit`: the input is the base, `layers` follow it.
    Multi { prompt: String, options: Box<EditOptions>, quality: Option<Quality>, layers: Vec<Input> },
    /// `POST /image/background-remove`.
    RemoveBg,
    /// `POST /image/upscale`.
    Upscale { scale: Option<Scale>, creativity: Option<f64> },
    /// `POST /image/generate`: one picture from the request's prompt (the
    /// job's input is the prompt; there is no image).
    Generate { request: Box<GenerateRequest> },
}

impl Op {
    /// The suffix of default output names: `photo.<suffix>.png`.
    pub fn suffix(&self) -> &'static str {
        match self {
            Self::RemoveBg => "nobg",
            Self::Upscale { .. } => "upscaled",
            Self::Edit { .. } | Self::Multi { .. } => "edited",
            Self::Generate { .. } => "generated",
        }
    }

    /// The operation's name, as its command is named.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Edit { .. } => "edit",
            Self::Multi { .. } => "multi-edit",
            Self::RemoveBg => "remove-bg",
            Self::Upscale { .. } => "upscale",
            Self::Generate { .. } => "generate",
        }
    }

    /// The seed a generation is drawn with, when it names one.
    pub fn seed(&self) -> Option<i64> {
        match self {
            Self::Generate { request } => request.seed_value(),
            _ => None,
        }
    }

    /// The prompt, for the operations that have one.
    pub fn prompt(&self) -> Option<&str> {
        match self {
            Self::Edit { prompt, .. } | Self::Multi { prompt, .. } => Some(prompt),
            Self::Generate { request } => Some(request.prompt()),
            Self::RemoveBg | Self::Upscale { .. } => None,
        }
    }

    /// The extension the answer most likely has (the real one comes from its bytes).
    pub fn extension(&self) -> &'static str {
        match self {
            Self::Edit { options, .. } | Self::Multi { options, .. } => options.expected_extension(),
            Self::RemoveBg | Self::Upscale { .. } => "png",
            Self::Generate { request } => match request.format_or_default() {
                OutputFormat::Jpeg => "jpg",
                OutputFormat::Png => "png",
                _ => "webp",
            },
        }
    }

    /// The model asked for, when the call names one.
    pub fn model(&self) -> Option<&str> {
        match self {
            Self::Edit { options, .. } | Self::Multi { options, .. } => options.model.as_deref(),
            Self::Generate { request } => Some(request.model_or_default()),
            Self::RemoveBg | Self::Upscale { .. } => None,
        }
    }

    /// Whether the call asks for something charged beyond the catalogue's
    /// price (the service's prompt enhancement).
    pub fn charged_extra(&self) -> bool {
        match self {
            Self::Edit { options, .. } | Self::Multi { options, .. } => options.enhance_prompt == Some(true),
            Self::Generate { request } => request.enhances_prompt(),
            Self::RemoveBg | Self::Upscale { .. } => false,
        }
    }

    /// What the call does, in words: the title of a gallery.
    pub fn title(&self) -> String {
        match self {
            Self::Edit { prompt, .. } => format!("venice edit: {prompt}"),
            Self::Multi { prompt, .. } => format!("venice multi-edit: {prompt}"),
            Self::RemoveBg => "venice remove-bg".to_owned(),
            Self::Upscale { .. } => "venice upscale".to_owned(),
            Self::Generate { request } => format!("venice generate: {}", request.prompt()),
        }
    }

    /// Whether a layer reads standard input.
    pub fn reads_stdin(&self) -> bool {
        matches!(self, Self::Multi { layers, .. } if layers.contains(&Input::Stdin))
    }

    /// Estimated USD for `n` calls, from the catalogue (none when it is
    /// unavailable or has no price).
    pub async fn estimate(&self, client: &Client, n: usize) -> Option<f64> {
        let (options, quality, images) = match self {
            Self::Edit { options, .. } => (options, None, 1),
            Self::Multi { options, quality, layers, .. } => {
                (options, *quality, u32::try_from(layers.len()).unwrap_or(u32::MAX).saturating_add(1))
            }
            Self::RemoveBg => {
                // The background remover's price, from the image models' listing.
                let price = client.background_remover().await.ok()??.price?;
                return Some(price.usd * n as f64);
            }
            Self::Generate { request } => {
                let models = client.generation_models().await.ok()?;
                let model = models.iter().find(|m| m.id == request.model_or_default())?;
                return Some(model.cost(request)?.usd * n as f64);
            }
            Self::Upscale { scale, .. } => {
                // The asked scale's price: an upper bound, since the service
                // lowers 4x to 2x for large inputs (the dry run shows each).
                let price = client.upscaler().await.ok()?.price(scale.unwrap_or_default())?;
                return Some(price.usd * n as f64);
            }
        };
        let catalogue = client.models().await.ok()?;
        Some(catalogue.edit_cost(options, quality, images)?.usd * n as f64)
    }

    /// Validates the call on `source` with the library, sending nothing.
    pub async fn prepare(
        &self,
        client: &Client,
        source: ImageSource,
        layers: Vec<ImageSource>,
        upload: UploadOptions,
    ) -> Result<PreparedCall, Error> {
        match self {
            Self::Edit { prompt, options } => {
                let req =
                    EditRequest::new(source, prompt.clone()).options((**options).clone()).upload(upload);
                client.prepare_edit(req).await
            }
            Self::Multi { prompt, options, quality, .. } => {
                let mut req = MultiEditRequest::new(source, layers, prompt.clone())
                    .options((**options).clone())
                    .upload(upload);
                if let Some(q) = quality {
                    req = req.quality(*q);
                }
                client.prepare_multi_edit(req).await
            }
            Self::RemoveBg => {
                client.prepare_remove_background(RemoveBackgroundRequest::new(source).upload(upload)).await
            }
            Self::Upscale { scale, creativity } => {
                let mut req = UpscaleRequest::new(source).upload(upload);
                if let Some(s) = scale {
                    req = req.scale(*s);
                }
                if let Some(c) = creativity {
                    req = req.creativity(*c);
                }
                client.prepare_upscale(req).await
            }
            Self::Generate { request } => client.prepare_generate((**request).clone()).await,
        }
    }
}
