//! The HTTP server: an accept loop on 127.0.0.1 where every connection can
//! be dropped mid-request (to emulate resets). Run as a service, it holds
//! up: at most [`MAX_CONNECTIONS`] connections at once (the accept loop
//! waits for a free place), a request's headers must arrive within
//! [`HEADER_TIMEOUT`] (hyper's header timeout needs a timer, and is silently
//! off without one), and what it records is bounded (see `state`).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, oneshot};
use tokio::task::JoinHandle;

use crate::api;
use crate::config::{Fault, FaultScope, MockConfig};
use crate::record::RecordedRequest;
use crate::state::State;

/// Connections served at once; the accept loop waits for a free place.
pub const MAX_CONNECTIONS: usize = 256;
/// Time a connection has to send a request's headers.
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A running emulator. Dropping it stops the server.
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use venice_mock::{MockConfig, MockServer};
///
/// let server = MockServer::start(MockConfig::default()).await.unwrap();
/// let url = format!("{}/models?type=inpaint", server.base_url());
/// assert!(url.starts_with("http://127.0.0.1:"));
/// assert!(server.requests().is_empty());
/// # });
/// ```
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Binds 127.0.0.1 (on `config.port`, or a free port for 0) and serves.
    pub async fn start(config: MockConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::new(config)?);
        let (stop, mut stopped) = oneshot::channel();
        let serving = state.clone();
        let places = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let task = tokio::spawn(async move {
            loop {
                let place = tokio::select! {
                    place = places.clone().acquire_owned() => place,
                    _ = &mut stopped => break,
                };
                let Ok(place) = place else { break };
                tokio::select! {
                    accepted = listener.accept() => {
                        if let Ok((stream, _)) = accepted {
                            let state = serving.clone();
                            tokio::spawn(async move {
                                serve_connection(stream, state).await;
                                drop(place);
                            });
                        }
                    }
                    _ = &mut stopped => break,
                }
            }
        });
        Ok(Self { addr, state, stop: Some(stop), task: Some(task) })
    }

    /// The base URL clients use, ending in `/api/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/v1", self.addr)
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests()
    }

    /// The requests to the image endpoints so far (paths under
    /// `/api/v1/image/`), oldest first: [`MockServer::requests`] without the
    /// catalogue fetches and other paths.
    pub fn image_requests(&self) -> Vec<RecordedRequest> {
        let mut requests = self.state.requests();
        requests.retain(|r| FaultScope::Images.matches(&r.path));
        requests
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.state.clear_requests();
    }

    /// Queues faults: each of the next requests gets the next fault,
    /// whatever its path (the same as [`FaultScope::All`] in
    /// [`MockServer::script_for`]).
    pub fn script(&self, faults: impl IntoIterator<Item = Fault>) {
        self.state.script(faults);
    }

    /// Queues faults for the requests `scope` matches: each fault goes to
    /// the next request in its scope, and requests outside it pass
    /// untouched. Scripted faults share one queue, in the order they were
    /// added; a request takes the first queued fault whose scope matches it.
    ///
    /// A client that fetches the catalogue before its first edit can be
    /// given a fault on the edit alone:
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use venice_mock::{Fault, FaultScope, MockConfig, MockServer};
    ///
    /// let server = MockServer::start(MockConfig::default()).await.unwrap();
    /// server.script_for(FaultScope::Images, [Fault::Status { status: 503, retry_after: None }]);
    /// # });
    /// ```
    pub fn script_for(&self, scope: FaultScope, faults: impl IntoIterator<Item = Fault>) {
        self.state.script_for(scope, faults);
    }

    /// The balance left, in USD.
    pub fn balance_usd(&self) -> f64 {
        self.state.balance_usd()
    }

    /// Sets the balance, in USD.
    pub fn set_balance_usd(&self, usd: f64) {
        self.state.set_balance_usd(usd);
    }

    /// An x402 wallet's balance, USD (its starting balance until it is used).
    pub fn wallet_balance_usd(&self, address: &str) -> f64 {
        self.state.ledger.balance(&address.to_ascii_lowercase())
    }

    /// Sets an x402 wallet's balance, USD.
    pub fn set_wallet_balance_usd(&self, address: &str, usd: f64) {
        self.state.ledger.set_balance(&address.to_ascii_lowercase(), usd);
    }

    /// Queues top-up faults: each of the next payments meets the next one.
    pub fn script_top_up(&self, faults: impl IntoIterator<Item = crate::TopUpFault>) {
        self.state.ledger.script(faults);
    }

    /// Stops accepting connections and waits for the accept loop to end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

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
