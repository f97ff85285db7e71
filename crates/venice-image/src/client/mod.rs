//! The client: what a user holds, the operations it offers, and the model
//! catalogue it validates against. Preparing calls is in `prepare`, dry-run
//! plans in `plan`, sending in `transport`.

pub(crate) mod builder;
pub(crate) mod cache;
pub(crate) mod generate;
pub(crate) mod listing;
pub(crate) mod plan;
pub(crate) mod prepare;
pub(crate) mod prepare_upscale;
pub(crate) mod remover;

use std::fmt;
use std::sync::{Arc, OnceLock};

use reqwest::header::{CONTENT_TYPE, HeaderMap};

use crate::auth::{CredentialSource, Credentials};
use crate::client::listing::{Held, Origin};
use crate::error::{Error, InvalidInput, Rule};
use crate::limits::DEFAULT_MODEL;
use crate::output::response::{EditedImage, ResponseMeta};
use crate::picture::probe::{self, ImageFormat};
use crate::request::call::{Operation, PreparedCall};
use crate::request::catalogue::{Catalogue, EditModel};
use crate::request::types::{EditRequest, MultiEditRequest, RemoveBackgroundRequest};
use crate::transport::http::HttpSettings;
use crate::transport::{Outgoing, Transport};

/// A client for Venice's image-editing API. Cheap to clone; clones share
/// connections (kept alive, HTTP/2 where the service offers it), the
/// catalogue and the rate-limit pause.
///
/// ```no_run
/// # async fn run() -> Result<(), venice_image::Error> {
/// use venice_image::{Client, EditRequest, ImageSource};
///
/// let client = Client::builder().build()?; // VENICE_API_KEY from the environment
/// let edited = client
///     .edit(EditRequest::new(ImageSource::path("canal.jpg"), "make the sky a sunrise"))
///     .await?;
/// edited.save(format!("canal.edited.{}", edited.extension()))?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub transport: Transport,
    pub credential_source: CredentialSource,
    pub http_settings: HttpSettings,
    pub raw: OnceLock<venice_raw::Client>,
    pub supplied: Option<Arc<Catalogue>>,
    /// The edit models, got on first use (see `listing`).
    pub catalogue: Held<Catalogue>,
    pub fetch_catalogue: bool,
    /// The upscale models, got on first use.
    pub upscalers: Held<Vec<crate::request::upscale::UpscaleModel>>,
    /// The generation models, got on first use.
    pub generators: Held<Vec<crate::request::generate::GenerateModel>>,
    /// The background remover (from the image models), got on first use.
    pub removers: Held<crate::request::remover::Removers>,
    /// Where the listings are kept between runs, when anywhere.
    pub cache: Option<crate::client::cache::CatalogueCache>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.inner.transport;
        f.debug_struct("Client")
            .field("base_url", &t.base_url)
            .field("credentials", &t.credentials)
            .field("timeout", &t.timeout)
            .field("retry", &t.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL in use.
    pub fn base_url(&self) -> &str {
        &self.inner.transport.base_url
    }

    /// Whether a key (or x402 token) is set.
    pub fn has_credentials(&self) -> bool {
        self.inner.transport.credentials.is_some()
    }

    /// Where the credential came from.
    pub fn credential_source(&self) -> &CredentialSource {
        &self.inner.credential_source
    }

    pub(crate) fn credentials(&self) -> Option<&Credentials> {
        self.inner.transport.credentials.as_ref()
    }

    pub(crate) fn url(&self, path: &str) -> String {
        self.inner.transport.url(path)
    }

    /// Where the listings (catalogue, upscalers) are got from.
    pub(crate) fn listing_origin(&self) -> Origin<'_> {
        Origin { transport: &self.inner.transport, cache: self.inner.cache.as_ref() }
    }

    /// The generated low-level client (`venice-raw`), for requests this
    /// crate does not offer. It carries the API key on every request (not
    /// a wallet's sign-in, which is good for one request only),
    /// has no retries, and sends whole bodies (no streaming from disk).
    /// It is built on first use with this client's connect timeout and user
    /// agent; a client given to [`ClientBuilder::http_client`](crate::ClientBuilder::http_client) is not used
    /// by it, since a `reqwest::Client` cannot be given the credential
    /// header after it is built.
    pub fn raw(&self) -> Result<&venice_raw::Client, Error> {
        if let Some(raw) = self.inner.raw.get() {
            return Ok(raw);
        }
        let mut headers = HeaderMap::new();
        // A wallet's sign-in serves one request: the generated client,
        // which sends fixed headers, cannot carry it.
        if let Some(c) = self.credentials().filter(|c| c.wallet().is_none()) {
            let (name, value) = c.header()?;
            headers.insert(name, value);
        }
        let http = self.inner.http_settings.client(Some(headers))?;
        let raw = venice_raw::Client::new_with_client(self.base_url(), http);
        Ok(self.inner.raw.get_or_init(|| raw))
    }

    /// The edit models with their limits and prices (`GET /models?type=inpaint`,
    /// no key needed), fetched once per client and kept; the supplied
    /// catalogue if there is one; with a
    /// [`CatalogueCache`](crate::CatalogueCache), a fresh entry from it
    /// without a request. The request goes through the same transport as
    /// the edits: timeout, size cap, retries and pause.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::Client;
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    ///
    /// let client = Client::builder().base_url(mock.base_url()).build()?; // no key needed
    /// let models = client.models().await?;
    /// let gpt = models.get("gpt-image-2-edit").expect("listed");
    /// assert_eq!(gpt.constraints.max_images(), 6);
    /// println!("{} costs {}", gpt.name, gpt.price(Some("2K"), Some("low"), 1));
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn models(&self) -> Result<Arc<Catalogue>, Error> {
        if let Some(c) = &self.inner.supplied {
            return Ok(c.clone());
        }
        self.inner.catalogue.get(self.listing_origin()).await
    }

    /// The catalogue for validation, if one can be had; without one only the
    /// general bounds are checked.
    async fn catalogue_for_validation(&self) -> Option<Arc<Catalogue>> {
        if let Some(c) = &self.inner.supplied {
            return Some(c.clone());
        }
        if !self.inner.fetch_catalogue {
            return self.inner.catalogue.peek().await;
        }
        match self.models().await {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::warn!(error = %e, "the model catalogue is unavailable; checking the general limits only");
                None
            }
        }
    }

    /// The model a request names (or the default), when the catalogue is at
    /// hand. A model missing from a catalogue read from the cache fetches
    /// the catalogue again (once per client) before it is refused.
    pub(crate) async fn resolve_model(&self, id: Option<&str>) -> Result<Option<EditModel>, InvalidInput> {
        let Some(mut catalogue) = self.catalogue_for_validation().await else { return Ok(None) };
        let id = id.unwrap_or(DEFAULT_MODEL);
        if catalogue.get(id).is_none()
            && self.inner.supplied.is_none()
            && self.inner.fetch_catalogue
            && let Some(fresh) = self.inner.catalogue.refresh_once(self.listing_origin()).await
        {
            tracing::info!(model = id, "the cached catalogue does not list the model; fetched it again");
            catalogue = fresh;
        }
        match catalogue.get(id) {
            Some(m) => Ok(Some(m.clone())),
            None if catalogue.is_empty() => Ok(None),
            None => {
                let near = catalogue.nearest(id);
                let mean = match near.first() {
                    Some(n) => format!("; did you mean {n}?"),
                    None => String::new(),
                };
                Err(InvalidInput::new(
                    "model",
                    Rule::UnknownModel,
                    format!("{id:?} is not an edit model{mean}"),
                ))
            }
        }
    }

    /// After the service refused a call by one of the model's rules: the
    /// catalogue it was checked against came from the cache, so it may be
    /// out of date; fetch it again (once per client), so that the next
    /// call is checked against the service's rules.
    pub(crate) async fn after_rule_refusal(&self, call: &PreparedCall, error: &Error) {
        let Error::Rejected(failure) = error else { return };
        if failure.status != 400
            || !crate::client::listing::names_a_model_rule(failure)
            || self.inner.supplied.is_some()
        {
            return;
        }
        let refreshed = match call.operation {
            Operation::Edit | Operation::MultiEdit => {
                self.inner.catalogue.refresh_once(self.listing_origin()).await.is_some()
            }
            Operation::Upscale => self.inner.upscalers.refresh_once(self.listing_origin()).await.is_some(),
            Operation::Generate => self.inner.generators.refresh_once(self.listing_origin()).await.is_some(),
            Operation::BackgroundRemove => false,
        };
        if refreshed {
            tracing::info!("the service refused a rule of the cached catalogue; fetched the catalogue again");
        }
    }

    /// Edits one image. See [`EditRequest`].
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::{Client, EditRequest, ImageSource};
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    /// # let photo = venice_mock::fixtures::jpeg(640, 480);
    ///
    /// let client = Client::builder().api_key("test-key").base_url(mock.base_url()).build()?;
    /// let edited = client.edit(EditRequest::new(ImageSource::bytes(photo), "make it night")).await?;
    /// assert_eq!(edited.content_type(), "image/png");
    /// assert_eq!(edited.meta().model_id.as_deref(), Some("firered-image-edit"));
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn edit(&self, req: EditRequest) -> Result<EditedImage, Error> {
        let call = self.prepare_edit(req).await?;
        self.send(&call).await
    }

    /// Edits a base image with layers or masks. See [`MultiEditRequest`].
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::{Client, ImageSource, MultiEditRequest};
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    /// # let (base, mask) = (venice_mock::fixtures::png(400, 300), venice_mock::fixtures::half_mask(400, 300));
    ///
    /// let client = Client::builder().api_key("test-key").base_url(mock.base_url()).build()?;
    /// let request = MultiEditRequest::new(ImageSource::bytes(base), vec![ImageSource::bytes(mask)], "paint it gold");
    /// let edited = client.multi_edit(request).await?;
    /// assert!(!edited.bytes().is_empty());
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn multi_edit(&self, req: MultiEditRequest) -> Result<EditedImage, Error> {
        let call = self.prepare_multi_edit(req).await?;
        self.send(&call).await
    }

    /// Cuts the subject out onto transparency; the answer is always a PNG
    /// with alpha. See [`RemoveBackgroundRequest`].
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::{RemoveBackgroundRequest, Client, ImageSource};
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    /// # let photo = venice_mock::fixtures::png(400, 300);
    ///
    /// let client = Client::builder().api_key("test-key").base_url(mock.base_url()).build()?;
    /// let cut_out = client.remove_background(RemoveBackgroundRequest::new(ImageSource::bytes(photo))).await?;
    /// assert_eq!(cut_out.extension(), "png");
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn remove_background(&self, req: RemoveBackgroundRequest) -> Result<EditedImage, Error> {
        let call = self.prepare_remove_background(req).await?;
        self.send(&call).await
    }

    /// Sends a prepared call, retrying as the policy says, and checks that
    /// the answer is an image.
    pub async fn send(&self, call: &PreparedCall) -> Result<EditedImage, Error> {
        if call.operation == Operation::Generate {
            return self.send_one_generated(call).await;
        }
        let req = Outgoing {
            path: call.operation.path(),
            body: Some(&call.body),
            inputs: &call.images,
            needs_auth: true,
            if_none_match: None,
        };
        let started = std::time::Instant::now();
        let answer = match self.inner.transport.execute(&req).await {
            Ok(answer) => answer,
            Err(e) => {
                self.after_rule_refusal(call, &e).await;
                return Err(e);
            }
        };
        let elapsed = started.elapsed();
        let mut meta = ResponseMeta::from_headers(&answer.headers);
        meta.attempts = answer.attempts;
        let declared =
            answer.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("(none)").to_owned();
        let format = probe::sniff(&answer.bytes).filter(|f| f.is_accepted());
        let Some(format) = format else {
            return Err(Error::InvalidResponse {
                message: format!(
                    "the service answered 200 but the body is not an image (content-type {declared}, {} bytes)",
                    answer.bytes.len()
                ),
                request_id: meta.request_id,
            });
        };
        if ImageFormat::from_mime(&declared) != Some(format) {
            tracing::warn!(declared = %declared, actual = %format, "the answer's content type does not match its bytes");
        }
        if let Some(d) = &meta.deprecation {
            tracing::warn!(model = ?meta.model_id, warning = ?d.warning, replacement = ?d.replacement, "the model is deprecated");
        }
        Ok(EditedImage::new(answer.bytes, format, meta, call.fitted.clone()).with_elapsed(elapsed))
    }
}
