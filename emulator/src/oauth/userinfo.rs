//! `GET /oauth/userinfo`: who a bearer token belongs to; a 404 with `--no-userinfo`.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::json;

use super::OAuthError;
use super::store::AccessLookup;
use crate::app::App;
use crate::envelope::json_response;

pub async fn serve(State(app): State<App>, headers: HeaderMap) -> Response {
    if app.args.no_userinfo {
        return OAuthError {
            status: StatusCode::NOT_FOUND,
            error: "not_found",
            description: "This server offers no userinfo endpoint (--no-userinfo)".into(),
        }
        .response();
    }
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    let lookup = match token {
        Some(token) => app.oauth().lookup_access(token),
        None => AccessLookup::Unknown,
    };
    let problem = match lookup {
        AccessLookup::Valid(user) => {
            return json_response(
                StatusCode::OK,
                &json!({
                    "sub": user.id.to_string(),
                    "email": user.email,
                    "email_verified": true,
                    "name": user.name,
                }),
            );
        }
        AccessLookup::Expired => "The access token expired",
        AccessLookup::Unknown => "Missing or unknown access token",
    };
    let mut response = OAuthError {
        status: StatusCode::UNAUTHORIZED,
        error: "invalid_token",
        description: problem.into(),
    }
    .response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer error=\"invalid_token\""),
    );
    response
}
