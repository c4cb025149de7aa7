//! The read half of the API: `GET` (and `HEAD`) requests only.

use uuid::Uuid;

use reqwest::Method;

use super::models::*;
use super::{ApiError, RawBody, Reply, Transport, segment};
use crate::credentials::Credential;

type Result<T> = std::result::Result<T, ApiError>;

/// A handle that can only read. Every command gets one; write commands get a
/// [`super::WriteApi`] that dereferences to it.
#[derive(Debug, Clone)]
pub struct ReadApi {
    pub(super) transport: Transport,
}

fn org_path(org: Uuid) -> String {
    format!("/v1/organizations/{org}")
}

pub(super) fn service_path(org: Uuid, service: Uuid) -> String {
    format!("/v1/organizations/{org}/services/{service}")
}

/// `kind` is the path segment of a ClickStack kind: `dashboards`, `saved-searches`…
pub(super) fn clickstack_path(org: Uuid, service: Uuid, kind: &str) -> String {
    format!("{}/clickstack/{kind}", service_path(org, service))
}

/// `…/udfs`, or one UDF's path.
pub(super) fn udf_path(org: Uuid, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{}/udfs/{}", org_path(org), segment(name)),
        None => format!("{}/udfs", org_path(org)),
    }
}

/// How many pages a paginated list follows at most (100 items each).
const MAX_PAGES: usize = 1000;

/// `/v1/organizations/{org}/postgres/{id}`
pub(super) fn postgres_path(org: Uuid, id: Uuid) -> String {
    format!("{}/postgres/{id}", org_path(org))
}

fn filtered_metrics(filtered: Option<bool>) -> Vec<(&'static str, String)> {
    filtered
        .map(|f| vec![("filtered_metrics", f.to_string())])
        .unwrap_or_default()
}

impl ReadApi {
    pub fn new(
        http: reqwest::Client,
        api_url: &str,
        credential: &Credential,
        debug: bool,
    ) -> ReadApi {
        ReadApi {
            transport: Transport::new(http, api_url, credential, debug),
        }
    }

    pub async fn organizations(&self) -> Result<Reply<Vec<Organization>>> {
        self.transport.get("/v1/organizations", &[]).await
    }

    pub async fn organization(&self, org: Uuid) -> Result<Reply<Organization>> {
        self.transport.get(&org_path(org), &[]).await
    }

    pub async fn organization_prometheus(
        &self,
        org: Uuid,
        filtered: Option<bool>,
    ) -> Result<String> {
        let path = format!("{}/prometheus", org_path(org));
        self.transport
            .get_text(&path, &filtered_metrics(filtered))
            .await
    }

    /// `filters` are sent as repeated `filter=` parameters, e.g. `tag:env=prod`.
    pub async fn usage_cost(
        &self,
        org: Uuid,
        from_date: &str,
        to_date: &str,
        filters: &[String],
    ) -> Result<Reply<UsageCost>> {
        let mut query = vec![
            ("from_date", from_date.to_owned()),
            ("to_date", to_date.to_owned()),
        ];
        query.extend(filters.iter().map(|f| ("filter", f.clone())));
        self.transport
            .get(&format!("{}/usageCost", org_path(org)), &query)
            .await
    }

    pub async fn services(&self, org: Uuid, filters: &[String]) -> Result<Reply<Vec<Service>>> {
        let query: Vec<_> = filters.iter().map(|f| ("filter", f.clone())).collect();
        self.transport
            .get(&format!("{}/services", org_path(org)), &query)
            .await
    }

    pub async fn service(&self, org: Uuid, service: Uuid) -> Result<Reply<Service>> {
        self.transport.get(&service_path(org, service), &[]).await
    }

    pub async fn service_prometheus(
        &self,
        org: Uuid,
        service: Uuid,
        filtered: Option<bool>,
    ) -> Result<String> {
        let path = format!("{}/prometheus", service_path(org, service));
        self.transport
            .get_text(&path, &filtered_metrics(filtered))
            .await
    }

    pub async fn query_endpoint(&self, org: Uuid, service: Uuid) -> Result<Reply<QueryEndpoint>> {
        let path = format!("{}/serviceQueryEndpoint", service_path(org, service));
        self.transport.get(&path, &[]).await
    }

