//! Testing your own code against `venice-mock`, the local emulator: your
//! function takes a `Client`; the test builds one pointing at the emulator
//! and checks what your code did and what the emulator received. Faults can
//! be scripted (`server.script(...)`) to test your error handling.
//!
//! ```sh
//! cargo run -p venice-image --example test_with_mock
//! ```
//!
//! (Run as an example here; in your crate this is a `#[tokio::test]` with
//! `venice-mock` as a dev-dependency.)

use venice_image::{Client, EditRequest, Error, ImageSource};
use venice_mock::{Fault, MockConfig, MockServer};

/// The code under test: makes a thumbnail-sized "sunrise" version of an image.
async fn sunrise(client: &Client, jpeg: Vec<u8>) -> Result<Vec<u8>, Error> {
    let edited = client.edit(EditRequest::new(ImageSource::bytes(jpeg), "make the sky a sunrise")).await?;
    Ok(edited.bytes().to_vec())
}

#[tokio::main]
async fn main() {
    let server = MockServer::start(MockConfig::default().key("test-key")).await.expect("the emulator starts");
    let client =
        Client::builder().without_env().api_key("test-key").base_url(server.base_url()).build().unwrap();

    // The happy path: a real image comes back, and one edit was sent.
    let input = venice_mock::fixtures::jpeg(640, 480);
    let out = sunrise(&client, input.clone()).await.expect("the edit succeeds");
    assert!(!out.is_empty());
    assert_eq!(server.image_requests().len(), 1);

    // An error path: the service refuses with 402; the error says so by type.
    server.script([Fault::Status { status: 402, retry_after: None }]);
    let err = sunrise(&client, input).await.unwrap_err();
    assert!(matches!(err, Error::InsufficientBalance(_)), "{err}");
    println!("ok: both paths behave");
}
