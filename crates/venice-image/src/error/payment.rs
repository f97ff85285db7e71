//! The service's answers to a wallet that cannot go on: a 402 (balance too
//! low: the balance, the minimum and suggested top-up, the steps, and the
//! decoded `PAYMENT-REQUIRED` header) and a 401 to a sign-in (the
//! service's code, with a clock hint for `EXPIRED` and
//! `FUTURE_TIMESTAMP`). In every build, below the error type that carries
//! them ([`Error::PaymentRequired`](crate::Error::PaymentRequired),
//! [`Error::SignInRefused`](crate::Error::SignInRefused)); the answers are
//! read into them in `error_body`. Re-exported from `wallet`.

use std::fmt;

use serde_json::Value;

use crate::error::failure::ApiFailure;

/// One way to pay the service offered (an x402 `accepts[]` entry).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct PaymentOption {
    /// `scheme` (`exact`).
    pub scheme: Option<String>,
    /// `network` (`eip155:8453`).
    pub network: Option<String>,
    /// `amount` (or `maxAmountRequired`), in the asset's base units.
    pub amount: Option<String>,
    /// `asset`: the token contract.
    pub asset: Option<String>,
    /// `payTo`: the receiving address.
    pub pay_to: Option<String>,
    /// `maxTimeoutSeconds`.
    pub max_timeout_seconds: Option<u64>,
    /// The entry as sent, to echo back in a payment.
    #[serde(skip)]
    pub raw: Value,
}

impl PaymentOption {
    pub(crate) fn from_value(v: &Value) -> Self {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let amount = text("amount")
            .or_else(|| text("maxAmountRequired"))
            .or_else(|| v.get("amount").and_then(Value::as_u64).map(|n| n.to_string()));
        Self {
            scheme: text("scheme"),
            network: text("network"),
            amount,
            asset: text("asset"),
            pay_to: text("payTo"),
            max_timeout_seconds: v.get("maxTimeoutSeconds").and_then(Value::as_u64),
            raw: v.clone(),
        }
    }
}

/// A chain a sign-in may be made on, as a 402's challenge lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct SignInChain {
    /// `eip155:8453`, `solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp`.
    pub chain_id: String,
    /// The signature type: `eip191`, `eip1271` or `ed25519`.
    pub kind: String,
}

/// The Sign-In-With-X challenge a 402 carries (`siwxChallenge`, or the
/// x402 `extensions["sign-in-with-x"]`): the domain to sign in to and the
/// chains accepted. Read, not signed: a sign-in signs its own fresh message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct SignInChallenge {
    /// `info.domain` (`api.venice.ai`).
    pub domain: Option<String>,
    /// `info.uri`: the resource.
    pub uri: Option<String>,
    /// `info.statement`.
    pub statement: Option<String>,
    /// `supportedChains`.
    pub chains: Vec<SignInChain>,
}