    pub async fn private_endpoint_config(
        &self,
        org: Uuid,
        service: Uuid,
    ) -> Result<Reply<PrivateEndpointConfig>> {
        let path = format!("{}/privateEndpointConfig", service_path(org, service));
        self.transport.get(&path, &[]).await
    }

    pub async fn backup_configuration(
        &self,
        org: Uuid,
        service: Uuid,
    ) -> Result<Reply<BackupConfiguration>> {
        let path = format!("{}/backupConfiguration", service_path(org, service));
        self.transport.get(&path, &[]).await
    }

    pub async fn quotas(&self, org: Uuid) -> Result<Reply<Vec<OrganizationQuota>>> {
        self.transport
            .get(&format!("{}/quotas", org_path(org)), &[])
            .await
    }

    pub async fn quota(&self, org: Uuid, code: &str) -> Result<Reply<OrganizationQuota>> {
        let path = format!("{}/quotas/{}", org_path(org), segment(code));
        self.transport.get(&path, &[]).await
    }

    pub async fn organization_private_endpoint_config(
        &self,
        org: Uuid,
        provider: &str,
        region: &str,
    ) -> Result<Reply<OrganizationPrivateEndpointConfig>> {
        let query = [
            ("cloud_provider", provider.to_owned()),
            ("region_id", region.to_owned()),
        ];
        self.transport
            .get(&format!("{}/privateEndpointConfig", org_path(org)), &query)
            .await
    }

    pub async fn backup_bucket(&self, org: Uuid, service: Uuid) -> Result<Reply<BackupBucket>> {
        let path = format!("{}/backupBucket", service_path(org, service));
        self.transport.get(&path, &[]).await
    }

    pub async fn scaling_schedule(
        &self,
        org: Uuid,
        service: Uuid,
    ) -> Result<Reply<ScalingSchedule>> {
        let path = format!("{}/scalingSchedule", service_path(org, service));
        self.transport.get(&path, &[]).await
    }

    pub async fn upgrade_window(&self, org: Uuid, service: Uuid) -> Result<Reply<UpgradeWindow>> {
        let path = format!("{}/upgradeWindow", service_path(org, service));
        self.transport.get(&path, &[]).await
    }

    pub async fn clickhouse_settings(
        &self,
        org: Uuid,
        service: Uuid,
    ) -> Result<Reply<ClickhouseSettings>> {
        let path = format!("{}/clickhouseSettings", service_path(org, service));
        self.transport.get(&path, &[]).await
    }

    pub async fn clickhouse_setting(
        &self,
        org: Uuid,
        service: Uuid,
        name: &str,
    ) -> Result<Reply<ClickhouseSetting>> {
        let path = format!(
            "{}/clickhouseSettings/{}",
            service_path(org, service),
            segment(name)
        );
        self.transport.get(&path, &[]).await
    }

    pub async fn clickhouse_settings_schema(
        &self,
        org: Uuid,
        service: Uuid,
    ) -> Result<Reply<ClickhouseSettingsSchema>> {
        let path = format!("{}/clickhouseSettings/schema", service_path(org, service));
        self.transport.get(&path, &[]).await
    }

    pub async fn backups(&self, org: Uuid, service: Uuid) -> Result<Reply<Vec<Backup>>> {
        let path = format!("{}/backups", service_path(org, service));
        self.transport.get(&path, &[]).await
    }

    pub async fn backup(&self, org: Uuid, service: Uuid, backup: Uuid) -> Result<Reply<Backup>> {
        let path = format!("{}/backups/{backup}", service_path(org, service));
        self.transport.get(&path, &[]).await
    }

    pub async fn members(&self, org: Uuid) -> Result<Reply<Vec<Member>>> {
        self.transport
            .get(&format!("{}/members", org_path(org)), &[])
            .await
    }

    pub async fn member(&self, org: Uuid, user: Uuid) -> Result<Reply<Member>> {
        self.transport
            .get(&format!("{}/members/{user}", org_path(org)), &[])
            .await
    }

