//! One way through: parse argv → resolve the credential → check its capability
//! against the command's [`Access`] → call the typed client → render.

use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches};

use crate::access::{Access, Classified};
use crate::api::role::RoleLookup;
use crate::api::{self, ReadApi, WriteApi};
use crate::cli::{Cli, GlobalArgs};
use crate::config::DEFAULT_CONTEXT;
use crate::credentials::role::KeyRole;
use crate::credentials::{self, Clamp, Credential, Inputs, Resolved, Secret};
use crate::error::{Error, Result, exit};
use crate::output::{Format, Output};
use crate::shape::{self, Failure, Shape};
use crate::state::{Config, Paths, SecretStore};

/// Runs `cloud` with the process's arguments and returns its exit code.
pub fn run() -> ExitCode {
    // `cloud` runs itself for each OS keyring call (`state::secrets`).
    if let Some(op) = std::env::var_os(crate::state::secrets::KEYRING_HELPER_ENV) {
        return crate::state::secrets::serve_keyring_call(&op);
    }
    let args = crate::commands::service::query::rewrite_format_flag(std::env::args_os().collect());
    // JSON mode must be known before clap has parsed anything, for its own errors.
    let raw_json = crate::agent::json_from_args(&args);
    let mut command = Cli::command();
    if crate::agent::detected().is_some() || crate::agent::no_color(&args) {
        command = command.color(clap::ColorChoice::Never);
    }
    let matches = match command.try_get_matches_from_mut(&args) {
        Ok(matches) => matches,
        Err(e) if let Some(topic) = crate::commands::help::topic_requested(&e, &args) => {
            crate::commands::help::print_topic(topic, Output { json: raw_json });
            return ExitCode::SUCCESS;
        }
        // Help, version and usage errors: clap prints them and picks 0 or 2.
        Err(e) => exit_with(e, raw_json),
    };
    let command_path = command_path(&matches);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => exit_with(e, raw_json),
    };
    // `--jq` is compiled here: a bad expression is a usage error before any request.
    let shape = Shape::new(
        &cli.global.fields,
        cli.global.jq.as_deref(),
        cli.global.ndjson,
        cli.command.access() == Access::Write,
    );
    let implied = shape.as_ref().is_ok_and(Shape::implies_json);
    let json = match (cli.global.format, cli.global.json || implied) {
        (Some(Format::Table), true) => {
            let error = Error::Usage(
                "--json, --jq and --ndjson print JSON, which contradicts --format table".into(),
            );
            report(&error, Output { json: true }, None);
            return ExitCode::from(error.exit_code());
        }
        (Some(format), _) => format == Format::Json,
        (None, true) => true,
        (None, false) if crate::agent::detected().is_some() => true,
        (None, false) => match context_format(&cli) {
            Ok(format) => format == Some(Format::Json),
            Err(error) => {
                report(&error, Output { json: false }, None);
                return ExitCode::from(error.exit_code());
            }
        },
    };
    let out = Output { json };
    crate::notes::set_json(json);
    crate::output::set_wide(cli.global.wide);
    crate::notes::set_quiet(cli.global.quiet);
    match shape {
        Ok(shape) => shape::install(shape),
        Err(message) => {
            report(&Error::Usage(message), out, None);
            return ExitCode::from(exit::USAGE);
        }
    }
    let app = App {
        global: cli.global,
        out,
        command_path,
        context_from_env: matches.value_source("context")
            == Some(clap::parser::ValueSource::EnvVariable),
        http: std::sync::OnceLock::new(),
        credential_source: std::sync::OnceLock::new(),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::from(exit::FAILURE);
        }
    };
    let result =
        runtime
            .block_on(cli.command.run(&app))
            .and_then(|()| match shape::take_failure() {
                None => Ok(()),
                Some(Failure::Usage(message)) => Err(Error::Usage(message)),
                Some(Failure::Filter(message)) => Err(Error::Filter(message)),
                Some(Failure::Response(e)) => Err(Error::Api(e)),
            });
    // A keyring call that timed out may still hold a blocking thread: don't wait for it.
    runtime.shutdown_timeout(Duration::from_millis(100));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Api(api::ApiError::DryRun(plan))) => {
            print_dry_run(&plan, out);
            ExitCode::SUCCESS
        }
        Err(error) => {
            report(&error, out, app.credential_source.get().map(String::as_str));
            ExitCode::from(error.exit_code())
        }
    }
}

