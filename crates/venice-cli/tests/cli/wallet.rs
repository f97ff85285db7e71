//! Paying with a wallet through the real binary, against the emulator
//! (which verifies every sign-in and payment on its own) and against
//! eth-account (`tests/x402_crosscheck.py`, from the venv `.ci/run`
//! builds): the wallet signs every attempt afresh, a 402 stops a batch with
//! the top-up steps, the wallet commands, the top-up policy, the key's
//! sources and that it never shows.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use serde_json::Value;
use venice_mock::{FaultScope, MockConfig, MockServer, fixtures};

use crate::common::*;

/// The public test key of X402-FACTS.md (never fund it).
pub(crate) const WALLET_KEY: &str = "0xe4a17084bbb9d80cb1c60b9ffe8f18f966998b8f8de23c4c8653bb3cfcdc1f9b";
pub(crate) const ADDRESS: &str = "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3";

/// Asserts the key shows nowhere in `text` (with or without `0x`, or a long piece of it).
fn assert_no_key(text: &str, where_: &str) {
    let hex = &WALLET_KEY[2..];
    assert!(!text.contains(hex) && !text.contains(&hex[..24]), "the wallet key leaked in {where_}: {text}");
}

/// `venice` with only the wallet key in the environment (no API key), at the emulator.
pub(crate) fn paying(server_url: &str, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut all = vec!["--base-url", server_url];
    all.extend_from_slice(args);
    let mut e = vec![("VENICE_WALLET_KEY", WALLET_KEY)];
    e.extend_from_slice(env);
    let out = bare(dir, &all, &e);
    for stream in [&out.stdout, &out.stderr] {
        assert_no_key(&String::from_utf8_lossy(stream), &format!("{args:?}"));
    }
    out
}

async fn wallet_mock(balance: f64) -> MockServer {
    mock(MockConfig::default().wallet_balance(ADDRESS, balance)).await
}

