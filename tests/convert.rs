//! `attache convert`: the three Parquet tables of a shard, read back with the parquet
//! crate and checked against what `attache inspect` says of the same files.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn attache(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn read(path: &Path) -> Vec<RecordBatch> {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn strings(batches: &[RecordBatch], column: &str) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|batch| {
            let array = batch.column_by_name(column).unwrap().as_string::<i32>().clone();
            (0..array.len())
                .map(move |i| (!array.is_null(i)).then(|| array.value(i).to_owned()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn booleans(batches: &[RecordBatch], column: &str) -> Vec<bool> {
    batches
        .iter()
        .flat_map(|batch| {
            let array = batch.column_by_name(column).unwrap().as_boolean().clone();
            (0..array.len()).map(move |i| array.value(i)).collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn a_shard_holds_what_the_core_read_with_the_ids_left_for_the_union() {
    let dir = std::env::temp_dir().join(format!("attache-convert-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // twarc-csv gives some mentions by handle only; the table has weights and no keys.
    let inputs = [fixture("twarc-csv/kpop.csv"), fixture("tables/gephi_edges.csv")];
    let mut args: Vec<&std::ffi::OsStr> = vec!["convert".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend(["--to".as_ref(), dir.as_os_str()]);
    let output = attache(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let mut inspect_args: Vec<&std::ffi::OsStr> = vec!["inspect".as_ref(), "--json".as_ref()];
    inspect_args.extend(inputs.iter().map(|p| p.as_os_str()));
    let inspected: serde_json::Value =
        serde_json::from_slice(&attache(&inspect_args).stdout).expect("inspect --json");

    let accounts = read(&dir.join("accounts.parquet"));
    let ids = strings(&accounts, "id");
    assert_eq!(ids.len() as u64, inspected["nodes"].as_u64().unwrap());
    let seq: Vec<i64> = accounts
        .iter()
        .flat_map(|b| {
            b.column_by_name("seq")
                .unwrap()
                .as_primitive::<Int64Type>()
                .values()
                .to_vec()
        })
        .collect();
    assert_eq!(
        seq,
        (0..ids.len() as i64).collect::<Vec<_>>(),
        "accounts in the core's order"
    );
    let handle_only = booleans(&accounts, "handle_only");
    let handles = strings(&accounts, "handle");
    assert!(
        handle_only.iter().any(|&h| h),
        "the fixture mentions some accounts by handle only"
    );
    for ((id, &only), handle) in ids.iter().zip(&handle_only).zip(&handles) {
        let id = id.as_deref().unwrap();
        if only {
            assert_eq!(
                Some(format!("@{}", handle.as_deref().unwrap())).as_deref(),
                Some(id)
            );
        }
    }
    let by_id: BTreeMap<&str, bool> = ids
        .iter()
        .map(|id| id.as_deref().unwrap())
        .zip(handle_only.iter().copied())
        .collect();

    let interactions = read(&dir.join("interactions.parquet"));
    let by_kind: BTreeMap<String, u64> =
        strings(&interactions, "kind")
            .into_iter()
            .fold(BTreeMap::new(), |mut counts, kind| {
                *counts.entry(kind.unwrap()).or_insert(0) += 1;
                counts
            });
    let expected: BTreeMap<String, u64> = serde_json::from_value(inspected["interactions"].clone()).unwrap();
    assert_eq!(by_kind, expected);
    let targets = strings(&interactions, "target");
    let target_handles = strings(&interactions, "target_handle");
    for (target, handle) in targets.iter().zip(&target_handles) {
        let target = target.as_deref().unwrap();
        assert_eq!(
            by_id[target],
            handle.is_some(),
            "{target}: the handle column marks handle-only ends"
        );
    }
    let keys = strings(&interactions, "key");
    let keyed: Vec<&str> = keys.iter().flatten().map(String::as_str).collect();
    assert!(
        !keyed.is_empty() && keyed.len() < keys.len(),
        "tweets have keys, table rows none"
    );
    assert!(keyed
        .iter()
        .all(|k| k.len() == 16 && k.bytes().all(|b| b.is_ascii_hexdigit())));
    let weights: Vec<f64> = interactions
        .iter()
        .flat_map(|b| {
            b.column_by_name("weight")
                .unwrap()
                .as_primitive::<Float64Type>()
                .values()
                .to_vec()
        })
        .collect();
    assert!(weights.iter().any(|&w| w != 1.0), "the table's weights are kept");

    let posts = read(&dir.join("posts.parquet"));
    let post_ids: BTreeSet<String> = strings(&posts, "id").into_iter().flatten().collect();
    assert_eq!(post_ids.len() as u64, inspected["posts"].as_u64().unwrap());
    for subject in strings(&interactions, "subject").into_iter().flatten() {
        assert!(
            post_ids.contains(&subject),
            "subject {subject} is a post of the shard"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("shard.json")).unwrap()).unwrap();
    assert_eq!(manifest["attache_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["files"].as_array().unwrap().len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The Spark job's `scores.parquet` read back: a directory of part files, `platform`
/// before `id` and `label`, numbers as doubles and longs, a null where a score is unknown.
/// The command line must read it as the same table as the CSV of the same scores.
#[test]
fn a_parquet_scores_table_reads_back_as_its_csv() {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Float64Array, Int64Array, StringArray};
    use parquet::arrow::ArrowWriter;

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("parquet-scores");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("scores.parquet")).unwrap();
    let ids = ["1300000000000000001", "b", "c", "d", "e"];
    let pagerank = [Some(0.4), Some(0.25), None, Some(0.1 + 0.2), Some(1e-17)];
    let in_degree = [3i64, 2, 0, 7, 1];
    let mut csv = String::from("id,label,pagerank,in_degree\n");
    for i in 0..ids.len() {
        let score = pagerank[i].map(|p| p.to_string()).unwrap_or_default();
        csv.push_str(&format!(
            "{},{},{score},{}\n",
            ids[i],
            ids[i].to_uppercase(),
            in_degree[i]
        ));
    }
    std::fs::write(dir.join("scores.csv"), &csv).unwrap();
    // Two part files, as Spark writes them: rows 0..3, then 3..5.
    for (part, rows) in [(0, 0..3), (1, 3..5)] {
        let labels: Vec<String> = ids[rows.clone()].iter().map(|id| id.to_uppercase()).collect();
        let batch = RecordBatch::try_from_iter([
            (
                "platform",
                Arc::new(StringArray::from(vec!["generic"; rows.len()])) as ArrayRef,
            ),
            (
                "id",
                Arc::new(StringArray::from(ids[rows.clone()].to_vec())) as ArrayRef,
            ),
            ("label", Arc::new(StringArray::from(labels)) as ArrayRef),
            (
                "pagerank",
                Arc::new(Float64Array::from(pagerank[rows.clone()].to_vec())) as ArrayRef,
            ),
            (
                "in_degree",
                Arc::new(Int64Array::from(in_degree[rows.clone()].to_vec())) as ArrayRef,
            ),
        ])
        .unwrap();
        let path = dir.join(format!("scores.parquet/part-{part:05}.snappy.parquet"));
        let mut writer = ArrowWriter::try_new(File::create(path).unwrap(), batch.schema(), None).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
    }
    let score = |input: &str| {
        let path = dir.join(input);
        let args = [
            "score".as_ref(),
            path.as_os_str(),
            "--metrics".as_ref(),
            "imported:pagerank,imported:in_degree".as_ref(),
            "--format".as_ref(),
            "csv".as_ref(),
        ];
        let output = attache(&args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let from_csv = score("scores.csv");
    assert_eq!(from_csv.lines().count(), 6, "{from_csv}");
    assert!(
        from_csv.contains("1300000000000000001,1300000000000000001,0.4,3"),
        "{from_csv}"
    );
    assert_eq!(score("scores.parquet"), from_csv);
    // One part file alone is a table too.
    let one = score("scores.parquet/part-00001.snappy.parquet");
    assert_eq!(one.lines().count(), 3, "{one}");
    let _ = std::fs::remove_dir_all(&dir);
}
