//! How a client holds the model listings (the edit models' catalogue and
//! the upscaler): got once per client, from the disk cache when a fresh
//! entry is there (no request), else from the service through the
//! transport (conditionally, `If-None-Match`, when a stale entry has an
//! `ETag`), and written back to the cache. Concurrent first uses share one
//! fetch. What came from the disk may be fetched again once in the
//! client's life ([`Held::refresh_once`]): when a model is missing from it,
//! or the service refused a request by one of the model's rules.
//!
//! A listing is got through an [`Origin`] (the client's transport and
//! cache) rather than through the `Client`, which holds each listing as a
//! [`Held`]: this module sits below the client.

use std::sync::Arc;

use venice_raw::types;

use crate::client::cache::{CatalogueCache, Entry, Listing};
use crate::error::{ApiFailure, Error};
use crate::request::catalogue::Catalogue;
use crate::request::generate::{self, GenerateModel};
use crate::request::upscale::{self, UpscaleModel};
use crate::transport::{Outgoing, Transport, request_id};

/// A listing as the client uses it, read from the service's model list.
pub(crate) trait Parsed: Send + Sync + Sized + 'static {
    /// Which listing it is.
    const LISTING: Listing;
    /// Reads it from a model list.
    fn read(list: &types::ModelList) -> Self;
}

impl Parsed for Catalogue {
    const LISTING: Listing = Listing::Inpaint;
    fn read(list: &types::ModelList) -> Self {
        Catalogue::from_list(list)
    }
}

impl Parsed for Vec<UpscaleModel> {
    const LISTING: Listing = Listing::Upscale;
    fn read(list: &types::ModelList) -> Self {
        upscale::upscale_models(list)
    }
}

impl Parsed for Vec<GenerateModel> {
    const LISTING: Listing = Listing::Image;
    fn read(list: &types::ModelList) -> Self {
        generate::generation_models(list)
    }
}

impl Parsed for crate::request::remover::Removers {
    const LISTING: Listing = Listing::Image;
    fn read(list: &types::ModelList) -> Self {
        crate::request::remover::background_remover(list)
    }
}

/// Where a client's listings come from: its transport (the base URL, the
/// retries, the pause) and its disk cache, when it has one.
#[derive(Clone, Copy)]
pub(crate) struct Origin<'a> {
    pub transport: &'a Transport,
    pub cache: Option<&'a CatalogueCache>,
}

/// One listing held by a client.
pub(crate) struct Held<T> {
    current: tokio::sync::Mutex<Option<Current<T>>>,
}

struct Current<T> {
    value: Arc<T>,
    /// Whether the service gave it (or confirmed it) during this client's life.
    checked: bool,
}

impl<T> Default for Held<T> {
    fn default() -> Self {
        Self { current: tokio::sync::Mutex::new(None) }
    }
}

impl<T: Parsed> Held<T> {
    /// What is held, with no request and no disk read.
    pub(crate) async fn peek(&self) -> Option<Arc<T>> {
        self.current.lock().await.as_ref().map(|c| c.value.clone())
    }

    /// The listing: held, else a fresh cache entry, else fetched.
    pub(crate) async fn get(&self, origin: Origin<'_>) -> Result<Arc<T>, Error> {
        let mut current = self.current.lock().await;
        if let Some(c) = &*current {
            return Ok(c.value.clone());
        }
        let cache = origin.cache;
        let entry = match cache {
            Some(cache) => load(cache, &origin.transport.base_url, T::LISTING).await,
            None => None,
        };
        if let Some(e) = entry.as_ref().filter(|e| e.fresh && !cache.is_some_and(CatalogueCache::refreshes)) {
            tracing::debug!(listing = T::LISTING.name(), "the model list from the cache");
            let value = Arc::new(T::read(&e.list));
            *current = Some(Current { value: value.clone(), checked: false });
            return Ok(value);
        }
        let fetched = match fetch::<T>(origin, entry.as_ref()).await {
            Ok(c) => c,
            Err(e) => match entry {
                // A stale entry beats none when the service cannot be reached.
                Some(stale) if !cache.is_some_and(CatalogueCache::refreshes) => {
                    tracing::warn!(error = %e, "the model list cannot be fetched; using the cached one");
                    Current { value: Arc::new(T::read(&stale.list)), checked: false }
                }
                _ => return Err(e),
            },
        };
        let value = fetched.value.clone();
        *current = Some(fetched);
        Ok(value)
    }

