//! The emulator's wallets: a balance per wallet (from the configuration,
//! else the default for new wallets), kept in whole micro-dollars (USDC's
//! base unit: sums carry no float noise; USD only at the edges), its transactions, the sign-in nonces
//! already spent (remembered 5.5 minutes), the payments already credited
//! (each at most once), the requests in flight per wallet, and the
//! scripted top-up faults.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use super::time::format_rfc3339;
use crate::config::{MockConfig, TopUpFault, wallet_key};

/// Micro-dollars (USDC base units): how the ledger counts money.
pub(crate) type Micros = i64;

/// USD as whole micro-dollars (rounded to the nearest).
pub(crate) fn micros(usd: f64) -> Micros {
    (usd * 1e6).round() as Micros
}

/// Micro-dollars as USD: the nearest `f64`, which prints without noise
/// (`19.88`, never `19.880000000000003`).
pub(crate) fn usd(m: Micros) -> f64 {
    m as f64 / 1e6
}

/// How long a spent nonce is remembered.
const NONCE_MEMORY: Duration = Duration::from_secs(330);

/// One entry of a wallet's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Tx {
    pub id: String,
    pub amount: f64,
    pub balance_after: f64,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub created_at: String,
    pub request_id: Option<String>,
    pub model_id: Option<String>,
}

#[derive(Default)]
struct Account {
    balance: Micros,
    txs: Vec<Tx>,
    in_flight: usize,
}

/// A credited payment, by its authorization nonce.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Credited {
    pub payment_id: String,
    pub amount: Micros,
    pub new_balance: Micros,
    pub wallet: String,
}

#[derive(Default)]
struct Inner {
    accounts: HashMap<String, Account>,
    nonces: HashMap<(String, String), Instant>,
    payments: HashMap<String, Credited>,
    script: VecDeque<TopUpFault>,
    seq: u64,
}

pub(crate) struct Ledger {
    starting: HashMap<String, Micros>,
    default_balance: Micros,
    inner: Mutex<Inner>,
}

/// A wallet's place in flight, given back on drop.
pub(crate) struct Slot<'a> {
    ledger: &'a Ledger,
    wallet: String,
}

impl std::fmt::Debug for Slot<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slot").field("wallet", &self.wallet).finish()
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut inner = self.ledger.lock();
        if let Some(a) = inner.accounts.get_mut(&self.wallet) {
            a.in_flight = a.in_flight.saturating_sub(1);
        }
    }
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(0))
}

impl Ledger {
    pub fn new(config: &MockConfig) -> Self {
        Self {
            starting: config.wallet_balances.iter().map(|(k, v)| (wallet_key(k), micros(*v))).collect(),
            default_balance: micros(config.default_wallet_balance_usd),
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn account<'a>(&self, inner: &'a mut Inner, wallet: &str) -> &'a mut Account {
        let start = self.starting.get(wallet).copied().unwrap_or(self.default_balance);
        inner
            .accounts
            .entry(wallet.to_owned())
            .or_insert_with(|| Account { balance: start, ..Account::default() })
    }

    /// Spends a sign-in nonce; false when the wallet used it already.
    pub fn spend_nonce(&self, wallet: &str, nonce: &str) -> bool {
        let now = Instant::now();
        let mut inner = self.lock();
        inner.nonces.retain(|_, t| now.duration_since(*t) < NONCE_MEMORY);
        inner.nonces.insert((wallet.to_owned(), nonce.to_owned()), now).is_none()
    }