impl SignInChallenge {
    /// Reads a challenge: `{info{...}, supportedChains[...]}`; `None` when
    /// it is neither (an older `{domain, chainId}` is read too).
    pub(crate) fn from_value(v: &Value) -> Option<Self> {
        let info = v.get("info").unwrap_or(v);
        let text = |o: &Value, k: &str| o.get(k).and_then(Value::as_str).map(str::to_owned);
        let mut chains: Vec<SignInChain> = v
            .get("supportedChains")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|c| {
                        Some(SignInChain {
                            chain_id: text(c, "chainId")?,
                            kind: text(c, "type").unwrap_or_default(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        if chains.is_empty()
            && let Some(id) = v
                .get("chainId")
                .and_then(|c| c.as_u64().map(|n| n.to_string()).or_else(|| c.as_str().map(str::to_owned)))
        {
            let chain_id = if id.contains(':') { id } else { format!("eip155:{id}") };
            chains.push(SignInChain { chain_id, kind: "eip191".into() });
        }
        let domain = text(info, "domain");
        if domain.is_none() && chains.is_empty() {
            return None;
        }
        Some(Self { domain, uri: text(info, "uri"), statement: text(info, "statement"), chains })
    }

    /// Whether the challenge accepts sign-ins on `chain_id` (CAIP-2); true
    /// when it names no chains.
    pub fn accepts_chain(&self, chain_id: &str) -> bool {
        self.chains.is_empty() || self.chains.iter().any(|c| c.chain_id.eq_ignore_ascii_case(chain_id))
    }
}

/// A parsed 402 to a wallet (or to a caller without credentials): why, how
/// much is there, and how to top up. Fields are `None` when not sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PaymentRequired {
    /// The answer (status 402, message, request id).
    pub failure: ApiFailure,
    /// `code` (`PAYMENT_REQUIRED`).
    pub code: Option<String>,
    /// `reason` (`insufficient_balance`).
    pub reason: Option<String>,
    /// `currentBalanceUsd`.
    pub balance_usd: Option<f64>,
    /// `minimumBalanceUsd`: the balance a call needs.
    pub minimum_balance_usd: Option<f64>,
    /// `minimumTopUpUsd`.
    pub minimum_top_up_usd: Option<f64>,
    /// `suggestedTopUpUsd`.
    pub suggested_top_up_usd: Option<f64>,
    /// `topUpInstructions.step1..`: the service's steps, in order.
    pub instructions: Vec<String>,
    /// `topUpInstructions.receiverWallet`.
    pub receiver_wallet: Option<String>,
    /// `topUpInstructions.network`.
    pub network: Option<String>,
    /// Ways to pay: the header's `accepts`, else the body's.
    pub accepts: Vec<PaymentOption>,
    /// The `PAYMENT-REQUIRED` header, decoded (base64 JSON), when sent.
    pub header: Option<Value>,
    /// The sign-in challenge (`siwxChallenge`, or
    /// `extensions["sign-in-with-x"]`), when sent.
    pub sign_in_challenge: Option<SignInChallenge>,
}

impl fmt::Display for PaymentRequired {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.failure)?;
        let usd = |v: Option<f64>| v.map(|v| format!("${v:.2}"));
        if let Some(b) = usd(self.balance_usd) {
            write!(f, "; balance {b}")?;
        }
        if let Some(m) = usd(self.minimum_balance_usd) {
            write!(f, ", a call needs {m}")?;
        }
        if let Some(m) = usd(self.minimum_top_up_usd) {
            write!(f, "; minimum top-up {m}")?;
        }
        if let Some(s) = usd(self.suggested_top_up_usd) {
            write!(f, ", suggested {s}")?;
        }
        Ok(())
    }
}

/// The service's reason for refusing a sign-in (the 401's `code`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignInCode {
    /// `PARSE_ERROR`: the header is not base64 JSON.
    ParseError,
    /// `INVALID_PAYLOAD`: fields missing or of the wrong type.
    InvalidPayload,
    /// `INVALID_MESSAGE`: the message is not in the sign-in layout.
    InvalidMessage,
    /// `DOMAIN_MISMATCH`.
    DomainMismatch,
    /// `UNSUPPORTED_CHAIN`.
    UnsupportedChain,
    /// `CHAIN_MISMATCH`.
    ChainMismatch,
    /// `ADDRESS_MISMATCH`.
    AddressMismatch,
    /// `EXPIRED`: usually this computer's clock is behind.
    Expired,
    /// `FUTURE_TIMESTAMP`: usually this computer's clock is ahead.
    FutureTimestamp,
    /// `NOT_BEFORE`.
    NotBefore,
    /// `INVALID_SIGNATURE`.
    InvalidSignature,
    /// `NONCE_REUSED`.
    NonceReused,
    /// Another code, as sent.
    Other(String),
}

impl SignInCode {
    /// Reads a code.
    pub fn parse(code: &str) -> Self {
        match code {
            "PARSE_ERROR" => Self::ParseError,
            "INVALID_PAYLOAD" => Self::InvalidPayload,
            "INVALID_MESSAGE" => Self::InvalidMessage,
            "DOMAIN_MISMATCH" => Self::DomainMismatch,
            "UNSUPPORTED_CHAIN" => Self::UnsupportedChain,
            "CHAIN_MISMATCH" => Self::ChainMismatch,
            "ADDRESS_MISMATCH" => Self::AddressMismatch,
            "EXPIRED" => Self::Expired,
            "FUTURE_TIMESTAMP" => Self::FutureTimestamp,
            "NOT_BEFORE" => Self::NotBefore,
            "INVALID_SIGNATURE" => Self::InvalidSignature,
            "NONCE_REUSED" => Self::NonceReused,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Whether the code usually means this computer's clock is wrong.
    pub fn is_clock(&self) -> bool {
        matches!(self, Self::Expired | Self::FutureTimestamp | Self::NotBefore)
    }
}

/// A sign-in the service refused (401 with a code).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SignInRefusal {
    /// The answer.
    pub failure: ApiFailure,
    /// The service's code, when it sent one.
    pub code: Option<SignInCode>,
}

impl fmt::Display for SignInRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.failure)?;
        if let Some(code) = self.failure.advice.code.as_deref() {
            write!(f, " [{code}]")?;
        }
        if self.code.as_ref().is_some_and(SignInCode::is_clock) {
            f.write_str("; check this computer's clock and time zone (sign-ins are valid for minutes)")?;
        }
        Ok(())
    }
}
