//! A faithful local emulator of Venice's image-editing API.
//!
//! It serves `POST /api/v1/image/edit`, `POST /api/v1/image/multi-edit`,
//! `POST /api/v1/image/background-remove`, `POST /api/v1/image/upscale` and
//! `GET /api/v1/models` on 127.0.0.1, with the service's rules: Bearer or
//! x402 auth, closed request objects, JSON and multipart bodies per
//! endpoint, real image decoding and the pixel and size bounds, per-model
//! limits from a catalogue kept in `data/inpaint-models.json` (and the
//! upscaler's prices in `data/upscale-models.json`), a balance charged per
//! success, rate limits with their `x-ratelimit-*` headers, the
//! failed-request lock-out, a content-policy trigger and deprecation
//! headers, and x402 wallets: sign-ins verified as the service verifies
//! them (see [`wallet`]), a balance per wallet charged per call, the 402
//! answers with their top-up steps, and the wallet routes
//! (`/x402/balance`, `/x402/transactions`, `/x402/top-up` with EIP-3009
//! payments). Successful calls answer with real images derived from the input:
//! an edit inverts the colours at the asked ratio and tier, a multi-edit
//! composites the layers over the base, a background removal clears the
//! border-coloured region to transparent, and an upscale enlarges the input
//! by 2 or 4 (by 2 when the 4x output would exceed 16,777,216 pixels).
//!
//! # Why it re-implements the service's rules
//!
//! The emulator does not share code with the client (`venice-image`): it
//! enforces the API's rules (field names, bounds, per-model limits, prices,
//! status codes) from its own reading of the facts, the published spec and
//! the model catalogue, on purpose. A test double built from the client's
//! own validation would agree with the client's mistakes and let them pass;
//! an independent implementation of the same rules catches the places where
//! the two readings differ, which is where one of them is wrong. The cost is
//! that a rule changed at Venice has to be changed in both, each time from
//! the facts, never by copying one implementation into the other.
//!
//! Faults can be scripted per request, for any request or only for the image
//! endpoints or the catalogue (see [`FaultScope`]), or drawn at a seeded
//! random rate (see [`Fault`]), and every request is recorded with
//! credentials redacted (see [`RecordedRequest`] and
//! [`MockServer::image_requests`]).
//!
//! # Example
//!
//! A test starts the emulator, scripts a fault, points the client under test
//! at [`MockServer::base_url`] and reads back what the service saw. Here the
//! client is plain `reqwest`:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use reqwest::multipart::{Form, Part};
//! use venice_mock::{Fault, MockConfig, MockServer, RetryAfter, fixtures};
//!
//! let server = MockServer::start(MockConfig::default().key("test-key")).await?;
//! // The next request gets a 429 asking for a one-second wait.
//! server.script([Fault::Status { status: 429, retry_after: Some(RetryAfter::Seconds(1)) }]);
//!
//! let http = reqwest::Client::new();
//! let edit = || {
//!     let image = Part::bytes(fixtures::png(512, 512)).file_name("canal.png").mime_str("image/png");
//!     let form = Form::new().text("prompt", "make the sky a sunrise").part("image", image.unwrap());
//!     http.post(format!("{}/image/edit", server.base_url())).bearer_auth("test-key").multipart(form)
//! };
//! let refused = edit().send().await?;
//! assert_eq!((refused.status().as_u16(), refused.headers()["retry-after"].to_str()?), (429, "1"));
//!
//! let edited = edit().send().await?; // a real edit: the colours inverted
//! assert_eq!(edited.status().as_u16(), 200);
//! let png = edited.bytes().await?;
//! assert!(png.starts_with(b"\x89PNG"));
//!
//! let seen = server.image_requests();
//! assert_eq!(seen.len(), 2);
//! assert_eq!(seen[1].fields["prompt"], "make the sky a sunrise");
//! assert_eq!(seen[1].images[0].filename.as_deref(), Some("canal.png"));
//! # Ok(())
//! # }
//! ```
//!
//! The `venice-mock` binary runs the same server from the command line; see
//! `venice-mock --help`.
//!
//! # The layout, from the bottom up
//!
//! Each folder uses only the ones above it in this list:
//!
//! - `config`: what a test or the command line sets ([`MockConfig`], the
//!   limits, the [`Fault`]s).
//! - `pixels`: image bytes: checking inputs, making outputs ([`imaging`]),
//!   photos and their metadata ([`photo`]), test images ([`fixtures`]).
//! - `http`: the answers every stage gives (a refusal or a reply) and how
//!   they become responses.
//! - [`wallet`]: all of x402: sign-ins and payments verified, the wallets'
//!   balances, the 402s and the wallet routes.
//! - `state`: the emulator's shared memory: the configuration, the model
//!   [`catalogue`], rate windows and lock-outs, faults to come, the
//!   recorded requests, the wallets.
//! - `api`: one request from arrival to answer: routing, then the image
//!   pipeline, one stage per file (faults, access, body, fields, images,
//!   the operation).
//! - `server`: [`MockServer`], the accept loop and its connection limits.
#![warn(missing_docs)]

mod api;
mod config;
mod http;
mod pixels;
mod server;
mod state;
pub mod wallet;

pub use api::MAX_JSON_BYTES;
pub use config::{
    Deprecation, Fault, FaultScope, Lockout, MockConfig, RandomFaults, RateLimit, ResetForm, RetryAfter,
    TopUpFault, parse_duration,
};
pub use pixels::{fixtures, imaging, photo};
pub use server::MockServer;
pub use state::catalogue;
pub use state::record::{RecordedImage, RecordedRequest, SignInSeen};
