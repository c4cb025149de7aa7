//! The loopback redirect receiver of the browser login (RFC 8252 §7.3): one GET on
//! 127.0.0.1 at a port the OS picks, answered with a page saying the tab can close.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub struct Receiver {
    listener: TcpListener,
    pub redirect_uri: String,
}

/// What the authorization server sent back in the redirect's query.
#[derive(Debug, Default)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

const PAGE_OK: &str = "<!doctype html><meta charset=utf-8><title>cloud</title>\
<body style=\"font-family:sans-serif;margin:4em\"><h1>Logged in</h1>\
<p>You can close this tab and return to the terminal.</p></body>";
const PAGE_FAILED: &str = "<!doctype html><meta charset=utf-8><title>cloud</title>\
<body style=\"font-family:sans-serif;margin:4em\"><h1>Login not completed</h1>\
<p>Return to the terminal for details.</p></body>";

impl Receiver {
    pub async fn bind() -> std::io::Result<Receiver> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        Ok(Receiver {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}/callback"),
        })
    }

    /// Waits for the redirect to `/callback`; other requests (a favicon) get a 404.
    pub async fn wait(&self) -> std::io::Result<Callback> {
        loop {
            let (mut stream, _) = self.listener.accept().await?;
            let Some(target) = read_request_target(&mut stream).await else {
                continue;
            };
            let Some(query) = target.strip_prefix("/callback") else {
                let _ = respond(&mut stream, "404 Not Found", "").await;
                continue;
            };
            let callback = parse_query(query.trim_start_matches('?'));
            let page = if callback.code.is_some() {
                PAGE_OK
            } else {
                PAGE_FAILED
            };
            let _ = respond(&mut stream, "200 OK", page).await;
            return Ok(callback);
        }
    }
}

async fn read_request_target(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::with_capacity(2048);
    let mut chunk = [0u8; 1024];
    while !buffer.windows(4).any(|w| w == b"\r\n\r\n") && buffer.len() < 16 * 1024 {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let text = String::from_utf8_lossy(&buffer);
    let mut request_line = text.lines().next()?.split_whitespace();
    match (request_line.next(), request_line.next()) {
        (Some("GET"), Some(target)) => Some(target.to_owned()),
        _ => None,
    }
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) -> std::io::Result<()> {
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

fn parse_query(query: &str) -> Callback {
    let mut callback = Callback::default();
    for (key, value) in url_decode_pairs(query) {
        match key.as_str() {
            "code" => callback.code = Some(value),
            "state" => callback.state = Some(value),
            "error" => callback.error = Some(value),
            "error_description" => callback.error_description = Some(value),
            _ => {}
        }
    }
    callback
}

fn url_decode_pairs(query: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("http://localhost/?{query}"))
        .map(|url| {
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_decoded() {
        let callback = parse_query("code=a%2Bb&state=xyz&extra=1");
        assert_eq!(callback.code.as_deref(), Some("a+b"));
        assert_eq!(callback.state.as_deref(), Some("xyz"));
        let denied = parse_query("error=access_denied&error_description=no+thanks");
        assert_eq!(denied.error.as_deref(), Some("access_denied"));
        assert_eq!(denied.error_description.as_deref(), Some("no thanks"));
    }
}
