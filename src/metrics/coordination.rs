//! The coordination lens: how many accounts an account moves together with.
//!
//! Definition: `coordination(v)` is `v`'s number of **coordination partners**, its degree
//! in the coordination network of [`crate::coordination`]: the accounts with which `v`
//! co-acted (reposted the same original, or linked the same normalised URL, at most
//! `window` seconds apart) on at least `min_shared` distinct items. 0 for accounts with no
//! partner; NaN for every account when the data has no timed action of the kinds compared
//! (no reposts with their originals and times, no timed links): the data does not say.
//! `by` chooses the actions: 0 reposts, 1 links, 2 both (the catalogue's parameters are
//! numbers, so the choice is coded).
//!
//! Reference: Pacheco et al., "Uncovering Coordinated Networks on Social Media", ICWSM
//! 2021; Giglietto et al.'s coordinated link sharing (CooRnet); `tests/reference/
//! coordination.py` recomputes it from the fixture files over every pair of actions.
//! Complexity: O(A log A + A × c) for A actions and c co-actors within the window (see
//! [`crate::coordination`]).

use super::{Metric, MetricError, MetricInfo, MetricOutput, ParamInfo, ParamKind, Params, ValueKind};
use crate::coordination::{self, CoordinateBy, CoordinationParams};

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "coordination",
        values: ValueKind::Count,
        name: "Coordination partners",
        explanation: "How many other accounts this one repeatedly acts together with: reposting \
            the same posts or sharing the same links within seconds of each other, on several \
            items. High values flag possible coordinated amplification, a pattern, not proof: \
            fan communities, newsrooms and activists coordinate openly. Empty when the data has \
            no timed reposts or links.",
        reference:
            "Degree in the co-repost / co-link network (Pacheco et al. 2021; Giglietto et al., CooRnet)",
        complexity: "O(A log A + A × c), A actions, c co-actors within the window",
        params: &[
            ParamInfo {
                id: "by",
                name: "Actions compared",
                help: "0: reposts of the same post; 1: links to the same URL; 2: both (an item \
                    of one kind never matches one of the other).",
                kind: ParamKind::Number {
                    default: 2.0,
                    min: 0.0,
                    max: 2.0,
                    integer: true,
                },
            },
            ParamInfo {
                id: "window",
                name: "Window (seconds)",
                help: "Two actions on the same item co-act when at most this many seconds apart.",
                kind: ParamKind::Number {
                    default: coordination::DEFAULT_WINDOW as f64,
                    min: 0.0,
                    max: 604_800.0,
                    integer: true,
                },
            },
            ParamInfo {
                id: "min_shared",
                name: "Minimum shared items",
                help: "Two accounts are partners when they co-acted on at least this many \
                    distinct items.",
                kind: ParamKind::Number {
                    default: coordination::DEFAULT_MIN_SHARED as f64,
                    min: 1.0,
                    max: 100_000.0,
                    integer: true,
                },
            },
        ],
    },
    compute: |context, params, progress| {
        let settings = settings(params)?;
        let values = match coordination::partners(context.network, &settings, progress)? {
            Some(partners) => partners.into_iter().map(f64::from).collect(),
            None => vec![f64::NAN; context.network.account_count()],
        };
        Ok(MetricOutput::values(values))
    },
};

/// The coordination network's parameters from the lens's (checked against the catalogue).
pub fn settings(params: &Params) -> Result<CoordinationParams, MetricError> {
    let info = &METRIC.info;
    let by = params.number(info, "by")?;
    Ok(CoordinationParams {
        by: CoordinateBy::from_code(by).expect("an integer in 0..=2, checked by the catalogue"),
        window: params.number(info, "window")? as i64,
        min_shared: params.number(info, "min_shared")? as u32,
    })
}

/// The lens's parameters that give `settings` (the inverse of [`settings`]).
pub fn params(settings: &CoordinationParams) -> Params {
    Params::default()
        .with("by", settings.by.code())
        .with("window", settings.window as f64)
        .with("min_shared", f64::from(settings.min_shared))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parameters_round_trip_and_default_to_the_definition() {
        assert_eq!(
            settings(&Params::default()).unwrap(),
            CoordinationParams::default()
        );
        let chosen = CoordinationParams {
            by: CoordinateBy::Link,
            window: 30,
            min_shared: 2,
        };
        assert_eq!(settings(&params(&chosen)).unwrap(), chosen);
        let error = settings(&Params::default().with("by", 3.0)).unwrap_err();
        assert!(error.to_string().contains("between 0 and 2"), "{error}");
    }
}