    /// Fetches the listing again when what is held came from the disk and
    /// has not been confirmed: at most once per client. The new listing,
    /// or `None` when there was nothing to refresh (or it failed).
    pub(crate) async fn refresh_once(&self, origin: Origin<'_>) -> Option<Arc<T>> {
        let mut current = self.current.lock().await;
        let held = current.as_mut()?;
        if held.checked {
            return None;
        }
        // Whatever happens, not again.
        held.checked = true;
        match fetch::<T>(origin, None).await {
            Ok(fresh) => {
                let value = fresh.value.clone();
                *current = Some(fresh);
                Some(value)
            }
            Err(e) => {
                tracing::warn!(error = %e, "the model list could not be refreshed");
                None
            }
        }
    }
}

/// The cache entry, read on a blocking thread.
async fn load(cache: &CatalogueCache, base_url: &str, listing: Listing) -> Option<Entry> {
    let (cache, url) = (cache.clone(), base_url.to_owned());
    tokio::task::spawn_blocking(move || cache.load(&url, listing)).await.ok().flatten()
}

/// `GET /models?type=...`, conditional on `previous`'s `ETag`; the answer
/// (or, on `304 Not Modified`, the previous entry) is written to the cache.
async fn fetch<T: Parsed>(origin: Origin<'_>, previous: Option<&Entry>) -> Result<Current<T>, Error> {
    let listing = T::LISTING;
    let req = Outgoing {
        path: listing.path(),
        body: None,
        inputs: &[],
        needs_auth: false,
        if_none_match: previous.and_then(|e| e.etag.as_deref()),
    };
    let answer = origin.transport.execute(&req).await?;
    let cache = origin.cache.cloned();
    let url = origin.transport.base_url.clone();
    if answer.not_modified {
        let Some(previous) = previous else {
            return Err(Error::InvalidResponse {
                message: "the service answered 304 Not Modified to a request that had no ETag".into(),
                request_id: request_id(&answer.headers),
            });
        };
        tracing::debug!(listing = listing.name(), "the cached model list is still current");
        let value = Arc::new(T::read(&previous.list));
        if let Some(cache) = cache {
            let (entry, headers) = (previous.clone(), answer.headers.clone());
            let _ = tokio::task::spawn_blocking(move || cache.renew(&url, listing, &entry, &headers)).await;
        }
        return Ok(Current { value, checked: true });
    }
    let list: types::ModelList =
        serde_json::from_slice(&answer.bytes).map_err(|e| Error::InvalidResponse {
            message: match listing {
                Listing::Inpaint => format!("the model list could not be read: {e}"),
                Listing::Upscale => format!("the upscale model list could not be read: {e}"),
                Listing::Image => format!("the image model list could not be read: {e}"),
            },
            request_id: request_id(&answer.headers),
        })?;
    if let Some(cache) = cache {
        let (bytes, headers) = (answer.bytes.clone(), answer.headers.clone());
        let _ = tokio::task::spawn_blocking(move || cache.store(&url, listing, &bytes, &headers)).await;
    }
    Ok(Current { value: Arc::new(T::read(&list)), checked: true })
}

/// The request fields whose rules come from the catalogue (a model's id,
/// ratios, tiers, qualities, image count, prompt limit).
const MODEL_RULE_FIELDS: [&str; 7] =
    ["model", "model_id", "aspect_ratio", "resolution", "quality", "prompt", "images"];

/// Whether a 400's field details name a field the catalogue's rules
/// govern: decided on the details' keys (their structure), never on the text.
pub(crate) fn names_a_model_rule(failure: &ApiFailure) -> bool {
    let Some(details) = failure.details.as_deref() else { return false };
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(details) else { return false };
    fields.keys().any(|k| MODEL_RULE_FIELDS.contains(&k.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_400_names_a_model_rule_by_its_fields() {
        let mut f = ApiFailure::new(400, "Invalid request parameters");
        assert!(!names_a_model_rule(&f), "no details");
        f.details = Some(r#"{"aspect_ratio":{"_errors":["no"]},"_errors":[]}"#.into());
        assert!(names_a_model_rule(&f));
        f.details = Some(r#"{"safe_mode":{"_errors":["no"]}}"#.into());
        assert!(!names_a_model_rule(&f));
        f.details = Some("not json".into());
        assert!(!names_a_model_rule(&f));
    }
}