/// The `format` of the selected context, the last say on the output format (after the
/// flags and agent detection). Local commands that must work whatever the configuration
/// (`completion`, `commands`) do not read it, and an unreadable file is left to the
/// command, which reports it as it reads its settings.
fn context_format(cli: &Cli) -> Result<Option<Format>> {
    use crate::commands::Command;
    if matches!(cli.command, Command::Completion(_) | Command::Commands(_)) {
        return Ok(None);
    }
    let Ok(paths) = Paths::from_env() else {
        return Ok(None);
    };
    let Ok(config) = Config::load(&paths) else {
        return Ok(None);
    };
    let context = cli
        .global
        .context
        .clone()
        .or_else(|| config.active_context.clone())
        .unwrap_or_else(|| DEFAULT_CONTEXT.to_owned());
    let Some(text) = config.context(&context).and_then(|c| c.format.as_deref()) else {
        return Ok(None);
    };
    <Format as clap::ValueEnum>::from_str(text.trim(), true)
        .map(Some)
        .map_err(|_| {
            Error::Usage(format!(
                "`format` of context `{context}` in {}: expected json or table, not {text:?} \
                 (fix it with `cloud config set format table`)",
                paths.config_file().display()
            ))
        })
}

/// `--dry-run`: the request a write command stopped before sending. On stdout, as it is
/// the command's result: `METHOD URL` then the JSON body, or one JSON object under `--json`.
fn print_dry_run(plan: &api::DryRunPlan, out: Output) {
    if out.json {
        out.json_value(&dry_run_json(plan));
    } else {
        out.notice("Dry run: nothing that changes anything was sent. The request would be:");
        print_plan(plan, out);
        for next in &plan.then {
            out.notice("then:");
            print_plan(next, out);
        }
    }
}

fn print_plan(plan: &api::DryRunPlan, out: Output) {
    out.line(&format!("{} {}", plan.method, plan.url));
    if let Some(body) = &plan.body {
        out.line(&crate::sanitize::to_json_pretty(
            &crate::redact::scrubbed_json(body),
        ));
    }
}

/// `then` only where a command would send more than one request.
fn dry_run_json(plan: &api::DryRunPlan) -> serde_json::Value {
    let mut value = serde_json::json!({
        "dry_run": true,
        "method": plan.method,
        "url": plan.url,
        "body": plan.body,
    });
    if !plan.then.is_empty() {
        value["then"] = plan
            .then
            .iter()
            .map(|next| {
                serde_json::json!({ "method": next.method, "url": next.url, "body": next.body })
            })
            .collect();
    }
    value
}

/// Lets clap print help, version or a usage error, except that a usage error quoting a value
/// with control or bidi characters (a pasted name, say) is shown with them made visible,
/// so the message cannot move the cursor or reorder itself on the terminal. In JSON mode a
/// usage error is the JSON error object instead (help and version print as usual).
fn exit_with(error: clap::Error, json: bool) -> ! {
    // `cloud` or a noun alone (`cloud service`): its help is the answer, on stdout, exit 0.
    // In JSON mode it stays the `missing_command` usage error a program can act on.
    if error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand && !json {
        let help = error.render().to_string();
        let mut stdout = std::io::stdout().lock();
        let _ = std::io::Write::write_all(&mut stdout, help.as_bytes());
        let _ = std::io::Write::flush(&mut stdout);
        std::process::exit(0);
    }
    if error.use_stderr() {
        if json {
            let error = Error::Cli(error);
            report(&error, Output { json: true }, None);
            std::process::exit(error.exit_code().into());
        }
        let plain = error.render().to_string();
        if let std::borrow::Cow::Owned(safe) = crate::sanitize::text(&plain) {
            eprint!("{safe}");
            std::process::exit(error.exit_code());
        }
    }
    error.exit()
}

/// Prints the error on stderr: known secrets redacted wherever the text came from, and
/// control characters made visible (as JSON escapes in JSON mode, which keeps it exact).
/// `source` is the credential in use when the error happened, if one was resolved.
fn report(error: &Error, out: Output, source: Option<&str>) {
    if out.json {
        let mut object = error.to_json(source);
        crate::redact::scrub_json(&mut object);
        eprintln!("{}", crate::sanitize::to_json_compact(&object));
    } else {
        eprintln!("error: {}", crate::output::for_person(&error.to_string()));
    }
}

/// `service query-endpoint get`, for messages and the catalog.
fn command_path(matches: &clap::ArgMatches) -> String {
    let mut names = Vec::new();
    let mut current = matches;
    while let Some((name, sub)) = current.subcommand() {
        names.push(name.to_owned());
        current = sub;
    }
    // `cloud api` is read or write by its method: name it, e.g. `api DELETE`.
    if let Some(method) = current
        .try_get_one::<crate::commands::raw_api::Method>("method")
        .ok()
        .flatten()
        .and_then(clap::ValueEnum::to_possible_value)
    {
        names.push(method.get_name().to_owned());
    }
    names.join(" ")
}

