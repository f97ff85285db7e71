//! Wallets as Venice's own client does them (issue 33), through the real
//! binary and two programs no one in this project wrote: Venice's x402
//! client (npm `venice-x402-client`) against the emulator, and `tweetnacl`
//! (npm) for Solana's Ed25519, both run by `tests/x402_node.js` from the
//! packages `.ci/run` installs under `target/x402-node`. The CLI's sign-in
//! headers are caught by a one-request listener, so the tests read exactly
//! what the binary sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use venice_mock::{MockConfig, fixtures};

use crate::common::*;
use crate::wallet::{ADDRESS, WALLET_KEY, paying};

/// RFC 8032's first test seed (public: never fund it) and its Solana address.
const SOLANA_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const SOLANA_ADDRESS: &str = "FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z";
const SOLANA_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

fn unhex(h: &str) -> Vec<u8> {
    (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect()
}

/// The 64 keypair bytes (seed, then public key).
fn solana_pair() -> Vec<u8> {
    let mut pair = unhex(SOLANA_SEED);
    pair.extend(unhex(SOLANA_PUBLIC));
    pair
}

/// The keypair as base58, as Solana wallets export a secret key.
fn solana_base58() -> String {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut digits: Vec<u8> = Vec::new();
    for &byte in &solana_pair() {
        let mut carry = u32::from(byte);
        for d in &mut digits {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    digits.iter().rev().map(|&d| ALPHABET[d as usize] as char).collect()
}

/// `node` and the packages `.ci/run` installs, or `None` (skipped, said)
/// outside CI=true.
fn node() -> Option<PathBuf> {
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/x402-node/node_modules");
    let ready = modules.join("venice-x402-client").exists() && modules.join("tweetnacl").exists();
    if ready && std::process::Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success())
    {
        return Some(modules);
    }
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "node or target/x402-node is missing under CI=true"
    );
    eprintln!(
        "\n********\nSKIPPED: the Node cross-checks need node and {} (.ci/run)\n********\n",
        modules.display()
    );
    None
}

/// Runs `tests/x402_node.js` with `args`: its JSON answer.
fn node_script(modules: &Path, args: &[&str]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/x402_node.js");
    let out =
        std::process::Command::new("node").arg(script).args(args).env("NODE_PATH", modules).output().unwrap();
    assert!(out.status.success(), "x402_node.js {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A stand-in for the service that answers one request (a balance of $1)
/// and hands back the `SIGN-IN-WITH-X` it carried; its base URL.
fn catch_sign_in() -> (String, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/api/v1", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut sign_in = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 || line.trim().is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("sign-in-with-x")
            {
                sign_in = v.trim().to_owned();
            }
        }
        let body = r#"{"success":true,"data":{"walletAddress":"x","balanceUsd":1,"canConsume":true,"minimumTopUpUsd":5,"suggestedTopUpUsd":10}}"#;
        let mut stream = stream;
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        sign_in
    });
    (url, handle)
}

fn decode(header: &str) -> Value {
    use base64::Engine;
    serde_json::from_slice(&base64::engine::general_purpose::STANDARD.decode(header).unwrap()).unwrap()
}

fn encode(v: &Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(v.to_string())
}

/// A plain HTTP/1.0 GET with one header: the status and the body.
fn get(port: u16, path: &str, sign_in: &str) -> (u16, Value) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nSIGN-IN-WITH-X: {sign_in}\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status = answer.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, serde_json::from_str(&body).unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread")]
async fn venices_own_client_signs_in_edits_reads_and_tops_up_once() {
    let Some(modules) = node() else { return };
    let server = mock(MockConfig::default().wallet_balance(ADDRESS, 1.0)).await;
    let dir = tempfile::tempdir().unwrap();
    let png = write(dir.path(), "p.png", &fixtures::png(320, 240));
    let origin = format!("http://{}", server.addr());
    let v = node_script(&modules, &["client", &origin, WALLET_KEY, png.to_str().unwrap()]);
    assert_eq!(v["address"], ADDRESS);
    assert_eq!(v["before"], 1.0);
    assert!(v["edited"].as_i64().unwrap() > 0, "the edit answered an image: {v}");
    assert_eq!(v["transactions"], json!(["CHARGE"]), "getTransactions reads data.data: {v}");
    assert_eq!(v["currentBalance"], 0.96);
    assert_eq!(v["payment"], json!({"x402Version": 2, "scheme": "exact", "network": "base"}), "{v}");
    assert_eq!(v["afterTopUp"], 5.96, "$5 credited: {v}");
    assert_eq!(v["replayStatus"], 200);
    assert_eq!(v["afterReplay"], 5.96, "the same payment again credits nothing: {v}");
    assert_eq!(server.wallet_balance_usd(ADDRESS), 5.96);
}

