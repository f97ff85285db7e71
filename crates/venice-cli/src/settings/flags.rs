//! The command line, as clap sees it: the flags of every command (the
//! request options are the library's own structs, flattened).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use venice_image::metadata::MetadataOptions;
use venice_image::{EditOptions, OutputFormat, Quality, Scale, UploadOptions};

pub use crate::settings::tool_flags::{
    ConfigArgs, InspectArgs, McpArgs, McpDefaults, ModelType, ModelsArgs, ServeArgs, WalletCommand,
};
use crate::settings::values::parse_usd;

/// Exit codes, printed at the end of `venice --help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  all succeeded (or were skipped because their output exists)
  1  some inputs of a batch failed (see the summary or --report)
  2  usage error
  3  invalid input, refused before any request (or by the service: 400, 413, 415), or unreadable
  4  authentication failed (401), or no API key
  5  payment required: the balance does not cover it (402)
  6  refused by the content policy (422)
  7  still rate limited after the retries (429)
  8  server error after the retries (5xx)
  9  network error or timeout
  10 invalid response from the server
  11 an output cannot be written (found before paying; or, after, the result is saved elsewhere)
  12 internal error: the HTTP client cannot be set up or a request cannot be encoded (please report it)
  130 interrupted (Ctrl-C)";

/// The heading of the options every command takes.
pub const GLOBAL_HEADING: &str = "Options for every command";

/// Edit images with Venice's API from the command line.
///
/// The API key comes from VENICE_API_KEY or --api-key-file (never from the
/// command line, where other users can see it). Try everything without a key
/// or network with --offline: the built-in emulator answers.
#[derive(Debug, Parser)]
#[command(name = "venice", version, about, after_help = EXIT_CODES, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options for every command (under their own heading in each command's
/// help, after the command's own options).
#[derive(Debug, Args)]
#[command(next_help_heading = GLOBAL_HEADING)]
pub struct Global {
    /// API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice's].
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Read the API key from this file (instead of VENICE_API_KEY).
    #[arg(long, global = true, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,
    /// Allow a plain http:// base URL to another machine (the key would
    /// cross the network in clear text); plain http to this machine is
    /// always allowed.
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
    /// Pay with an x402 wallet whose private key is in this file (chmod
    /// 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair
    /// file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a
    /// key on the command line.
    #[arg(long, global = true, value_name = "PATH", conflicts_with = "wallet_keystore")]
    pub wallet_key_file: Option<PathBuf>,
    /// Pay with the x402 wallet in this encrypted keystore (Web3 Secret
    /// Storage v3); the password is asked for, or read from the file
    /// VENICE_WALLET_PASSWORD_FILE names.
    #[arg(long, global = true, value_name = "PATH")]
    pub wallet_keystore: Option<PathBuf>,
    /// Which credential pays when both an API key and a wallet are set.
    #[arg(long, global = true, value_enum, value_name = "KIND")]
    pub auth: Option<AuthChoice>,
    /// Set once the wallet was loaded (see settings::wallet).
    #[arg(skip)]
    pub wallet: Option<std::sync::Arc<dyn venice_image::WalletSigner>>,
    /// Serve every request from the built-in emulator: no key, no network
    /// (results are the emulator's, not Venice's).
    #[arg(long, global = true, env = "VENICE_OFFLINE", value_parser = clap::builder::FalseyValueParser::new())]
    pub offline: bool,
    /// Fetch the model catalogue from the service even when the cached copy
    /// is fresh (the cache is in the platform's cache folder, fresh for an
    /// hour unless the service says otherwise).
    #[arg(long, global = true)]
    pub refresh_models: bool,
    /// Set when --offline started the emulator: where requests go.
    #[arg(skip)]
    pub local: Option<Local>,
    /// Use the settings of [profiles.NAME] in the config file.
    #[arg(long, global = true, env = "VENICE_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
    /// Retries after a failed attempt (429, 5xx, timeouts, dropped connections).
    #[arg(long, global = true, value_name = "N", default_value_t = 2)]
    pub max_retries: u32,
    /// Seconds allowed for one attempt of any request, upload and answer included.
    #[arg(long, global = true, value_name = "SECS", default_value_t = 300)]
    pub timeout: u64,
    /// Show what would be sent and what it would cost; send nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// One JSON object per result on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// Say more: request ids, attempts, waits.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Say nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// Which credential pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthChoice {
    /// The API key (VENICE_API_KEY, --api-key-file).
    Key,
    /// The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore).
    Wallet,
}

