//! The two small pages a person sees: device verification and consent.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A complete page; `body` must already be escaped.
pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title} · ClickHouse Cloud emulator</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}}\
         input{{font-size:1.2rem;letter-spacing:.1em;padding:.3rem}}button{{font-size:1rem;margin:.5rem .5rem 0 0;padding:.4rem 1rem}}</style>\
         </head><body><h1>{title}</h1>\n{body}\n</body></html>\n",
        title = escape(title)
    );
    (status, Html(html)).into_response()
}

/// A message-only page.
pub fn message(status: StatusCode, title: &str, text: &str) -> Response {
    page(status, title, &format!("<p>{}</p>", escape(text)))
}
