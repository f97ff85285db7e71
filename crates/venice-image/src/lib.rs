//! A careful client for Venice's image-editing API.
//!
//! - **Edit** one image from a prompt ([`Client::edit`]), **multi-edit** a base
//!   image with layers or masks ([`Client::multi_edit`]), **remove a
//!   background** ([`Client::remove_background`]) and read the **model
//!   catalogue** with limits and prices ([`Client::models`]).
//! - **Nothing bad is sent.** Every request is checked before a byte leaves
//!   the machine: the image's real format (from its bytes, never its name),
//!   its pixel count and file size (from its header only), the prompt length
//!   and the model's own rules (ratios, tiers, qualities, image count, prompt
//!   limit) from the catalogue. A refused request costs no money and no
//!   rate-limit slot. [`Client::prepare_edit`] and [`Client::plan`] show what
//!   would be sent, for dry runs.
//! - **Fast, in bounded memory.** Local files go as multipart, streamed from
//!   disk with their real MIME type; JSON bodies stream their base64 chunk by
//!   chunk (see [`encode`]).
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
//!     .aspect_ratio("16:9".parse::<AspectRatio>().unwrap());
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
//! The wire format is defined by the generated `venice-raw` crate
//! ([`Client::raw`] gives its client): its types carry requests with nothing
//! to stream (URL inputs) and the catalogue; this crate streams what carries
//! local files.
#![warn(missing_docs)]

pub mod catalogue;
mod client;
pub mod encode;
mod error;
mod fit;
pub mod probe;
mod request;
mod response;
pub mod retry;
mod source;

pub use catalogue::{Catalogue, Cost, InpaintModel};
pub use client::{
    Client, ClientBuilder, Credentials, DEFAULT_BASE_URL, ImagePlan, MAX_JSON_BYTES, MAX_PROMPT, Operation,
    Plan, PreparedCall, Secret,
};
pub use error::{ApiFailure, Error, InvalidInput, Rule};
pub use fit::FitReport;
pub use request::{
    AspectRatio, BackgroundRemoveRequest, EditRequest, Encoding, MultiEditRequest, OutputFormat, Quality,
};
pub use response::{DeprecationNotice, EditedImage, RateLimitInfo, ResponseMeta, write_atomic};
pub use retry::{RetryEvent, RetryPolicy};
pub use source::{Checked, CheckedImage, ImageSource, MAX_FILE_BYTES, MAX_PIXELS, MIN_PIXELS};