/// What every command can reach: the global flags, the output, its own name.
#[derive(Debug)]
pub struct App {
    pub global: GlobalArgs,
    pub out: Output,
    pub command_path: String,
    /// `--context` came from `CLOUD_CONTEXT` rather than the flag (clap merges the two).
    context_from_env: bool,
    http: std::sync::OnceLock<reqwest::Client>,
    /// The credential the command runs with, once resolved, for the JSON error object.
    credential_source: std::sync::OnceLock<String>,
}

/// The settings a command runs with, read from flags, environment and config once.
#[derive(Debug)]
pub struct Settings {
    pub paths: Paths,
    pub config: Config,
    pub context: String,
    pub context_source: ContextSource,
    pub api_url: String,
    /// The Query API (SQL): `CLOUD_QUERY_URL`, else the context's `query_url`, else derived
    /// from `api_url`; `None` when none applies (SQL commands then say how to set it).
    pub query_url: Option<String>,
}

/// Why a context is the one in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextSource {
    /// `--context NAME`
    Flag,
    /// `CLOUD_CONTEXT`
    Environment,
    /// `active_context` in config.toml (`cloud context use`)
    Config,
    /// None of those: `default`.
    Default,
}

impl ContextSource {
    /// How a person reads it, after "active because".
    pub fn describe(self) -> &'static str {
        match self {
            ContextSource::Flag => "--context selects it",
            ContextSource::Environment => "CLOUD_CONTEXT selects it",
            ContextSource::Config => {
                "it is the active context in config.toml (`cloud context use`)"
            }
            ContextSource::Default => {
                "no --context, CLOUD_CONTEXT or active context is set, so `default` is used"
            }
        }
    }
}

impl App {
    /// The one HTTP client of the process, built on first use.
    pub fn http(&self) -> Result<&reqwest::Client> {
        if let Some(client) = self.http.get() {
            return Ok(client);
        }
        let limits = self.limits()?;
        let client = api::http_client(limits)?;
        Ok(self.http.get_or_init(|| client))
    }

    /// Connect and total timeouts and the response size cap: flag, else environment (both
    /// parsed by clap), else the context's config, else the defaults.
    pub fn limits(&self) -> Result<api::Limits> {
        let settings = self.settings()?;
        let context = settings.config.context(&settings.context);
        let from_config = |value: Option<&String>,
                           key: &str,
                           parse: fn(&str) -> std::result::Result<u64, String>|
         -> Result<Option<u64>> {
            let Some(text) = value else {
                return Ok(None);
            };
            parse(text).map(Some).map_err(|e| {
                Error::Usage(format!(
                    "`{key}` of context `{}` in {}: {e}",
                    settings.context,
                    settings.paths.config_file().display()
                ))
            })
        };
        let millis =
            |text: &str| api::transport::parse_duration(text).map(|d| d.as_millis() as u64);
        let defaults = api::Limits::default();
        let connect = match self.global.connect_timeout {
            Some(d) => d,
            None => from_config(
                context.and_then(|c| c.connect_timeout.as_ref()),
                "connect_timeout",
                millis,
            )?
            .map(Duration::from_millis)
            .unwrap_or(defaults.connect_timeout),
        };
        let total = match self.global.timeout {
            Some(d) => d,
            None => from_config(context.and_then(|c| c.timeout.as_ref()), "timeout", millis)?
                .map(Duration::from_millis)
                .unwrap_or(defaults.timeout),
        };
        let size = match self.global.max_response_size {
            Some(size) => size,
            None => from_config(
                context.and_then(|c| c.max_response_size.as_ref()),
                "max_response_size",
                api::transport::parse_size,
            )?
            .unwrap_or(defaults.max_response_size),
        };
        Ok(api::Limits {
            connect_timeout: connect,
            timeout: total,
            max_response_size: size,
        })
    }

    /// The secret store of the context: the keyring unless the file was chosen.
    pub fn secret_store(&self, settings: &Settings) -> SecretStore {
        let insecure = settings
            .config
            .context(&settings.context)
            .and_then(|c| c.insecure_storage)
            == Some(true);
        SecretStore::new(settings.paths.clone()).file_only(insecure)
    }

