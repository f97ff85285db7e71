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
//! - `metadata`: outputs that keep the input's ICC profile, EXIF and XMP
//!   and record how they were made (the `metadata` module). Removing metadata from
//!   uploads needs no feature: it is always on (see
//!   [`UploadOptions::keep_metadata_in_upload`]).
//! - `clap`: the option structs ([`EditOptions`], [`UploadOptions`]) and
//!   value enums derive clap's traits, so a command line can flatten them
//!   (the `venice` CLI does).
//! - `x402`: paying with a wallet: `EvmWallet` (secp256k1, EIP-191
//!   sign-in, EIP-712 payments, Web3 Secret Storage keystores) and the
//!   wallet calls (`Client::wallet_balance`, `Client::top_up`, ...);
//!   see [`wallet`]. The [`WalletSigner`] trait is in every build.
//! - `internals`: makes the encoders and retry helpers public for the
//!   project's benches and fuzz targets; not a stable API.
#![warn(missing_docs)]

mod auth;
mod builder;
mod cache;
mod call;
pub mod catalogue;
mod client;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod encode;
#[cfg(not(feature = "internals"))]
#[allow(dead_code)]
mod encode;
mod error;
mod error_body;
mod error_kind;
mod failure;
#[cfg(feature = "fit")]
mod fit;
#[cfg(not(feature = "fit"))]
#[path = "fit_off.rs"]
mod fit;
mod fit_report;
mod http;
mod human;
mod limits;
mod listing;
#[cfg(feature = "metadata")]
pub mod metadata;
mod options;
mod pacing;
mod plan;
mod prepare;
mod prepare_upscale;
pub mod probe;
mod random;
mod request;
mod response;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod retry;
#[cfg(not(feature = "internals"))]
mod retry;
mod save;
mod secret;
mod source;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod strip;
#[cfg(not(feature = "internals"))]
mod strip;
mod tls;
mod transport;
mod upscale;
mod validate;
pub mod wallet;
mod wallet_answer;
mod wallet_error;
mod wallet_signer;

pub use auth::{API_KEY_ENV, CredentialSource, Credentials, Secret};
pub use builder::{BASE_URL_ENV, ClientBuilder};
pub use cache::CatalogueCache;
pub use call::{Operation, PreparedCall};
pub use catalogue::{Catalogue, Cost, EditModel};
pub use client::Client;
pub use error::{ApiFailure, Error, FailureAdvice, InvalidInput, Rule};
pub use error_kind::ErrorKind;
pub use fit::FitReport;
pub use limits::{
    CREATIVITY_RANGE, DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MODEL, MAX_FILE_BYTES,
    MAX_JSON_BYTES, MAX_PIXELS, MAX_PROMPT, MAX_UPSCALE_INPUT_PIXELS, MAX_UPSCALE_PIXELS, MIN_PIXELS,
};
pub use options::{AspectRatio, EditOptions, Encoding, OutputFormat, Quality, UnknownValue, UploadOptions};
pub use plan::{ImagePlan, Plan};
pub use probe::{ImageFormat, ImageInfo};
pub use request::{EditRequest, MultiEditRequest, RemoveBackgroundRequest, UpscaleRequest};
pub use response::{DeprecationNotice, EditedImage, RateLimitInfo, ResponseMeta};
pub use retry::{RetryEvent, RetryPolicy};
pub use save::{OutputSlot, write_atomic};
pub use source::{CheckedImage, ImageSource};
pub use upscale::{Scale, ScalePrediction, UpscaleModel};
#[cfg(feature = "x402")]
pub use wallet::{EvmWallet, TopUpPlan, TopUpPolicy, TopUpReceipt};
pub use wallet::{PaymentRequired, SignIn, SignInCode, SignInRefusal, WalletError, WalletSigner};
