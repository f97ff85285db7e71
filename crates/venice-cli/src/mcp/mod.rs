//! The MCP server behind `venice mcp`: the image operations of the CLI as
//! tools an agent calls, each validated and priced before anything is paid
//! for, written atomically, and answered with a result or a tool error
//! (never a crash: the server answers the next call whatever this one did).
//!
//! The stages of one call, one module each: `tools` (names, descriptions,
//! schemas) → `args` (the agent's JSON checked against the schema, then
//! typed) → `mapping` (typed arguments into the call core's job) →
//! `output` (where the result goes) → `perform` (the call core: prepare,
//! price, the spending guard, reserve, admit, send, write or rescue) →
//! `reply` (text, structured content, `preview`); `confine` keeps every
//! path inside the allowed folders; `models` and `estimate` are the two tools
//! that pay for nothing; `redact` keeps the key out of every answer and log
//! line; `server` ties them to rmcp.

mod args;
mod confine;
mod error;
mod estimate;
mod mapping;
mod models;
mod output;
mod perform;
mod pipeline;
mod preview;
mod redact;
mod reply;
mod server;
mod tools;

pub use confine::Allowed;
pub use redact::Redactor;
pub use server::Server;
