//! Text to image on the client: the generation models
//! (`GET /models?type=image`, fetched once through the same transport and
//! cached like the edit catalogue), the style presets
//! (`GET /image/styles`), preparing a generation (every check of
//! [`generate`](crate::request::generate), against the model's own rules
//! when the catalogue is at hand, and its price), and sending it through
//! the one transport (retries, pacing, the shared pause, typed errors).

use std::sync::Arc;

use bytes::Bytes;

use crate::client::Client;
use crate::error::{Error, InvalidInput, Rule};
use crate::output::generated::{self, GeneratedImages};
use crate::output::response::{EditedImage, ResponseMeta};
use crate::request::call::{Body, Generation, Operation, PreparedCall};
use crate::request::generate::{self, GenerateModel, GenerateRequest};
use crate::transport::Outgoing;

impl Client {
    /// The generation models with their limits and prices
    /// (`GET /models?type=image`, no key needed), fetched once per client
    /// and kept, through the same transport as every call.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::Client;
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    ///
    /// let client = Client::builder().base_url(mock.base_url()).build()?; // no key needed
    /// let models = client.generation_models().await?;
    /// let sd = models.iter().find(|m| m.id == "venice-sd35").expect("listed");
    /// assert_eq!(sd.price(None, None).map(|c| c.usd), Some(0.01));
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn generation_models(&self) -> Result<Arc<Vec<GenerateModel>>, Error> {
        self.inner.generators.get(self.listing_origin()).await
    }

    /// The style presets a generation may name (`GET /image/styles`).
    pub async fn image_styles(&self) -> Result<Vec<String>, Error> {
        let req = Outgoing {
            path: "/image/styles",
            body: None,
            inputs: &[],
            needs_auth: false,
            if_none_match: None,
        };
        let answer = self.inner.transport.execute(&req).await?;
        let list: venice_raw::types::StyleList =
            serde_json::from_slice(&answer.bytes).map_err(|e| Error::InvalidResponse {
                message: format!("the style list could not be read: {e}"),
                request_id: crate::transport::request_id(&answer.headers),
            })?;
        Ok(list.data)
    }

    /// The generation model `id`, when the catalogue can be had (`None`
    /// without one: only the general checks apply). A model missing from a
    /// cached catalogue fetches it again once before it is refused.
    async fn generation_model(&self, id: &str) -> Result<Option<GenerateModel>, InvalidInput> {
        if !self.inner.fetch_catalogue && self.inner.generators.peek().await.is_none() {
            return Ok(None);
        }
        let mut models = match self.generation_models().await {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(error = %e, "the generation models are unavailable; checking the general limits only");
                return Ok(None);
            }
        };
        if !models.iter().any(|m| m.id == id)
            && let Some(fresh) = self.inner.generators.refresh_once(self.listing_origin()).await
        {
            models = fresh;
        }
        match models.iter().find(|m| m.id == id) {
            Some(m) => Ok(Some(m.clone())),
            None if models.is_empty() => Ok(None),
            None => Err(InvalidInput::new(
                "model",
                Rule::UnknownModel,
                format!(
                    "{id:?} is not a generation model; list them with `venice models --type image` (or Client::generation_models)"
                ),
            )),
        }
    }

    /// Validates a generation and builds its body, sending nothing: the
    /// general bounds, then the model's own rules and its price.
    pub async fn prepare_generate(&self, req: GenerateRequest) -> Result<PreparedCall, Error> {
        generate::check_general(&req)?;
        let model = self.generation_model(req.model_or_default()).await?;
        if let Some(m) = &model {
            generate::check_model(&req, m)?;
        }
        let wire = generate::wire(&req)?;
        let bytes = serde_json::to_vec(&wire)?;
        let fields = match serde_json::to_value(&wire) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        Ok(PreparedCall {
            operation: Operation::Generate,
            body: Body::Serialized(Bytes::from(bytes)),
            images: Vec::new(),
            fields,
            model: Some(req.model_or_default().to_owned()),
            cost: model.as_ref().and_then(|m| m.cost(&req)),
            fitted: Vec::new(),
            upscale: None,
            generation: Some(Generation { variants: req.variant_count(), binary: req.return_binary }),
        })
    }

    /// Sends a prepared generation and reads every picture of its answer.
    pub async fn send_generate(&self, call: &PreparedCall) -> Result<GeneratedImages, Error> {
        let Some(generation) = call.generation else {
            return Err(InvalidInput::new(
                "operation",
                Rule::Required,
                "send_generate takes a prepared generation",
            )
            .into());
        };
        let req = Outgoing {
            path: call.operation.path(),
            body: Some(&call.body),
            inputs: &[],
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
        let mut read = generated::read(&answer.bytes, &meta, generation.binary)?;
        read.images = read.images.into_iter().map(|i| i.with_elapsed(elapsed)).collect();
        Ok(read)
    }

    /// A prepared generation of one picture, sent: what [`Client::send`]
    /// does with a generation.
    pub(crate) async fn send_one_generated(&self, call: &PreparedCall) -> Result<EditedImage, Error> {
        if call.variants().unwrap_or(1) > 1 {
            return Err(InvalidInput::new(
                "variants",
                Rule::OutOfRange,
                "a call of several variants answers with several pictures: send it with Client::send_generate",
            )
            .into());
        }
        let mut read = self.send_generate(call).await?;
        Ok(read.images.remove(0))
    }

    /// Draws pictures from a prompt. See [`GenerateRequest`].
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::{Client, GenerateRequest};
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    ///
    /// let client = Client::builder().api_key("test-key").base_url(mock.base_url()).build()?;
    /// let drawn = client.generate(GenerateRequest::new("a lighthouse at dusk").variants(2)).await?;
    /// assert_eq!(drawn.images.len(), 2);
    /// assert_eq!(drawn.images[0].extension(), "webp");
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn generate(&self, req: GenerateRequest) -> Result<GeneratedImages, Error> {
        let call = self.prepare_generate(req).await?;
        self.send_generate(&call).await
    }
}