    pub async fn invitations(&self, org: Uuid) -> Result<Reply<Vec<Invitation>>> {
        self.transport
            .get(&format!("{}/invitations", org_path(org)), &[])
            .await
    }

    pub async fn invitation(&self, org: Uuid, invitation: Uuid) -> Result<Reply<Invitation>> {
        let path = format!("{}/invitations/{invitation}", org_path(org));
        self.transport.get(&path, &[]).await
    }

    pub async fn keys(&self, org: Uuid) -> Result<Reply<Vec<ApiKey>>> {
        self.transport
            .get(&format!("{}/keys", org_path(org)), &[])
            .await
    }

    pub async fn key(&self, org: Uuid, key: Uuid) -> Result<Reply<ApiKey>> {
        self.transport
            .get(&format!("{}/keys/{key}", org_path(org)), &[])
            .await
    }

    /// `from` and `to` are RFC 3339 date-times, as the API expects.
    pub async fn activities(
        &self,
        org: Uuid,
        from: Option<String>,
        to: Option<String>,
    ) -> Result<Reply<Vec<Activity>>> {
        let mut query = Vec::new();
        if let Some(from) = from {
            query.push(("from_date", from));
        }
        if let Some(to) = to {
            query.push(("to_date", to));
        }
        self.transport
            .get(&format!("{}/activities", org_path(org)), &query)
            .await
    }

    /// The organization's roles, system and custom (what `assignedRoleIds` takes).
    pub async fn roles(&self, org: Uuid) -> Result<Reply<Vec<Role>>> {
        self.transport
            .get(&format!("{}/roles", org_path(org)), &[])
            .await
    }

    pub async fn role(&self, org: Uuid, role: Uuid) -> Result<Reply<Role>> {
        self.transport
            .get(&format!("{}/roles/{role}", org_path(org)), &[])
            .await
    }

    pub async fn activity(&self, org: Uuid, activity: &str) -> Result<Reply<Activity>> {
        let path = format!("{}/activities/{}", org_path(org), segment(activity));
        self.transport.get(&path, &[]).await
    }

    /// `GET` any path of the API (`cloud api GET`): retried like every read, capped like
    /// every body. Returns the body as sent, envelope included; an error status is an error.
    /// `GET …/clickstack/<kind>`: every object of one ClickStack kind, kept as raw JSON.
    pub async fn clickstack_list(
        &self,
        org: Uuid,
        service: Uuid,
        kind: &str,
    ) -> Result<Reply<Vec<serde_json::Value>>> {
        self.transport
            .get(&clickstack_path(org, service, kind), &[])
            .await
    }

    pub async fn clickstack_get(
        &self,
        org: Uuid,
        service: Uuid,
        kind: &str,
        id: &str,
    ) -> Result<Reply<serde_json::Value>> {
        let path = format!("{}/{}", clickstack_path(org, service, kind), segment(id));
        self.transport.get(&path, &[]).await
    }

    pub async fn udfs(&self, org: Uuid) -> Result<Reply<Vec<Udf>>> {
        self.every_page(&udf_path(org, None)).await
    }

    pub async fn udf(&self, org: Uuid, name: &str) -> Result<Reply<Udf>> {
        self.transport.get(&udf_path(org, Some(name)), &[]).await
    }

    pub async fn udf_versions(&self, org: Uuid, name: &str) -> Result<Reply<Vec<Udf>>> {
        let path = format!("{}/versions", udf_path(org, Some(name)));
        self.every_page(&path).await
    }

    pub async fn udf_attachments(
        &self,
        org: Uuid,
        name: &str,
    ) -> Result<Reply<Vec<UdfAttachment>>> {
        let path = format!("{}/attachments", udf_path(org, Some(name)));
        self.every_page(&path).await
    }

    pub async fn udf_attachment(
        &self,
        org: Uuid,
        name: &str,
        service: Uuid,
    ) -> Result<Reply<UdfAttachment>> {
        let path = format!("{}/attachments/{service}", udf_path(org, Some(name)));
        self.transport.get(&path, &[]).await
    }

