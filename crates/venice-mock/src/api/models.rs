//! `GET /models`: the catalogue, filtered by `type`, open to anyone (no
//! auth, no rate limit), as the service serves it; with `Cache-Control`
//! (the configured freshness) and an `ETag` (a hash of the answer), and a
//! `304 Not Modified` for an `If-None-Match` that names it.

use bytes::Bytes;
use hyper::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};

use crate::http::{Fail, Reply};
use crate::state::State;

/// Every `type` the service's listing accepts.
const MODEL_TYPES: [&str; 11] =
    ["all", "asr", "code", "embedding", "image", "inpaint", "music", "text", "tts", "upscale", "video"];

/// The listing for the `type` in `query` (all models without one); an
/// unknown type is a 400 that does not count towards any lock-out.
pub(super) fn list(state: &State, query: Option<&str>, headers: &HeaderMap) -> Reply {
    let kind = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "type")
        .map(|(_, v)| v.to_owned());
    if let Some(k) = &kind
        && !MODEL_TYPES.contains(&k.as_str())
    {
        let mut f = Fail::field(
            "type",
            format!("Invalid model type {k:?}; expected one of {}", MODEL_TYPES.join(", ")),
        );
        f.counts = false;
        return Reply::from_fail(f);
    }
    let mut reply = Reply::json(StatusCode::OK, &state.catalogue.list(kind.as_deref()));
    let digest = Sha256::digest(&reply.body);
    let tag = format!("\"{}\"", digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>());
    let cache_control = match state.config.catalogue_max_age {
        Some(age) => format!("public, max-age={}", age.as_secs()),
        None => "no-cache".to_owned(),
    };
    let asked = headers.get("if-none-match").and_then(|v| v.to_str().ok());
    if asked.is_some_and(|a| a.split(',').any(|t| t.trim() == tag || t.trim() == "*")) {
        reply = Reply::raw(StatusCode::NOT_MODIFIED, "application/json", Bytes::new());
    }
    reply.headers.push(("etag", tag));
    reply.headers.push(("cache-control", cache_control));
    reply
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::config::MockConfig;

    fn listing(query: Option<&str>) -> (u16, Value) {
        let r = list(&State::new(MockConfig::default()).unwrap(), query, &HeaderMap::new());
        (r.status.as_u16(), serde_json::from_slice(&r.body).unwrap())
    }

    #[test]
    fn the_type_filters_the_listing() {
        let (status, body) = listing(Some("type=inpaint"));
        assert_eq!((status, body["type"].as_str()), (200, Some("inpaint")));
        assert_eq!(body["data"].as_array().unwrap().len(), 21);
        let (_, body) = listing(Some("foo=1&type=text"));
        assert_eq!(body["data"], serde_json::json!([]));
        let (_, body) = listing(None);
        assert_eq!(body["type"], "all");
    }

    #[test]
    fn answers_carry_an_etag_that_a_conditional_request_gets_a_304_for() {
        let state = State::new(MockConfig::default()).unwrap();
        let first = list(&state, Some("type=inpaint"), &HeaderMap::new());
        let header =
            |r: &Reply, name: &str| r.headers.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone());
        let tag = header(&first, "etag").expect("an etag");
        assert_eq!(header(&first, "cache-control").as_deref(), Some("public, max-age=3600"));
        let mut asked = HeaderMap::new();
        asked.insert("if-none-match", tag.parse().unwrap());
        let again = list(&state, Some("type=inpaint"), &asked);
        assert_eq!((again.status.as_u16(), again.body.len()), (304, 0));
        let other = list(&state, Some("type=upscale"), &asked);
        assert_eq!(other.status.as_u16(), 200, "another listing has another tag");
    }

    #[test]
    fn an_unknown_type_is_a_400_naming_the_field() {
        let (status, body) = listing(Some("type=bogus"));
        assert_eq!(status, 400);
        assert!(body["details"]["type"]["_errors"][0].as_str().unwrap().contains("\"bogus\""));
    }
}
