//! Answering requests the way the service does: routing, and the pipeline
//! every image request goes through, one stage per module.
//!
//! [`route`] takes every request; [`pipeline`] runs an image request through
//! the stages below. A stage knows [`op`] and the stages it builds on (the
//! fields read the body, an upscale plans with the operation's plan), never
//! the pipeline or the route.
//!
//! The order of checks for the image endpoints, which decides which refusal
//! a request with several problems gets:
//!
//! 1. an injected fault, scripted or random ([`faults`]); a status fault on
//!    an image endpoint carries the caller's window headers, uncounted;
//! 2. auth (401), the key's lock-out (429), the rate limit (429) ([`access`]);
//! 3. content type (415), body size (413), body syntax (400) ([`body`]);
//! 4. closed object, field types and general bounds (400) ([`fields`]);
//! 5. required inputs, image resolution and image bounds (400) ([`images`]);
//! 6. the model's rules (400; for an upscale, the output bound, see
//!    [`upscale`]), content policy (422), balance (402), then the operation
//!    itself ([`operation`]).
//!
//! A generation ([`generate`]) has no image stage: its body is JSON only,
//! its fields and the generation model's rules are checked in one step.
//!
//! Every refusal from stage 3 on that is a client error other than 429
//! counts towards the key's lock-out. `GET /models` is open: no auth, no
//! rate limit, with `Cache-Control` and an `ETag` ([`models`]). With
//! [`MockConfig::rtt`](crate::MockConfig::rtt), every answer waits a round
//! trip before it leaves.

mod access;
mod body;
mod faults;
mod fields;
mod generate;
mod images;
mod models;
mod op;
mod operation;
mod pipeline;
mod route;
mod upscale;

pub use body::MAX_JSON_BYTES;
pub(crate) use route::handle;
