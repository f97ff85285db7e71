//! Sends small edits to a running emulator for a while and reports the rate.
//!
//! ```sh
//! cargo run --release -p venice-mock -- --port 8080 --rate-limit off --no-lockout &
//! cargo run --release -p venice-mock --example load -- http://127.0.0.1:8080/api/v1 8 5
//! ```
//! Arguments: base URL, concurrent clients, seconds.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args.get(1).cloned().unwrap_or_else(|| "http://127.0.0.1:8080/api/v1".into());
    let clients: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(8);
    let seconds: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
    let image = venice_mock::fixtures::png(256, 256);
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let http = reqwest::Client::new();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, base, image, ok, failed) =
            (http.clone(), base.clone(), image.clone(), ok.clone(), failed.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let part = reqwest::multipart::Part::bytes(image.clone())
                    .file_name("a.png")
                    .mime_str("image/png")
                    .unwrap();
                let form = reqwest::multipart::Form::new().text("prompt", "x").part("image", part);
                let sent = http
                    .post(format!("{base}/image/edit"))
                    .bearer_auth("test-key")
                    .multipart(form)
                    .send()
                    .await;
                let good = match sent {
                    Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if good {
                    ok.fetch_add(1, Ordering::Relaxed)
                } else {
                    failed.fetch_add(1, Ordering::Relaxed)
                };
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let (ok, failed) = (ok.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    println!(
        "{ok} edits in {seconds} s with {clients} clients: {:.0} per second, {failed} failed",
        ok as f64 / seconds as f64
    );
}
