//! The authorization server's memory: pending device and authorization-code grants, and the
//! tokens it issued. Kept in memory only (a restart logs everyone out); `--state` does not
//! persist it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::ids;
use crate::seed::User;

/// An RFC 8628 device authorization in progress.
pub struct DeviceGrant {
    pub user_code: String,
    pub client_id: String,
    pub scope: String,
    pub expires_at: Instant,
    /// The minimum polling interval; grows by 5 s on each `slow_down` (RFC 8628 §3.5).
    pub interval: Duration,
    pub last_poll: Option<Instant>,
    pub decision: Decision,
}

/// What the user decided on the verification page.
#[derive(Clone, Copy)]
pub enum Decision {
    Pending,
    Approved(User),
    Denied,
}

/// An authorization code waiting to be exchanged (RFC 6749 §4.1, RFC 7636).
pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub scope: String,
    pub user: User,
    pub expires_at: Instant,
}

struct AccessToken {
    user: User,
    expires_at: Instant,
}

struct RefreshToken {
    user: User,
    client_id: String,
    scope: String,
}

/// Tokens handed out by one token response.
pub struct Issued {
    pub access_token: String,
    pub refresh_token: String,
}

/// The result of looking up an access token.
pub enum AccessLookup {
    Valid(User),
    Expired,
    Unknown,
}

/// The outcome of a device-code poll, mapped 1:1 onto token responses.
pub enum DevicePoll {
    Pending,
    SlowDown,
    Expired,
    Denied,
    /// Approved: the grant is consumed, a second poll gets `Unknown`.
    Approved {
        user: User,
        scope: String,
    },
    ClientMismatch,
    Unknown,
}

/// Why a refresh token was refused.
pub enum RefreshProblem {
    Unknown,
    ClientMismatch,
}

#[derive(Default)]
pub struct OAuthStore {
    /// By device code.
    devices: HashMap<String, DeviceGrant>,
    /// By code.
    codes: HashMap<String, AuthCode>,
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshToken>,
}

impl OAuthStore {
    /// Starts a device authorization; returns the device code.
    pub fn start_device(&mut self, grant: DeviceGrant) -> String {
        let device_code = ids::token("emu_dc_");
        self.devices.insert(device_code.clone(), grant);
        device_code
    }

    /// The device grant whose user code is `user_code` (compared without dashes or case).
    pub fn device_by_user_code(&mut self, user_code: &str) -> Option<&mut DeviceGrant> {
        let wanted = normalize_user_code(user_code);
        self.devices
            .values_mut()
            .find(|grant| normalize_user_code(&grant.user_code) == wanted)
    }

    /// One poll of the token endpoint with a device code.
    pub fn poll_device(&mut self, device_code: &str, client_id: &str, now: Instant) -> DevicePoll {
        let Some(grant) = self.devices.get_mut(device_code) else {
            return DevicePoll::Unknown;
        };
        if grant.client_id != client_id {
            return DevicePoll::ClientMismatch;
        }
        if now >= grant.expires_at {
            return DevicePoll::Expired;
        }
        let too_fast = grant
            .last_poll
            .is_some_and(|last| now.duration_since(last) < grant.interval);
        grant.last_poll = Some(now);
        if too_fast {
            grant.interval += Duration::from_secs(5);
            return DevicePoll::SlowDown;
        }
        match grant.decision {
            Decision::Pending => DevicePoll::Pending,
            Decision::Denied => DevicePoll::Denied,
            Decision::Approved(user) => {
                let scope = grant.scope.clone();
                self.devices.remove(device_code);
                DevicePoll::Approved { user, scope }
            }
        }
    }

    pub fn insert_code(&mut self, code: AuthCode) -> String {
        let value = ids::token("emu_ac_");
        self.codes.insert(value.clone(), code);
        value
    }

    /// Removes and returns an authorization code: codes are single-use even when the exchange
    /// then fails (a wrong verifier burns the code, as RFC 6749 §10.5 advises).
    pub fn take_code(&mut self, code: &str) -> Option<AuthCode> {
        self.codes.remove(code)
    }

    /// Issues an access token (valid `ttl`) and a refresh token (valid until used or revoked).
    pub fn issue(&mut self, user: User, client_id: &str, scope: &str, ttl: Duration) -> Issued {
        let access_token = ids::token("emu_at_");
        let refresh_token = ids::token("emu_rt_");
        self.access.insert(
            access_token.clone(),
            AccessToken {
                user,
                expires_at: Instant::now() + ttl,
            },
        );
        self.refresh.insert(
            refresh_token.clone(),
            RefreshToken {
                user,
                client_id: client_id.to_string(),
                scope: scope.to_string(),
            },
        );
        Issued {
            access_token,
            refresh_token,
        }
    }

    /// Consumes a refresh token (rotation: it is revoked whatever happens next).
    pub fn take_refresh(
        &mut self,
        token: &str,
        client_id: &str,
    ) -> Result<(User, String), RefreshProblem> {
        let record = self.refresh.remove(token).ok_or(RefreshProblem::Unknown)?;
        if record.client_id != client_id {
            return Err(RefreshProblem::ClientMismatch);
        }
        Ok((record.user, record.scope))
    }

    pub fn lookup_access(&self, token: &str) -> AccessLookup {
        match self.access.get(token) {
            None => AccessLookup::Unknown,
            Some(record) if Instant::now() >= record.expires_at => AccessLookup::Expired,
            Some(record) => AccessLookup::Valid(record.user),
        }
    }

    /// RFC 7009 revocation of either kind of token.
    pub fn revoke(&mut self, token: &str) {
        self.access.remove(token);
        self.refresh.remove(token);
    }
}

fn normalize_user_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
