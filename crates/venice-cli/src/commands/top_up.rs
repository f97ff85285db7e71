//! `venice wallet top-up USD`: the payee, token and validity window come
//! from whatever base URL answered, so the confirmation names the payee
//! and the URL it came from; with `--yes` and a base URL other than
//! Venice's, `--pay-to ADDRESS` must be given (checked before any request)
//! and match the offer's payee, or nothing is signed. A failure after the
//! payment was sent says that it may still settle.

use std::io::{BufRead, IsTerminal};

use venice_image::wallet::TopUpPolicy;
use venice_image::{Client, ErrorKind};

use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

/// What was asked for on the command line.
pub struct TopUpAsk {
    pub usd: f64,
    pub max_top_up: f64,
    pub yes: bool,
    pub pay_to: Option<String>,
}

/// Whether `url` is Venice's own API.
fn is_venice(url: &str) -> bool {
    url.trim_end_matches('/').eq_ignore_ascii_case(venice_image::DEFAULT_BASE_URL)
}

/// Tops the wallet up, as asked.
pub async fn run(client: &Client, ui: &Ui, ask: TopUpAsk) -> Result<(), Failure> {
    // A wallet that cannot pay here is refused first, whatever else is asked.
    client.check_top_up_wallet()?;
    let base = client.base_url().to_owned();
    if ask.yes && ask.pay_to.is_none() && !is_venice(&base) {
        return Err(Failure::usage(format!(
            "the top-up offer would come from {base}, not Venice's API, and --yes would pay whoever it \
             names: pass --pay-to ADDRESS with the address you mean to pay (run without --yes to see it); \
             nothing was sent"
        )));
    }
    let plan = client.prepare_top_up(ask.usd, &TopUpPolicy::with_cap(ask.max_top_up)).await?;
    let o = plan.offer();
    if let Some(want) = &ask.pay_to
        && !want.trim().eq_ignore_ascii_case(&o.pay_to)
    {
        return Err(Failure::new(
            Exit::Invalid,
            format!(
                "{base} asks to be paid at {}, not the --pay-to address {}; nothing was signed",
                o.pay_to,
                want.trim()
            ),
        ));
    }
    let what = format!(
        "top up ${:.2} from {} in {} on {} (asset {}), paid to {} (as {base} asks; the signature is valid for {} s)",
        plan.usd(),
        plan.from(),
        o.token_name,
        o.network,
        o.asset,
        o.pay_to,
        o.max_timeout_seconds
    );
    if !ask.yes && !confirm(&what)? {
        return Err(Failure::usage("top-up cancelled; nothing was signed"));
    }
    let r = client.top_up(&plan).await.map_err(after_sending)?;
    if ui.json {
        ui.json_line(&serde_json::to_value(&r).unwrap_or_default());
    } else {
        ui.print(&format!(
            "credited ${:.2}; balance ${:.2}; payment id {}",
            r.amount_credited,
            r.new_balance,
            r.payment_id.as_deref().unwrap_or("(none given)")
        ));
    }
    Ok(())
}

/// A failure once the signed payment may have left: it may still settle.
fn after_sending(e: venice_image::Error) -> Failure {
    let uncertain = matches!(e.kind(), ErrorKind::Network | ErrorKind::Server | ErrorKind::Response);
    let mut failure = Failure::from(e);
    if uncertain {
        failure.message.push_str(
            "; the payment was sent and may still settle: check `venice wallet balance` before trying again",
        );
    }
    failure
}

/// Asks `what? [y/N]` on the terminal; a refusal without one.
fn confirm(what: &str) -> Result<bool, Failure> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Failure::usage(format!("{what}: confirm with --yes (there is no terminal to ask)")));
    }
    eprintln!("{what}");
    eprint!("sign and send this payment? [y/N] ");
    let mut line = String::new();
    stdin.lock().read_line(&mut line).map_err(|e| Failure::usage(format!("cannot read the answer: {e}")))?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes"))
}
