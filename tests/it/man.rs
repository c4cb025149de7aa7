//! `cloud man`: roff pages from the command tree, one per command with `--dir`.

use crate::support::*;

#[test]
fn the_top_page_names_cloud_and_its_commands() {
    let out = cloud().arg("man").output().unwrap();
    let page = success(&out);
    assert!(page.contains(".TH cloud 1"), "{page}");
    assert!(page.contains("cloud \\- Manage ClickHouse Cloud"), "{page}");
    assert!(page.contains("cloud\\-service(1)"), "{page}");
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

/// One page per leaf of the catalog (and per noun), written whole; nothing left behind.
#[test]
fn dir_gets_a_page_for_every_command() {
    let sandbox = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("man1");
    let out = sandbox
        .cloud()
        .args(["man", "--dir"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(success(&out), "", "pages go to files, not stdout");
    assert!(stderr(&out).contains("man pages to"), "{}", stderr(&out));

    let catalog = sandbox
        .cloud()
        .args(["commands", "--json"])
        .output()
        .unwrap();
    let entries: Vec<serde_json::Value> = serde_json::from_str(&success(&catalog)).unwrap();
    let mut expected = vec!["cloud.1".to_owned(), "cloud-service.1".to_owned()];
    for entry in &entries {
        let path = entry["path"].as_str().unwrap();
        expected.push(format!("cloud-{}.1", path.replace(' ', "-")));
    }
    for name in &expected {
        let page =
            std::fs::read_to_string(target.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(page.starts_with(".ie"), "{name} is roff: {page}");
        assert!(page.contains(".SH NAME"), "{name}");
    }
    let create = std::fs::read_to_string(target.join("cloud-service-create.1")).unwrap();
    assert!(create.contains("CONTEXT FOR AGENTS"), "{create}");
    let leftovers: Vec<_> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".1"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn an_unwritable_dir_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let blocked = dir.path().join("ro");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::set_permissions(&blocked, std::fs::Permissions::from_mode(0o500)).unwrap();
    // Root writes anywhere: a regular file stands in for the directory then.
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    for target in [blocked.join("man1"), file.join("man1")] {
        let out = cloud()
            .args(["man", "--dir"])
            .arg(&target)
            .output()
            .unwrap();
        if out.status.success() {
            continue;
        }
        assert_eq!(out.status.code(), Some(1));
        let message = stderr(&out);
        assert!(
            message.contains(&format!(
                "could not write man pages to {}",
                target.display()
            )),
            "{message}"
        );
        assert!(message.contains("--dir"), "{message}");
        assert!(out.stdout.is_empty());
    }
    let out = cloud()
        .args(["man", "--dir"])
        .arg(file.join("man1"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a file is never a directory");
}