impl std::str::FromStr for AuthChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "key" => Ok(Self::Key),
            "wallet" => Ok(Self::Wallet),
            _ => Err(format!("{s:?} is not key or wallet")),
        }
    }
}

/// Where requests go when `--offline` started the emulator in this process.
#[derive(Debug, Clone, Default)]
pub struct Local {
    pub base_url: String,
    /// The emulator's own key: known to anyone, worth nothing.
    pub key: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Draw new images from a prompt, or one per line of a prompts file.
    Generate(GenerateArgs),
    /// Edit one or more images from a prompt.
    Edit(EditArgs),
    /// Edit a base image guided by layers or masks.
    MultiEdit(MultiEditArgs),
    /// Cut the subject out onto a transparent background.
    #[command(alias = "background-remove")]
    RemoveBg(RemoveBgArgs),
    /// Upscale images by 2 or 4 (PNG out).
    Upscale(UpscaleArgs),
    /// Run one edit on several models at once and compare them on a page.
    Compare(CompareArgs),
    /// Run steps in order on every input (cut out, enlarge, then edit...),
    /// resumable per step.
    Pipeline(PipelineArgs),
    /// List the edit models (or the upscaler) with their limits and prices.
    Models(ModelsArgs),
    /// List the style presets `venice generate --style` takes.
    Styles,
    /// Serve the image tools to AI agents over the Model Context Protocol (stdio).
    Mcp(McpArgs),
    /// Serve OpenAI's Images API (edits, models) over HTTP in front of
    /// Venice, for tools that speak it (Open WebUI, LibreChat, LiteLLM).
    Serve(ServeArgs),
    /// The x402 wallet that pays: its address, balance, transactions, and top-ups.
    #[command(subcommand)]
    Wallet(WalletCommand),
    /// Show how images were made: the provenance this tool writes into
    /// its outputs (operation, model, prompt, request id, cost, time).
    Inspect(InspectArgs),
    /// Show the effective settings and where each came from (flag,
    /// environment, profile, config file, built-in).
    Config(ConfigArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// `{n}` as clap shows it: clap turns the three characters `{n}` of any
/// help text into a line break, so an empty style (removed with every
/// style where colours are off) sits between `{` and `n}`.
macro_rules! brace_n {
    () => {
        "{\x1b[0mn}"
    };
}

/// `--name`'s help (the doc comment above it is for the source; this is shown).
const NAME_HELP: &str = concat!(
    "Name outputs by this template (in --out-dir, else beside each input): {stem} {ext} {op} {model} {scale} ",
    brace_n!(),
    " {date}, e.g. \"{stem}-{model}.{ext}\" [default: <stem>.<op suffix>.<ext>]"
);

/// `compare --name`'s help.
const COMPARE_NAME_HELP: &str = concat!(
    "Name each model's result by this template, in the folder: {stem} {ext} {op} {model} {scale} ",
    brace_n!(),
    " {date} [default: <model>.<ext>]"
);

/// Where results go, and how many inputs at once.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output file, or - for stdout (one input only).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Write results here (several inputs or a folder).
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub out_dir: Option<PathBuf>,
    /// Name outputs by this template (in --out-dir, else beside each
    /// input): {stem} {ext} {op} {model} {scale} {n} {date}, e.g.
    /// "{stem}-{model}.{ext}" [default: <stem>.<op suffix>.<ext>].
    #[arg(long, value_name = "TEMPLATE", conflicts_with = "output", help = NAME_HELP)]
    pub name: Option<String>,
    /// Overwrite outputs that exist (otherwise they are skipped).
    #[arg(long)]
    pub force: bool,
    /// Walk folders into their sub-folders, keeping the structure.
    #[arg(short, long)]
    pub recursive: bool,
    /// Requests at once in a batch.
    #[arg(short, long, value_name = "N", default_value_t = 3)]
    pub jobs: usize,
    /// Write one JSON line per input to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// After the first pass, keep watching the folders and process each
    /// new image once it is completely written (Ctrl-C ends the watch;
    /// --max-cost is the total for the whole watch).
    #[arg(long, conflicts_with_all = ["output", "gallery"])]
    pub watch: bool,
    /// Refuse a batch whose estimated cost is above this (USD).
    #[arg(long, value_name = "USD", value_parser = parse_usd, allow_negative_numbers = true)]
    pub max_cost: Option<f64>,
    /// Write an HTML page of before and after thumbnails (in FILE.thumbs/
    /// beside it), failures and skipped inputs with reasons, and totals.
    #[arg(long, value_name = "FILE.html")]
    pub gallery: Option<std::path::PathBuf>,
    /// How inputs are sent (the library's options).
    #[command(flatten)]
    pub upload: UploadOptions,
    /// What outputs keep of their input, and their provenance (the library's options).
    #[command(flatten)]
    pub metadata: MetadataOptions,
}

/// `venice generate`'s arguments.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to draw.
    #[arg(short, long, value_name = "TEXT", required_unless_present = "prompts", conflicts_with = "prompts")]
    pub prompt: Option<String>,
    /// A file of prompts, one per line (empty lines and lines starting
    /// with # are skipped): one image (or --variants) per prompt, named
    /// from it, in --out-dir.
    #[arg(long, value_name = "FILE", requires = "out_dir")]
    pub prompts: Option<PathBuf>,
    /// The generation model (`venice models --type image`) [default: venice-sd35].
    #[arg(short, long, value_name = "ID")]
    pub model: Option<String>,
    /// Images per prompt, 1 to 4, written as OUT-1, OUT-2, ... (each charged).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub variants: u32,
    /// The seed (variant i uses SEED + i - 1); a random one otherwise,
    /// recorded in each output.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub seed: Option<i64>,
    /// What to keep out of the picture.
    #[arg(long, value_name = "TEXT")]
    pub negative_prompt: Option<String>,
    /// Aspect ratio (1:1, 16:9, ...), for models that list ratios.
    #[arg(long, value_name = "RATIO")]
    pub aspect_ratio: Option<String>,
    /// Resolution tier (1K, 2K, 4K), for models that list tiers.
    #[arg(long, value_name = "TIER")]
    pub resolution: Option<String>,
    /// Quality, for models that list qualities.
    #[arg(long, value_enum)]
    pub quality: Option<Quality>,
    /// Width in pixels, for models sized by width and height (up to 1280).
    #[arg(long, value_name = "PX")]
    pub width: Option<u32>,
    /// Height in pixels, for models sized by width and height (up to 1280).
    #[arg(long, value_name = "PX")]
    pub height: Option<u32>,
    /// Denoising steps, up to the model's maximum.
    #[arg(long, value_name = "N")]
    pub steps: Option<u32>,
    /// A style preset (`venice styles`).
    #[arg(long, value_name = "NAME")]
    pub style: Option<String>,
    /// The images' format [service default: webp].
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Ask for no watermark (the service may still add one).
    #[arg(long)]
    pub hide_watermark: bool,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Images: paths, folders, http(s) URLs, or - for stdin.
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,
    /// What to change, in plain words.
    #[arg(short, long, value_name = "TEXT")]
    pub prompt: String,
    /// The edit options (the library's).
    #[command(flatten)]
    pub options: EditOptions,
    /// `--keep-size` and `--mask` (local pixel work around the call).
    #[command(flatten)]
    pub photo: crate::settings::photo::PhotoEdit,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct MultiEditArgs {
    /// The base image (path, URL or -).
    #[arg(value_name = "BASE")]
    pub base: String,
    /// Layers or masks, in order (none: the base alone is edited).
    #[arg(value_name = "LAYER")]
    pub layers: Vec<String>,
    /// What to change, in plain words.
    #[arg(short, long, value_name = "TEXT")]
    pub prompt: String,
    /// Output quality, for models that have it.
    #[arg(long, value_enum)]
    pub quality: Option<Quality>,
    /// The edit options (the library's).
    #[command(flatten)]
    pub options: EditOptions,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RemoveBgArgs {
    /// Images: paths, folders, http(s) URLs, or - for stdin.
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,
    /// Finishing done here on the answer (no extra request).
    #[command(flatten)]
    pub cutout: crate::settings::cutout::CutOut,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct UpscaleArgs {
    /// Images: paths, folders, or - for stdin (the upscaler does not fetch URLs).
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,
    /// 2 or 4 times wider and higher [service default: 2]; 4 is lowered to 2
    /// for inputs over 1,048,576 pixels (the output may have at most 16,777,216).
    #[arg(long, value_enum, value_name = "N")]
    pub scale: Option<Scale>,
    /// How much new detail the upscaler may invent, 0 to 0.02 [service default: 0.01].
    #[arg(long, value_name = "X")]
    pub creativity: Option<f64>,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The image: a file path (none with --generate).
    #[arg(value_name = "IMAGE", required_unless_present = "generate")]
    pub image: Option<PathBuf>,
    /// What to change, in plain words (with --generate, what to draw).
    #[arg(short, long, value_name = "TEXT")]
    pub prompt: String,
    /// Compare generation models: each draws the prompt (no input image),
    /// with the same seed.
    #[arg(long, conflicts_with = "image")]
    pub generate: bool,
    /// The seed every generation model draws with (--generate) [default: a random one].
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub seed: Option<i64>,
    /// The models to compare, comma-separated, or `all`: every edit model
    /// (generation model with --generate) that accepts this request (the
    /// others are listed with the reason).
    #[arg(long, value_name = "ID,ID,...", value_delimiter = ',', required = true)]
    pub models: Vec<String>,
    /// The edit options, for every model (--model is refused: use --models).
    #[command(flatten)]
    pub options: EditOptions,
    /// Write the results and index.html here [default: <stem>.compare beside
    /// the image; with --generate, <prompt>.compare in the working folder].
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Name each model's result by this template, in the folder:
    /// {stem} {ext} {op} {model} {scale} {n} {date} [default: <model>.<ext>].
    #[arg(long, value_name = "TEMPLATE", help = COMPARE_NAME_HELP)]
    pub name: Option<String>,
    /// Replace an earlier comparison in that folder.
    #[arg(long)]
    pub force: bool,
    /// Requests at once.
    #[arg(short, long, value_name = "N", default_value_t = 3)]
    pub jobs: usize,
    /// Refuse when the estimated total is above this (USD).
    #[arg(long, value_name = "USD", value_parser = parse_usd, allow_negative_numbers = true)]
    pub max_cost: Option<f64>,
    /// How the image is sent (the library's options).
    #[command(flatten)]
    pub upload: UploadOptions,
    /// What outputs keep of their input, and their provenance (the library's options).
    #[command(flatten)]
    pub metadata: MetadataOptions,
}

/// `venice pipeline RECIPE INPUT...` or `venice pipeline --step ... INPUT...`.
#[derive(Debug, Args)]
pub struct PipelineArgs {
    /// The recipe (a TOML file of [[step]] tables), then the images: files
    /// or folders. With --step, all are images.
    #[arg(required_unless_present = "step", value_name = "RECIPE INPUT")]
    pub args: Vec<String>,
    /// A step, as the command's own words (`remove-bg`, `upscale --scale 2`),
    /// instead of a recipe file; repeat it for each step, in order.
    #[arg(long, value_name = "STEP")]
    pub step: Vec<String>,
    /// One chain per non-empty line of this file (`#` lines skipped): the
    /// prompts of a recipe whose first step is `generate` (then no images).
    #[arg(long, value_name = "FILE")]
    pub prompts: Option<PathBuf>,
    /// Write the final results here (and keep each step's results in its
    /// hidden .venice-pipeline folder) [default: beside each input].
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Walk folders into their sub-folders.
    #[arg(short, long)]
    pub recursive: bool,
    /// Inputs going through their steps at once.
    #[arg(short, long, value_name = "N", default_value_t = 3)]
    pub jobs: usize,
    /// One JSON line per step per input to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// A page of every stage of every input side by side.
    #[arg(long, value_name = "FILE.html")]
    pub gallery: Option<PathBuf>,
    /// Refuse when the estimated cost of the steps left to run is above
    /// this (USD), before anything is sent.
    #[arg(long, value_name = "USD", value_parser = parse_usd, allow_negative_numbers = true)]
    pub max_cost: Option<f64>,
    /// Replace final outputs this pipeline did not write.
    #[arg(long)]
    pub force: bool,
    /// After the first pass, keep watching the folders and run the steps
    /// on each new image once it is completely written (Ctrl-C ends the
    /// watch; --max-cost is the total for the whole watch).
    #[arg(long)]
    pub watch: bool,
    /// Remove each input's kept step results once its final output is
    /// written (a rerun then skips it as done, but a changed recipe runs it
    /// whole).
    #[arg(long)]
    pub clean: bool,
}

impl Command {
    /// The subcommand's name, as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Generate(_) => "generate",
            Self::Styles => "styles",
            Self::Edit(_) => "edit",
            Self::MultiEdit(_) => "multi-edit",
            Self::RemoveBg(_) => "remove-bg",
            Self::Upscale(_) => "upscale",
            Self::Compare(_) => "compare",
            Self::Pipeline(_) => "pipeline",
            Self::Models(_) => "models",
            Self::Mcp(_) => "mcp",
            Self::Serve(_) => "serve",
            Self::Wallet(_) => "wallet",
            Self::Config(_) => "config",
            Self::Inspect(_) => "inspect",
            Self::Completions { .. } => "completions",
            Self::Man => "man",
        }
    }

    /// The output flags of the image commands.
    fn out_mut(&mut self) -> Option<&mut OutputArgs> {
        match self {
            Self::Generate(a) => Some(&mut a.out),
            Self::Edit(a) => Some(&mut a.out),
            Self::MultiEdit(a) => Some(&mut a.out),
            Self::RemoveBg(a) => Some(&mut a.out),
            Self::Upscale(a) => Some(&mut a.out),
            _ => None,
        }
    }

    /// Requests at once, for the commands that run several.
    pub fn jobs_mut(&mut self) -> Option<&mut usize> {
        match self {
            Self::Compare(a) => Some(&mut a.jobs),
            Self::Pipeline(a) => Some(&mut a.jobs),
            Self::Serve(a) => Some(&mut a.jobs),
            other => other.out_mut().map(|o| &mut o.jobs),
        }
    }

    /// The cost cap of a run.
    pub fn max_cost_mut(&mut self) -> Option<&mut Option<f64>> {
        match self {
            Self::Compare(a) => Some(&mut a.max_cost),
            Self::Pipeline(a) => Some(&mut a.max_cost),
            other => other.out_mut().map(|o| &mut o.max_cost),
        }
    }

    /// What outputs keep of their input, for the commands that write images.
    pub fn metadata_mut(&mut self) -> Option<&mut MetadataOptions> {
        match self {
            Self::Compare(a) => Some(&mut a.metadata),
            other => other.out_mut().map(|o| &mut o.metadata),
        }
    }

    /// How inputs are sent.
    pub fn upload_mut(&mut self) -> Option<&mut UploadOptions> {
        match self {
            Self::Compare(a) => Some(&mut a.upload),
            other => other.out_mut().map(|o| &mut o.upload),
        }
    }

    /// The edit options, for the commands that edit.
    pub fn edit_options_mut(&mut self) -> Option<&mut EditOptions> {
        match self {
            Self::Edit(a) => Some(&mut a.options),
            Self::MultiEdit(a) => Some(&mut a.options),
            Self::Compare(a) => Some(&mut a.options),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// `venice --help` lists every exit code the binary uses, once.
    #[test]
    fn every_exit_code_is_documented() {
        let listed: Vec<u8> = EXIT_CODES
            .lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().next().and_then(|c| c.parse().ok()))
            .collect();
        let codes: Vec<u8> = crate::ui::exit::Exit::ALL.iter().map(|e| *e as u8).collect();
        assert_eq!(listed, codes);
    }
}
