//! Paying with a wallet against the emulator, which verifies sign-ins and
//! payments on its own (recovering the signer): a fresh sign-in for every
//! attempt, the 402 with its top-up steps, refusals with their codes, the
//! wallet calls, and the top-up policy (refused before signing, 409
//! resubmits the same payment, 504 reads the balance).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use venice_image::wallet::{SignInCode, TopUpPolicy};
use venice_image::{
    Client, EditRequest, Error, ErrorKind, EvmWallet, ImageSource, RetryPolicy, SignIn, WalletError,
    WalletSigner,
};
use venice_mock::{Fault, FaultScope, MockConfig, MockServer, TopUpFault, fixtures};

use crate::common::mock;

/// The public test key of X402-FACTS.md (never fund it).
const KEY: &str = "0xe4a17084bbb9d80cb1c60b9ffe8f18f966998b8f8de23c4c8653bb3cfcdc1f9b";
const ADDRESS: &str = "0x03f8CC401447b971Ef72e23Aa684d5F3C790A5a3";

fn wallet() -> Arc<EvmWallet> {
    Arc::new(EvmWallet::from_hex(KEY).unwrap())
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .without_env()
        .wallet(wallet())
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::attempts(3))
        .build()
        .unwrap()
}

fn edit() -> EditRequest {
    EditRequest::new(ImageSource::bytes(fixtures::png(320, 240)), "make it night")
}

#[tokio::test]
async fn a_wallet_edit_signs_in_pays_and_reports_the_balance_left() {
    let server = mock(MockConfig::default().wallet_balance(ADDRESS, 1.0)).await;
    let edited = client(&server).edit(edit()).await.unwrap();
    let left = edited.meta().x402_balance_remaining.expect("X-Balance-Remaining");
    assert!((left - 0.96).abs() < 1e-9, "{left}");
    assert!((server.wallet_balance_usd(ADDRESS) - 0.96).abs() < 1e-9);
    let sent = server.image_requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].headers.get("sign-in-with-x").map(String::as_str), Some("[redacted]"));
    assert!(!sent[0].headers.contains_key("authorization"), "no bearer key");
    assert_eq!(sent[0].sign_in.as_ref().unwrap().address, ADDRESS);
}

#[tokio::test]
async fn every_attempt_signs_a_new_message() {
    let server = mock(MockConfig::default().wallet_balance(ADDRESS, 1.0)).await;
    server.script_for(FaultScope::Images, [Fault::Status { status: 503, retry_after: None }]);
    let c = Client::builder()
        .without_env()
        .wallet(wallet())
        .base_url(server.base_url())
        .retry_policy(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            ..RetryPolicy::attempts(3)
        })
        .build()
        .unwrap();
    c.edit(edit()).await.unwrap();
    let sent = server.image_requests();
    assert_eq!(sent.iter().map(|r| r.status).collect::<Vec<_>>(), [503, 200]);
    let nonces: Vec<_> = sent.iter().map(|r| r.sign_in.clone().unwrap().nonce).collect();
    assert_ne!(nonces[0], nonces[1], "a nonce serves one request");
}

#[tokio::test]
async fn a_low_balance_is_a_402_with_the_top_up_steps() {
    let server = mock(MockConfig::default().wallet_balance(ADDRESS, 0.05)).await;
    let e = client(&server).edit(edit()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Payment);
    let Error::PaymentRequired(p) = &e else { panic!("{e:?}") };
    assert_eq!(p.balance_usd, Some(0.05));
    assert_eq!(p.minimum_top_up_usd, Some(5.0));
    assert_eq!(p.suggested_top_up_usd, Some(10.0));
    assert_eq!(p.instructions.len(), 3);
    assert!(p.header.is_some(), "PAYMENT-REQUIRED decoded");
    assert_eq!(p.accepts[0].network.as_deref(), Some("eip155:8453"));
    assert_eq!(server.image_requests().len(), 1, "a 402 is not retried");
}

/// A wallet whose clock is ten minutes behind.
#[derive(Debug)]
struct SlowClock(EvmWallet);

impl WalletSigner for SlowClock {
    fn address(&self) -> String {
        self.0.address().to_owned()
    }
    fn sign_in(&self, now: SystemTime) -> Result<SignIn, Error> {
        self.0.sign_in(now - Duration::from_secs(600))
    }
}

#[tokio::test]
async fn a_refused_sign_in_carries_the_code_and_a_clock_hint() {
    let server = mock(MockConfig::default().wallet_balance(ADDRESS, 1.0)).await;
    let slow = Arc::new(SlowClock(EvmWallet::from_hex(KEY).unwrap()));
    let c = Client::builder().without_env().wallet(slow).base_url(server.base_url()).build().unwrap();
    let e = c.edit(edit()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth);
    let Error::SignInRefused(r) = &e else { panic!("{e:?}") };
    assert_eq!(r.code, Some(SignInCode::Expired));
    assert!(e.to_string().contains("clock"), "{e}");
}

