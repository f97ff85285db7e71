//! The x402 wallet that pays, when one is set: its key from
//! `VENICE_WALLET_KEY` (EVM hex, `0x` optional, or a Solana base58 secret
//! key: see `wallet_key`), from `--wallet-key-file` (either, or a Solana
//! CLI keypair file)
//! (refused, with the `chmod 600` advice, when other users can read it), or
//! from an encrypted keystore (`--wallet-keystore`, its password asked for
//! or read from the file `VENICE_WALLET_PASSWORD_FILE` names). Never from
//! the command line or the config file (which may name the files). With
//! an API key too, `--auth key|wallet` (or `auth` in the config file)
//! chooses; without, the one set pays.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use venice_image::{EvmWallet, WalletError, WalletSigner};
use zeroize::Zeroizing;

use crate::settings::flags::{AuthChoice, Global};
use crate::settings::wallet_key::signer_of;
use crate::ui::exit::{Exit, Failure};

/// The variable a wallet's key is read from.
pub const WALLET_KEY_ENV: &str = "VENICE_WALLET_KEY";
/// The variable naming the file a keystore's password is read from.
pub const PASSWORD_FILE_ENV: &str = "VENICE_WALLET_PASSWORD_FILE";

fn auth_failure(message: String) -> Failure {
    Failure::new(Exit::Auth, message)
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_: &Path) -> bool {
    false
}

/// Reads a secret file, refused when others can read it.
fn read_private(path: &Path, what: &str) -> Result<Zeroizing<String>, Failure> {
    if readable_by_others(path) {
        return Err(auth_failure(format!(
            "{} holds {what} and can be read by other users; restrict it first: chmod 600 {}",
            path.display(),
            path.display()
        )));
    }
    std::fs::read_to_string(path)
        .map(Zeroizing::new)
        .map_err(|e| auth_failure(format!("cannot read {what} from {}: {e}", path.display())))
}

fn wallet_error(source: &str, e: venice_image::Error) -> Failure {
    auth_failure(format!("{source}: {e}"))
}

/// The keystore's password: from the password file, else asked for on the terminal.
fn password() -> Result<Zeroizing<String>, Failure> {
    if let Some(path) = std::env::var_os(PASSWORD_FILE_ENV).filter(|p| !p.is_empty()) {
        let text = read_private(Path::new(&path), "the keystore's password")?;
        return Ok(Zeroizing::new(text.trim_end_matches(['\r', '\n']).to_owned()));
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(auth_failure(format!(
            "the keystore's password is needed: run in a terminal, or name a file holding it (chmod 600) in {PASSWORD_FILE_ENV}"
        )));
    }
    eprint!("keystore password: ");
    let _ = std::io::stderr().flush();
    let echo_off = set_echo(false);
    let mut line = Zeroizing::new(String::new());
    let read = stdin.lock().read_line(&mut line);
    if echo_off {
        set_echo(true);
        eprintln!();
    }
    read.map_err(|e| auth_failure(format!("cannot read the password: {e}")))?;
    Ok(Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned()))
}

/// Turns the terminal's echo off or on (`stty`); whether it worked.
fn set_echo(on: bool) -> bool {
    #[cfg(unix)]
    {
        std::process::Command::new("stty")
            .arg(if on { "echo" } else { "-echo" })
            .stdin(std::process::Stdio::inherit())
            .status()
            .is_ok_and(|s| s.success())
    }
    #[cfg(not(unix))]
    {
        let _ = on;
        false
    }
}

/// A wallet, and where it came from (as `-v` says it).
type Found = (Arc<dyn WalletSigner>, String);

/// The wallet the settings name, if any, and where it came from (one
/// source: the keystore, the key file or `VENICE_WALLET_KEY`, in that
/// order; settings::resolve already left out the layers below the one that
/// names a wallet). A key is an EVM key (hex) or a Solana one (base58, or a
/// Solana CLI keypair file).
fn load(g: &Global) -> Result<Option<Found>, Failure> {
    if let Some(path) = &g.wallet_keystore {
        let json = std::fs::read_to_string(path)
            .map_err(|e| auth_failure(format!("cannot read the keystore {}: {e}", path.display())))?;
        let pw = password()?;
        let wallet = EvmWallet::from_keystore(&json, pw.as_bytes())
            .map_err(|e| wallet_error(&path.display().to_string(), e))?;
        return Ok(Some((Arc::new(wallet), format!("the keystore {}", path.display()))));
    }
    if let Some(path) = &g.wallet_key_file {
        let text = read_private(path, "a wallet key")?;
        let wallet = signer_of(&text).map_err(|e| auth_failure(format!("{}: {e}", path.display())))?;
        return Ok(Some((wallet, format!("the key file {}", path.display()))));
    }
    match std::env::var(WALLET_KEY_ENV).ok().map(Zeroizing::new).filter(|k| !k.trim().is_empty()) {
        Some(key) => {
            let wallet = signer_of(&key).map_err(|e| auth_failure(format!("{WALLET_KEY_ENV}: {e}")))?;
            Ok(Some((wallet, WALLET_KEY_ENV.to_owned())))
        }
        None => Ok(None),
    }
}

/// Whether an API key is set (the library reads it; this only looks).
fn has_api_key(g: &Global) -> bool {
    g.api_key_file.is_some() || std::env::var(venice_image::API_KEY_ENV).is_ok_and(|k| !k.trim().is_empty())
}

/// Loads the wallet and decides whether it pays, into `g.wallet`. With
/// `needs_wallet` (the `venice wallet` commands) a wallet is required.
pub fn resolve(g: &mut Global, needs_wallet: bool) -> Result<(), Failure> {
    if g.local.is_some() && !needs_wallet {
        // --offline: the emulator's own key.
        return Ok(());
    }
    let wallet = if g.auth == Some(AuthChoice::Key) && !needs_wallet { None } else { load(g)? };
    let pays = match (&wallet, g.auth, has_api_key(g)) {
        (None, _, _) if needs_wallet || g.auth == Some(AuthChoice::Wallet) => {
            return Err(auth_failure(format!(
                "no wallet: set {WALLET_KEY_ENV}, or pass --wallet-key-file PATH or --wallet-keystore PATH"
            )));
        }
        (None, _, _) => false,
        (Some(_), _, _) if needs_wallet => true,
        (Some(_), Some(AuthChoice::Wallet), _) => true,
        (Some(_), Some(AuthChoice::Key), _) => false,
        (Some(_), None, false) => true,
        (Some(_), None, true) => {
            return Err(Failure::usage(
                "both an API key and a wallet are set: choose which pays with --auth key or --auth wallet \
                 (or auth = \"key\" in the config file)",
            ));
        }
    };
    let ui = crate::ui::Ui::new(g.quiet, g.verbose, g.json);
    match (&wallet, pays) {
        (Some((w, from)), true) => ui.detail(&format!("paying with the wallet {} from {from}", w.address())),
        _ if has_api_key(g) => ui.detail(&match &g.api_key_file {
            Some(path) => format!("paying with the API key in {}", path.display()),
            None => format!("paying with the API key in {}", venice_image::API_KEY_ENV),
        }),
        _ => {}
    }
    g.wallet = if pays { wallet.map(|(w, _)| w) } else { None };
    Ok(())
}

impl From<WalletError> for Failure {
    fn from(e: WalletError) -> Self {
        Failure::from(venice_image::Error::from(e))
    }
}
