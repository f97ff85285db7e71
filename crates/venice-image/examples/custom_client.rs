//! Bring your own `reqwest::Client` (a proxy, extra root certificates, your
//! own timeouts or connection pool). The library still adds its credential
//! and User-Agent per request and never follows redirects on its own calls;
//! your client should not follow them either.
//!
//! ```sh
//! VENICE_API_KEY=... cargo run -p venice-image --example custom_client
//! ```

use std::time::Duration;

use venice_image::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(4)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let client = Client::builder().http_client(http).build()?;
    for model in client.models().await?.models() {
        println!("{}", model.id);
    }
    Ok(())
}
