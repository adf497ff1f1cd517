"""Bot configuration: one frozen ``Settings`` loaded from env, ``.env`` and TOML.

Precedence, highest first: the real environment, the ``.env`` file, the TOML file,
built-in defaults. Values are validated once at start-up so that a typo fails loudly
before the bot connects anywhere, and every error names the environment variable the
operator has to fix. Secrets never appear in ``repr``/``str`` or in error messages.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

__all__ = [
    "DEFAULT_ENV_FILE",
    "LANGUAGES",
    "LOG_LEVELS",
    "SETTINGS_TABLE",
    "SettingSpec",
    "Settings",
    "SettingsError",
    "env_example",
    "known_variables",
    "load_settings",
    "settings_table_markdown",
    "unknown_variables",
]

DEFAULT_ENV_FILE = Path(".env")
CONFIG_ENV_VAR = "KTD_CONFIG"
LANGUAGES = frozenset({"vi", "en"})
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
REDACTED = "***"

_TELEGRAM_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
# Telegram accepts only these characters in X-Telegram-Bot-Api-Secret-Token.
_WEBHOOK_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Zalo documents 8-256 characters; the character set is Telegram's, which is safe in any HTTP header.
_ZALO_WEBHOOK_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{8,256}")
_ADMIN_ID_RE = re.compile(r"\d+")
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class SettingsError(ValueError):
    """A setting is missing, malformed or inconsistent.

    ``setting_name`` is the environment variable to fix (e.g. ``KTD_WEBHOOK_PORT``);
    ``source`` says where the bad value came from when known.
    """

    def __init__(self, setting_name: str, problem: str, source: str | None = None) -> None:
        self.setting_name = setting_name
        self.problem = problem
        self.source = source
        message = f"Invalid setting {setting_name}: {problem}"
        if source:
            message += f" (from {source})"
        super().__init__(message)


@dataclass(frozen=True)
class SettingSpec:
    """Documentation row for one setting; also drives the loader."""

    field: str
    env_var: str
    default: str
    description: str
    secret: bool = False
    aliases: tuple[str, ...] = ()


SETTINGS_TABLE: tuple[SettingSpec, ...] = (
    SettingSpec(
        "telegram_token",
        "KTD_TELEGRAM_TOKEN",
        "(unset)",
        "Telegram bot token from @BotFather; also read from TELEGRAM_BOT_TOKEN. bot.py run needs this or "
        "KTD_ZALO_TOKEN.",
        secret=True,
        aliases=("TELEGRAM_BOT_TOKEN",),
    ),
    SettingSpec(
        "telegram_api_url",
        "KTD_TELEGRAM_API_URL",
        "https://api.telegram.org/bot",
        "Bot API base URL (point at a local Bot API server or a test double).",
    ),
    SettingSpec(
        "telegram_file_url",
        "KTD_TELEGRAM_FILE_URL",
        "https://api.telegram.org/file/bot",
        "Base URL for downloading files sent to the bot.",
    ),
    SettingSpec(
        "database_path",
        "KTD_DATABASE_PATH",
        "khoithidua.sqlite3",
        "SQLite database file, relative to the working directory.",
    ),
    SettingSpec(
        "timezone",
        "KTD_TIMEZONE",
        "Asia/Ho_Chi_Minh",
        "IANA time zone for deadlines, reminders and displayed times.",
    ),
    SettingSpec(
        "default_language",
        "KTD_DEFAULT_LANGUAGE",
        "vi",
        "Language for users who have not chosen one: vi or en.",
    ),
    SettingSpec(
        "super_admin_ids",
        "KTD_SUPER_ADMIN_IDS",
        "(none)",
        "Telegram user ids allowed to administer every bloc, comma or space separated.",
    ),
    SettingSpec(
        "webhook_url",
        "KTD_WEBHOOK_URL",
        "(unset: long polling)",
        "Public https:// URL Telegram posts updates to; enables webhook mode.",
    ),
    SettingSpec(
        "webhook_listen",
        "KTD_WEBHOOK_LISTEN",
        "0.0.0.0",
        "Address the webhook server binds to.",
    ),
    SettingSpec(
        "webhook_port",
        "KTD_WEBHOOK_PORT",
        "8443",
        "Port the webhook server listens on (1-65535).",
    ),
    SettingSpec(
        "webhook_secret",
        "KTD_WEBHOOK_SECRET",
        "(unset)",
        "Secret Telegram sends with each webhook call; required with a webhook URL. 1-256 characters A-Z a-z 0-9 _ -.",
        secret=True,
    ),
    SettingSpec(
        "log_level",
        "KTD_LOG_LEVEL",
        "INFO",
        "Logging level: DEBUG, INFO, WARNING or ERROR.",
    ),
    SettingSpec(
        "zalo_token",
        "KTD_ZALO_TOKEN",
        "(unset)",
        "Zalo bot token from Zalo Bot Creator (see docs/zalo.md); enables the Zalo channel next to Telegram.",
        secret=True,
    ),
    SettingSpec(
        "zalo_api_url",
        "KTD_ZALO_API_URL",
        "https://bot-api.zaloplatforms.com",
        "Zalo Bot API base URL (the older host https://bot-api.zapps.me, or a test double).",
    ),
    SettingSpec(
        "zalo_webhook_url",
        "KTD_ZALO_WEBHOOK_URL",
        "(unset: long polling)",
        "Public https:// URL Zalo posts updates to; enables webhook mode for Zalo.",
    ),
    SettingSpec(
        "zalo_webhook_listen",
        "KTD_ZALO_WEBHOOK_LISTEN",
        "0.0.0.0",
        "Address the Zalo webhook server binds to.",
    ),
    SettingSpec(
        "zalo_webhook_port",
        "KTD_ZALO_WEBHOOK_PORT",
        "8444",
        "Port the Zalo webhook server listens on (1-65535, not the Telegram webhook's port).",
    ),
    SettingSpec(
        "zalo_webhook_secret",
        "KTD_ZALO_WEBHOOK_SECRET",
        "(unset)",
        "Secret Zalo sends in X-Bot-Api-Secret-Token; required with a Zalo webhook URL. 8-256 characters "
        "A-Z a-z 0-9 _ -.",
        secret=True,
    ),
    SettingSpec(
        "zalo_monthly_quota",
        "KTD_ZALO_MONTHLY_QUOTA",
        "3000",
        "Messages the Zalo bot may send a month (3,000 on the free plan, as reported: docs/zalo.md); the bot counts "
        "them and warns the head once at 80%. 0 turns the warning off.",
    ),
    SettingSpec(
        "zalo_oa_app_id",
        "KTD_ZALO_OA_APP_ID",
        "(unset)",
        "App id of the Zalo app linked to an Official Account (developers.zalo.me); makes the OA the Zalo channel "
        "instead of a Bot Platform bot (not both: see docs/zalo.md). Authorize once with bot.py zalo-oa-authorize.",
    ),
    SettingSpec(
        "zalo_oa_app_secret",
        "KTD_ZALO_OA_APP_SECRET",
        "(unset)",
        "The Zalo app's secret key, sent to oauth.zaloapp.com to get and refresh the OA's tokens; required with "
        "KTD_ZALO_OA_APP_ID.",
        secret=True,
    ),
    SettingSpec(
        "zalo_oa_secret_key",
        "KTD_ZALO_OA_SECRET_KEY",
        "(unset)",
        "The OA secret key shown in the app's webhook settings, which signs each webhook event (X-ZEvent-Signature); "
        "required with KTD_ZALO_OA_APP_ID.",
        secret=True,
    ),
    SettingSpec(
        "zalo_oa_webhook_url",
        "KTD_ZALO_OA_WEBHOOK_URL",
        "(unset)",
        "Public https:// URL set as the app's webhook in developers.zalo.me; required with KTD_ZALO_OA_APP_ID.",
    ),
    SettingSpec(
        "zalo_oa_webhook_listen",
        "KTD_ZALO_OA_WEBHOOK_LISTEN",
        "0.0.0.0",
        "Address the Zalo OA webhook server binds to.",
    ),
    SettingSpec(
        "zalo_oa_webhook_port",
        "KTD_ZALO_OA_WEBHOOK_PORT",
        "8445",
        "Port the Zalo OA webhook server listens on (1-65535, not the Telegram webhook's port).",
    ),
    SettingSpec(
        "zalo_oa_redirect_uri",
        "KTD_ZALO_OA_REDIRECT_URI",
        "(unset)",
        "The callback URL registered for the Zalo app; bot.py zalo-oa-authorize puts it in the permission link.",
    ),
    SettingSpec(
        "zalo_oa_api_url",
        "KTD_ZALO_OA_API_URL",
        "https://openapi.zalo.me",
        "Zalo OA OpenAPI base URL (a test double in tests).",
    ),
    SettingSpec(
        "zalo_oa_oauth_url",
        "KTD_ZALO_OA_OAUTH_URL",
        "https://oauth.zaloapp.com/v4/oa",
        "Zalo OAuth v4 base URL for Official Accounts (a test double in tests).",
    ),
    SettingSpec(
        "backup_dir",
        "KTD_BACKUP_DIR",
        "(unset)",
        "Folder bot.py backup writes into when --out is not given; bot.py doctor checks its newest backup.",
    ),
)

_SPEC_BY_FIELD = {spec.field: spec for spec in SETTINGS_TABLE}


def _env_name(field_name: str) -> str:
    return _SPEC_BY_FIELD[field_name].env_var


# --- validators shared by direct construction and loading -----------------------------


def _check_url(field_name: str, value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise SettingsError(_env_name(field_name), "must be an http:// or https:// URL")


def _check_webhook_url(value: str, field_name: str = "webhook_url") -> None:
    _check_url(field_name, value)
    parts = urlsplit(value)
    # Telegram and Zalo only deliver webhooks over HTTPS; plain HTTP makes sense solely behind a
    # reverse proxy on the same machine or in local tests.
    if parts.scheme == "http" and (parts.hostname or "") not in _LOCAL_HOSTS:
        raise SettingsError(_env_name(field_name), "must use https:// (http:// is allowed only for localhost)")


def _check_secret_value(field_name: str, value: str | None) -> None:
    if value is not None and (not value or any(c.isspace() for c in value)):
        raise SettingsError(_env_name(field_name), "must be non-empty and contain no whitespace")


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOSTNAME_RE = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*")


def _is_host(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return bool(_HOSTNAME_RE.fullmatch(value))
    return True


@dataclass(frozen=True, repr=False)
class Settings:
    """Validated bot configuration. Construct via ``load_settings`` in production."""

    telegram_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    database_path: Path = Path("khoithidua.sqlite3")
    timezone: str = "Asia/Ho_Chi_Minh"
    default_language: str = "vi"
    super_admin_ids: frozenset[int] = field(default_factory=frozenset)
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str | None = None
    log_level: str = "INFO"
    zalo_token: str | None = None
    zalo_api_url: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_url: str | None = None
    zalo_webhook_listen: str = "0.0.0.0"
    zalo_webhook_port: int = 8444
    zalo_webhook_secret: str | None = None
    zalo_monthly_quota: int = 3000
    zalo_oa_app_id: str | None = None
    zalo_oa_app_secret: str | None = None
    zalo_oa_secret_key: str | None = None
    zalo_oa_webhook_url: str | None = None
    zalo_oa_webhook_listen: str = "0.0.0.0"
    zalo_oa_webhook_port: int = 8445
    zalo_oa_redirect_uri: str | None = None
    zalo_oa_api_url: str = "https://openapi.zalo.me"
    zalo_oa_oauth_url: str = "https://oauth.zaloapp.com/v4/oa"
    backup_dir: Path | None = None

    def __post_init__(self) -> None:
        # Accept friendly types from callers and tests, but store canonical ones so that
        # equality and hashing behave.
        if not isinstance(self.database_path, Path):
            object.__setattr__(self, "database_path", Path(self.database_path))
        if self.backup_dir is not None and not isinstance(self.backup_dir, Path):
            object.__setattr__(self, "backup_dir", Path(self.backup_dir))
        if not isinstance(self.super_admin_ids, frozenset):
            object.__setattr__(self, "super_admin_ids", frozenset(self.super_admin_ids))
        self._validate()

    def _validate(self) -> None:
        if self.telegram_token is not None and not _TELEGRAM_TOKEN_RE.fullmatch(self.telegram_token):
            # The value itself is deliberately not echoed: it may be a real token with a typo.
            raise SettingsError(_env_name("telegram_token"), "does not look like a Telegram bot token (<digits>:<key>)")
        _check_url("telegram_api_url", self.telegram_api_url)
        _check_url("telegram_file_url", self.telegram_file_url)
        _check_url("zalo_api_url", self.zalo_api_url)
        if not str(self.database_path).strip():
            raise SettingsError(_env_name("database_path"), "must not be empty")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(_env_name("timezone"), f"unknown time zone {self.timezone!r}") from None
        if self.default_language not in LANGUAGES:
            raise SettingsError(
                _env_name("default_language"),
                f"unsupported language {self.default_language!r} (use {' or '.join(sorted(LANGUAGES))})",
            )
        for admin_id in self.super_admin_ids:
            if isinstance(admin_id, bool) or not isinstance(admin_id, int) or admin_id <= 0:
                raise SettingsError(_env_name("super_admin_ids"), f"{admin_id!r} is not a positive Telegram user id")
        if self.webhook_url is not None:
            _check_webhook_url(self.webhook_url)
            if self.webhook_secret is None:
                raise SettingsError(_env_name("webhook_secret"), "is required when KTD_WEBHOOK_URL is set")
        if not _is_host(self.webhook_listen):
            raise SettingsError(_env_name("webhook_listen"), "must be a host name or IP address")
        port = self.webhook_port
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise SettingsError(_env_name("webhook_port"), "must be an integer between 1 and 65535")
        if self.webhook_secret is not None and not _WEBHOOK_SECRET_RE.fullmatch(self.webhook_secret):
            raise SettingsError(_env_name("webhook_secret"), "must be 1-256 characters from A-Z a-z 0-9 _ -")
        if self.log_level not in LOG_LEVELS:
            raise SettingsError(
                _env_name("log_level"), f"unknown log level {self.log_level!r} (use {', '.join(LOG_LEVELS)})"
            )
        _check_secret_value("zalo_token", self.zalo_token)
        self._validate_zalo_webhook()
        self._validate_zalo_oa()

    def _validate_zalo_oa(self) -> None:
        _check_url("zalo_oa_api_url", self.zalo_oa_api_url)
        _check_url("zalo_oa_oauth_url", self.zalo_oa_oauth_url)
        if self.zalo_oa_redirect_uri is not None:
            _check_url("zalo_oa_redirect_uri", self.zalo_oa_redirect_uri)
        if not _is_host(self.zalo_oa_webhook_listen):
            raise SettingsError(_env_name("zalo_oa_webhook_listen"), "must be a host name or IP address")
        port = self.zalo_oa_webhook_port
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise SettingsError(_env_name("zalo_oa_webhook_port"), "must be an integer between 1 and 65535")
        if self.zalo_oa_app_id is None:
            return
        if self.zalo_token is not None:
            # both would be the one "zalo" channel people link and choose for notices
            raise SettingsError(_env_name("zalo_oa_app_id"), "cannot be set together with KTD_ZALO_TOKEN: "
                                "a deployment uses a Zalo Bot Platform bot or an Official Account, not both")
        for needed in ("zalo_oa_app_secret", "zalo_oa_secret_key", "zalo_oa_webhook_url"):
            if not getattr(self, needed):
                raise SettingsError(_env_name(needed), "is required when KTD_ZALO_OA_APP_ID is set")
        assert self.zalo_oa_webhook_url is not None
        _check_webhook_url(self.zalo_oa_webhook_url, "zalo_oa_webhook_url")
        if self.webhook_url is not None and port == self.webhook_port:
            raise SettingsError(_env_name("zalo_oa_webhook_port"), "must differ from KTD_WEBHOOK_PORT")

    def _validate_zalo_webhook(self) -> None:
        if self.zalo_webhook_url is not None:
            _check_webhook_url(self.zalo_webhook_url, "zalo_webhook_url")
            if self.zalo_webhook_secret is None:
                raise SettingsError(_env_name("zalo_webhook_secret"), "is required when KTD_ZALO_WEBHOOK_URL is set")
        if not _is_host(self.zalo_webhook_listen):
            raise SettingsError(_env_name("zalo_webhook_listen"), "must be a host name or IP address")
        port = self.zalo_webhook_port
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise SettingsError(_env_name("zalo_webhook_port"), "must be an integer between 1 and 65535")
        if self.zalo_webhook_url is not None and self.webhook_url is not None and port == self.webhook_port:
            # both webhook servers run in one process and cannot share a port
            raise SettingsError(_env_name("zalo_webhook_port"), "must differ from KTD_WEBHOOK_PORT")
        if isinstance(self.zalo_monthly_quota, bool) or not isinstance(self.zalo_monthly_quota, int) \
                or self.zalo_monthly_quota < 0:
            raise SettingsError(_env_name("zalo_monthly_quota"), "must be a whole number, 0 or more")
        if self.zalo_webhook_secret is not None and not _ZALO_WEBHOOK_SECRET_RE.fullmatch(self.zalo_webhook_secret):
            raise SettingsError(_env_name("zalo_webhook_secret"), "must be 8-256 characters from A-Z a-z 0-9 _ -")

    # --- convenience -------------------------------------------------------------------

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def sandbox(self) -> bool:
        """True when no Telegram token is configured: run against the local sandbox."""
        return self.telegram_token is None

    @property
    def use_webhook(self) -> bool:
        return self.webhook_url is not None

    @classmethod
    def env_var_names(cls) -> dict[str, str]:
        """Field name -> environment variable name."""
        return {spec.field: spec.env_var for spec in SETTINGS_TABLE}

    def secrets(self) -> list[str]:
        """Every configured secret and its encoded forms, longest first, for log redaction."""
        secrets: list[str] = []
        for spec in SETTINGS_TABLE:
            value = getattr(self, spec.field)
            if spec.secret and value:
                secrets.append(value)
                # The key part of a bot token is the real secret; it also leaks on its own,
                # e.g. when a URL has the colon percent-encoded. Zalo tokens have the same shape.
                key = value.split(":", 1)[1] if ":" in value else ""
                if spec.field == "telegram_token" or (spec.field == "zalo_token" and len(key) >= 8):
                    secrets.append(key)
                encoded = quote(value, safe="")
                if encoded != value:
                    secrets.append(encoded)
        # Longest first so a secret that contains another is replaced whole.
        return sorted(set(secrets), key=len, reverse=True)

    def redact(self, text: str) -> str:
        """Replace every configured secret occurring in ``text`` with ``***``."""
        for secret in self.secrets():
            text = text.replace(secret, REDACTED)
        return text

    def __repr__(self) -> str:
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            shown = REDACTED if _SPEC_BY_FIELD[f.name].secret and value is not None else repr(value)
            parts.append(f"{f.name}={shown}")
        return f"{type(self).__name__}({', '.join(parts)})"

    __str__ = __repr__


# --- loading ---------------------------------------------------------------------------


@dataclass
class _Raw:
    value: Any
    env_var: str  # the name to blame in errors (an alias when the alias was used)
    source: str


def _lookup(values: Mapping[str, str | None], spec: SettingSpec, source: str) -> _Raw | None:
    for name in (spec.env_var, *spec.aliases):
        value = values.get(name)
        # Empty values count as unset so that "KTD_WEBHOOK_URL=" in a .env disables it.
        if value is not None and value.strip():
            return _Raw(value.strip(), name, source)
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError(CONFIG_ENV_VAR, f"config file {str(path)!r} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        problem = f"config file {str(path)!r} is not valid TOML: {exc}"
        raise SettingsError(CONFIG_ENV_VAR, problem) from None
    except OSError as exc:
        problem = f"cannot read config file {str(path)!r}: {exc.strerror}"
        raise SettingsError(CONFIG_ENV_VAR, problem) from None

    known = set(_SPEC_BY_FIELD)
    settings: dict[str, Any] = {}
    bot_table = data.get("bot", {})
    if not isinstance(bot_table, dict):
        raise SettingsError(CONFIG_ENV_VAR, f"'bot' in {str(path)!r} must be a table")
    # Unknown keys are errors, not warnings: a misspelt key would otherwise silently fall
    # back to a default (e.g. polling instead of the intended webhook).
    for where, table in (("top level", {k: v for k, v in data.items() if k != "bot"}), ("[bot]", bot_table)):
        for key, value in table.items():
            if key not in known:
                raise SettingsError(CONFIG_ENV_VAR, f"unknown key {key!r} at {where} of {str(path)!r}")
            if key in settings:
                raise SettingsError(
                    CONFIG_ENV_VAR, f"key {key!r} is set both at top level and in [bot] of {str(path)!r}"
                )
            settings[key] = value
    return settings


def _coerce_str(raw: _Raw) -> str | None:
    if not isinstance(raw.value, str):
        raise SettingsError(raw.env_var, "must be a string", raw.source)
    value = raw.value.strip()
    return value or None


def _coerce_port(raw: _Raw) -> int:
    value = raw.value
    if isinstance(value, str) and re.fullmatch(r"\d{1,5}", value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(raw.env_var, "must be an integer between 1 and 65535", raw.source)
    return value


def _coerce_count(raw: _Raw) -> int:
    value = raw.value
    if isinstance(value, str) and re.fullmatch(r"\d{1,9}", value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SettingsError(raw.env_var, "must be a whole number, 0 or more", raw.source)
    return value


def _coerce_admin_ids(raw: _Raw) -> frozenset[int]:
    value = raw.value
    items: list[Any]
    if isinstance(value, str):
        items = [item for item in re.split(r"[,;\s]+", value) if item]
    elif isinstance(value, list):
        items = value
    else:
        raise SettingsError(raw.env_var, "must be a list of Telegram user ids", raw.source)
    ids: set[int] = set()
    for item in items:
        if isinstance(item, str) and _ADMIN_ID_RE.fullmatch(item.strip()):
            ids.add(int(item.strip()))
        elif isinstance(item, int) and not isinstance(item, bool) and item > 0:
            ids.add(item)
        else:
            raise SettingsError(
                raw.env_var, f"{str(item)[:40]!r} is not a positive integer Telegram user id", raw.source
            )
    return frozenset(ids)


def _coerce(field_name: str, raw: _Raw) -> Any:
    if field_name in ("webhook_port", "zalo_webhook_port", "zalo_oa_webhook_port"):
        return _coerce_port(raw)
    if field_name == "super_admin_ids":
        return _coerce_admin_ids(raw)
    if field_name == "zalo_monthly_quota":
        return _coerce_count(raw)
    text = _coerce_str(raw)
    if text is None:
        return None
    if field_name in ("database_path", "backup_dir"):
        return Path(text).expanduser()
    if field_name == "default_language":
        return text.lower()
    if field_name == "log_level":
        return text.upper()
    return text


def load_settings(
    env: Mapping[str, str] | None = None,
    env_file: Path | None = DEFAULT_ENV_FILE,
    toml_file: Path | None = None,
) -> Settings:
    """Load and validate settings. Raises ``SettingsError`` naming the variable to fix.

    ``env`` defaults to ``os.environ``. ``env_file`` is read with python-dotenv without
    touching the process environment; the default ``.env`` may be absent, any other path
    must exist; ``None`` skips it. ``toml_file`` defaults to the path in ``KTD_CONFIG``
    (looked up in the environment, then the ``.env``); ``None`` without ``KTD_CONFIG``
    means no TOML file. A TOML path that does not exist is an error.
    """
    environment: Mapping[str, str | None] = os.environ if env is None else env

    dotenv: dict[str, str | None] = {}
    if env_file is not None:
        if env_file.is_file():
            dotenv = dict(dotenv_values(env_file))
        elif env_file != DEFAULT_ENV_FILE or env_file.exists():
            # An explicitly requested file that is missing is almost certainly a mistake;
            # a directory called .env is equally unusable.
            raise SettingsError("env_file", f"{str(env_file)!r} does not exist or is not a file")

    if toml_file is None:
        for values in (environment, dotenv):
            config = values.get(CONFIG_ENV_VAR)
            if config is not None and config.strip():
                toml_file = Path(config.strip()).expanduser()
                break
    toml_values = _read_toml(toml_file) if toml_file is not None else {}

    kwargs: dict[str, Any] = {}
    # Per env var: where its value came from and which name the operator actually used
    # (TELEGRAM_BOT_TOKEN vs KTD_TELEGRAM_TOKEN), so errors point at the right line.
    sources: dict[str, str] = {}
    used_names: dict[str, str] = {}
    for spec in SETTINGS_TABLE:
        raw = _lookup(environment, spec, "environment") or _lookup(dotenv, spec, str(env_file))
        if raw is None and spec.field in toml_values:
            raw = _Raw(toml_values[spec.field], spec.env_var, str(toml_file))
            # Blank strings in TOML mean unset too, matching the env rule.
            if isinstance(raw.value, str) and not raw.value.strip():
                raw = None
        if raw is None:
            continue
        kwargs[spec.field] = _coerce(spec.field, raw)
        sources[spec.env_var] = raw.source
        used_names[spec.env_var] = raw.env_var

    try:
        return Settings(**kwargs)
    except SettingsError as exc:
        if exc.source is not None:
            raise
        name = exc.setting_name
        raise SettingsError(used_names.get(name, name), exc.problem, sources.get(name)) from None


# read by bot.py itself, not a setting: a rehearsal's clock file (see bot/domain/clock.py)
CLOCK_FILE_ENV_VAR = "KTD_CLOCK_FILE"


def known_variables() -> frozenset[str]:
    """Every KTD_* name the program reads; any other KTD_* name is most likely a typo."""
    return frozenset({spec.env_var for spec in SETTINGS_TABLE} | {CONFIG_ENV_VAR, CLOCK_FILE_ENV_VAR})


def unknown_variables(
    env: Mapping[str, str | None] | None = None, env_file: Path | None = DEFAULT_ENV_FILE
) -> list[tuple[str, str | None, str]]:
    """(name, closest known name or None, where it was found) for each KTD_* name the program does not read.

    A misspelt name is otherwise silently ignored: KTD_TELEGRAM_TOKN= leaves the bot without a token and
    nothing says why. Names only, never values: the value may be the token itself.
    """
    environment: Mapping[str, str | None] = os.environ if env is None else env
    places: list[tuple[str, Mapping[str, str | None]]] = [("environment", environment)]
    if env_file is not None and env_file.is_file():
        places.append((str(env_file), dotenv_values(env_file)))
    known = known_variables()
    found = []
    for source, values in places:
        for name in sorted(values):
            if name.upper().startswith("KTD_") and name not in known:
                close = difflib.get_close_matches(name.upper(), sorted(known), n=1, cutoff=0.6)
                found.append((name, close[0] if close else None, source))
    return found


def env_example() -> str:
    """The text of .env.example: every setting with what it does, defaults commented out."""
    lines = [
        "# Settings of the emulation-bloc bot. Copy this file to .env and fill it in; the real environment",
        "# wins over this file, and a TOML file (KTD_CONFIG) comes after both. Generated from",
        "# bot/app/settings.py (SETTINGS_TABLE); tests/unit/test_deploy_files.py keeps the two the same.",
        "# Lines starting with # keep the default.",
    ]
    for spec in SETTINGS_TABLE:
        lines.append("")
        lines.append(f"# {spec.description}")
        if spec.default.startswith("("):
            lines.append(f"# Default: {spec.default.strip('()')}.")
            # the token is what a new operator must set, so it is the one line left open
            prefix = "" if spec.field == "telegram_token" else "# "
            lines.append(f"{prefix}{spec.env_var}=")
        else:
            lines.append(f"# {spec.env_var}={spec.default}")
    lines += ["", "# Path of a TOML file with the settings above (keys as in the README's Settings table).",
              f"# {CONFIG_ENV_VAR}="]
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def _md_default(default: str) -> str:
    # Real values are shown as code; explanations such as "(unset)" stay prose.
    return _md_cell(default) if default.startswith("(") else f"`{default}`"


def settings_table_markdown() -> str:
    """Markdown table of all settings for the README."""
    lines = [
        "| Environment variable | TOML key | Default | Description |",
        "|---|---|---|---|",
    ]
    for spec in SETTINGS_TABLE:
        default, description = _md_default(spec.default), _md_cell(spec.description)
        lines.append(f"| `{spec.env_var}` | `{spec.field}` | {default} | {description} |")
    lines.append(
        f"| `{CONFIG_ENV_VAR}` | – | (unset) | Path of a TOML file with the keys above, "
        "at top level or in a `[bot]` table. |"
    )
    return "\n".join(lines) + "\n"
