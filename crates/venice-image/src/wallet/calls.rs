//! The wallet's own calls: its balance and its transactions (paged). Both
//! sign in like every call, and the path names the signer's own address
//! (the service answers 403 for another's).

use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use super::WalletSigner;
use crate::client::Client;
use crate::error::Error;
use crate::error::wallet::WalletError;
use crate::transport::{Answer, Outgoing};

/// `GET /x402/balance/{wallet}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct WalletBalance {
    /// The wallet.
    pub wallet_address: String,
    /// USD available.
    pub balance_usd: f64,
    /// Whether the balance covers a call.
    pub can_consume: Option<bool>,
    /// The smallest top-up the service takes, USD.
    pub minimum_top_up_usd: Option<f64>,
    /// The top-up the service suggests, USD.
    pub suggested_top_up_usd: Option<f64>,
    /// DIEM balance in USD, when the wallet has one.
    pub diem_balance_usd: Option<f64>,
}

/// One entry of the wallet's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Transaction {
    /// The service's id.
    pub id: String,
    /// USD, positive for a top-up or refund, negative for a charge.
    pub amount: f64,
    /// The balance after it, USD.
    pub balance_after: Option<f64>,
    /// `TOP_UP`, `CHARGE` or `REFUND`.
    pub kind: String,
    /// When, as the service wrote it.
    pub created_at: Option<String>,
    /// The request it charged, for a charge.
    pub request_id: Option<String>,
    /// The model of a charge.
    pub model_id: Option<String>,
}

/// `GET /x402/transactions/{wallet}`: one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TransactionPage {
    /// The wallet.
    pub wallet_address: String,
    /// The balance now, USD.
    pub current_balance: Option<f64>,
    /// Newest first, as the service orders them.
    pub transactions: Vec<Transaction>,
    /// The page's size.
    pub limit: u32,
    /// Entries skipped.
    pub offset: u64,
    /// Whether there are more after this page.
    pub has_more: bool,
}

pub(crate) fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn invalid(what: &str, answer: &Answer) -> Error {
    Error::InvalidResponse {
        message: format!("the {what} answer could not be read"),
        request_id: crate::transport::request_id(&answer.headers),
    }
}

pub(crate) fn json(what: &str, answer: &Answer) -> Result<Value, Error> {
    serde_json::from_slice(&answer.bytes).map_err(|_| invalid(what, answer))
}

impl Client {
    /// The wallet that pays, when the client has one.
    pub fn wallet(&self) -> Option<&Arc<dyn WalletSigner>> {
        self.credentials().and_then(crate::auth::Credentials::wallet)
    }

    pub(crate) fn require_wallet(&self) -> Result<&Arc<dyn WalletSigner>, Error> {
        self.wallet().ok_or_else(|| WalletError::NoWallet.into())
    }

    /// The wallet's balance (`GET /x402/balance/{wallet}`).
    pub async fn wallet_balance(&self) -> Result<WalletBalance, Error> {
        let address = self.require_wallet()?.address();
        let path = format!("/x402/balance/{address}");
        let req = Outgoing { path: &path, body: None, inputs: &[], needs_auth: true, if_none_match: None };
        let answer = self.inner.transport.execute(&req).await?;
        let v = json("balance", &answer)?;
        let d = v.get("data").unwrap_or(&v);
        Ok(WalletBalance {
            wallet_address: text(d.get("walletAddress")).unwrap_or(address),
            balance_usd: num(d.get("balanceUsd")).ok_or_else(|| invalid("balance", &answer))?,
            can_consume: d.get("canConsume").and_then(Value::as_bool),
            minimum_top_up_usd: num(d.get("minimumTopUpUsd")),
            suggested_top_up_usd: num(d.get("suggestedTopUpUsd")),
            diem_balance_usd: num(d.get("diemBalanceUsd")),
        })
    }

    /// A page of the wallet's transactions, `limit` (1 to 100) from
    /// `offset` (`GET /x402/transactions/{wallet}`).
    pub async fn wallet_transactions(&self, limit: u32, offset: u64) -> Result<TransactionPage, Error> {
        let address = self.require_wallet()?.address();
        let limit = limit.clamp(1, 100);
        let path = format!("/x402/transactions/{address}?limit={limit}&offset={offset}");
        let req = Outgoing { path: &path, body: None, inputs: &[], needs_auth: true, if_none_match: None };
        let answer = self.inner.transport.execute(&req).await?;
        let v = json("transactions", &answer)?;
        let v = v.get("data").filter(|d| d.get("transactions").is_some()).unwrap_or(&v);
        let list = v
            .get("transactions")
            .and_then(Value::as_array)
            .ok_or_else(|| invalid("transactions", &answer))?;
        let transactions = list
            .iter()
            .map(|t| Transaction {
                id: text(t.get("id")).unwrap_or_default(),
                amount: num(t.get("amount")).unwrap_or(0.0),
                balance_after: num(t.get("balanceAfter")),
                kind: text(t.get("type")).unwrap_or_default(),
                created_at: text(t.get("createdAt")),
                request_id: text(t.get("requestId")),
                model_id: text(t.get("modelId")),
            })
            .collect();
        let page = v.get("pagination");
        Ok(TransactionPage {
            wallet_address: text(v.get("walletAddress")).unwrap_or(address),
            current_balance: num(v.get("currentBalance")),
            transactions,
            limit: page.and_then(|p| p.get("limit")).and_then(Value::as_u64).map_or(limit, |l| l as u32),
            offset: page.and_then(|p| p.get("offset")).and_then(Value::as_u64).unwrap_or(offset),
            has_more: page.and_then(|p| p.get("hasMore")).and_then(Value::as_bool).unwrap_or(false),
        })
    }
}
