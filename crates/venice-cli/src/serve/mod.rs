//! `venice serve`: OpenAI's Images API in front of Venice, for the tools
//! that speak it. Every image call goes through the one call core
//! (`engine::Core::perform`) as a batch's do: checked before paying, priced
//! against the spending limits, admitted by the lock-out guard, paced under
//! the key's rate limit with every client queued behind `--jobs` places.
//!
//! The stages, one module each: `listen` (connections, the header timeout,
//! the connection cap, the graceful end) → `routes` (the token first, then
//! each route; the edit's form read within the body timeout) → `form` (the
//! multipart form, or the generation's JSON, checked field by field) → `calls` (a retry joins its
//! call or gets its kept answer: never paid twice) → `app` (the model, the
//! size, the per-request cap, `n` calls through the engine, the answer;
//! `generate` the same for text to image) with
//! `size` (`WxH` to Venice's ratio and tier), `daily` (`--max-cost-per-day`
//! across restarts), `results` (the links of `url` answers), `metrics`
//! (Prometheus' text), and `error` (OpenAI's error shape, decided on kinds).
//!
//! Above `mcp` (it uses its `Redactor`), below `commands`.

mod app;
mod calls;
mod daily;
mod error;
mod form;
mod generate;
mod listen;
mod metrics;
mod results;
mod routes;
mod size;

pub use app::{App, Config};
pub use daily::Daily;
pub use listen::serve;
