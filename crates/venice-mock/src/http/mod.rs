//! The HTTP vocabulary every stage answers in: a refusal ([`Fail`]) or an
//! answer ([`Reply`]), how either becomes a streamed response, and reading a
//! request's headers as text. It knows nothing of routes or rules.

mod headers;
mod reply;

pub(crate) use headers::header;
pub(crate) use reply::{Body, Fail, Reply, into_response};
