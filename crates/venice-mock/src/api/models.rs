//! `GET /models`: the catalogue, filtered by `type`, open to anyone (no
//! auth, no rate limit), as the service serves it.

use hyper::StatusCode;

use super::reply::{Fail, Reply};
use crate::state::State;

/// Every `type` the service's listing accepts.
const MODEL_TYPES: [&str; 11] =
    ["all", "asr", "code", "embedding", "image", "inpaint", "music", "text", "tts", "upscale", "video"];

/// The listing for the `type` in `query` (all models without one); an
/// unknown type is a 400 that does not count towards any lock-out.
pub(super) fn list(state: &State, query: Option<&str>) -> Reply {
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
    Reply::json(StatusCode::OK, &state.catalogue.list(kind.as_deref()))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::config::MockConfig;

    fn listing(query: Option<&str>) -> (u16, Value) {
        let r = list(&State::new(MockConfig::default()).unwrap(), query);
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
    fn an_unknown_type_is_a_400_naming_the_field() {
        let (status, body) = listing(Some("type=bogus"));
        assert_eq!(status, 400);
        assert!(body["details"]["type"]["_errors"][0].as_str().unwrap().contains("\"bogus\""));
    }
}