#[tokio::test]
async fn balance_transactions_and_a_top_up_within_the_policy() {
    let server = mock(MockConfig::default().wallet_balance(ADDRESS, 1.0)).await;
    let c = client(&server);
    c.edit(edit()).await.unwrap();
    let b = c.wallet_balance().await.unwrap();
    assert!((b.balance_usd - 0.96).abs() < 1e-9);
    assert_eq!(b.wallet_address, ADDRESS);
    let plan = c.prepare_top_up(5.0, &TopUpPolicy::default()).await.unwrap();
    assert_eq!(plan.offer().network, "eip155:8453");
    let receipt = c.top_up(&plan).await.unwrap();
    assert_eq!(receipt.amount_credited, 5.0);
    assert!((receipt.new_balance - 5.96).abs() < 1e-9);
    assert!(receipt.payment_id.is_some() && receipt.transaction.is_some());
    let page = c.wallet_transactions(10, 0).await.unwrap();
    let kinds: Vec<_> = page.transactions.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(kinds, ["TOP_UP", "CHARGE"]);
    assert!(!page.has_more);
    assert!(c.wallet_transactions(1, 0).await.unwrap().has_more);
}

#[tokio::test]
async fn a_top_up_outside_the_policy_is_refused_before_anything_is_signed() {
    let server = mock(MockConfig::default().wallet_balance(ADDRESS, 1.0)).await;
    let c = client(&server);
    let e = c.prepare_top_up(50.0, &TopUpPolicy::default()).await.unwrap_err();
    assert!(matches!(e, Error::Wallet(WalletError::AboveCap { .. })), "{e:?}");
    assert!(server.requests().is_empty(), "the cap is checked before any request");
    let e = c.prepare_top_up(2.0, &TopUpPolicy::default()).await.unwrap_err();
    assert!(
        matches!(e, Error::Wallet(WalletError::OutsideLimits { minimum, .. }) if minimum == 5.0),
        "{e:?}"
    );
    let other = TopUpPolicy { networks: vec!["eip155:1".into()], ..TopUpPolicy::default() };
    let e = c.prepare_top_up(5.0, &other).await.unwrap_err();
    assert!(matches!(e, Error::Wallet(WalletError::NoAcceptableOffer { .. })), "{e:?}");
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(server.requests().iter().all(|r| !r.headers.contains_key("payment-signature")), "nothing paid");
    assert_eq!(server.wallet_balance_usd(ADDRESS), 1.0);
}

#[tokio::test]
async fn a_409_resubmits_the_same_payment_and_it_is_credited_once() {
    let server = mock(MockConfig::default().wallet_balance(ADDRESS, 0.0)).await;
    server.script_top_up([TopUpFault::InProgress]);
    let c = client(&server);
    let plan = c.prepare_top_up(5.0, &TopUpPolicy::default()).await.unwrap();
    let receipt = c.top_up(&plan).await.unwrap();
    assert_eq!(receipt.resubmissions, 1);
    assert_eq!(server.wallet_balance_usd(ADDRESS), 5.0);
}

#[tokio::test]
async fn a_504_reads_the_balance_and_signs_nothing_more() {
    let server = mock(MockConfig::default().wallet_balance(ADDRESS, 0.0)).await;
    server.script_top_up([TopUpFault::SettlementTimeout { credited: true }]);
    let c = client(&server);
    let plan = c.prepare_top_up(5.0, &TopUpPolicy::default()).await.unwrap();
    let e = c.top_up(&plan).await.unwrap_err();
    let Error::Wallet(WalletError::SettlementUnknown { balance, .. }) = &e else { panic!("{e:?}") };
    assert_eq!(*balance, Some(5.0), "the balance was read after the 504");
    assert_eq!(e.kind(), ErrorKind::Payment);
    let paid = server.requests().iter().filter(|r| r.path.ends_with("/top-up") && r.status == 504).count();
    assert_eq!(paid, 1);
    let last = server.requests().pop().unwrap();
    assert!(last.path.contains("/x402/balance/"), "the last request read the balance: {}", last.path);

    server.script_top_up([TopUpFault::SettlementFailed]);
    let plan = c.prepare_top_up(5.0, &TopUpPolicy::default()).await.unwrap();
    let e = c.top_up(&plan).await.unwrap_err();
    assert!(matches!(e, Error::Wallet(WalletError::SettlementFailed(_))), "{e:?}");
    assert_eq!(server.wallet_balance_usd(ADDRESS), 5.0);
}

#[tokio::test]
async fn a_wallet_call_without_a_wallet_is_typed() {
    let server = mock(MockConfig::default()).await;
    let e = crate::common::client(&server).wallet_balance().await.unwrap_err();
    assert!(matches!(e, Error::Wallet(WalletError::NoWallet)), "{e:?}");
}
