//! Edit several files at once, at most three requests in flight. The client
//! is cheap to clone; its clones share the connection pool, the catalogue
//! and the pacing under the key's rate limit.
//!
//! ```sh
//! VENICE_API_KEY=... cargo run -p venice-image --example concurrent_batch -- "warmer light" a.jpg b.jpg c.jpg
//! ```

use futures_util::stream::{self, StreamExt};
use venice_image::{Client, EditRequest, ImageSource};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let Some(prompt) = args.next() else {
        eprintln!("usage: concurrent_batch PROMPT IMAGE...");
        std::process::exit(2);
    };
    let client = Client::builder().build()?;
    let results: Vec<(String, Result<String, venice_image::Error>)> = stream::iter(args)
        .map(|path| {
            let (client, prompt) = (client.clone(), prompt.clone());
            async move {
                let result = async {
                    let edited = client.edit(EditRequest::new(ImageSource::path(&path), prompt)).await?;
                    let out =
                        std::path::Path::new(&path).with_extension(format!("edited.{}", edited.extension()));
                    edited.save(&out)?;
                    Ok(out.display().to_string())
                }
                .await;
                (path, result)
            }
        })
        .buffer_unordered(3)
        .collect()
        .await;
    for (path, result) in results {
        match result {
            Ok(out) => println!("{path} -> {out}"),
            // Errors are typed: decide on the variant, not on the text.
            Err(e) if e.is_retryable() => eprintln!("{path}: {e} (worth another try later)"),
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
    Ok(())
}
