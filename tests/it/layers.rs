//! The layers of `docs/architecture.md`, enforced: no module of the library imports one
//! from a layer above its own. Lower layers own their error types; exit codes are decided
//! at the top only.

use std::collections::BTreeMap;
use std::path::Path;

/// Bottom to top; a module may use its own layer and the ones below.
const LAYERS: &[&[&str]] = &[
    &["access", "agent", "notes", "redact", "sanitize"],
    &["state", "config"],
    &["credentials"],
    &["api"],
    &["oauth"],
    &["args", "output", "shape"],
    &["cli", "commands", "app", "error"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// `crate::name` references outside comments, per file.
fn references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(list) = rest.strip_prefix('{') {
                let end = list.find('}').unwrap_or(list.len());
                found.extend(
                    list[..end]
                        .split(',')
                        .map(|n| n.trim().split("::").next().unwrap_or_default().to_owned()),
                );
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.push(name);
            }
        }
    }
    found
}

fn visit(path: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(path).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            visit(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn no_module_imports_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    visit(&src, &mut files);
    let mut violations = BTreeMap::new();
    let mut checked = 0;
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        // lib.rs and main.rs only wire modules together.
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        let own = layer_of(&module).unwrap_or_else(|| {
            panic!("src/{module} is in no layer: add it to LAYERS and to docs/architecture.md")
        });
        checked += 1;
        let text = std::fs::read_to_string(&file).unwrap();
        for used in references(&text) {
            let Some(layer) = layer_of(&used) else {
                continue;
            };
            if layer > own {
                violations
                    .entry(relative.display().to_string())
                    .or_insert_with(Vec::new)
                    .push(used);
            }
        }
    }
    assert!(checked > 30, "only {checked} files were checked");
    assert!(
        violations.is_empty(),
        "modules importing a layer above their own: {violations:#?}"
    );
}

#[test]
fn the_checker_sees_braced_and_plain_imports() {
    let found = references(
        "use crate::{redact, sanitize};\nlet x = crate::error::exit::AUTH; // crate::app",
    );
    assert_eq!(found, ["redact", "sanitize", "error"]);
}
