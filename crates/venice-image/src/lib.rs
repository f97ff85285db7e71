//! A careful client for Venice's image-editing API.
//!
//! - **Edit** one image from a prompt ([`Client::edit`]), **multi-edit** a base
//!   image with layers or masks ([`Client::multi_edit`]), **remove a
//!   background** ([`Client::remove_background`]), **upscale** by 2 or 4
//!   ([`Client::upscale`]) and read the **model catalogue** with limits and
//!   prices ([`Client::models`], [`Client::upscale_models`]).
//! - **Nothing bad is sent.** Every request is checked before a byte leaves
//!   the machine: the image's real format (from its bytes, never its name),
//!   its pixel count and file size (from its header only), the prompt length
//!   and the model's own rules (ratios, tiers, qualities, image count, prompt
//!   limit) from the catalogue. A refused request costs no money and no
//!   rate-limit slot. [`Client::prepare_edit`] and [`Client::plan`] show what
//!   would be sent, for dry runs.
//! - **Fast, in bounded memory.** Local files go as multipart, streamed from
//!   disk with their real MIME type; JSON bodies stream their base64 chunk by
//!   chunk.
//! - **Retries that help** ([`RetryPolicy`]): 408/429/5xx, timeouts and
//!   dropped connections are retried, `Retry-After` (seconds, HTTP date,
//!   `retry-after-ms`) is honoured and shared by every clone of the client,
//!   and nothing that cannot succeed is retried.
//! - **One error type** ([`Error`]) that says what went wrong, carries the
//!   service's message and request id, and tells whether it is retryable.
//! - The API key lives in a [`Secret`] that never prints.
//!
//! # Example
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use venice_image::{AspectRatio, Client, EditRequest, ImageSource};
//! # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
//! # let dir = tempfile::tempdir().unwrap();
//! # let photo = dir.path().join("canal.jpg");
//! # std::fs::write(&photo, venice_mock::fixtures::jpeg(800, 600)).unwrap();
//!
//! // The key and base URL default to VENICE_API_KEY and the public API.
//! let client = Client::builder().api_key("test-key").base_url(mock.base_url()).build()?;
//! let request = EditRequest::new(ImageSource::path(&photo), "make the sky a sunrise")
//!     .aspect_ratio(AspectRatio::Landscape16x9);
//!
//! let call = client.prepare_edit(request).await?; // validated; nothing sent yet
//! println!("{}", client.plan(&call)); // what would be sent, and its estimated cost
//! let edited = client.send(&call).await?;
//! edited.save(dir.path().join(format!("canal.edited.{}", edited.extension())))?;
//! assert_eq!(edited.meta().model_id.as_deref(), Some("firered-image-edit"));
//! # Ok::<(), venice_image::Error>(())
//! # }).unwrap();
//! ```
//!
//! # Layers
//!
//! The wire types come from the generated `venice-raw` crate: every request
//! body is built from its request types (so field names and bounds follow
//! the spec), and the model list and error bodies are read with its types.
//! Every request is *sent* by this crate's transport (`GET /models`
//! included), not by the generated client: progenitor's builders send a
//! body once, and ours stream files from disk and are rebuilt for each
//! retry. [`Client::raw`] gives the generated client, carrying the
//! credential, for requests this crate does not offer.
//!
//! # Where things are
//!
//! The crate is a few stages, bottom up; each uses only the ones before it:
//! `support` (randomness, the calendar, numbers for people) and `limits`
//! (the API's numbers); `error` (the error type, its kinds, reading error
//! bodies, which statuses are retried); `auth` (credentials, [`Secret`],
//! the [`WalletSigner`] trait); `picture` (image files read without
//! decoding: probe, metadata stripping, bounds, fit, output metadata);
//! `request` (options, request types, sources, the catalogue and the
//! models' rules, validation, the prepared call and its body); `transport`
//! (the one sender: retry policy, the shared pause, pacing, HTTP and TLS);
//! `output` (answers and atomic saving); `client` (every `impl Client`:
//! building, preparing, planning, listing models, the catalogue cache);
//! `wallet` (x402: signer, keystores, wallet calls, top-up). Following
//! [`Client::edit`]: `client/mod.rs` → `client/prepare.rs` (sources and
//! validation in `request/`) → `transport/mod.rs` → `output/response.rs`.
//!
//! # Features
//!
//! - `rustls` (default): TLS by rustls with aws-lc-rs, reqwest's own
//!   default provider (FIPS-capable; aws-lc-sys is a large C build).
//! - `rustls-ring`: rustls with ring, which builds in seconds (use it with
//!   `default-features = false`). reqwest is then built without a provider:
//!   venice-image installs ring as the process's rustls default before it
//!   builds its client, unless one is installed already. A program that
//!   builds reqwest clients of its own should install it first thing in
//!   `main`, or those panic.
//! - `native-tls`: the platform's TLS (OpenSSL, Secure Transport, SChannel).
//!   Without any TLS feature only `http://` base URLs work (the emulator).
//! - `fit` (default): downscaling of oversized inputs (the `image` crate and
//!   its codecs). Without it, a request with fit on is refused with
//!   [`Rule::FeatureDisabled`].
//! - `heif`: HEIC/HEIF and AVIF inputs converted for upload (upright JPEG,
//!   or PNG with transparency, with their colour profile) and their
//!   metadata carried, by the system's libheif (1.17+); `decode_heif` and
//!   `heif_dimensions`. `heic`: the same with libheif built from source
//!   (cmake, a C++ compiler, libde265 and dav1d headers). Without either,
//!   such inputs are refused with [`Rule::FeatureDisabled`].
//! - `lossless-jpeg`: a JPEG stored on its side is turned upright on its
//!   blocks, without re-encoding (libjpeg-turbo, built with cmake), where
//!   the edge it moves is whole blocks; else it is re-encoded.
//! - `metadata`: outputs that keep the input's ICC profile, EXIF and XMP
//!   and record how they were made (the `metadata` module). Removing metadata from
//!   uploads needs no feature: it is always on (see
//!   [`UploadOptions::keep_metadata_in_upload`]).
//! - `clap`: the option structs ([`EditOptions`], [`UploadOptions`]) and
//!   value enums derive clap's traits, so a command line can flatten them
//!   (the `venice` CLI does).
//! - `x402`: paying with a wallet: `EvmWallet` (secp256k1, EIP-191
//!   sign-in, EIP-712 payments, Web3 Secret Storage keystores),
//!   `SolanaWallet` (Ed25519 sign-in; no top-ups) and the
//!   wallet calls (`Client::wallet_balance`, `Client::top_up`, ...);
//!   see [`wallet`]. The [`WalletSigner`] trait is in every build.
//! - `internals`: makes the encoders and retry helpers public for the
//!   project's benches and fuzz targets; not a stable API.
#![warn(missing_docs)]

