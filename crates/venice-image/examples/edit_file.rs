//! Edit one file from a prompt and save the result beside it.
//!
//! ```sh
//! VENICE_API_KEY=... cargo run -p venice-image --example edit_file -- photo.jpg "make the sky a sunrise"
//! ```
//!
//! The key comes from `VENICE_API_KEY` and the base URL from
//! `VENICE_BASE_URL` (else Venice's): point it at `venice-mock` to try it
//! without a key.

use venice_image::{Client, EditRequest, ImageSource};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(prompt)) = (args.next(), args.next()) else {
        eprintln!("usage: edit_file IMAGE PROMPT");
        std::process::exit(2);
    };
    let client = Client::builder().build()?;
    let edited = client.edit(EditRequest::new(ImageSource::path(&path), prompt)).await?;
    let out = std::path::Path::new(&path).with_extension(format!("edited.{}", edited.extension()));
    edited.save(&out)?;
    println!("{path} -> {}", out.display());
    Ok(())
}
