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
