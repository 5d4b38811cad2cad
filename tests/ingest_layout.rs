//! The shape of `src/ingest/`: its modules import no cycle. A module may use its ancestors
//! (the session's `Sink`, a family's shared rules) and its parent declares it; any other
//! import between two modules goes one way only, so each family reads from the bottom up
//! (the column vocabulary, the framing layers and detection are leaves or near them).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of `src/ingest/` (`ingest::tables::columns`) with its source, tests left out.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                walk(&path, &format!("{prefix}::{name}"), out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = if name == "mod" {
                    prefix.to_owned()
                } else {
                    format!("{prefix}::{name}")
                };
                let source = std::fs::read_to_string(&path).unwrap();
                let code = source.split("#[cfg(test)]").next().unwrap_or_default();
                let code: Vec<&str> = code
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .collect();
                out.insert(module, code.join("\n"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ingest"),
        "ingest",
        &mut out,
    );
    out
}

/// The paths named after `crate::ingest::` in `code`, braces expanded (`{a, b::c}`).
fn paths(code: &str) -> Vec<Vec<String>> {
    fn parse(rest: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        let rest = rest.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        parse(&group[start..i], prefix.clone(), out);
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        parse(&group[start..i], prefix.clone(), out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            return;
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let mut path = prefix;
        if len > 0 {
            path.push(rest[..len].to_owned());
        }
        match rest[len..].strip_prefix("::") {
            Some(more) => parse(more, path, out),
            None => out.push(path),
        }
    }
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::ingest::") {
        parse(
            &code[at + "crate::ingest::".len()..],
            vec!["ingest".to_owned()],
            &mut out,
        );
    }
    out
}

#[test]
fn ingest_modules_import_no_cycle() {
    let modules = modules();
    assert!(
        modules.contains_key("ingest::tables::columns"),
        "{:?}",
        modules.keys()
    );
    let mut imports: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (module, code) in &modules {
        let targets = imports.entry(module).or_default();
        for path in paths(code) {
            // The module the path lies in: its longest prefix that is a module.
            let target = (1..=path.len())
                .rev()
                .map(|k| path[..k].join("::"))
                .find_map(|prefix| modules.get_key_value(&prefix).map(|(key, _)| key.as_str()));
            let Some(target) = target else { continue };
            let ancestor = module.starts_with(&format!("{target}::"));
            if target != module && !ancestor {
                targets.insert(target);
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit<'m>(
        module: &'m str,
        imports: &BTreeMap<&'m str, BTreeSet<&'m str>>,
        state: &mut BTreeMap<&'m str, bool>,
        stack: &mut Vec<&'m str>,
    ) {
        state.insert(module, false);
        stack.push(module);
        for &next in imports.get(module).into_iter().flatten() {
            match state.get(next) {
                Some(false) => {
                    let at = stack.iter().position(|m| *m == next).unwrap();
                    panic!("import cycle: {} -> {next}", stack[at..].join(" -> "));
                }
                Some(true) => {}
                None => visit(next, imports, state, stack),
            }
        }
        stack.pop();
        state.insert(module, true);
    }
    let mut state = BTreeMap::new();
    for module in imports.keys() {
        if !state.contains_key(module) {
            visit(module, &imports, &mut state, &mut Vec::new());
        }
    }
    // The vocabulary every table reader shares is a leaf.
    assert!(
        imports["ingest::tables::columns"].is_empty(),
        "{:?}",
        imports["ingest::tables::columns"]
    );
}