// The stages, bottom up: each uses only the ones above it in this list.
mod auth;
mod client;
mod error;
mod limits;
mod output;
mod picture;
mod request;
mod support;
mod transport;
pub mod wallet;

// Modules users import by path, where they live now.
#[cfg(feature = "metadata")]
pub use picture::metadata;
pub use picture::probe;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub use picture::strip;
pub use picture::whole;
pub use request::catalogue;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub use request::encode;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub use transport::retry;

pub use auth::secret::Secret;
pub use auth::{API_KEY_ENV, CredentialSource, Credentials};
pub use client::Client;
pub use client::builder::{BASE_URL_ENV, ClientBuilder};
pub use client::cache::CatalogueCache;
pub use client::plan::{ImagePlan, Plan};
pub use error::kind::ErrorKind;
pub use error::{ApiFailure, Error, FailureAdvice, InvalidInput, Rule};
pub use limits::{
    CREATIVITY_RANGE, DEFAULT_BASE_URL, DEFAULT_GENERATE_MODEL, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MODEL,
    MAX_FILE_BYTES, MAX_GENERATE_PROMPT, MAX_GENERATE_SIDE, MAX_JSON_BYTES, MAX_PIXELS, MAX_PROMPT,
    MAX_UPSCALE_INPUT_PIXELS, MAX_UPSCALE_PIXELS, MAX_VARIANTS, MIN_PIXELS, SEED_RANGE,
};
pub use output::generated::GeneratedImages;
pub use output::response::{DeprecationNotice, EditedImage, RateLimitInfo, ResponseMeta};
pub use output::save::{OutputSlot, write_atomic};
pub use picture::fit::FitReport;
#[cfg(feature = "heif")]
pub use picture::heif::{HeifError, HeifPicture, decode_heif, heif_dimensions};
pub use picture::probe::{ImageFormat, ImageInfo};
pub use request::call::{Operation, PreparedCall};
pub use request::catalogue::{Catalogue, Cost, EditModel};
pub use request::generate::{GenerateModel, GenerateRequest, ImageConstraints, ImagePricing, Steps};
pub use request::options::{
    AspectRatio, EditOptions, Encoding, OutputFormat, Quality, UnknownValue, UploadOptions,
};
pub use request::remover::{BACKGROUND_REMOVER, BackgroundRemover};
pub use request::source::{CheckedImage, ImageSource};
pub use request::types::{EditRequest, MultiEditRequest, RemoveBackgroundRequest, UpscaleRequest};
pub use request::upscale::{Scale, ScalePrediction, UpscaleModel};
pub use transport::retry::{RetryEvent, RetryPolicy};
#[cfg(feature = "x402")]
pub use wallet::{EvmWallet, SolanaWallet, TopUpPlan, TopUpPolicy, TopUpReceipt};
pub use wallet::{PaymentRequired, SignIn, SignInCode, SignInRefusal, WalletError, WalletSigner};
