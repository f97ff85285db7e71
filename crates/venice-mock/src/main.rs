//! `venice-mock`: run the emulator from the command line.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use venice_mock::{MockConfig, MockServer, RandomFaults, RateLimit, ResetForm, parse_duration};

/// A local emulator of Venice's image-editing API, for trying clients
/// offline. Point them at the printed base URL.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Accepted API key; repeat for several.
    #[arg(long = "key", default_value = "test-key")]
    keys: Vec<String>,
    /// Time each successful edit takes, e.g. 300ms or 2s.
    #[arg(long, value_parser = parse_duration, default_value = "0ms")]
    latency: Duration,
    /// A delay before every answer (GET /models included), e.g. 150ms: the
    /// network round trip a client pays per request, which loopback hides.
    #[arg(long, value_parser = parse_duration, default_value = "0ms")]
    rtt: Duration,
    /// Requests per key per window, e.g. 20/60s (Venice's default), or "off".
    #[arg(long, default_value = "20/60s")]
    rate_limit: String,
    /// How x-ratelimit-reset-requests says when the window resets: "seconds"
    /// (whole seconds left) or "timestamp" (unix time in seconds).
    #[arg(long, value_name = "FORM", default_value = "seconds")]
    rate_reset: ResetForm,
    /// Starting balance in USD.
    #[arg(long, default_value_t = 100.0)]
    balance: f64,
    /// Share of requests (0 to 1) answered with a random 500, 503 or 429.
    #[arg(long, default_value_t = 0.0)]
    fail_rate: f64,
    /// Seed for --fail-rate: the same seed gives the same faults.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Append every request to this file as a JSON line.
    #[arg(long)]
    log: Option<PathBuf>,
    /// A prompt word that triggers a 422 content-policy refusal; repeatable.
    #[arg(long = "blocked-word")]
    blocked_words: Vec<String>,
    /// Serve a local file when a request names URL as its image: URL=PATH.
    #[arg(long = "serve-url", value_name = "URL=PATH")]
    serve_urls: Vec<String>,
    /// Answer from image headers only, with synthetic images (no pixel
    /// decoding): for measuring a client rather than the emulator.
    #[arg(long)]
    no_decode: bool,
    /// Turn off the lock-out after repeated failed requests.
    #[arg(long)]
    no_lockout: bool,
    /// An x402 wallet's starting balance: ADDR=USD; repeatable.
    #[arg(long = "wallet-balance", value_name = "ADDR=USD")]
    wallet_balances: Vec<String>,
    /// The starting balance of any other wallet, USD.
    #[arg(long, value_name = "USD", default_value_t = 0.0)]
    default_wallet_balance: f64,
}

fn config(args: Args) -> Result<MockConfig, String> {
    let rate_limit = match args.rate_limit.as_str() {
        "off" | "none" => None,
        s => Some(s.parse::<RateLimit>()?),
    };
    if !(0.0..=1.0).contains(&args.fail_rate) {
        return Err(format!("--fail-rate must be between 0 and 1, not {}", args.fail_rate));
    }
    let mut config = MockConfig::default()
        .port(args.port)
        .latency(args.latency)
        .rtt(args.rtt)
        .rate_limit(rate_limit)
        .rate_reset(args.rate_reset)
        .balance_usd(args.balance)
        .decode_pixels(!args.no_decode);
    config.keys = args.keys;
    if let Some(path) = args.log {
        config = config.log(path);
    }
    if args.no_lockout {
        config.lockout = None;
    }
    if args.fail_rate > 0.0 {
        config.random_faults = Some(RandomFaults::server_errors(args.fail_rate, args.seed));
    }
    config.blocked_words.extend(args.blocked_words);
    config = config.default_wallet_balance(args.default_wallet_balance);
    for pair in args.wallet_balances {
        let (addr, usd) =
            pair.split_once('=').ok_or_else(|| format!("--wallet-balance takes ADDR=USD, not {pair:?}"))?;
        let usd: f64 = usd.parse().map_err(|_| format!("--wallet-balance: {usd:?} is not an amount"))?;
        config = config.wallet_balance(addr, usd);
    }
    for pair in args.serve_urls {
        let (url, path) =
            pair.split_once('=').ok_or_else(|| format!("--serve-url takes URL=PATH, not {pair:?}"))?;
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        config = config.serve_url(url, bytes);
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match config(Args::parse()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("venice-mock: {e}");
            return ExitCode::from(2);
        }
    };
    let keys = config.keys.len();
    let server = match MockServer::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("venice-mock: cannot listen: {e}");
            return ExitCode::from(1);
        }
    };
    println!("venice-mock listening on {} ({keys} key(s) accepted); Ctrl-C stops it", server.base_url());
    let _ = tokio::signal::ctrl_c().await;
    server.shutdown().await;
    ExitCode::SUCCESS
}
