//! `attache path FILE... --from ID --to ID [--format table|json]`: the path of attention
//! from one account to another ([`attache::paths`]): the shortest chain of interactions
//! along their direction, the strongest among the shortest, each step with its
//! interactions by kind.
//!
//! JSON: `{"from": ID, "to": ID, "hops": N, "path": [ID, ...], "steps": [{"from": ID,
//! "to": ID, "kinds": {"repost": 2, ...}}, ...]}`; without a path, `"hops": null`,
//! `"path": []` and `"steps": []`, exit 0. An id no account has exits 1, naming it.

use std::collections::BTreeMap;
use std::io::{self, Write};

use attache::network::Kind;
use attache::paths::AttentionPath;
use attache::session::{Session, SessionError};
use serde::Serialize;
use serde_json::{json, Value};

use crate::inputs::Inputs;
use crate::{finished, to_stdout, write_pretty_json, Failure};

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
pub enum PathFormat {
    Table,
    Json,
}

pub fn path(inputs: &Inputs, from: &str, to: &str, format: PathFormat) -> Result<(), Failure> {
    let opened = inputs.open()?;
    let session = &opened.session;
    let (found_from, found_to) = (session.account(from), session.account(to));
    let unknown: Vec<String> = [(from, &found_from), (to, &found_to)]
        .into_iter()
        .filter(|(_, found)| matches!(found, Err(SessionError::UnknownAccount(_))))
        .map(|(id, _)| format!("no account has the id '{id}'"))
        .collect();
    if !unknown.is_empty() {
        return Err(Failure::NotFound(unknown.join("; ")));
    }
    let found = session.attention_path(found_from?, found_to?)?;
    to_stdout(|out| match format {
        PathFormat::Json => write_pretty_json(&document(session, &found)?, out),
        PathFormat::Table => write_table(session, &found, out).map_err(Failure::Output),
    })?;
    inputs.save(session)?;
    finished(opened.any_unreadable)
}

/// The JSON document, its keys in the order the documentation gives them.
#[derive(Serialize)]
struct Document<'a> {
    from: &'a str,
    to: &'a str,
    hops: Option<u32>,
    path: Vec<&'a str>,
    steps: Vec<StepDocument<'a>>,
}

#[derive(Serialize)]
struct StepDocument<'a> {
    from: &'a str,
    to: &'a str,
    /// By kind, in the kinds' order (follow, repost, quote, reply, mention, link).
    kinds: BTreeMap<Kind, Value>,
}

fn document<'a>(session: &'a Session, found: &AttentionPath) -> Result<Document<'a>, Failure> {
    let accounts = &session.network()?.accounts;
    let id = |account: u32| accounts[account as usize].id.as_str();
    let steps = found
        .steps
        .iter()
        .map(|step| StepDocument {
            from: id(step.from),
            to: id(step.to),
            kinds: step
                .kinds
                .iter()
                .map(|(&kind, &count)| (kind, number(count)))
                .collect(),
        })
        .collect();
    Ok(Document {
        from: id(found.from),
        to: id(found.to),
        hops: found.hops,
        path: found.path.iter().map(|&a| id(a)).collect(),
        steps,
    })
}

/// A count as JSON: an integer when it is one (event weights are usually 1).
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

fn write_table(session: &Session, found: &AttentionPath, out: &mut dyn Write) -> io::Result<()> {
    let network = session.network().map_err(io::Error::other)?;
    let id = |account: u32| network.accounts[account as usize].id.as_str();
    let Some(hops) = found.hops else {
        return writeln!(
            out,
            "no path of attention from {} to {}: no chain of interactions leads from one to the other",
            id(found.from),
            id(found.to)
        );
    };
    let chain: Vec<&str> = found.path.iter().map(|&a| id(a)).collect();
    let unit = if hops == 1 { "hop" } else { "hops" };
    writeln!(out, "{} ({hops} {unit})", chain.join(" → "))?;
    for step in &found.steps {
        let kinds: Vec<String> = step
            .kinds
            .iter()
            .map(|(kind, &count)| format!("{} {}", kind.as_str(), number(count)))
            .collect();
        writeln!(
            out,
            "  {} → {}: {} (weight {})",
            id(step.from),
            id(step.to),
            kinds.join(", "),
            number(step.weight)
        )?;
    }
    Ok(())
}
