//! `venice wallet address | balance | transactions | top-up USD`: the x402
//! wallet that pays. A top-up is checked against the cap (`--max-top-up`,
//! $10 by default) before any request, then against the service's offer
//! (network and asset allowed, its minimum, the payee) before anything is
//! signed; see `top_up`.
//! The key is never printed; only the address.

use serde_json::json;

use crate::engine::client::client;
use crate::settings::flags::{Global, WalletCommand};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

pub async fn run(g: &Global, ui: Ui, command: WalletCommand) -> Result<Exit, Failure> {
    let client = client(g, ui)?;
    let Some(wallet) = client.wallet().cloned() else {
        return Err(Failure::new(Exit::Auth, "no wallet pays here (see venice wallet --help)"));
    };
    let address = wallet.address();
    match command {
        WalletCommand::Address => {
            if ui.json {
                ui.json_line(&json!({ "address": address }));
            } else {
                ui.print(&address);
            }
        }
        WalletCommand::Balance => {
            let b = client.wallet_balance().await?;
            if ui.json {
                ui.json_line(&serde_json::to_value(&b).unwrap_or_default());
            } else {
                let mut text = format!("{}: ${:.2}", b.wallet_address, b.balance_usd);
                if b.can_consume == Some(false) {
                    text.push_str(" (too low for a call)");
                }
                if let Some(s) = b.suggested_top_up_usd {
                    text.push_str(&format!("; to add ${s:.2}: venice wallet top-up {s}"));
                }
                ui.print(&text);
            }
        }
        WalletCommand::Transactions { limit, offset } => {
            let page = client.wallet_transactions(limit, offset).await?;
            if ui.json {
                ui.json_line(&serde_json::to_value(&page).unwrap_or_default());
            } else {
                let mut text = String::new();
                for t in &page.transactions {
                    text.push_str(&format!(
                        "{}  {:<7}  {:>+10.4}  balance {:>10.4}  {}\n",
                        t.created_at.as_deref().unwrap_or("-"),
                        t.kind,
                        t.amount,
                        t.balance_after.unwrap_or(f64::NAN),
                        t.model_id.as_deref().or(t.request_id.as_deref()).unwrap_or("")
                    ));
                }
                if page.transactions.is_empty() {
                    text.push_str("no transactions\n");
                }
                if page.has_more {
                    text.push_str(&format!("more: --offset {}\n", page.offset + u64::from(page.limit)));
                }
                ui.print(text.trim_end());
            }
        }
        WalletCommand::TopUp { usd, max_top_up, yes, pay_to } => {
            let ask = crate::commands::top_up::TopUpAsk { usd, max_top_up, yes, pay_to };
            crate::commands::top_up::run(&client, &ui, ask).await?;
        }
    }
    Ok(Exit::Ok)
}
