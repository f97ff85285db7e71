//! The flags of the commands that are not image calls: `models`,
//! `inspect`, `mcp`, `serve`, `wallet`, `config` (the image commands'
//! flags are in `flags`, which re-exports these).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use venice_image::{Encoding, OutputFormat};

use crate::settings::values::parse_usd;

/// `venice inspect`'s arguments.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Images (or `.xmp` sidecars) to read.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ModelsArgs {
    /// Which models: the edit models, or the upscaler and its price per scale.
    #[arg(long = "type", value_enum, value_name = "TYPE", default_value_t = ModelType::Inpaint)]
    pub kind: ModelType,
}

/// The model types `venice models` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModelType {
    /// The edit models (edit, multi-edit).
    Inpaint,
    /// The upscaler.
    Upscale,
    /// The generation models (`venice generate`).
    Image,
}

/// The spending guard of `venice mcp`, for agents left alone.
#[derive(Debug, Args)]
pub struct McpArgs {
    /// Refuse any tool call whose estimated cost is above this (USD).
    #[arg(long, value_name = "USD", value_parser = parse_usd, allow_negative_numbers = true)]
    pub max_cost_per_call: Option<f64>,
    /// Refuse a tool call that would bring the estimated cost of this
    /// server's successful calls above this (USD).
    #[arg(long, value_name = "USD", value_parser = parse_usd, allow_negative_numbers = true)]
    pub max_cost_total: Option<f64>,
    /// A folder the tools may read and write (repeatable); without it, the
    /// working folder. Roots the client offers are allowed too (in place of
    /// the working folder).
    #[arg(long, value_name = "DIR")]
    pub allow_dir: Vec<PathBuf>,
    /// What a tool call uses when the agent leaves an option out.
    #[command(flatten)]
    pub defaults: McpDefaults,
}

/// `venice serve`: where it listens, who may call it, what it may spend.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on; beyond loopback only with a token.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8787")]
    pub listen: std::net::SocketAddr,
    /// A file holding the token clients must present as `Authorization:
    /// Bearer TOKEN` (or set VENICE_SERVE_TOKEN).
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,
    /// Refuse a request whose estimated cost (all `n` images) is above this (USD).
    #[arg(long, value_name = "USD", value_parser = parse_usd, allow_negative_numbers = true)]
    pub max_cost_per_request: Option<f64>,
    /// Refuse requests once the estimated cost of today's calls (UTC) would
    /// pass this (USD); kept across restarts in the state folder.
    #[arg(long, value_name = "USD", value_parser = parse_usd, allow_negative_numbers = true)]
    pub max_cost_per_day: Option<f64>,
    /// Calls to Venice at once, shared by every client (the others queue).
    #[arg(short, long, value_name = "N", default_value_t = 3)]
    pub jobs: usize,
    /// The Venice edit model for requests that name none or an OpenAI model
    /// [default: the service's].
    #[arg(long, value_name = "ID")]
    pub model: Option<String>,
    /// Map a model name clients send to a Venice model (repeatable), e.g.
    /// `gpt-image-1=qwen-image-edit`; OpenAI's image models map to --model.
    #[arg(long = "model-alias", value_name = "NAME=ID")]
    pub model_alias: Vec<String>,
    /// Connections served at once; more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_connections: usize,
    /// The start of the links `response_format=url` answers with (behind a
    /// proxy) [default: http://<the request's Host>].
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
}

/// The defaults of `venice mcp`'s tool calls.
#[derive(Debug, Args, Clone, Default)]
pub struct McpDefaults {
    /// The edit model when a call names none [default: the service's].
    #[arg(long, value_name = "ID")]
    pub model: Option<String>,
    /// The output format of edits when a call names none.
    #[arg(long = "format", value_enum, id = "output_format", value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
    /// How request bodies are sent when a call does not say.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,
}

/// `venice wallet`'s subcommands.
#[derive(Debug, Subcommand)]
pub enum WalletCommand {
    /// Print the wallet's address (never its key).
    Address,
    /// Show the wallet's balance.
    Balance,
    /// List the wallet's transactions, newest first.
    Transactions {
        /// How many (1 to 100).
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: u32,
        /// How many to skip.
        #[arg(long, value_name = "N", default_value_t = 0)]
        offset: u64,
    },
    /// Top the wallet up with USDC on Base: shows the payment and asks
    /// before signing anything.
    TopUp {
        /// The amount, USD.
        #[arg(value_name = "USD", value_parser = parse_usd)]
        usd: f64,
        /// Refuse a top-up above this, before anything is signed (USD).
        #[arg(long, value_name = "USD", value_parser = parse_usd, default_value_t = 10.0)]
        max_top_up: f64,
        /// Do not ask for confirmation (with a base URL other than
        /// Venice's, --pay-to is needed too).
        #[arg(long)]
        yes: bool,
        /// The address the payment must go to: refused, before anything is
        /// signed, when the service's offer names another.
        #[arg(long, value_name = "ADDRESS")]
        pay_to: Option<String>,
    },
}

/// `venice config`'s arguments.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Show only the settings this command uses (edit, compare, mcp, ...).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}