#[tokio::test(flavor = "multi_thread")]
async fn node_fetch_reads_the_status_of_a_refused_upload() {
    let Some(modules) = node() else { return };
    let server = mock(MockConfig::default()).await;
    let v = node_script(&modules, &["upload", &format!("http://{}", server.addr())]);
    assert_eq!(v["none"]["status"], 402, "no EPIPE: {v}");
    let challenge = &v["none"]["body"]["extensions"]["sign-in-with-x"];
    assert_eq!(challenge["info"]["domain"], "api.venice.ai", "{v}");
    assert_eq!(challenge["supportedChains"][1]["type"], "ed25519");
    let url = v["none"]["body"]["resource"]["url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/api/v1/image/edit"), "{url}");
    assert_eq!(v["bad"]["status"], 401, "{v}");
    assert_eq!(v["bad"]["body"]["code"], "PARSE_ERROR");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_clis_sign_in_carries_timestamp_and_a_minute_off_is_refused() {
    let (url, caught) = catch_sign_in();
    let dir = tempfile::tempdir().unwrap();
    let out = paying(&url, dir.path(), &["wallet", "balance"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let header = caught.join().unwrap();
    let mut p = decode(&header);
    let message = p["message"].as_str().unwrap().to_owned();
    let issued = message.split("\nIssued At: ").nth(1).unwrap().split('\n').next().unwrap();
    let ts = p["timestamp"].as_i64().expect("timestamp is sent");
    assert_eq!(venice_time(issued), ts, "timestamp equals Issued At ({issued})");
    // The emulator: this very header verifies; a minute off is refused, naming the field.
    let server = mock(MockConfig::default().wallet_balance(ADDRESS, 2.0)).await;
    let path = format!("/api/v1/x402/balance/{ADDRESS}");
    p["timestamp"] = json!(ts + 60_000);
    let (status, body) = get(server.addr().port(), &path, &encode(&p));
    assert_eq!((status, body["code"].as_str()), (401, Some("INVALID_PAYLOAD")), "{body}");
    assert!(body["error"].as_str().unwrap().contains("timestamp"), "{body}");
    let (status, body) = get(server.addr().port(), &path, &header);
    assert_eq!(status, 200, "{body}");
}

/// Unix milliseconds of `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn venice_time(t: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| t[r].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + (153 * m2 + 2) / 5 + d - 1;
    let days = era * 146_097 + doe - 719_468;
    (days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19)) * 1000 + n(20..23)
}

