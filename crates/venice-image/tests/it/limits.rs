//! Answers are bounded: a server that sends a huge or endless body is cut off.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use venice_image::catalogue::Catalogue;
use venice_image::{Client, EditRequest, Error, ImageSource, RetryPolicy};

/// Reads a request loosely (until the client pauses); the answers here do
/// not depend on it.
async fn read_request(sock: &mut tokio::net::TcpStream) {
    let mut buf = vec![0u8; 64 * 1024];
    let _ = tokio::time::timeout(Duration::from_millis(300), async {
        while let Ok(n) = sock.read(&mut buf).await {
            if n == 0 {
                break;
            }
        }
    })
    .await;
}

/// A bare HTTP server answering every request with `head` then `chunk`
/// bytes, `repeat` times (or until the client goes away).
async fn raw_server(head: String, chunk: usize, repeat: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else { return };
            let head = head.clone();
            tokio::spawn(async move {
                read_request(&mut sock).await;
                if sock.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let block = vec![b'A'; chunk];
                for _ in 0..repeat {
                    if sock.write_all(&block).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{addr}/api/v1")
}

fn client(base: &str, max: u64) -> Client {
    Client::builder()
        .without_env()
        .api_key("k")
        .base_url(base)
        .catalogue(Catalogue::default())
        .retry_policy(RetryPolicy::never())
        .max_response_bytes(max)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

fn request() -> EditRequest {
    EditRequest::new(ImageSource::bytes(venice_mock::fixtures::png(300, 300)), "x")
}

#[tokio::test]
async fn an_announced_huge_body_is_refused_without_reading_it() {
    let base = raw_server(
        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 200000000\r\n\r\n".into(),
        1024,
        1,
    )
    .await;
    let err = client(&base, 1024 * 1024).edit(request()).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidResponse { message, .. } if message.contains("larger than 1.0 MB")),
        "{err}"
    );
}

#[tokio::test]
async fn an_endless_body_is_cut_off_at_the_limit() {
    // An endless series of 64 KB chunks.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        read_request(&mut sock).await;
        let _ = sock
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n")
            .await;
        let chunk = format!("{:x}\r\n{}\r\n", 65536, "A".repeat(65536));
        while sock.write_all(chunk.as_bytes()).await.is_ok() {}
    });
    let err = client(&format!("http://{addr}/api/v1"), 2 * 1024 * 1024).edit(request()).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidResponse { message, .. } if message.contains("larger than 2.0 MB")),
        "{err}"
    );
}
