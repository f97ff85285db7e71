//! Topping a wallet up, held to a policy: the amount between the service's
//! minimum and the caller's cap, the network and asset from an allow-list,
//! `payTo` only from what the configured base URL answered (a
//! [`TopUpPlan`] can only be made by [`Client::prepare_top_up`]), and all
//! of it checked before anything is signed. The payment is an EIP-3009
//! `transferWithAuthorization` signed with EIP-712, sent once in a
//! `PAYMENT-SIGNATURE` header: a 409 resubmits that same header, a 504
//! reads the balance and signs nothing more.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::{Value, json};

use super::calls::{invalid, json as read_json, num};
use super::eip712::{TokenDomain, TransferAuthorization};
use super::evm::random;
use super::hex;
use crate::auth::signer::WalletSigner;
use crate::client::Client;
use crate::error::payment::PaymentOption;
use crate::error::wallet::WalletError;
use crate::error::{ApiFailure, Error};
use crate::request::call::Body;
use crate::support::time::unix;
use crate::transport::{Answer, Extra, Outgoing};

/// Base mainnet in x402's network names.
pub const BASE_NETWORK: &str = "eip155:8453";
/// USDC on Base.
pub const BASE_USDC: &str = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
/// The largest top-up the service takes, USD.
pub const MAX_TOP_UP_USD: f64 = 10_000.0;
/// USDC's decimals.
const DECIMALS: u32 = 6;
/// How often a 409 (payment in progress) resubmits the same payment.
const RESUBMISSIONS: u32 = 5;

/// What a top-up may do.
#[derive(Debug, Clone, PartialEq)]
pub struct TopUpPolicy {
    /// The most one top-up may pay, USD.
    pub max_usd: f64,
    /// Networks allowed (x402 names, `eip155:8453`).
    pub networks: Vec<String>,
    /// Token contracts allowed.
    pub assets: Vec<String>,
}

impl Default for TopUpPolicy {
    /// $10 at most, USDC on Base only.
    fn default() -> Self {
        Self::with_cap(10.0)
    }
}

impl TopUpPolicy {
    /// USDC on Base, at most `max_usd`.
    pub fn with_cap(max_usd: f64) -> Self {
        Self { max_usd, networks: vec![BASE_NETWORK.into()], assets: vec![BASE_USDC.into()] }
    }

    /// Whether a top-up of `usd` is within the cap. A cap that is NaN,
    /// infinite or negative caps nothing: every top-up is then refused.
    pub fn check_cap(&self, usd: f64) -> Result<(), WalletError> {
        let cap = self.max_usd;
        if !cap.is_finite() || cap < 0.0 {
            return Err(WalletError::InvalidCap { cap });
        }
        // A NaN amount compares to nothing: refused too.
        if usd.partial_cmp(&cap).is_none_or(std::cmp::Ordering::is_gt) {
            return Err(WalletError::AboveCap { amount: usd, cap });
        }
        Ok(())
    }

    fn allows(&self, o: &PaymentOption) -> bool {
        let eq = |a: &Option<String>, list: &[String]| {
            a.as_deref().is_some_and(|a| list.iter().any(|x| x.eq_ignore_ascii_case(a)))
        };
        o.scheme.as_deref() == Some("exact") && eq(&o.network, &self.networks) && eq(&o.asset, &self.assets)
    }
}

/// A way to top up the service offered, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TopUpOffer {
    /// `eip155:8453`.
    pub network: String,
    /// The token contract.
    pub asset: String,
    /// Where the payment goes.
    pub pay_to: String,
    /// The smallest top-up, USD.
    pub minimum_usd: f64,
    /// How long a signed payment stays valid, seconds.
    pub max_timeout_seconds: u64,
    /// The token's EIP-712 name and version (`extra`).
    pub token_name: String,
    /// See `token_name`.
    pub token_version: String,
    #[serde(skip)]
    raw: Value,
    #[serde(skip)]
    chain_id: u64,
}

/// A top-up checked against the policy and the service's offer, ready to
/// be shown and confirmed; nothing is signed yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopUpPlan {
    usd: f64,
    value: u128,
    offer: TopUpOffer,
    from: String,
}

