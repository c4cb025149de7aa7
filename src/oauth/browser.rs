//! Opening the user's browser, or knowing when there is none to open.

use std::process::{Command, Stdio};

/// Whether a browser can be shown here. `BROWSER` always counts (it names a program);
/// otherwise SSH sessions and Linux/BSD sessions without a display cannot.
pub fn available() -> bool {
    if browser_env().is_some() {
        return true;
    }
    if std::env::var_os("SSH_CONNECTION").is_some() || std::env::var_os("SSH_TTY").is_some() {
        return false;
    }
    if cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd"
    )) {
        return std::env::var_os("DISPLAY").is_some()
            || std::env::var_os("WAYLAND_DISPLAY").is_some();
    }
    true
}

fn browser_env() -> Option<String> {
    std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
}

/// Opens `url`: with the program in `BROWSER` when set (as most Unix tools do; `%s`
/// is replaced by the URL), else the platform's opener. Returns whether it started.
pub fn open(url: &str) -> bool {
    if let Some(browser) = browser_env() {
        let first = browser.split(':').next().unwrap_or_default().to_owned();
        let mut parts = first.split_whitespace();
        let Some(program) = parts.next() else {
            return false;
        };
        let mut args: Vec<String> = parts.map(|a| a.replace("%s", url)).collect();
        if !first.contains("%s") {
            args.push(url.to_owned());
        }
        return Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .is_ok();
    }
    open::that_detached(url).is_ok()
}