    pub fn settings(&self) -> Result<Settings> {
        let paths = Paths::from_env()?;
        let config = Config::load(&paths)?;
        let (context, context_source) = self.selected_context(&config);
        let api_url = match &self.global.api_url {
            // --api-url / CLOUD_API_URL were checked when clap parsed them.
            Some(url) => url.clone(),
            None => match config.context(&context).and_then(|c| c.api_url.clone()) {
                Some(url) => {
                    api::check_transport(&url).map_err(|e| {
                        Error::Usage(format!(
                            "`api_url` of context `{context}` in {}: {e}",
                            paths.config_file().display()
                        ))
                    })?;
                    url
                }
                None => api::PRODUCTION_API_URL.to_owned(),
            },
        };
        let query_url = match crate::credentials::env_var(api::query::QUERY_URL_ENV) {
            Some(url) => Some(
                crate::cli::api_url(&url)
                    .map_err(|e| Error::Usage(format!("{}: {e}", api::query::QUERY_URL_ENV)))?,
            ),
            None => match config.context(&context).and_then(|c| c.query_url.clone()) {
                Some(url) => Some(crate::cli::api_url(&url).map_err(|e| {
                    Error::Usage(format!(
                        "`query_url` of context `{context}` in {}: {e}",
                        paths.config_file().display()
                    ))
                })?),
                None => api::query::derive_query_url(&api_url),
            },
        };
        Ok(Settings {
            paths,
            config,
            context,
            context_source,
            api_url,
            query_url,
        })
    }

    /// The context commands use, and why: `--context`, `CLOUD_CONTEXT`, the active context
    /// of config.toml, else `default`. Unlike [`App::settings`] it checks nothing else, so
    /// `cloud config` can repair a context whose settings are wrong.
    pub fn selected_context(&self, config: &Config) -> (String, ContextSource) {
        match (&self.global.context, &config.active_context) {
            (Some(name), _) if self.context_from_env => (name.clone(), ContextSource::Environment),
            (Some(name), _) => (name.clone(), ContextSource::Flag),
            (None, Some(name)) => (name.clone(), ContextSource::Config),
            (None, None) => (DEFAULT_CONTEXT.to_owned(), ContextSource::Default),
        }
    }

    /// Everything credential resolution looks at; nothing secret is read yet.
    pub fn credential_inputs(&self, settings: &Settings) -> Inputs {
        let context = settings.config.context(&settings.context);
        let clamp = if self.global.read_only {
            Some(Clamp::Flag)
        } else if credentials::read_only_from_env() {
            Some(Clamp::Environment)
        } else if context.and_then(|c| c.read_only) == Some(true) {
            Some(Clamp::Context(settings.context.clone()))
        } else {
            None
        };
        Inputs {
            flag_key: self.global.api_key.clone(),
            flag_secret: self.global.api_secret.clone(),
            env_key: credentials::env_var(credentials::API_KEY_ENV),
            env_secret: credentials::env_var(credentials::API_SECRET_ENV),
            env_token: credentials::env_var(credentials::ACCESS_TOKEN_ENV),
            context: settings.context.clone(),
            stored_key: context
                .and_then(|c| c.api_key.clone())
                .filter(|key| key.api_url == settings.api_url),
            oauth_login: context
                .and_then(|c| c.oauth.clone())
                .filter(|login| login.api_url == settings.api_url),
            clamp,
        }
    }

    pub fn warn_about_secret_flag(&self) {
        if self.global.api_secret.is_some() {
            self.out.warn(
                "--api-secret puts the secret where other processes and shell history can see it; \
                 prefer CLICKHOUSE_CLOUD_API_SECRET or `cloud auth login --api-secret-stdin`",
            );
        }
    }

    pub fn debug(&self, text: &str) {
        if self.global.debug {
            eprintln!("debug: {}", crate::output::for_person(text));
        }
    }

    /// Resolves the credential and opens a session with exactly the access the command
    /// is classified for. A write with a read-only credential stops here, before any
    /// request is sent.
    pub async fn session(&self, access: Access) -> Result<Session> {
        self.warn_about_secret_flag();
        let settings = self.settings()?;
        let inputs = self.credential_inputs(&settings);
        let store = self.secret_store(&settings);
        let http = self.http()?;
        let mut credential = resolve(&inputs, &store, http, &settings.paths, access).await?;
        let _ = self.credential_source.set(credential.source.to_string());
        self.debug(&format!("context: {}", settings.context));
        self.debug(&format!("API URL: {}", settings.api_url));
        let read = ReadApi::new(
            http.clone(),
            &settings.api_url,
            &credential,
            self.global.debug,
        )
        .with_query_url(settings.query_url.clone());
        // Only a write needs to know whether the key's role may write: reads stay one
        // request (plus the organization lookup), and the server has the last word anyway.
        if access == Access::Write
            && credential.capability() == Access::Write
            && let Secret::ApiKey { key_id, .. } = &credential.secret
        {
            let (lookup, _) = self.key_role(&settings, &read, key_id).await;
            match lookup {
                RoleLookup::Found(role) => {
                    self.debug(&format!("API key role: {}", role.name));
                    if role.writes == Some(false) {
                        credential.clamp = Some(Clamp::Role { role: role.name });
                    }
                }
                RoleLookup::Unknown(why) => {
                    self.debug(&format!("API key role unknown ({why}); the API decides"));
                }
            }
        }
        self.debug(&format!(
            "credential: {} [{}]",
            credential.describe(),
            capability_label(&credential)
        ));
        match access {
            Access::Read => Ok(Session::Read(read)),
            // The gate applies under --dry-run too: it shows what this credential would send.
            Access::Write => Ok(Session::Write(
                WriteApi::authorize(read, &credential, &self.command_path)?
                    .dry_run(self.global.dry_run),
            )),
        }
    }
}

