//! The three requests, each built step by step.

pub use venice_raw::types::{AspectRatio, OutputFormat, Quality};

use crate::source::ImageSource;

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// Multipart for local images (streamed from disk), JSON when any input
    /// is a URL. The default.
    #[default]
    Auto,
    /// `multipart/form-data`: local images only.
    Multipart,
    /// JSON with base64 images (streamed) and URLs.
    Json,
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Self::Auto),
            "multipart" => Ok(Self::Multipart),
            "json" => Ok(Self::Json),
            _ => Err(format!("{s:?} is not an encoding (auto, multipart, json)")),
        }
    }
}

/// Options shared by edit and multi-edit.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct EditOptions {
    pub model: Option<String>,
    pub aspect_ratio: Option<AspectRatio>,
    pub resolution: Option<String>,
    pub output_format: Option<OutputFormat>,
    pub safe_mode: Option<bool>,
    pub enhance_prompt: Option<bool>,
    pub disable_prompt_optimization_thinking: Option<bool>,
    pub encoding: Encoding,
    pub fit: bool,
}

/// Builder methods for the options of edit and multi-edit.
macro_rules! edit_options {
    () => {
        /// The edit model (see [`Client::models`](crate::Client::models)); the
        /// service's default when unset.
        pub fn model(mut self, id: impl Into<String>) -> Self {
            self.options.model = Some(id.into());
            self
        }
        /// Output shape; the model lists what it takes.
        pub fn aspect_ratio(mut self, ratio: AspectRatio) -> Self {
            self.options.aspect_ratio = Some(ratio);
            self
        }
        /// Resolution tier (`1K`, `2K`, `4K`); the model lists what it takes.
        pub fn resolution(mut self, tier: impl Into<String>) -> Self {
            self.options.resolution = Some(tier.into());
            self
        }
        /// Output encoding; the service picks PNG at 1K and JPEG above when unset.
        pub fn output_format(mut self, format: OutputFormat) -> Self {
            self.options.output_format = Some(format);
            self
        }
        /// Blur adult content (the service's default is on).
        pub fn safe_mode(mut self, on: bool) -> Self {
            self.options.safe_mode = Some(on);
            self
        }
        /// Let the service rewrite the prompt first: charged extra, up to ~30 s slower.
        pub fn enhance_prompt(mut self, on: bool) -> Self {
            self.options.enhance_prompt = Some(on);
            self
        }
        /// Skip the model's prompt-optimisation reasoning step, where it has one.
        pub fn disable_prompt_optimization_thinking(mut self, on: bool) -> Self {
            self.options.disable_prompt_optimization_thinking = Some(on);
            self
        }
        /// How to encode the body (default [`Encoding::Auto`]).
        pub fn encoding(mut self, encoding: Encoding) -> Self {
            self.options.encoding = encoding;
            self
        }
        /// Downscale (and turn upright) images over the pixel or size limit
        /// instead of refusing them; each change is reported.
        pub fn fit(mut self, on: bool) -> Self {
            self.options.fit = on;
            self
        }
    };
}

/// One image edited from a prompt (`POST /image/edit`).
///
/// ```
/// use venice_image::{AspectRatio, EditRequest, ImageSource};
///
/// let request = EditRequest::new(ImageSource::path("canal.jpg"), "make the sky a sunrise")
///     .model("nano-banana-2-edit")
///     .aspect_ratio("16:9".parse::<AspectRatio>().unwrap())
///     .resolution("2K");
/// # let _ = request;
/// ```
#[derive(Debug)]
pub struct EditRequest {
    pub(crate) image: ImageSource,
    pub(crate) prompt: String,
    pub(crate) options: EditOptions,
}

impl EditRequest {
    /// An edit of `image` following `prompt`.
    pub fn new(image: ImageSource, prompt: impl Into<String>) -> Self {
        Self { image, prompt: prompt.into(), options: EditOptions::default() }
    }

    edit_options!();
}

/// A base image edited with layers or masks (`POST /image/multi-edit`).
///
/// ```
/// use venice_image::{ImageSource, MultiEditRequest};
///
/// let request = MultiEditRequest::new(
///     ImageSource::path("street.png"),
///     vec![ImageSource::path("billboard-mask.png")],
///     "put a festival poster on the billboard",
/// );
/// # let _ = request;
/// ```
#[derive(Debug)]
pub struct MultiEditRequest {
    pub(crate) images: Vec<ImageSource>,
    pub(crate) prompt: String,
    pub(crate) quality: Option<Quality>,
    pub(crate) options: EditOptions,
}

impl MultiEditRequest {
    /// An edit of `base` guided by `layers`, following `prompt`.
    pub fn new(base: ImageSource, layers: Vec<ImageSource>, prompt: impl Into<String>) -> Self {
        let mut images = vec![base];
        images.extend(layers);
        Self { images, prompt: prompt.into(), quality: None, options: EditOptions::default() }
    }

    /// Output quality, for models that list qualities.
    pub fn quality(mut self, quality: Quality) -> Self {
        self.quality = Some(quality);
        self
    }

    edit_options!();
}

/// A subject cut out onto transparency (`POST /image/background-remove`).
/// A URL goes as `image_url`; any other source as `image`.
#[derive(Debug)]
pub struct BackgroundRemoveRequest {
    pub(crate) image: ImageSource,
    pub(crate) encoding: Encoding,
    pub(crate) fit: bool,
}

impl BackgroundRemoveRequest {
    /// A cut-out of `image`.
    pub fn new(image: ImageSource) -> Self {
        Self { image, encoding: Encoding::Auto, fit: false }
    }

    /// How to encode the body.
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// Downscale images over the limits instead of refusing them.
    pub fn fit(mut self, on: bool) -> Self {
        self.fit = on;
        self
    }
}
