//! The write half of the API, reachable only with a credential that may write.

use std::ops::Deref;

use reqwest::Method;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::models::*;
use super::read::{clickstack_path, postgres_path, service_path, udf_path};
use super::requests::*;
use super::{ApiError, RawBody, ReadApi, Reply, segment};
use crate::access::Access;
use crate::credentials::{Credential, Source};

type Result<T> = std::result::Result<T, ApiError>;

/// A handle that may change resources. The only way to get one is
/// [`WriteApi::authorize`], which checks the credential first.
#[derive(Debug)]
pub struct WriteApi {
    read: ReadApi,
}

impl Deref for WriteApi {
    type Target = ReadApi;

    /// Writes often read first (e.g. `service delete --force` waits for `stopped`).
    fn deref(&self) -> &ReadApi {
        &self.read
    }
}

/// The refusal of [`WriteApi::authorize`]: what was attempted, with which credential, and
/// why that credential may only read. Turned into the user-facing error at the top.
#[derive(Debug)]
pub struct ReadOnlyCredential {
    pub command: String,
    pub used: Source,
    pub reason: String,
}

/// The methods that change something, for [`WriteApi::send_raw`]; `GET` and `HEAD` are
/// [`ReadApi`]'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMethod {
    Post,
    Put,
    Patch,
    Delete,
}

impl From<WriteMethod> for Method {
    fn from(method: WriteMethod) -> Method {
        match method {
            WriteMethod::Post => Method::POST,
            WriteMethod::Put => Method::PUT,
            WriteMethod::Patch => Method::PATCH,
            WriteMethod::Delete => Method::DELETE,
        }
    }
}

fn body(value: &impl Serialize) -> Option<Value> {
    // Request types are plain structs of strings, numbers and lists: serializing
    // them cannot fail, but an empty body is a safer fallback than a panic.
    Some(serde_json::to_value(value).unwrap_or(Value::Null))
}

impl WriteApi {
    /// The gate: succeeds only if `credential` may write. `command` names the command
    /// in the refusal, which also names the credential's source and how to fix it.
    pub fn authorize(
        read: ReadApi,
        credential: &Credential,
        command: &str,
    ) -> std::result::Result<WriteApi, ReadOnlyCredential> {
        match credential.capability() {
            Access::Write => Ok(WriteApi { read }),
            Access::Read => Err(ReadOnlyCredential {
                command: command.to_owned(),
                used: credential.source.clone(),
                reason: credential.read_only_reason(),
            }),
        }
    }

    /// `--dry-run`: from now on every mutating request is described, not sent
    /// ([`ApiError::DryRun`]). Reads still go out.
    pub fn dry_run(mut self, on: bool) -> WriteApi {
        self.read.transport.dry_run = on;
        self
    }

    /// Whether mutating requests are described instead of sent (`--dry-run`).
    pub fn is_dry_run(&self) -> bool {
        self.read.transport.dry_run
    }

    /// Any mutating request (`cloud api POST|PUT|PATCH|DELETE`), through the same choke
    /// point as every typed write: never retried, stopped by `--dry-run`. Returns the body
    /// as sent, envelope included; an error status is an error.
    pub async fn send_raw(
        &self,
        method: WriteMethod,
        path: &str,
        query: &[(&str, String)],
        body: Option<Value>,
    ) -> Result<RawBody> {
        let transport = &self.read.transport;
        let raw = transport
            .mutate_raw(method.into(), path, query, body)
            .await?;
        transport.raw_body(raw)
    }