    /// A cursor-paginated list (`{items, pagination: {nextCursor}}`), every page of it, as
    /// one reply whose `result` is the array of all items exactly as sent.
    async fn every_page<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<Reply<Vec<T>>> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Page {
            items: Vec<Box<serde_json::value::RawValue>>,
            pagination: Option<Pagination>,
        }
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Pagination {
            next_cursor: Option<String>,
        }
        let url = format!("{}{path}", self.transport.base_url);
        let mut items: Vec<String> = Vec::new();
        let mut cursors = std::collections::HashSet::new();
        let mut query: Vec<(&str, String)> = Vec::new();
        for _ in 0..MAX_PAGES {
            let page: Page = self.transport.get(path, &query).await?.into_data()?;
            items.extend(page.items.into_iter().map(|item| item.get().to_owned()));
            match page
                .pagination
                .and_then(|p| p.next_cursor)
                .filter(|cursor| !cursor.is_empty())
            {
                // A cursor seen before would loop forever: stop with what was read.
                Some(cursor) if cursors.insert(cursor.clone()) => {
                    query = vec![("cursor", cursor)];
                }
                Some(_) | None => break,
            }
        }
        // Each item was validated when its page was read.
        Ok(Reply::whole(format!("[{}]", items.join(",")), url, 200))
    }

    pub async fn postgres_services(&self, org: Uuid) -> Result<Reply<Vec<PostgresService>>> {
        self.transport
            .get(&format!("{}/postgres", org_path(org)), &[])
            .await
    }

    pub async fn postgres_service(&self, org: Uuid, id: Uuid) -> Result<Reply<PostgresService>> {
        self.transport.get(&postgres_path(org, id), &[]).await
    }

    /// The CA certificate (PEM) the service's TLS certificate is signed with.
    pub async fn postgres_certificates(&self, org: Uuid, id: Uuid) -> Result<String> {
        let path = format!("{}/caCertificates", postgres_path(org, id));
        self.transport.get_text(&path, &[]).await
    }

    pub async fn postgres_config(&self, org: Uuid, id: Uuid) -> Result<Reply<serde_json::Value>> {
        let path = format!("{}/config", postgres_path(org, id));
        self.transport.get(&path, &[]).await
    }

    pub async fn postgres_metrics(
        &self,
        org: Uuid,
        id: Uuid,
        query: &[(&str, String)],
    ) -> Result<Reply<serde_json::Value>> {
        let path = format!("{}/metrics", postgres_path(org, id));
        self.transport.get(&path, query).await
    }

    pub async fn postgres_slow_queries(
        &self,
        org: Uuid,
        id: Uuid,
        query: &[(&str, String)],
    ) -> Result<Reply<Vec<serde_json::Value>>> {
        let path = format!("{}/slowQueryPatterns", postgres_path(org, id));
        self.transport.get(&path, query).await
    }

    pub async fn postgres_slow_query(
        &self,
        org: Uuid,
        id: Uuid,
        query_id: &str,
        query: &[(&str, String)],
    ) -> Result<Reply<serde_json::Value>> {
        let path = format!(
            "{}/slowQueryPatterns/{}",
            postgres_path(org, id),
            segment(query_id)
        );
        self.transport.get(&path, query).await
    }

    /// Prometheus text of every Postgres service of `org`, or of one.
    pub async fn postgres_prometheus(&self, org: Uuid, id: Option<Uuid>) -> Result<String> {
        let path = match id {
            Some(id) => format!("{}/prometheus", postgres_path(org, id)),
            None => format!("{}/postgres/prometheus", org_path(org)),
        };
        self.transport.get_text(&path, &[]).await
    }

    pub async fn get_raw(&self, path: &str, query: &[(&str, String)]) -> Result<RawBody> {
        let raw = self.transport.read_with(Method::GET, path, query).await?;
        self.transport.raw_body(raw)
    }

    /// `HEAD` any path of the API (`cloud api HEAD`); a success has no body.
    pub async fn head(&self, path: &str, query: &[(&str, String)]) -> Result<()> {
        let raw = self.transport.read_with(Method::HEAD, path, query).await?;
        self.transport.raw_body(raw).map(drop)
    }
}