    /// A place in flight for `wallet`, when it has fewer than `max`.
    pub fn enter(&self, wallet: &str, max: usize) -> Option<Slot<'_>> {
        let mut inner = self.lock();
        let a = self.account(&mut inner, wallet);
        if a.in_flight >= max {
            return None;
        }
        a.in_flight += 1;
        Some(Slot { ledger: self, wallet: wallet.to_owned() })
    }

    /// The balance, USD.
    pub fn balance(&self, wallet: &str) -> f64 {
        usd(self.balance_micros(wallet))
    }

    /// The balance, micro-dollars.
    pub fn balance_micros(&self, wallet: &str) -> Micros {
        let mut inner = self.lock();
        self.account(&mut inner, wallet).balance
    }

    pub fn set_balance(&self, wallet: &str, amount_usd: f64) {
        let mut inner = self.lock();
        self.account(&mut inner, wallet).balance = micros(amount_usd);
    }

    fn push(inner: &mut Inner, wallet: &str, tx: impl FnOnce(String) -> Tx) {
        inner.seq += 1;
        let id = format!("tx_{:06}", inner.seq);
        let t = tx(id);
        if let Some(a) = inner.accounts.get_mut(wallet) {
            a.txs.push(t);
        }
    }

    /// Charges `price` (USD, rounded to micro-dollars); the balance after
    /// (USD), or `None` (nothing taken) when short.
    pub fn charge(&self, wallet: &str, price: f64, request_id: &str, model: Option<&str>) -> Option<f64> {
        let price = micros(price);
        let mut inner = self.lock();
        let a = self.account(&mut inner, wallet);
        if a.balance < price {
            return None;
        }
        a.balance -= price;
        let after = a.balance;
        Self::push(&mut inner, wallet, |id| Tx {
            id,
            amount: usd(-price),
            balance_after: usd(after),
            kind: "CHARGE",
            created_at: format_rfc3339(now_ms()),
            request_id: Some(request_id.to_owned()),
            model_id: model.map(str::to_owned),
        });
        Some(usd(after))
    }

    /// Credits a payment of `amount` micro-dollars once: the first time
    /// its nonce is seen; after that, what it was credited with.
    pub fn credit(&self, wallet: &str, nonce: &str, amount: Micros) -> Credited {
        let mut inner = self.lock();
        if let Some(c) = inner.payments.get(nonce) {
            return c.clone();
        }
        let a = self.account(&mut inner, wallet);
        a.balance = a.balance.saturating_add(amount);
        let after = a.balance;
        inner.seq += 1;
        let payment_id = format!("pay_{:06}", inner.seq);
        let c = Credited {
            payment_id: payment_id.clone(),
            amount,
            new_balance: after,
            wallet: wallet.to_owned(),
        };
        inner.payments.insert(nonce.to_owned(), c.clone());
        Self::push(&mut inner, wallet, |id| Tx {
            id,
            amount: usd(amount),
            balance_after: usd(after),
            kind: "TOP_UP",
            created_at: format_rfc3339(now_ms()),
            request_id: Some(payment_id),
            model_id: None,
        });
        c
    }

    /// A wallet's transactions, newest first.
    pub fn transactions(&self, wallet: &str) -> Vec<Tx> {
        let mut inner = self.lock();
        let mut txs = self.account(&mut inner, wallet).txs.clone();
        txs.reverse();
        txs
    }

    pub fn script(&self, faults: impl IntoIterator<Item = TopUpFault>) {
        self.lock().script.extend(faults);
    }

    pub fn next_fault(&self) -> Option<TopUpFault> {
        self.lock().script.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_single_use_and_payments_credited_once() {
        let l = Ledger::new(&MockConfig::default().wallet_balance("0xAB", 1.0));
        assert!(l.spend_nonce("0xab", "n1"));
        assert!(!l.spend_nonce("0xab", "n1"));
        assert!(l.spend_nonce("0xcd", "n1"), "per wallet");
        assert_eq!(l.balance("0xab"), 1.0);
        let first = l.credit("0xab", "p", 5_000_000);
        assert_eq!(l.credit("0xab", "p", 5_000_000), first);
        assert_eq!(l.balance("0xab"), 6.0);
        assert_eq!(l.charge("0xab", 7.0, "r", None), None);
        assert_eq!(l.transactions("0xab").len(), 1);
        let a = l.enter("0xab", 1).unwrap();
        assert!(l.enter("0xab", 1).is_none());
        drop(a);
        assert!(l.enter("0xab", 1).is_some());
    }

    #[test]
    fn money_is_counted_in_micro_dollars_without_float_noise() {
        let l = Ledger::new(&MockConfig::default().wallet_balance("0xab", 20.0));
        for i in 0..3 {
            l.charge("0xab", 0.04, &format!("r{i}"), None).unwrap();
        }
        // 20.0 - 0.04 three times in f64 is 19.880000000000003.
        assert_eq!(l.balance_micros("0xab"), 19_880_000);
        assert_eq!(serde_json::json!(l.balance("0xab")).to_string(), "19.88");
        let tx = serde_json::to_string(&l.transactions("0xab")[0]).unwrap();
        assert!(tx.contains("\"amount\":-0.04,\"balanceAfter\":19.88"), "{tx}");
    }
}
