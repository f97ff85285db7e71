//! Which wallet pays, and to whom: one precedence for the wallet (flag,
//! then `VENICE_WALLET_KEY`, then the config file), exactly one source
//! used and named by `-v`; a top-up's payee checked against `--pay-to`
//! before anything is signed when the base URL is not Venice's; a failure
//! after the payment left says it may still settle.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use venice_mock::{Fault, FaultScope, MockConfig, MockServer};

use crate::common::*;

const WALLET_KEY: &str = "0xe4a17084bbb9d80cb1c60b9ffe8f18f966998b8f8de23c4c8653bb3cfcdc1f9b";
const ADDRESS: &str = "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3";
const PAY_TO: &str = venice_mock::wallet::PAY_TO;

async fn wallet_mock(balance: f64) -> MockServer {
    mock(MockConfig::default().wallet_balance(ADDRESS, balance)).await
}

fn run(server: &MockServer, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let url = server.base_url();
    let all: Vec<&str> = [&["--base-url", url.as_str()][..], args].concat();
    let out = bare(dir, &all, env);
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(&WALLET_KEY[2..]), "the wallet key leaked");
    }
    out
}

/// A config file naming the encrypted keystore (whose password is nowhere).
fn config_with_keystore(dir: &Path) -> String {
    let keystore = include_str!("../../../venice-image/src/wallet/testdata/keystore-scrypt.json");
    write(dir, "wallet.json", keystore.as_bytes());
    let config = write(dir, "config.toml", b"wallet-keystore = \"wallet.json\"\n");
    config.display().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_environment_and_a_flag_beat_a_keystore_in_the_config() {
    let server = wallet_mock(1.0).await;
    let dir = tempfile::tempdir().unwrap();
    let config = config_with_keystore(dir.path());
    let env = [("VENICE_CONFIG", config.as_str()), ("VENICE_WALLET_KEY", WALLET_KEY)];
    let out = run(&server, dir.path(), &["-v", "wallet", "top-up", "5", "--yes", "--pay-to", PAY_TO], &env);
    assert!(out.status.success(), "the key in the environment pays, not the keystore: {}", stderr(&out));
    assert!(stderr(&out).contains("from VENICE_WALLET_KEY"), "-v names the source: {}", stderr(&out));
    assert!(!stderr(&out).contains("keystore"), "{}", stderr(&out));
    assert!((server.wallet_balance_usd(ADDRESS) - 6.0).abs() < 1e-9);

    let key_file = write(dir.path(), "wallet.key", &WALLET_KEY.as_bytes()[2..]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let env = [("VENICE_CONFIG", config.as_str())];
    let out = run(&server, dir.path(), &["-v", "--wallet-key-file", "wallet.key", "wallet", "address"], &env);
    assert!(out.status.success(), "the flag's key file, not the keystore: {}", stderr(&out));
    assert!(stderr(&out).contains("from the key file wallet.key"), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), ADDRESS);

    let out = run(&server, dir.path(), &["wallet", "address"], &env);
    assert_eq!(out.status.code(), Some(4), "the config's keystore, alone, is used: {}", stderr(&out));
    assert!(stderr(&out).contains("keystore's password"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_top_up_with_yes_elsewhere_than_venice_needs_the_payee() {
    let server = wallet_mock(1.0).await;
    let dir = tempfile::tempdir().unwrap();
    let env = [("VENICE_WALLET_KEY", WALLET_KEY)];
    let out = run(&server, dir.path(), &["wallet", "top-up", "5", "--yes"], &env);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--pay-to ADDRESS"), "{}", stderr(&out));
    assert!(
        server.requests().iter().all(|r| !r.path.ends_with("/x402/top-up")),
        "nothing sent to /x402/top-up"
    );

    let wrong = "0x1111111111111111111111111111111111111111";
    let out = run(&server, dir.path(), &["wallet", "top-up", "5", "--yes", "--pay-to", wrong], &env);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("asks to be paid at {PAY_TO}, not the --pay-to address {wrong}")));
    assert!(server.requests().iter().all(|r| !r.headers.contains_key("payment-signature")), "nothing signed");
    assert!((server.wallet_balance_usd(ADDRESS) - 1.0).abs() < 1e-9);

    let out = run(&server, dir.path(), &["wallet", "top-up", "5", "--yes", "--pay-to", PAY_TO], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("credited $5.00"), "{}", stdout(&out));
    assert!((server.wallet_balance_usd(ADDRESS) - 6.0).abs() < 1e-9);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_payment_that_got_no_answer_may_still_settle() {
    let server = wallet_mock(1.0).await;
    server.script_for(FaultScope::All, [Fault::DelayHeaders(Duration::ZERO), Fault::Hang]);
    let dir = tempfile::tempdir().unwrap();
    let env = [("VENICE_WALLET_KEY", WALLET_KEY)];
    let args = ["--timeout", "2", "wallet", "top-up", "5", "--yes", "--pay-to", PAY_TO];
    let out = run(&server, dir.path(), &args, &env);
    assert!(!out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("may still settle: check `venice wallet balance` before trying again"),
        "{}",
        stderr(&out)
    );
}