    async fn patch<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        value: &impl Serialize,
    ) -> Result<Reply<T>> {
        self.read
            .transport
            .mutate(Method::PATCH, path, body(value))
            .await
    }

    async fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        value: &impl Serialize,
    ) -> Result<Reply<T>> {
        self.read
            .transport
            .mutate(Method::POST, path, body(value))
            .await
    }

    async fn delete(&self, path: &str) -> Result<()> {
        let reply: Reply<Value> = self
            .read
            .transport
            .mutate(Method::DELETE, path, None)
            .await?;
        drop(reply);
        Ok(())
    }

    pub async fn update_organization(
        &self,
        org: Uuid,
        patch: &OrganizationPatch,
    ) -> Result<Reply<Organization>> {
        self.patch(&format!("/v1/organizations/{org}"), patch).await
    }

    pub async fn create_service(
        &self,
        org: Uuid,
        request: &ServiceCreate,
    ) -> Result<Reply<ServiceCreated>> {
        self.post(&format!("/v1/organizations/{org}/services"), request)
            .await
    }

    pub async fn update_service(
        &self,
        org: Uuid,
        service: Uuid,
        patch: &ServicePatch,
    ) -> Result<Reply<Service>> {
        self.patch(&service_path(org, service), patch).await
    }

    pub async fn delete_service(&self, org: Uuid, service: Uuid) -> Result<()> {
        self.delete(&service_path(org, service)).await
    }

    pub async fn change_service_state(
        &self,
        org: Uuid,
        service: Uuid,
        command: StateCommand,
    ) -> Result<Reply<Service>> {
        let path = format!("{}/state", service_path(org, service));
        self.patch(&path, &ServiceStatePatch { command }).await
    }

    pub async fn scale_service(
        &self,
        org: Uuid,
        service: Uuid,
        patch: &ReplicaScalingPatch,
    ) -> Result<Reply<Service>> {
        let path = format!("{}/replicaScaling", service_path(org, service));
        self.patch(&path, patch).await
    }

    /// The deprecated total-memory scaling (`PATCH .../scaling`).
    pub async fn scale_service_total(
        &self,
        org: Uuid,
        service: Uuid,
        patch: &TotalScalingPatch,
    ) -> Result<Reply<Service>> {
        let path = format!("{}/scaling", service_path(org, service));
        self.patch(&path, patch).await
    }

    pub async fn reset_service_password(
        &self,
        org: Uuid,
        service: Uuid,
        patch: &PasswordPatch,
    ) -> Result<Reply<PasswordReset>> {
        let path = format!("{}/password", service_path(org, service));
        self.patch(&path, patch).await
    }

    pub async fn upsert_query_endpoint(
        &self,
        org: Uuid,
        service: Uuid,
        request: &QueryEndpointCreate,
    ) -> Result<Reply<QueryEndpoint>> {
        let path = format!("{}/serviceQueryEndpoint", service_path(org, service));
        self.post(&path, request).await
    }

    pub async fn delete_query_endpoint(&self, org: Uuid, service: Uuid) -> Result<()> {
        let path = format!("{}/serviceQueryEndpoint", service_path(org, service));
        self.delete(&path).await
    }

    pub async fn create_private_endpoint(
        &self,
        org: Uuid,
        service: Uuid,
        request: &PrivateEndpointCreate,
    ) -> Result<Reply<PrivateEndpoint>> {
        let path = format!("{}/privateEndpoint", service_path(org, service));
        self.post(&path, request).await
    }

    pub async fn update_backup_configuration(
        &self,
        org: Uuid,
        service: Uuid,
        patch: &BackupConfigurationPatch,
    ) -> Result<Reply<BackupConfiguration>> {
        let path = format!("{}/backupConfiguration", service_path(org, service));
        self.patch(&path, patch).await
    }

    pub async fn create_backup_bucket(
        &self,
        org: Uuid,
        service: Uuid,
        request: &BackupBucketRequest,
    ) -> Result<Reply<BackupBucket>> {
        let path = format!("{}/backupBucket", service_path(org, service));
        self.post(&path, request).await
    }

    pub async fn update_backup_bucket(
        &self,
        org: Uuid,
        service: Uuid,
        request: &BackupBucketRequest,
    ) -> Result<Reply<BackupBucket>> {
        let path = format!("{}/backupBucket", service_path(org, service));
        self.patch(&path, request).await
    }

    pub async fn delete_backup_bucket(&self, org: Uuid, service: Uuid) -> Result<()> {
        let path = format!("{}/backupBucket", service_path(org, service));
        self.delete(&path).await
    }

    pub async fn upsert_scaling_schedule(
        &self,
        org: Uuid,
        service: Uuid,
        request: &ScalingSchedulePost,
    ) -> Result<Reply<ScalingSchedule>> {
        let path = format!("{}/scalingSchedule", service_path(org, service));
        self.post(&path, request).await
    }

    pub async fn delete_scaling_schedule(&self, org: Uuid, service: Uuid) -> Result<()> {
        let path = format!("{}/scalingSchedule", service_path(org, service));
        self.delete(&path).await
    }

    pub async fn put_upgrade_window(
        &self,
        org: Uuid,
        service: Uuid,
        request: &UpgradeWindowPut,
    ) -> Result<Reply<UpgradeWindow>> {
        let path = format!("{}/upgradeWindow", service_path(org, service));
        self.read
            .transport
            .mutate(Method::PUT, &path, body(request))
            .await
    }

    pub async fn delete_upgrade_window(&self, org: Uuid, service: Uuid) -> Result<()> {
        let path = format!("{}/upgradeWindow", service_path(org, service));
        self.delete(&path).await
    }

    pub async fn update_clickhouse_settings(
        &self,
        org: Uuid,
        service: Uuid,
        patch: &ClickhouseSettingsPatch,
    ) -> Result<Reply<ClickhouseSettingsApplied>> {
        let path = format!("{}/clickhouseSettings", service_path(org, service));
        self.patch(&path, patch).await
    }

    pub async fn delete_clickhouse_setting(
        &self,
        org: Uuid,
        service: Uuid,
        name: &str,
    ) -> Result<()> {
        let path = format!(
            "{}/clickhouseSettings/{}",
            service_path(org, service),
            super::segment(name)
        );
        self.delete(&path).await
    }

    pub async fn update_member(
        &self,
        org: Uuid,
        user: Uuid,
        patch: &MemberPatch,
    ) -> Result<Reply<Member>> {
        self.patch(&format!("/v1/organizations/{org}/members/{user}"), patch)
            .await
    }

    pub async fn remove_member(&self, org: Uuid, user: Uuid) -> Result<()> {
        self.delete(&format!("/v1/organizations/{org}/members/{user}"))
            .await
    }

    pub async fn create_invitation(
        &self,
        org: Uuid,
        request: &InvitationCreate,
    ) -> Result<Reply<Invitation>> {
        self.post(&format!("/v1/organizations/{org}/invitations"), request)
            .await
    }

    pub async fn delete_invitation(&self, org: Uuid, invitation: Uuid) -> Result<()> {
        self.delete(&format!("/v1/organizations/{org}/invitations/{invitation}"))
            .await
    }

    pub async fn create_key(&self, org: Uuid, request: &KeyCreate) -> Result<Reply<ApiKeyCreated>> {
        self.post(&format!("/v1/organizations/{org}/keys"), request)
            .await
    }

    pub async fn update_key(
        &self,
        org: Uuid,
        key: Uuid,
        patch: &KeyPatch,
    ) -> Result<Reply<ApiKey>> {
        self.patch(&format!("/v1/organizations/{org}/keys/{key}"), patch)
            .await
    }

    pub async fn delete_key(&self, org: Uuid, key: Uuid) -> Result<()> {
        self.delete(&format!("/v1/organizations/{org}/keys/{key}"))
            .await
    }
    /// ClickStack objects are sent as the JSON the user wrote (`--file`), checked only for
    /// the spec's required fields: their schemas are large and the server judges the rest.
    pub async fn clickstack_create(
        &self,
        org: Uuid,
        service: Uuid,
        kind: &str,
        body: &Value,
    ) -> Result<Reply<Value>> {
        self.post(&clickstack_path(org, service, kind), body).await
    }

    pub async fn clickstack_update(
        &self,
        org: Uuid,
        service: Uuid,
        kind: &str,
        id: &str,
        body: &Value,
    ) -> Result<Reply<Value>> {
        let path = format!("{}/{}", clickstack_path(org, service, kind), segment(id));
        self.read
            .transport
            .mutate(Method::PUT, &path, Some(body.clone()))
            .await
    }

    pub async fn clickstack_delete(
        &self,
        org: Uuid,
        service: Uuid,
        kind: &str,
        id: &str,
    ) -> Result<()> {
        let path = format!("{}/{}", clickstack_path(org, service, kind), segment(id));
        self.delete(&path).await
    }

    /// `POST …/clickstack/dashboards/validate`: changes nothing, but is a POST (see the
    /// classification of `clickstack dashboard validate`).
    pub async fn clickstack_validate_dashboard(
        &self,
        org: Uuid,
        service: Uuid,
        body: &Value,
    ) -> Result<Reply<Value>> {
        let path = format!("{}/validate", clickstack_path(org, service, "dashboards"));
        self.post(&path, body).await
    }

    /// `udfUploadSessionCreate`: a presigned URL for one source archive, and its upload ID.
    pub async fn create_udf_upload(&self, org: Uuid) -> Result<Reply<UdfUploadSession>> {
        let path = format!("/v1/organizations/{org}/udfUploads/url");
        self.read.transport.mutate(Method::POST, &path, None).await
    }

    /// PUTs a source archive to the presigned `url` of an upload session: streamed from
    /// `archive`, with its length (presigned URLs refuse chunked bodies), and without the API
    /// credential, which the URL does not need and its host must never see.
    pub async fn upload_udf_archive(
        &self,
        url: &str,
        archive: tokio::fs::File,
        length: u64,
    ) -> Result<()> {
        let transport = &self.read.transport;
        // The query is the URL's signature: a credential of its own, never shown.
        let shown = url.split(['?', '#']).next().unwrap_or(url).to_owned();
        if super::check_transport(url).is_err() {
            return Err(ApiError::InsecureUrl {
                message: format!(
                    "refusing to upload to {shown}: the API gave an upload URL that is not https \
                     (plain http is allowed only to loopback hosts); nothing was uploaded"
                ),
                usage: false,
            });
        }
        if transport.dry_run {
            return Err(ApiError::DryRun(Box::new(super::DryRunPlan {
                method: "PUT".into(),
                url: shown,
                body: None,
                then: Vec::new(),
            })));
        }
        if transport.debug {
            eprintln!("debug: PUT {shown} ({length} bytes, application/zip, no credential)");
        }
        let response = transport
            .http
            .put(url)
            .header(reqwest::header::CONTENT_TYPE, "application/zip")
            .header(reqwest::header::CONTENT_LENGTH, length)
            .body(reqwest::Body::from(archive))
            .send()
            .await
            // Without the URL: reqwest's message would repeat it, signature included.
            .map_err(|e| super::transport::network_error(&shown, &e.without_url()))?;
        let status = response.status().as_u16();
        let body = super::transport::read_body(response, &shown).await?;
        if transport.debug {
            eprintln!("debug: HTTP {status}, {} bytes", body.len());
        }
        if (200..300).contains(&status) {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&body);
        let detail: String = text.trim().chars().take(300).collect();
        Err(ApiError::UploadRejected {
            url: shown,
            status,
            detail: if detail.is_empty() {
                "no error message (empty body)".into()
            } else {
                detail
            },
        })
    }

    /// `udfCreate`.
    pub async fn create_udf(&self, org: Uuid, request: &UdfCreate) -> Result<Reply<Udf>> {
        self.post(&udf_path(org, None), request).await
    }

    /// `udfVersionCreate`.
    pub async fn create_udf_version(
        &self,
        org: Uuid,
        name: &str,
        request: &UdfCreate,
    ) -> Result<Reply<Udf>> {
        let path = format!("{}/versions", udf_path(org, Some(name)));
        self.post(&path, request).await
    }

    pub async fn delete_udf(&self, org: Uuid, name: &str) -> Result<()> {
        self.delete(&udf_path(org, Some(name))).await
    }

    pub async fn delete_udf_version(&self, org: Uuid, name: &str, version: u32) -> Result<()> {
        let path = format!("{}/versions/{version}", udf_path(org, Some(name)));
        self.delete(&path).await
    }

    /// `udfAttach` (PUT): attaches `version`, or the latest ready one, replacing what runs.
    pub async fn attach_udf(
        &self,
        org: Uuid,
        name: &str,
        service: Uuid,
        request: &UdfAttach,
    ) -> Result<Reply<UdfAttachment>> {
        let path = format!("{}/attachments/{service}", udf_path(org, Some(name)));
        self.read
            .transport
            .mutate(Method::PUT, &path, body(request))
            .await
    }

    pub async fn detach_udf(&self, org: Uuid, name: &str, service: Uuid) -> Result<()> {
        let path = format!("{}/attachments/{service}", udf_path(org, Some(name)));
        self.delete(&path).await
    }

    pub async fn create_role(&self, org: Uuid, request: &RoleCreate) -> Result<Reply<Role>> {
        self.post(&format!("/v1/organizations/{org}/roles"), request)
            .await
    }

    pub async fn update_role(
        &self,
        org: Uuid,
        role: Uuid,
        patch: &RolePatch,
    ) -> Result<Reply<Role>> {
        self.patch(&format!("/v1/organizations/{org}/roles/{role}"), patch)
            .await
    }

    pub async fn delete_role(&self, org: Uuid, role: Uuid) -> Result<()> {
        self.delete(&format!("/v1/organizations/{org}/roles/{role}"))
            .await
    }

    pub async fn create_byoc(&self, org: Uuid, request: &ByocCreate) -> Result<Reply<ByocConfig>> {
        self.post(
            &format!("/v1/organizations/{org}/byocInfrastructure"),
            request,
        )
        .await
    }

    pub async fn update_byoc(
        &self,
        org: Uuid,
        byoc: Uuid,
        patch: &ByocPatch,
    ) -> Result<Reply<ByocConfig>> {
        let path = format!("/v1/organizations/{org}/byocInfrastructure/{byoc}");
        self.patch(&path, patch).await
    }

    pub async fn delete_byoc(&self, org: Uuid, byoc: Uuid) -> Result<()> {
        self.delete(&format!(
            "/v1/organizations/{org}/byocInfrastructure/{byoc}"
        ))
        .await
    }

    /// Postgres bodies are built by the commands as JSON (checked there against the spec).
    pub async fn create_postgres(&self, org: Uuid, body: &Value) -> Result<Reply<PostgresService>> {
        self.post(&format!("/v1/organizations/{org}/postgres"), body)
            .await
    }

    pub async fn update_postgres(
        &self,
        org: Uuid,
        id: Uuid,
        body: &Value,
    ) -> Result<Reply<PostgresService>> {
        self.patch(&postgres_path(org, id), body).await
    }

    pub async fn delete_postgres(&self, org: Uuid, id: Uuid) -> Result<()> {
        self.delete(&postgres_path(org, id)).await
    }

    /// A new service restored from `id` at a point in time.
    pub async fn restore_postgres(
        &self,
        org: Uuid,
        id: Uuid,
        body: &Value,
    ) -> Result<Reply<PostgresService>> {
        let path = format!("{}/restoredService", postgres_path(org, id));
        self.post(&path, body).await
    }

    pub async fn create_postgres_read_replica(
        &self,
        org: Uuid,
        id: Uuid,
        body: &Value,
    ) -> Result<Reply<PostgresService>> {
        let path = format!("{}/readReplica", postgres_path(org, id));
        self.post(&path, body).await
    }

    pub async fn set_postgres_password(
        &self,
        org: Uuid,
        id: Uuid,
        body: &Value,
    ) -> Result<Reply<Value>> {
        let path = format!("{}/password", postgres_path(org, id));
        self.patch(&path, body).await
    }

    /// `command`: `restart`, `promote` or `switchover`.
    pub async fn change_postgres_state(
        &self,
        org: Uuid,
        id: Uuid,
        command: &str,
    ) -> Result<Reply<PostgresService>> {
        let path = format!("{}/state", postgres_path(org, id));
        self.patch(&path, &serde_json::json!({ "command": command }))
            .await
    }

    /// `replace`: POST, the whole configuration; else PATCH, the keys given.
    pub async fn put_postgres_config(
        &self,
        org: Uuid,
        id: Uuid,
        body: &Value,
        replace: bool,
    ) -> Result<Reply<Value>> {
        let path = format!("{}/config", postgres_path(org, id));
        if replace {
            self.post(&path, body).await
        } else {
            self.patch(&path, body).await
        }
    }
}
