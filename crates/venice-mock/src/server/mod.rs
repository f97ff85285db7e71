//! The running emulator, [`MockServer`]: it binds 127.0.0.1, hands the
//! listener to the accept loop (see `connections`: at most
//! [`MAX_CONNECTIONS`](connections::MAX_CONNECTIONS) at once,
//! [`HEADER_TIMEOUT`](connections::HEADER_TIMEOUT) for a request's headers,
//! connections dropped mid-request to emulate resets), and is a test's
//! handle on the shared state: the recorded requests, the scripted faults
//! and the balances. What it records is bounded (see `state`).

mod connections;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::{Fault, FaultScope, MockConfig, TopUpFault};
use crate::state::State;
use crate::state::record::RecordedRequest;

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
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(connections::accept(listener, state.clone(), stopped));
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
        self.state.ledger.balance(&crate::config::wallet_key(address))
    }

    /// Sets an x402 wallet's balance, USD.
    pub fn set_wallet_balance_usd(&self, address: &str, usd: f64) {
        self.state.ledger.set_balance(&crate::config::wallet_key(address), usd);
    }

    /// Queues top-up faults: each of the next payments meets the next one.
    pub fn script_top_up(&self, faults: impl IntoIterator<Item = TopUpFault>) {
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
