//! Accepting and serving connections. Run as a service, the emulator holds
//! up: at most [`MAX_CONNECTIONS`] connections at once (the accept loop
//! waits for a free place), and a request's headers must arrive within
//! [`HEADER_TIMEOUT`] (hyper's header timeout needs a timer, and is silently
//! off without one). Every connection can be dropped mid-request, to emulate
//! resets.

use std::convert::Infallible;
use std::sync::Arc;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, oneshot};

use crate::api;
use crate::state::State;

/// Connections served at once; the accept loop waits for a free place.
pub const MAX_CONNECTIONS: usize = 256;
/// Time a connection has to send a request's headers.
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Accepts connections on `listener` and serves each on its own task, until
/// `stopped` fires (or its sender is dropped).
pub(super) async fn accept(listener: TcpListener, state: Arc<State>, mut stopped: oneshot::Receiver<()>) {
    let places = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let place = tokio::select! {
            place = places.clone().acquire_owned() => place,
            _ = &mut stopped => break,
        };
        let Ok(place) = place else { break };
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    let state = state.clone();
                    tokio::spawn(async move {
                        serve_connection(stream, state).await;
                        drop(place);
                    });
                }
            }
            _ = &mut stopped => break,
        }
    }
}

/// Serves one connection until it ends or a fault drops it.
async fn serve_connection(stream: tokio::net::TcpStream, state: Arc<State>) {
    let _ = stream.set_nodelay(true);
    let kill = Arc::new(Notify::new());
    let handler_kill = kill.clone();
    let service = service_fn(move |req| {
        let state = state.clone();
        let kill = handler_kill.clone();
        async move { Ok::<_, Infallible>(api::handle(state, req, kill).await) }
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .serve_connection(TokioIo::new(stream), service);
    // Dropping the connection with the upload unread makes the kernel send a
    // reset, which is what a client sees when a proxy gives up mid-upload.
    tokio::select! {
        _ = connection => {}
        () = kill.notified() => {}
    }
}
