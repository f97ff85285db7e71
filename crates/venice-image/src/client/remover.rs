//! The background remover's price on the client: the image models' listing
//! (`GET /models?type=image`, no key needed), fetched once through the same
//! transport and cache as the other listings, read for the background
//! remover only (see [`remover`](crate::request::remover)).

use crate::client::Client;
use crate::error::Error;
use crate::request::remover::BackgroundRemover;

impl Client {
    /// The background remover with its price, as the image models' listing
    /// gives it (`GET /models?type=image`); `None` when the listing does
    /// not name it. What [`Client::upscaler`] is for upscales.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_image::Client;
    /// # let mock = venice_mock::MockServer::start(venice_mock::MockConfig::default()).await.unwrap();
    ///
    /// let client = Client::builder().base_url(mock.base_url()).build()?; // no key needed
    /// let remover = client.background_remover().await?.expect("listed");
    /// assert_eq!(remover.id, "bria-bg-remover");
    /// assert!(remover.price.is_some());
    /// # Ok::<(), venice_image::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn background_remover(&self) -> Result<Option<BackgroundRemover>, Error> {
        Ok(self.inner.removers.get(self.listing_origin()).await?.0.clone())
    }

    /// The background remover, for prices, when it can be had. A client
    /// given its catalogue, or told not to fetch one, only uses what it
    /// already has.
    pub(crate) async fn remover_for_pricing(&self) -> Option<BackgroundRemover> {
        if self.inner.supplied.is_some() || !self.inner.fetch_catalogue {
            return self.inner.removers.peek().await?.0.clone();
        }
        match self.background_remover().await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(error = %e, "the image models' listing is unavailable; the removal's cost is unknown");
                None
            }
        }
    }
}
