//! The methods line: every setting that decides the values shown, in words, so that a
//! result can be cited ("PageRank (damping factor 0.85, seed accounts: 3 …); Community
//! (resolution 1.5, seed 7 …)"). The page shows it under the table; the JSON report and
//! the study report carry it.

use crate::metrics::influence_index::{self, Pillar};
use crate::metrics::{self, MetricInfo, ParamValue};
use crate::network::Kind;

use super::Settings;

/// The line for `lenses` (the index brings PageRank with it), then the kind weights.
pub fn line(settings: &Settings, lenses: &[&str]) -> String {
    let mut parts: Vec<String> = lenses_described(lenses)
        .into_iter()
        .map(|info| describe(settings, info))
        .collect();
    parts.push(kind_weights(settings));
    parts.join("; ") + "."
}

/// The catalogue entries of `lenses` in order, each once, with PageRank right after the
/// index when the index is shown without it (its network pillar is PageRank).
fn lenses_described(lenses: &[&str]) -> Vec<&'static MetricInfo> {
    let mut infos: Vec<&'static MetricInfo> = Vec::new();
    let mut add = |id: &str| {
        if let Some(metric) = metrics::find(id) {
            if !infos.iter().any(|info| info.id == metric.info.id) {
                infos.push(&metric.info);
            }
        }
    };
    for &id in lenses {
        add(id);
        for &dependency in metrics::depends_on(id) {
            add(dependency);
        }
    }
    infos
}

fn describe(settings: &Settings, info: &MetricInfo) -> String {
    if info.id == influence_index::METRIC.info.id {
        return index_weights(settings);
    }
    let values: Vec<String> = settings
        .params
        .get(info.id)
        .effective(info)
        .into_iter()
        .map(|(id, value)| {
            let name = info
                .params
                .iter()
                .find(|p| p.id == id)
                .map_or(id, |p| p.name)
                .to_lowercase();
            match value {
                Some(ParamValue::Number(number)) => format!("{name} {}", number_text(number)),
                Some(ParamValue::Accounts(ids)) => format!("{name}: {}", accounts(ids.len())),
                None => format!("{name}: none"),
            }
        })
        .collect();
    if values.is_empty() {
        info.name.to_owned()
    } else {
        format!("{} ({})", info.name, values.join(", "))
    }
}

fn accounts(count: usize) -> String {
    if count == 1 {
        "1 account".to_owned()
    } else {
        format!("{count} accounts")
    }
}

fn index_weights(settings: &Settings) -> String {
    let info = &influence_index::METRIC.info;
    let weights =
        influence_index::IndexWeights::from_params(settings.params.get(info.id)).expect("checked when set");
    let pillars: Vec<String> = Pillar::ALL
        .iter()
        .map(|&p| format!("{} {}", p.id(), weights.get(p)))
        .collect();
    format!("{} (pillar weights: {})", info.name, pillars.join(", "))
}

fn kind_weights(settings: &Settings) -> String {
    let weights: Vec<String> = Kind::ALL
        .iter()
        .map(|&k| format!("{} {}", k.as_str(), settings.kind_weights.get(k)))
        .collect();
    format!("kind weights: {}", weights.join(", "))
}

/// A parameter's value as people write it: `0.85`, `1000`, `1e-10` (not `0.0000000001`).
fn number_text(value: f64) -> String {
    if value != 0.0 && value.abs() < 1e-4 {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Params;

    #[test]
    fn the_line_names_every_setting_of_the_lenses_shown() {
        let mut settings = Settings::default();
        settings
            .params
            .set(
                "pagerank",
                Params::default().with_accounts("seeds", &["a", "b", "c"]),
            )
            .unwrap();
        settings
            .params
            .set(
                "community",
                Params::default().with("resolution", 1.5).with("seed", 7.0),
            )
            .unwrap();
        settings.kind_weights.set(Kind::Repost, 2.0);
        let line = line(&settings, &["influence_index", "community", "in_degree"]);
        assert!(
            line.starts_with(
                "Influence index (pillar weights: reach 1, amplification 1, conversation 1, network 1); \
                 PageRank (damping factor 0.85, seed accounts: 3 accounts, "
            ),
            "{line}"
        );
        assert!(
            line.contains("resolution 1.5") && line.contains("seed 7"),
            "{line}"
        );
        assert!(
            line.contains("; In-degree; kind weights: follow 1, repost 2,"),
            "{line}"
        );
        assert!(line.ends_with("link 1."), "{line}");
    }
}
