//! The upscale operation on the client: its catalogue (the upscaler's
//! prices, `GET /models?type=upscale`, fetched once through the same
//! transport and cached), preparing a call (every check of
//! [`upscale`](crate::request::upscale) plus the common image checks, fitting the
//! input so that its 2x output fits when asked), and sending it.

use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use venice_raw::types;

use crate::client::Client;
use crate::client::prepare::{ImageField, body, check_images, wire_fields};
use crate::error::{Error, InvalidInput, Rule};
use crate::limits::MAX_UPSCALE_INPUT_PIXELS;
use crate::output::response::EditedImage;
use crate::picture::fit::FitReport;
use crate::request::call::{Operation, PreparedCall};
use crate::request::encode::LocalData;
use crate::request::source::{Checked, CheckedImage};
use crate::request::types::UpscaleRequest;
use crate::request::upscale::{self, UpscaleModel};

impl Client {
    /// The upscale models with their prices (`GET /models?type=upscale`, no
    /// key needed), fetched once per client and kept (or, with a
    /// [`CatalogueCache`](crate::CatalogueCache), a fresh entry from it),
    /// through the same transport as the edits.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::{Client, Scale};
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    ///
    /// let client = Client::builder().base_url(mock.base_url()).build()?; // no key needed
    /// let upscalers = client.upscale_models().await?;
    /// assert_eq!(upscalers[0].price(Scale::X4).map(|p| p.usd), Some(0.08));
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn upscale_models(&self) -> Result<Arc<Vec<UpscaleModel>>, Error> {
        self.inner.upscalers.get(self.listing_origin()).await
    }

    /// The upscaler the service uses (`upscaler`, else the first listed),
    /// with its prices: what [`Client::models`] is for the edit models.
    pub async fn upscaler(&self) -> Result<UpscaleModel, Error> {
        let models = self.upscale_models().await?;
        models.iter().find(|m| m.id == "upscaler").or_else(|| models.first()).cloned().ok_or_else(|| {
            Error::InvalidResponse {
                message: "the catalogue lists no upscale model".into(),
                request_id: None,
            }
        })
    }

    /// The upscaler, for prices, when it can be had. A client given its
    /// catalogue, or told not to fetch one, only uses what it already has.
    async fn upscaler_for_pricing(&self) -> Option<UpscaleModel> {
        let models = if self.inner.supplied.is_some() || !self.inner.fetch_catalogue {
            self.inner.upscalers.peek().await?
        } else {
            match self.upscale_models().await {
                Ok(m) => m,
                Err(e) => {
                    tracing::warn!(error = %e, "the upscale catalogue is unavailable; the cost is unknown");
                    return None;
                }
            }
        };
        models.iter().find(|m| m.id == "upscaler").or_else(|| models.first()).cloned()
    }

    /// Validates an upscale and builds its body, sending nothing: the
    /// creativity range, the image (format, pixels, size), and the output
    /// limit, with the scale the service will really use predicted (see
    /// [`PreparedCall::upscale`]) and priced.
    pub async fn prepare_upscale(&self, req: UpscaleRequest) -> Result<PreparedCall, Error> {
        let UpscaleRequest { image, scale, creativity, upload } = req;
        upscale::check_creativity(creativity)?;
        // The image first: a bad input costs no request, not even the
        // upscaler's prices (which a warm cache answers without one).
        let (mut images, mut fitted) =
            check_images(Operation::Upscale, vec![("image".into(), image)], upload).await?;
        let upscaler = self.upscaler_for_pricing().await;
        let Some(first) = images.first_mut() else {
            return Err(InvalidInput::new("image", Rule::Required, "give the image to upscale").into());
        };
        if let Checked::Url(u) = &first.kind {
            return Err(InvalidInput::new(
                "image",
                Rule::InvalidUrl,
                format!("the upscaler does not fetch URLs ({u}): download the image and pass the file"),
            )
            .into());
        }
        if upload.fit {
            fitted.extend(fit_for_upscale(first).await?);
        }
        let info = first.info().map(|i| (i.width, i.height)).unwrap_or_default();
        let prediction = upscale::predict(&first.field, &first.origin, scale.unwrap_or_default(), info)?;
        let wire = types::UpscaleRequest { image: String::new(), scale: scale.map(Into::into), creativity };
        let fields = wire_fields(&wire, "image");
        let body = body(upload, &fields, &images, ImageField::One("image"), || serde_json::to_vec(&wire))?;
        let cost = upscaler.as_ref().and_then(|m| m.cost(prediction.effective(), Some(&prediction)));
        Ok(PreparedCall {
            operation: Operation::Upscale,
            body,
            images,
            fields,
            model: upscaler.map(|m| m.id),
            cost,
            fitted,
            upscale: Some(prediction),
            generation: None,
        })
    }

    /// Upscales one image by 2 or 4; the answer is a PNG. See [`UpscaleRequest`].
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::{Client, ImageSource, Scale, UpscaleRequest};
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    /// # let photo = venice_mock::fixtures::png(400, 300);
    ///
    /// let client = Client::builder().api_key("test-key").base_url(mock.base_url()).build()?;
    /// let big = client.upscale(UpscaleRequest::new(ImageSource::bytes(photo)).scale(Scale::X4)).await?;
    /// assert_eq!(big.extension(), "png");
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn upscale(&self, req: UpscaleRequest) -> Result<EditedImage, Error> {
        let call = self.prepare_upscale(req).await?;
        self.send(&call).await
    }
}

/// Downscales a local image whose 2x output would be over the limit, so
/// that it fits; the change is reported.
async fn fit_for_upscale(image: &mut CheckedImage) -> Result<Option<FitReport>, InvalidInput> {
    let Checked::Local { data, info, filename } = &image.kind else { return Ok(None) };
    if info.pixels() <= MAX_UPSCALE_INPUT_PIXELS {
        return Ok(None);
    }
    let (field, origin, data, info, filename) =
        (image.field.clone(), image.origin.clone(), data.clone(), *info, filename.clone());
    let fitted = tokio::task::spawn_blocking(move || {
        let bytes = match &data {
            LocalData::File { path, .. } => std::fs::read(path).map(Bytes::from).map_err(|e| {
                InvalidInput::new(&field, Rule::Unreadable, format!("cannot read {}: {e}", path.display()))
            })?,
            LocalData::Pieces { path, pieces, .. } => std::fs::File::open(path)
                .and_then(|mut file| crate::picture::strip::read_pieces(&mut file, pieces))
                .map_err(|e| {
                    InvalidInput::new(
                        &field,
                        Rule::Unreadable,
                        format!("cannot read {}: {e}", path.display()),
                    )
                })?,
            LocalData::Memory(b) => b.clone(),
        };
        let (bytes, info, report) =
            crate::picture::fit::fit_within(&field, &origin, &bytes, &info, MAX_UPSCALE_INPUT_PIXELS)?;
        let stem = Path::new(&filename).file_stem().map_or("image".into(), |s| s.to_string_lossy());
        let filename = format!("{stem}.{}", info.format.extension());
        Ok::<_, InvalidInput>((Checked::Local { data: LocalData::Memory(bytes), info, filename }, report))
    })
    .await
    .unwrap_or_else(|e| Err(InvalidInput::new("image", Rule::Unreadable, format!("fitting failed: {e}"))))?;
    image.kind = fitted.0;
    Ok(Some(fitted.1))
}