#[tokio::test(flavor = "multi_thread")]
async fn balances_print_without_float_noise() {
    let server = mock(MockConfig::default().wallet_balance(ADDRESS, 20.0)).await;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3 {
        let photo = write(dir.path(), &format!("in/p{i}.png"), &fixtures::png(320, 240));
        let out = paying(
            &server.base_url(),
            dir.path(),
            &["edit", photo.to_str().unwrap(), "-p", "x", "-o", &format!("o{i}.png")],
            &[],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    // Each amount is a whole number of micro-dollars: 19.88, never 19.880000000000003.
    let whole = |v: &Value| v.as_f64().is_some_and(|x| x == (x * 1e6).round() / 1e6);
    let out = paying(&server.base_url(), dir.path(), &["--json", "wallet", "balance"], &[]);
    let text = stdout(&out);
    assert!(text.contains("\"balance_usd\":19.88"), "{text}");
    let out = paying(&server.base_url(), dir.path(), &["--json", "wallet", "transactions"], &[]);
    let page: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(page["current_balance"], 19.88);
    for t in page["transactions"].as_array().unwrap() {
        assert!(whole(&t["amount"]) && whole(&t["balance_after"]), "{t}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_emulator_takes_tweetnacls_solana_sign_in_and_refuses_a_forged_one() {
    let Some(modules) = node() else { return };
    let server = mock(MockConfig::default().wallet_balance(SOLANA_ADDRESS, 3.5)).await;
    let v = node_script(&modules, &["solana-sign", SOLANA_SEED]);
    assert_eq!(v["address"], SOLANA_ADDRESS);
    let path = format!("/api/v1/x402/balance/{SOLANA_ADDRESS}");
    let port = server.addr().port();
    let (status, body) = get(port, &path, v["header"].as_str().unwrap());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["balanceUsd"], 3.5);
    assert_eq!(body["data"]["walletAddress"], SOLANA_ADDRESS, "base58 keeps its case");
    let (status, body) = get(port, &path, v["base64"].as_str().unwrap());
    assert_eq!((status, body["code"].as_str()), (401, Some("NONCE_REUSED")), "verified, then spent: {body}");
    let (status, body) = get(port, &path, v["forged"].as_str().unwrap());
    assert_eq!((status, body["code"].as_str()), (401, Some("INVALID_SIGNATURE")), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_clis_solana_sign_in_verifies_under_tweetnacl() {
    let Some(modules) = node() else { return };
    let (url, caught) = catch_sign_in();
    let dir = tempfile::tempdir().unwrap();
    let key = solana_base58();
    let out = bare(dir.path(), &["--base-url", &url, "wallet", "balance"], &[("VENICE_WALLET_KEY", &key)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains(&key) && !stderr(&out).contains(&key[..20]), "the key never shows");
    let v = node_script(&modules, &["solana-verify", &caught.join().unwrap()]);
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["address"], SOLANA_ADDRESS);
    assert_eq!(v["type"], "ed25519");
    assert_eq!(v["chainId"], "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp");
    assert_eq!(v["timestamp"], v["issuedAt"], "{v}");
    assert_eq!(v["firstLine"], "api.venice.ai wants you to sign in with your Solana account:");
}

/// A Solana CLI keypair file (mode 600, as `solana-keygen` writes it).
fn keypair_file(dir: &Path) -> PathBuf {
    let path =
        write(dir, ".config/solana/id.json", format!("{:?}", solana_pair()).replace(' ', "").as_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn a_solana_keypair_file_is_a_wallet_for_address_balance_and_transactions() {
    let server = mock(MockConfig::default().wallet_balance(SOLANA_ADDRESS, 1.0)).await;
    let dir = tempfile::tempdir().unwrap();
    let file = keypair_file(dir.path());
    let base = server.base_url();
    let run = |args: &[&str]| {
        let mut all = vec!["--base-url", base.as_str(), "--wallet-key-file", file.to_str().unwrap()];
        all.extend_from_slice(args);
        bare(dir.path(), &all, &[])
    };
    let out = run(&["wallet", "address"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), SOLANA_ADDRESS);
    let photo = write(dir.path(), "in/p.png", &fixtures::png(320, 240));
    let out = run(&["edit", photo.to_str().unwrap(), "-p", "night", "-o", "out.png"]);
    assert!(out.status.success(), "a Solana wallet pays for an edit: {}", stderr(&out));
    let out = run(&["wallet", "balance"]);
    assert!(stdout(&out).contains(&format!("{SOLANA_ADDRESS}: $0.96")), "{}{}", stdout(&out), stderr(&out));
    let out = run(&["--json", "wallet", "transactions"]);
    let page: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(page["transactions"][0]["kind"], "CHARGE", "{page}");
    assert_eq!(server.wallet_balance_usd(SOLANA_ADDRESS), 0.96);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_solana_top_up_is_refused_before_anything_is_signed() {
    let server = mock(MockConfig::default().wallet_balance(SOLANA_ADDRESS, 1.0)).await;
    let dir = tempfile::tempdir().unwrap();
    let key = solana_base58();
    let out = bare(
        dir.path(),
        &["--base-url", &server.base_url(), "wallet", "top-up", "5", "--yes"],
        &[("VENICE_WALLET_KEY", &key)],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp") && err.contains("nothing was signed"),
        "{err}"
    );
    assert!(server.requests().iter().all(|r| !r.path.contains("top-up")), "no request was made");
    assert_eq!(server.wallet_balance_usd(SOLANA_ADDRESS), 1.0);
}
