//! The service's numbers in one place: what it accepts, what it answers,
//! and the defaults it applies. Every check in this crate reads them here.

/// Venice's API.
pub const DEFAULT_BASE_URL: &str = "https://api.venice.ai/api/v1";

/// The model the service uses when an edit names none.
pub const DEFAULT_MODEL: &str = "firered-image-edit";

/// The model a generation goes to when the request names none.
pub const DEFAULT_GENERATE_MODEL: &str = "venice-sd35";
/// Longest generation prompt (and negative prompt) the schema allows, in
/// UTF-16 code units; each model's own limit may be lower.
pub const MAX_GENERATE_PROMPT: usize = 7500;
/// Longest side a generation may ask for by width and height.
pub const MAX_GENERATE_SIDE: u32 = 1280;
/// Most pictures one generation draws.
pub const MAX_VARIANTS: u32 = 4;
/// The seeds a generation takes.
pub const SEED_RANGE: std::ops::RangeInclusive<i64> = -999_999_999..=999_999_999;
/// Models the service lists as `type: image` that draw nothing from a
/// prompt (its background remover): never generation models.
pub const NOT_GENERATORS: [&str; 1] = ["bria-bg-remover"];

/// Fewest pixels an input image may have.
pub const MIN_PIXELS: u64 = 65_536;
/// Most pixels an input image may have.
pub const MAX_PIXELS: u64 = 33_177_600;
/// An image file must be smaller than this: 25 MB (binary megabytes).
pub const MAX_FILE_BYTES: u64 = 25 * 1024 * 1024;
/// JSON bodies over this are refused by the service (35 MB).
pub const MAX_JSON_BYTES: u64 = 35 * 1024 * 1024;
/// Longest prompt any model takes, in UTF-16 code units.
pub const MAX_PROMPT: usize = 32768;
/// A resolution tier is 1 to this many characters (`1K`, `2K`, `4K`).
pub const MAX_RESOLUTION_CHARS: usize = 10;
/// Most pixels an upscaled image may have; at scale 4 the service lowers
/// the scale to 2 for inputs whose 4x output would be larger.
pub const MAX_UPSCALE_PIXELS: u64 = 16_777_216;
/// Most pixels an upscale input may have: even its 2x output must fit.
pub const MAX_UPSCALE_INPUT_PIXELS: u64 = MAX_UPSCALE_PIXELS / 4;
/// The upscaler's `creativity` range (the service clamps into it; this
/// client refuses values outside it, so that what is sent is what is used).
pub const CREATIVITY_RANGE: std::ops::RangeInclusive<f64> = 0.0..=0.02;

/// Answers larger than this are cut off by default (a 4K PNG is well under).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 128 * 1024 * 1024;
/// At most this much of an error answer is read: error bodies are small.
pub(crate) const MAX_ERROR_BODY: u64 = 64 * 1024;
/// Longest side the fitter decodes.
#[cfg(feature = "fit")]
pub(crate) const MAX_FIT_SIDE: u32 = 100_000;
/// Most pixels the fitter decodes (eight times what the service takes).
#[cfg(feature = "fit")]
pub(crate) const MAX_FIT_PIXELS: u64 = 8 * MAX_PIXELS;
/// Most memory the fitter's decoder may allocate.
#[cfg(feature = "fit")]
pub(crate) const MAX_FIT_ALLOC: u64 = 2 * 1024 * 1024 * 1024;
/// Longest side a fitted image is encoded with (JPEG's limit).
#[cfg(feature = "fit")]
pub(crate) const MAX_OUTPUT_SIDE: u32 = 65_535;
/// Most bytes read from a stream when the image may be fitted.
pub(crate) const MAX_FIT_INPUT: u64 = 256 * 1024 * 1024;
