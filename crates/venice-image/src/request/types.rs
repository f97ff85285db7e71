//! The requests, each built step by step from its inputs and options.

use crate::request::options::{AspectRatio, EditOptions, Encoding, OutputFormat, Quality, UploadOptions};
use crate::request::source::ImageSource;
use crate::request::upscale::Scale;

/// Builder methods shared by the requests that carry [`EditOptions`]; each
/// sets one field of those options.
macro_rules! edit_options {
    () => {
        /// All the edit options at once.
        pub fn options(mut self, options: EditOptions) -> Self {
            self.options = options;
            self
        }
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
    };
}

/// Builder methods for [`UploadOptions`], shared by every request.
macro_rules! upload_options {
    () => {
        /// How the inputs are sent, at once.
        pub fn upload(mut self, upload: UploadOptions) -> Self {
            self.upload = upload;
            self
        }
        /// How to encode the body (default [`Encoding::Auto`]).
        pub fn encoding(mut self, encoding: Encoding) -> Self {
            self.upload.encoding = encoding;
            self
        }
        /// Downscale (and turn upright) images over the pixel or size limit
        /// instead of refusing them; each change is reported.
        pub fn fit(mut self, on: bool) -> Self {
            self.upload.fit = on;
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
///     .aspect_ratio(AspectRatio::Landscape16x9)
///     .resolution("2K");
/// # let _ = request;
/// ```
#[derive(Debug)]
pub struct EditRequest {
    pub(crate) image: ImageSource,
    pub(crate) prompt: String,
    pub(crate) options: EditOptions,
    pub(crate) upload: UploadOptions,
}

impl EditRequest {
    /// An edit of `image` following `prompt`.
    pub fn new(image: ImageSource, prompt: impl Into<String>) -> Self {
        Self {
            image,
            prompt: prompt.into(),
            options: EditOptions::default(),
            upload: UploadOptions::default(),
        }
    }

    edit_options!();
    upload_options!();
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
    pub(crate) upload: UploadOptions,
}

impl MultiEditRequest {
    /// An edit of `base` guided by `layers` (none is allowed), following `prompt`.
    pub fn new(base: ImageSource, layers: Vec<ImageSource>, prompt: impl Into<String>) -> Self {
        let mut images = vec![base];
        images.extend(layers);
        Self {
            images,
            prompt: prompt.into(),
            quality: None,
            options: EditOptions::default(),
            upload: UploadOptions::default(),
        }
    }

    /// Output quality, for models that list qualities.
    pub fn quality(mut self, quality: Quality) -> Self {
        self.quality = Some(quality);
        self
    }

    edit_options!();
    upload_options!();
}

/// A subject cut out onto transparency (`POST /image/background-remove`).
/// A URL goes as `image_url`; any other source as `image`.
#[derive(Debug)]
pub struct RemoveBackgroundRequest {
    pub(crate) image: ImageSource,
    pub(crate) upload: UploadOptions,
}

impl RemoveBackgroundRequest {
    /// A cut-out of `image`.
    pub fn new(image: ImageSource) -> Self {
        Self { image, upload: UploadOptions::default() }
    }

    upload_options!();
}

/// One image upscaled by 2 or 4 (`POST /image/upscale`); the answer is a PNG.
/// The service lowers 4 to 2 for inputs whose 4x output would be over
/// [`MAX_UPSCALE_PIXELS`](crate::MAX_UPSCALE_PIXELS); the prepared call
/// predicts it ([`PreparedCall::upscale`](crate::PreparedCall::upscale)).
///
/// ```
/// use venice_image::{ImageSource, Scale, UpscaleRequest};
///
/// let request = UpscaleRequest::new(ImageSource::path("photo.png")).scale(Scale::X4).creativity(0.005);
/// # let _ = request;
/// ```
#[derive(Debug)]
pub struct UpscaleRequest {
    pub(crate) image: ImageSource,
    pub(crate) scale: Option<Scale>,
    pub(crate) creativity: Option<f64>,
    pub(crate) upload: UploadOptions,
}

impl UpscaleRequest {
    /// An upscale of `image`, by the service's default scale (2).
    pub fn new(image: ImageSource) -> Self {
        Self { image, scale: None, creativity: None, upload: UploadOptions::default() }
    }

    /// By how much: 2 or 4 (sent as asked; left out, the service uses 2).
    pub fn scale(mut self, scale: Scale) -> Self {
        self.scale = Some(scale);
        self
    }

    /// Checks a creativity value as [`Client::prepare_upscale`](crate::Client::prepare_upscale)
    /// will (within [`CREATIVITY_RANGE`](crate::CREATIVITY_RANGE); NaN and
    /// infinities refused), for a caller with many inputs to check once.
    pub fn check_creativity(creativity: Option<f64>) -> Result<(), crate::InvalidInput> {
        crate::request::upscale::check_creativity(creativity)
    }

    /// How much new detail the upscaler may invent, 0 to 0.02 (the
    /// service's default is 0.01); outside that range the call is refused
    /// before sending.
    pub fn creativity(mut self, creativity: f64) -> Self {
        self.creativity = Some(creativity);
        self
    }

    upload_options!();
}