fn photos(dir: &Path, n: usize) -> Vec<PathBuf> {
    (0..n).map(|i| write(dir, &format!("in/p{i}.png"), &fixtures::png(320, 240))).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wallet_edit_signs_in_and_sends_no_bearer_key() {
    let server = wallet_mock(1.0).await;
    let dir = tempfile::tempdir().unwrap();
    let photo = photos(dir.path(), 1).remove(0);
    let out = paying(
        &server.base_url(),
        dir.path(),
        &["edit", photo.to_str().unwrap(), "-p", "night", "-o", "out.png"],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let sent = server.image_requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].headers.get("sign-in-with-x").map(String::as_str), Some("[redacted]"));
    assert!(!sent[0].headers.contains_key("authorization"));
    assert_eq!(sent[0].sign_in.as_ref().map(|s| s.address.as_str()), Some(ADDRESS));
    assert!((server.wallet_balance_usd(ADDRESS) - 0.96).abs() < 1e-9);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_request_is_signed_twice_with_two_nonces() {
    let server = wallet_mock(1.0).await;
    server.script_for(FaultScope::Images, [status(503, None)]);
    let dir = tempfile::tempdir().unwrap();
    let photo = photos(dir.path(), 1).remove(0);
    let out = paying(
        &server.base_url(),
        dir.path(),
        &["edit", photo.to_str().unwrap(), "-p", "x", "-o", "o.png"],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let sent = server.image_requests();
    assert_eq!(sent.iter().map(|r| r.status).collect::<Vec<_>>(), [503, 200]);
    let nonces: Vec<String> = sent.iter().map(|r| r.sign_in.clone().unwrap().nonce).collect();
    assert_ne!(nonces[0], nonces[1]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_at_a_low_balance_stops_at_the_first_402_with_the_top_up_steps() {
    // 0.12: one edit (0.04) leaves 0.08, under the 0.10 a call needs.
    let server = wallet_mock(0.12).await;
    let dir = tempfile::tempdir().unwrap();
    photos(dir.path(), 4);
    let out = paying(
        &server.base_url(),
        dir.path(),
        &["edit", "in", "-p", "x", "--out-dir", "out", "--jobs", "1", "--report", "r.jsonl"],
        &[],
    );
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("venice wallet top-up 10"), "{err}");
    assert!(err.contains("$0.08"), "the balance: {err}");
    assert!(err.contains("$5.00"), "the minimum: {err}");
    assert_eq!(edits(&server), 2, "nothing is sent after the 402");
    assert!(err.contains("wallet balance left $0.08") || err.contains("not attempted"), "{err}");
    assert_no_key(&std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap(), "the report");
}

#[tokio::test(flavor = "multi_thread")]
async fn balance_transactions_and_a_top_up_of_5() {
    let server = wallet_mock(1.0).await;
    let dir = tempfile::tempdir().unwrap();
    let url = server.base_url();
    let out = paying(&url, dir.path(), &["wallet", "address"], &[]);
    assert_eq!(stdout(&out).trim(), ADDRESS);
    let out = paying(&url, dir.path(), &["wallet", "balance"], &[]);
    assert!(out.status.success() && stdout(&out).contains("$1.00"), "{}{}", stdout(&out), stderr(&out));
    let out = paying(
        &url,
        dir.path(),
        &["wallet", "top-up", "5", "--yes", "--pay-to", venice_mock::wallet::PAY_TO],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("credited $5.00; balance $6.00; payment id pay_"), "{}", stdout(&out));
    assert!((server.wallet_balance_usd(ADDRESS) - 6.0).abs() < 1e-9);
    let out = paying(&url, dir.path(), &["--json", "wallet", "transactions"], &[]);
    let page: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(page["transactions"][0]["kind"], "TOP_UP");
    let out = paying(&url, dir.path(), &["wallet", "top-up", "5"], &[]);
    assert_eq!(out.status.code(), Some(2), "no terminal, no --yes: refused: {}", stderr(&out));
    assert!((server.wallet_balance_usd(ADDRESS) - 6.0).abs() < 1e-9, "nothing paid without a yes");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_top_up_above_the_cap_is_refused_before_anything_is_signed() {
    let server = wallet_mock(1.0).await;
    let dir = tempfile::tempdir().unwrap();
    let out = paying(
        &server.base_url(),
        dir.path(),
        &["wallet", "top-up", "50", "--yes", "--pay-to", venice_mock::wallet::PAY_TO],
        &[],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("above the cap of $10.00"), "{}", stderr(&out));
    assert!(server.requests().is_empty(), "not even the offer was asked for");
    let out = paying(
        &server.base_url(),
        dir.path(),
        &["wallet", "top-up", "2", "--yes", "--pay-to", venice_mock::wallet::PAY_TO],
        &[],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("outside the service's limits"), "{}", stderr(&out));
    assert!(server.requests().iter().all(|r| !r.headers.contains_key("payment-signature")));
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_come_from_files_and_keystores_and_a_key_and_a_wallet_need_a_choice() {
    let server = wallet_mock(1.0).await;
    let dir = tempfile::tempdir().unwrap();
    let url = server.base_url();
    let key_file = write(dir.path(), "wallet.key", format!("{}\n", &WALLET_KEY[2..]).as_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let out = bare(
            dir.path(),
            &["--base-url", &url, "--wallet-key-file", "wallet.key", "wallet", "address"],
            &[],
        );
        assert_eq!(out.status.code(), Some(4));
        assert!(stderr(&out).contains("chmod 600"), "{}", stderr(&out));
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let out =
        bare(dir.path(), &["--base-url", &url, "--wallet-key-file", "wallet.key", "wallet", "address"], &[]);
    assert_eq!(stdout(&out).trim(), ADDRESS, "{}", stderr(&out));

    let keystore = include_str!("../../../venice-image/src/wallet/testdata/keystore-scrypt.json");
    write(dir.path(), "wallet.json", keystore.as_bytes());
    let pw = write(dir.path(), "pw", b"correct horse\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let pw_env = [("VENICE_WALLET_PASSWORD_FILE", pw.to_str().unwrap())];
    let out = bare(
        dir.path(),
        &["--base-url", &url, "--wallet-keystore", "wallet.json", "wallet", "balance"],
        &pw_env,
    );
    assert!(out.status.success() && stdout(&out).contains(ADDRESS), "{}", stderr(&out));

    let photo = photos(dir.path(), 1).remove(0);
    let edit = ["edit", photo.to_str().unwrap(), "-p", "x", "-o", "o.png"];
    let both = [("VENICE_API_KEY", KEY)];
    let out = paying(&url, dir.path(), &edit, &both);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--auth key or --auth wallet"), "{}", stderr(&out));
    let mut chosen = vec!["--auth", "wallet"];
    chosen.extend_from_slice(&edit);
    let out = paying(&url, dir.path(), &chosen, &both);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(server.image_requests()[0].headers.contains_key("sign-in-with-x"));

    let out = paying(
        &url,
        dir.path(),
        &["--dry-run", "edit", photo.to_str().unwrap(), "-p", "x", "-o", "d.png"],
        &[],
    );
    assert!(stdout(&out).contains(ADDRESS) || stderr(&out).contains(ADDRESS), "the dry run names the wallet");
}

/// The venv `.ci/run` builds (target/mcp-venv), with eth-account in it.
fn python() -> Option<PathBuf> {
    let venv = std::env::var_os("VENICE_MCP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/mcp-venv/bin/python"));
    if venv.exists() {
        return Some(venv);
    }
    assert!(std::env::var("CI").map_or(true, |v| v != "true"), "the venv is missing under CI=true");
    eprintln!("\n********\nSKIPPED: the eth-account cross-checks need {}\n********\n", venv.display());
    None
}

/// A plain HTTP/1.0 request on 127.0.0.1 (the tests' reqwest has no TLS
/// provider installed, and needs none here): the status and the body.
fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status = answer.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/x402_crosscheck.py")
}

#[tokio::test(flavor = "multi_thread")]
async fn eth_account_verifies_the_clis_sign_ins_and_payment() {
    let Some(python) = python() else { return };
    let mut child = std::process::Command::new(&python)
        .arg(script())
        .args(["serve", ADDRESS])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut port = String::new();
    std::io::BufRead::read_line(&mut reader, &mut port).unwrap();
    let url = format!("http://127.0.0.1:{}/api/v1", port.trim());
    let dir = tempfile::tempdir().unwrap();
    let out = paying(
        &url,
        dir.path(),
        &["wallet", "top-up", "5", "--yes", "--pay-to", venice_mock::wallet::PAY_TO],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    http(port.trim().parse().unwrap(), "POST", "/shutdown", &[]);
    let mut verdicts = String::new();
    std::io::BufRead::read_line(&mut reader, &mut verdicts).unwrap();
    let _ = child.wait();
    let v: Value = serde_json::from_str(&verdicts).unwrap();
    let sign_ins = v["sign_ins"].as_array().unwrap();
    assert_eq!(sign_ins.len(), 2, "the offer and the payment each signed in: {v}");
    assert!(sign_ins.iter().all(|s| s["ok"] == true), "{v}");
    assert_ne!(sign_ins[0]["nonce"], sign_ins[1]["nonce"]);
    assert_eq!(v["payments"][0]["ok"], true, "{v}");
    assert_eq!(v["payments"][0]["value"], "5000000");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_emulator_accepts_eth_accounts_sign_in_and_refuses_a_forged_one() {
    let Some(python) = python() else { return };
    let server = wallet_mock(2.5).await;
    let out = std::process::Command::new(&python).arg(script()).args(["sign", WALLET_KEY]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let signed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let port = server.addr().port();
    let path = format!("/api/v1/x402/balance/{ADDRESS}");
    let balance = |h: &str| {
        let (status, body) = http(port, "GET", &path, &[("SIGN-IN-WITH-X", h)]);
        (status, serde_json::from_str::<Value>(&body).unwrap_or_default())
    };
    let (status, body) = balance(signed["header"].as_str().unwrap());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["balanceUsd"], 2.5);
    let (status, body) = balance(signed["header"].as_str().unwrap());
    assert_eq!((status, body["code"].as_str()), (401, Some("NONCE_REUSED")), "a sign-in serves one request");
    let (status, body) = balance(signed["forged"].as_str().unwrap());
    assert_eq!((status, body["code"].as_str()), (401, Some("INVALID_SIGNATURE")));
}

/// `venice mcp` pays with the wallet the same way: results carry the
/// balance left, a 402 is a tool error with the top-up steps for the
/// person, there is no top-up tool, and the key appears in no answer.
#[tokio::test(flavor = "multi_thread")]
async fn an_agent_pays_with_the_wallet_and_is_told_how_to_top_up() {
    use serde_json::json;
    let server = wallet_mock(0.10).await;
    let dir = tempfile::tempdir().unwrap();
    photos(dir.path(), 2);
    let calls = json!([
        {"name": "edit_image", "arguments": {"image": "in/p0.png", "prompt": "night"}},
        {"name": "edit_image", "arguments": {"image": "in/p1.png", "prompt": "night"}},
    ]);
    let env = json!({"VENICE_WALLET_KEY": WALLET_KEY, "NO_COLOR": "1"});
    let Some(out) = crate::mcp::drive_full(&server, dir.path(), &[], calls, None, env) else { return };
    assert_no_key(&out.to_string(), "the MCP session");
    let names: Vec<&str> =
        out["tools"].as_array().unwrap().iter().filter_map(|t| t["name"].as_str()).collect();
    assert!(!names.iter().any(|n| n.contains("top")), "no tool moves money: {names:?}");
    let r = out["results"].as_array().unwrap();
    assert!(!crate::mcp::is_error(&r[0]), "{}", r[0]);
    let sent = server.image_requests();
    assert_eq!(sent[0].sign_in.as_ref().map(|s| s.address.as_str()), Some(ADDRESS), "{:?}", sent[0].headers);
    let left = r[0]["structuredContent"]["wallet_balance_remaining_usd"].as_f64().expect("the balance left");
    assert!((left - 0.06).abs() < 1e-9, "{left}");
    assert!(crate::mcp::is_error(&r[1]), "{}", r[1]);
    let text = crate::mcp::text(&r[1]);
    assert!(text.contains("venice wallet top-up"), "the steps for the person: {text}");
    assert_eq!(r[1]["structuredContent"]["kind"], "payment_required", "{}", r[1]);
    assert_eq!(edits(&server), 2);
}

/// Under a wallet, at most 5 requests are in flight (the service refuses a
/// sixth with 429): `--jobs 8` is lowered, and none is refused.
#[tokio::test(flavor = "multi_thread")]
async fn a_wallet_has_at_most_5_requests_in_flight() {
    let server = mock(
        MockConfig::default().wallet_balance(ADDRESS, 5.0).latency(std::time::Duration::from_millis(600)),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    photos(dir.path(), 8);
    let out = paying(
        &server.base_url(),
        dir.path(),
        &["edit", "in", "-p", "x", "--out-dir", "out", "--jobs", "8"],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("--jobs 8 lowered to 5"), "{}", stderr(&out));
    let sent = server.image_requests();
    assert_eq!(sent.len(), 8);
    assert!(sent.iter().all(|r| r.status == 200), "none refused for concurrency");
    let most = sent
        .iter()
        .map(|r| sent.iter().filter(|o| o.arrived_us <= r.arrived_us && r.arrived_us < o.answered_us).count())
        .max()
        .unwrap_or(0);
    assert!((2..=5).contains(&most), "{most} in flight at once");
}