impl TopUpPlan {
    /// The amount, USD.
    pub fn usd(&self) -> f64 {
        self.usd
    }
    /// The offer it pays by (network, asset, payTo).
    pub fn offer(&self) -> &TopUpOffer {
        &self.offer
    }
    /// The paying wallet.
    pub fn from(&self) -> &str {
        &self.from
    }
}

/// What a top-up did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TopUpReceipt {
    /// The wallet credited.
    pub wallet_address: String,
    /// USD credited.
    pub amount_credited: f64,
    /// The balance after, USD.
    pub new_balance: f64,
    /// The service's payment id.
    pub payment_id: Option<String>,
    /// The settlement's transaction (`PAYMENT-RESPONSE`), when sent.
    pub transaction: Option<String>,
    /// Times the same payment was resubmitted after a 409.
    pub resubmissions: u32,
}

/// USD as base units, refusing what a top-up cannot carry.
fn base_units(usd: f64) -> Result<u128, WalletError> {
    let scaled = usd * 10f64.powi(DECIMALS as i32);
    if !usd.is_finite() || usd <= 0.0 || scaled > 1e30 || (scaled - scaled.round()).abs() > 1e-6 {
        return Err(WalletError::InvalidAmount(usd.to_string()));
    }
    Ok(scaled.round() as u128)
}

