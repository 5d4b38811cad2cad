//! Reading a Parquet table back (the Spark job's `OUT/scores.parquet`, a directory of
//! part files, or one `.parquet` file) as the CSV table the core reads.
//!
//! The core has no Parquet reader (the arrow and parquet crates are native-only, and the
//! page reads `scores.csv`), so the command line turns the table into CSV bytes, the
//! column names as the header and one row per record, and the session reads them like
//! any table: the same detection (a scores table by its header), the same warnings. The
//! columns `id` and `label` come first, where a scores table has them (the Spark job's
//! Parquet starts with `platform`); the others keep their order. Each
//! number is written in Rust's shortest round-trip form, so it reads back as the same
//! `f64`; a null is an empty cell.
//!
//! Complexity: O(cells); the CSV text is held in memory whole (about the size of the
//! table's `scores.csv`).

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use attache::scores::format_value;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

/// The first bytes (and last) of every Parquet file.
pub const MAGIC: &[u8; 4] = b"PAR1";

/// The Parquet files of `path`: itself, or the `.parquet` files of a directory (Spark's
/// part files), in name order; `None` when it holds none.
pub fn parquet_files(path: &Path) -> std::io::Result<Option<Vec<PathBuf>>> {
    if !path.is_dir() {
        return Ok(None);
    }
    let mut parts: Vec<PathBuf> = fs::read_dir(path)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    parts.retain(|p| p.extension().is_some_and(|e| e == "parquet"));
    parts.sort();
    Ok((!parts.is_empty()).then_some(parts))
}

/// The records of `files` (one table: every file must have the first one's columns) as
/// CSV text.
pub fn as_csv(files: &[PathBuf]) -> Result<Vec<u8>, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Option<Vec<String>> = None;
    for path in files {
        let fail = |error: &dyn std::fmt::Display| format!("{}: {error}", path.display());
        let file = File::open(path).map_err(|e| fail(&e))?;
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .and_then(|builder| builder.build())
            .map_err(|e| fail(&e))?;
        for batch in reader {
            let batch = batch.map_err(|e| fail(&e))?;
            let names: Vec<String> = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
            let order = id_and_label_first(&names);
            match &header {
                None => {
                    let reordered = order.iter().map(|&i| names[i].as_str());
                    writer.write_record(reordered).map_err(|e| fail(&e))?;
                    header = Some(names);
                }
                Some(first) if *first != names => {
                    return Err(fail(&format!(
                        "its columns ({}) are not those of the first part ({})",
                        names.join(", "),
                        first.join(", ")
                    )));
                }
                Some(_) => {}
            }
            write_rows(&mut writer, &batch, &order).map_err(|e| fail(&e))?;
        }
    }
    if header.is_none() {
        return Err("the Parquet table has no columns".to_owned());
    }
    writer.into_inner().map_err(|e| e.to_string())
}

/// The column positions in the order written: `id`, then `label`, then the rest.
fn id_and_label_first(names: &[String]) -> Vec<usize> {
    let position = |wanted: &str| names.iter().position(|n| n == wanted);
    let first: Vec<usize> = [position("id"), position("label")]
        .into_iter()
        .flatten()
        .collect();
    let rest = (0..names.len()).filter(|i| !first.contains(i));
    first.iter().copied().chain(rest).collect()
}

/// The batch's rows as CSV records, columns in `order`.
fn write_rows(writer: &mut csv::Writer<Vec<u8>>, batch: &RecordBatch, order: &[usize]) -> Result<(), String> {
    let columns: Vec<Vec<String>> = batch
        .columns()
        .iter()
        .zip(batch.schema().fields())
        .map(|(column, field)| {
            cells(column.as_ref()).ok_or_else(|| {
                format!(
                    "column '{}' is of type {}, not text or a number",
                    field.name(),
                    field.data_type()
                )
            })
        })
        .collect::<Result<_, _>>()?;
    for row in 0..batch.num_rows() {
        writer
            .write_record(order.iter().map(|&column| columns[column][row].as_str()))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Each value of `column` as CSV text (empty for a null); `None` for a type a table
/// cell cannot hold.
fn cells(column: &dyn Array) -> Option<Vec<String>> {
    let text = |i: usize, value: String| if column.is_null(i) { String::new() } else { value };
    let n = column.len();
    Some(match column.data_type() {
        DataType::Utf8 => (0..n)
            .map(|i| text(i, column.as_string::<i32>().value(i).to_owned()))
            .collect(),
        DataType::LargeUtf8 => (0..n)
            .map(|i| text(i, column.as_string::<i64>().value(i).to_owned()))
            .collect(),
        DataType::Float64 => {
            let values = column.as_primitive::<Float64Type>();
            (0..n).map(|i| text(i, format_value(values.value(i)))).collect()
        }
        DataType::Float32 => {
            let values = column.as_primitive::<Float32Type>();
            (0..n)
                .map(|i| text(i, format_value(f64::from(values.value(i)))))
                .collect()
        }
        DataType::Int64 => {
            let values = column.as_primitive::<Int64Type>();
            (0..n).map(|i| text(i, values.value(i).to_string())).collect()
        }
        DataType::Int32 => {
            let values = column.as_primitive::<Int32Type>();
            (0..n).map(|i| text(i, values.value(i).to_string())).collect()
        }
        DataType::Boolean => (0..n)
            .map(|i| text(i, column.as_boolean().value(i).to_string()))
            .collect(),
        _ => return None,
    })
}