impl App {
    /// The role of the API key `key_id`: from the cache of learnt roles when it is younger
    /// than ten minutes, else from the API (and then cached, when found). The second
    /// value says whether it came from the cache.
    pub async fn key_role(
        &self,
        settings: &Settings,
        read: &ReadApi,
        key_id: &str,
    ) -> (RoleLookup, bool) {
        let now = crate::state::roles::now();
        if let Some(cached) =
            crate::state::roles::cached_role(&settings.paths, &settings.api_url, key_id, now)
        {
            let role = KeyRole {
                name: cached.role,
                writes: cached.writes,
            };
            return (RoleLookup::Found(role), true);
        }
        let lookup = read.key_role(key_id).await;
        if let RoleLookup::Found(role) = &lookup {
            let entry = crate::state::roles::CachedRole {
                api_url: settings.api_url.clone(),
                key_id: key_id.to_owned(),
                role: role.name.clone(),
                writes: role.writes,
                checked_at: now,
            };
            // A cache that cannot be written costs a lookup next time, nothing more.
            if let Err(e) = settings
                .paths
                .lock()
                .and_then(|locked| locked.cache_role(entry, now))
            {
                self.debug(&format!("could not cache the key's role: {e}"));
            }
        }
        (lookup, false)
    }
}

/// Resolves the credential, getting a token from the stored OAuth login when that is
/// what resolution found. For a Write command the token is not refreshed: the login is
/// read-only and will be refused before any request, so refreshing would be traffic for
/// nothing.
pub async fn resolve(
    inputs: &Inputs,
    store: &SecretStore,
    http: &reqwest::Client,
    paths: &Paths,
    access: Access,
) -> Result<Credential> {
    match inputs.resolve(store).await? {
        Resolved::Ready(credential) => Ok(credential),
        Resolved::OAuthLogin(login) => {
            let tokens = match access {
                Access::Read => {
                    crate::oauth::tokens::fresh(http, store, paths, &inputs.context, &login).await?
                }
                Access::Write => crate::oauth::tokens::load(store, &inputs.context, &login).await?,
            };
            Ok(inputs.oauth_credential(tokens.access_token))
        }
    }
}

/// `read/write`, `read-only` or `read-only (clamped)`, as `auth status` prints it.
pub fn capability_label(credential: &Credential) -> &'static str {
    match (credential.capability(), &credential.clamp) {
        (Access::Write, _) => "read/write",
        (Access::Read, Some(_))
            if matches!(credential.secret, credentials::Secret::ApiKey { .. }) =>
        {
            "read-only (clamped)"
        }
        (Access::Read, _) => "read-only",
    }
}

/// The API handle a command gets: read-only unless the command is classified Write
/// and the credential was allowed to write.
#[derive(Debug)]
pub enum Session {
    Read(ReadApi),
    Write(WriteApi),
}

impl Session {
    pub fn read(&self) -> &ReadApi {
        match self {
            Session::Read(api) => api,
            Session::Write(api) => api,
        }
    }

    /// Only a Write-classified command is given a write session, so reaching the
    /// error means a command's classification and its handler disagree.
    pub fn write(&self) -> Result<&WriteApi> {
        match self {
            Session::Write(api) => Ok(api),
            Session::Read(_) => Err(Error::Other(anyhow::anyhow!(
                "internal error: this command is classified read but its handler writes; please report it"
            ))),
        }
    }
}

/// Implemented by noun commands that talk to the API, to route them through
/// [`App::session`].
pub(crate) trait ApiCommand: Classified + crate::access::Operations {
    async fn run(self, session: &Session, out: Output) -> Result<()>;
}