fn offer_of(o: &PaymentOption) -> Option<TopUpOffer> {
    let extra = o.raw.get("extra");
    let chain_id = o.network.as_deref()?.strip_prefix("eip155:")?.parse().ok()?;
    let minimum: u128 = o.amount.as_deref()?.parse().ok()?;
    Some(TopUpOffer {
        network: o.network.clone()?,
        asset: o.asset.clone()?,
        pay_to: o.pay_to.clone()?,
        minimum_usd: minimum as f64 / 10f64.powi(DECIMALS as i32),
        max_timeout_seconds: o.max_timeout_seconds.unwrap_or(300).clamp(30, 3600),
        token_name: extra
            .and_then(|e| e.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("USD Coin")
            .to_owned(),
        token_version: extra.and_then(|e| e.get("version")).and_then(Value::as_str).unwrap_or("2").to_owned(),
        raw: o.raw.clone(),
        chain_id,
    })
}

fn header(name: &'static str, value: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let mut v = HeaderValue::from_str(value).map_err(|_| Error::InvalidCredentials)?;
    v.set_sensitive(true);
    Ok((HeaderName::from_static(name), v))
}

impl Client {
    /// The ways to top up the service offers (`POST /x402/top-up` without
    /// a payment: its 402 lists them). Signs in; pays nothing.
    pub async fn top_up_offers(&self) -> Result<Vec<PaymentOption>, Error> {
        self.require_wallet()?;
        let body = Body::Serialized(bytes::Bytes::from_static(b"{}"));
        let req = Outgoing {
            path: "/x402/top-up",
            body: Some(&body),
            inputs: &[],
            needs_auth: true,
            if_none_match: None,
        };
        let extra = Extra { accept: Some(402), ..Extra::default() };
        let answer = self.inner.transport.execute_with(&req, &extra).await?;
        let v = read_json("top-up requirements", &answer)?;
        let accepts = v
            .get("accepts")
            .and_then(Value::as_array)
            .ok_or_else(|| invalid("top-up requirements", &answer))?;
        Ok(accepts.iter().map(PaymentOption::from_value).collect())
    }

    /// Whether this client's wallet can pay a top-up here, asking nothing
    /// of the service: an EVM wallet (EIP-3009 on Base is what is signed;
    /// a Solana wallet is refused, see `SolanaWallet`).
    pub fn check_top_up_wallet(&self) -> Result<(), Error> {
        let chain = self.require_wallet()?.chain_id();
        if !chain.starts_with("eip155:") {
            return Err(WalletError::TopUpUnsupported { chain }.into());
        }
        Ok(())
    }

    /// Checks a top-up of `usd` against `policy` (the cap first, before any
    /// request), then against the service's offer from this client's base
    /// URL (network and asset allowed, amount within the service's limits).
    /// Nothing is signed.
    pub async fn prepare_top_up(&self, usd: f64, policy: &TopUpPolicy) -> Result<TopUpPlan, Error> {
        self.check_top_up_wallet()?;
        let wallet = self.require_wallet()?;
        let from = wallet.address();
        let value = base_units(usd)?;
        policy.check_cap(usd)?;
        let offers = self.top_up_offers().await?;
        let Some(offer) = offers.iter().filter(|o| policy.allows(o)).find_map(offer_of) else {
            let offered = offers
                .iter()
                .map(|o| {
                    format!(
                        "{} {} {}",
                        o.scheme.as_deref().unwrap_or("?"),
                        o.network.as_deref().unwrap_or("?"),
                        o.asset.as_deref().unwrap_or("?")
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            let allowed = format!("exact {} {}", policy.networks.join("|"), policy.assets.join("|"));
            return Err(WalletError::NoAcceptableOffer { offered, allowed }.into());
        };
        if usd + 1e-9 < offer.minimum_usd || usd > MAX_TOP_UP_USD {
            return Err(WalletError::OutsideLimits {
                amount: usd,
                minimum: offer.minimum_usd,
                maximum: MAX_TOP_UP_USD,
            }
            .into());
        }
        Ok(TopUpPlan { usd, value, offer, from })
    }

    /// Pays `plan`: signs one EIP-3009 authorization and sends it. A 409
    /// resubmits the same signed payment (never a new one); a 504 reads
    /// the balance and ends with [`WalletError::SettlementUnknown`]; a 402
    /// `SETTLEMENT_FAILED` is [`WalletError::SettlementFailed`] (nothing
    /// taken).
    pub async fn top_up(&self, plan: &TopUpPlan) -> Result<TopUpReceipt, Error> {
        let signer = self.require_wallet()?.clone();
        if !signer.address().eq_ignore_ascii_case(&plan.from) {
            return Err(WalletError::NoWallet.into());
        }
        let payment = signed_payment(signer.as_ref(), plan)?;
        let extra =
            Extra { headers: vec![header("payment-signature", &payment)?], once: true, ..Extra::default() };
        let body = Body::Serialized(bytes::Bytes::from_static(b"{}"));
        let req = Outgoing {
            path: "/x402/top-up",
            body: Some(&body),
            inputs: &[],
            needs_auth: true,
            if_none_match: None,
        };
        let mut resubmissions = 0;
        loop {
            let e = match self.inner.transport.execute_with(&req, &extra).await {
                Ok(answer) => return receipt(&answer, &signer.address(), resubmissions),
                Err(e) => e,
            };
            match failure_of(&e) {
                Some(f) if f.status == 409 && resubmissions < RESUBMISSIONS => {
                    resubmissions += 1;
                    let wait = f.retry_after.unwrap_or(Duration::from_secs(2)).min(Duration::from_secs(30));
                    tracing::info!(
                        resubmissions,
                        "the payment is in progress; resubmitting the same payment"
                    );
                    tokio::time::sleep(wait).await;
                }
                Some(f) if f.status == 409 => {
                    return Err(WalletError::StillInProgress(Box::new(f.clone())).into());
                }
                Some(f) if f.status == 504 => {
                    let failure = Box::new(f.clone());
                    let balance = self.wallet_balance().await.ok().map(|b| b.balance_usd);
                    return Err(WalletError::SettlementUnknown { failure, balance }.into());
                }
                Some(f) if f.status == 402 && f.advice.code.as_deref() == Some("SETTLEMENT_FAILED") => {
                    return Err(WalletError::SettlementFailed(Box::new(f.clone())).into());
                }
                _ => return Err(e),
            }
        }
    }
}

/// The `payment-signature` header's value for `plan`: one EIP-3009
/// `transferWithAuthorization`, signed by `signer` with a fresh nonce, in
/// x402's version 2 envelope, base64-encoded.
fn signed_payment(signer: &dyn WalletSigner, plan: &TopUpPlan) -> Result<String, Error> {
    let from = hex::decode::<20>(&signer.address()).ok_or(WalletError::SigningUnsupported)?;
    let o = &plan.offer;
    let bad_offer = || Error::InvalidResponse {
        message: "the top-up offer's payTo or asset is not an address".into(),
        request_id: None,
    };
    let to = hex::decode::<20>(&o.pay_to).ok_or_else(bad_offer)?;
    let contract = hex::decode::<20>(&o.asset).ok_or_else(bad_offer)?;
    let now = unix(SystemTime::now());
    let mut nonce = [0u8; 32];
    random(&mut nonce)?;
    let auth = TransferAuthorization {
        from,
        to,
        value: plan.value,
        valid_after: now.saturating_sub(600),
        valid_before: now + o.max_timeout_seconds,
        nonce,
    };
    let domain = TokenDomain {
        name: o.token_name.clone(),
        version: o.token_version.clone(),
        chain_id: o.chain_id,
        verifying_contract: contract,
    };
    let signature = signer.sign_digest(&auth.digest(&domain))?;
    let mut accepted = o.raw.clone();
    accepted["amount"] = json!(plan.value.to_string());
    let payment = json!({
        "x402Version": 2,
        "accepted": accepted,
        "payload": {
            "signature": hex::encode(&signature),
            "authorization": {
                "from": signer.address(),
                "to": o.pay_to,
                "value": plan.value.to_string(),
                "validAfter": auth.valid_after.to_string(),
                "validBefore": auth.valid_before.to_string(),
                "nonce": hex::encode(&nonce),
            },
        },
    });
    Ok(base64_simd::STANDARD.encode_to_string(payment.to_string()))
}

/// The receipt in a top-up's answer (its body, and the settlement's
/// transaction from the `payment-response` header).
fn receipt(answer: &Answer, address: &str, resubmissions: u32) -> Result<TopUpReceipt, Error> {
    let v = read_json("top-up", answer)?;
    let d = v.get("data").unwrap_or(&v);
    let transaction = answer
        .headers
        .get("payment-response")
        .and_then(|h| h.to_str().ok())
        .and_then(|t| base64_simd::STANDARD.decode_to_vec(t.trim()).ok())
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|r| r.get("transaction").and_then(Value::as_str).map(str::to_owned));
    Ok(TopUpReceipt {
        wallet_address: d.get("walletAddress").and_then(Value::as_str).unwrap_or(address).to_owned(),
        amount_credited: num(d.get("amountCredited")).ok_or_else(|| invalid("top-up", answer))?,
        new_balance: num(d.get("newBalance")).ok_or_else(|| invalid("top-up", answer))?,
        payment_id: d.get("paymentId").and_then(Value::as_str).map(str::to_owned),
        transaction,
        resubmissions,
    })
}

fn failure_of(e: &Error) -> Option<&ApiFailure> {
    e.api_failure()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_become_base_units_or_are_refused() {
        assert_eq!(base_units(5.0).unwrap(), 5_000_000);
        assert_eq!(base_units(0.000001).unwrap(), 1);
        assert_eq!(base_units(12.34).unwrap(), 12_340_000);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 0.0000001] {
            assert!(base_units(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_cap_that_is_not_a_number_refuses_every_top_up() {
        for cap in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0, -0.01] {
            let p = TopUpPolicy::with_cap(cap);
            for usd in [0.000001, 5.0, 10.0, 1e9] {
                assert!(matches!(p.check_cap(usd), Err(WalletError::InvalidCap { .. })), "cap {cap}, {usd}");
            }
        }
        let p = TopUpPolicy::with_cap(10.0);
        assert!(p.check_cap(10.0).is_ok() && p.check_cap(5.0).is_ok());
        assert!(matches!(p.check_cap(10.01), Err(WalletError::AboveCap { .. })));
        assert!(p.check_cap(f64::NAN).is_err(), "a NaN amount is not under any cap");
        assert!(matches!(TopUpPolicy::with_cap(0.0).check_cap(5.0), Err(WalletError::AboveCap { .. })));
        let e: Error = WalletError::InvalidCap { cap: f64::NAN }.into();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    }

    #[test]
    fn the_policy_allows_usdc_on_base_only() {
        let p = TopUpPolicy::default();
        let o = |network: &str, asset: &str| {
            PaymentOption::from_value(
                &json!({"scheme":"exact","network":network,"asset":asset,"amount":"5000000","payTo":"0x1111111111111111111111111111111111111111"}),
            )
        };
        assert!(p.allows(&o(BASE_NETWORK, &BASE_USDC.to_lowercase())));
        assert!(!p.allows(&o("eip155:1", BASE_USDC)));
        assert!(!p.allows(&o(BASE_NETWORK, "0x0000000000000000000000000000000000000001")));
        let offer = offer_of(&o(BASE_NETWORK, BASE_USDC)).unwrap();
        assert_eq!((offer.minimum_usd, offer.chain_id), (5.0, 8453));
    }
}
