//! Accepting and serving connections (hyper's HTTP/1, as the emulator
//! does): at most `max_connections` at once (the accept loop waits for a
//! place), a request's headers within [`HEADER_TIMEOUT`], and a graceful
//! end: when `stop` fires, nothing new is accepted, every connection ends
//! after the request it is answering, and the calls in flight finish (their
//! answers are given) before [`serve`] returns.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower_service::Service;

use crate::serve::app::App;

/// Time a connection has to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest wait for calls in flight when stopping.
const DRAIN_LIMIT: Duration = Duration::from_secs(600);

/// Serves `app` on `listener` until `stop` completes, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    max_connections: usize,
    stop: impl Future<Output = ()>,
) {
    let router = crate::serve::routes::router(app.clone());
    let places = Arc::new(Semaphore::new(max_connections.max(1)));
    let (stopping, stopped) = watch::channel(false);
    tokio::pin!(stop);
    loop {
        let place = tokio::select! {
            place = places.clone().acquire_owned() => place,
            () = &mut stop => break,
        };
        let Ok(place) = place else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let Ok((stream, _)) = accepted else { continue };
        let (router, stopped) = (router.clone(), stopped.clone());
        tokio::spawn(async move {
            connection(stream, router, stopped).await;
            drop(place);
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    app.ui().info("venice serve: stopping; finishing the requests in flight");
    let drained = async {
        let all = u32::try_from(max_connections.max(1)).unwrap_or(u32::MAX);
        let _ = places.acquire_many(all).await;
        while app.calls.in_flight() > 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    if tokio::time::timeout(DRAIN_LIMIT, drained).await.is_err() {
        app.ui().warn("venice serve: calls still in flight after 10 minutes; stopping anyway");
    }
}

/// Serves one connection until it ends, or, once stopping, until the
/// request it is answering is answered.
async fn connection(stream: tokio::net::TcpStream, router: axum::Router, mut stopped: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let mut router = router.clone();
        async move { router.call(request).await }
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    if *stopped.borrow() {
        conn.as_mut().graceful_shutdown();
    }
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stopped.wait_for(|s| *s) => conn.as_mut().graceful_shutdown(),
    }
    let _ = conn.await;
}
