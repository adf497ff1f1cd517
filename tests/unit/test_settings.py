from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app.settings import (
    SETTINGS_TABLE,
    Settings,
    SettingsError,
    load_settings,
    settings_table_markdown,
)

TOKEN = "123456789:AAH-secret_Key-xyz"
OTHER_TOKEN = "987654321:BBB-other_Key"
SECRET = "hook-Secret_42"


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The default ".env" is relative to the working directory; never pick up a real one.
    monkeypatch.chdir(tmp_path)


def load(env: dict[str, str] | None = None, **kwargs: object) -> Settings:
    kwargs.setdefault("env_file", None)
    return load_settings(env=env or {}, **kwargs)  # type: ignore[arg-type]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- defaults and parsing ----------------------------------------------------------------


def test_defaults() -> None:
    s = load()
    assert s.telegram_token is None
    assert s.sandbox
    assert s.telegram_api_url == "https://api.telegram.org/bot"
    assert s.telegram_file_url == "https://api.telegram.org/file/bot"
    assert s.database_path == Path("khoithidua.sqlite3")
    assert s.timezone == "Asia/Ho_Chi_Minh"
    assert s.tz == ZoneInfo("Asia/Ho_Chi_Minh")
    assert s.default_language == "vi"
    assert s.super_admin_ids == frozenset()
    assert s.webhook_url is None
    assert not s.use_webhook
    assert s.webhook_listen == "0.0.0.0"
    assert s.webhook_port == 8443
    assert s.webhook_secret is None
    assert s.log_level == "INFO"
    assert s.zalo_token is None
    assert s.zalo_api_url == "https://bot-api.zaloplatforms.com"
    assert s == Settings()


def test_all_values_from_env() -> None:
    s = load(
        {
            "KTD_TELEGRAM_TOKEN": TOKEN,
            "KTD_TELEGRAM_API_URL": "http://127.0.0.1:8081/bot",
            "KTD_TELEGRAM_FILE_URL": "http://127.0.0.1:8081/file/bot",
            "KTD_DATABASE_PATH": "data/ktd.db",
            "KTD_TIMEZONE": "UTC",
            "KTD_DEFAULT_LANGUAGE": "EN",
            "KTD_SUPER_ADMIN_IDS": "11, 22 33,,44",
            "KTD_WEBHOOK_URL": "https://bot.example.vn/tg",
            "KTD_WEBHOOK_LISTEN": "127.0.0.1",
            "KTD_WEBHOOK_PORT": " 8080 ",
            "KTD_WEBHOOK_SECRET": SECRET,
            "KTD_LOG_LEVEL": "debug",
            "KTD_ZALO_TOKEN": "zalo-token-value",
            "KTD_ZALO_API_URL": "https://zalo.example",
        }
    )
    assert s.telegram_token == TOKEN
    assert not s.sandbox
    assert s.telegram_api_url == "http://127.0.0.1:8081/bot"
    assert s.telegram_file_url == "http://127.0.0.1:8081/file/bot"
    assert s.database_path == Path("data/ktd.db")
    assert s.tz == ZoneInfo("UTC")
    assert s.default_language == "en"
    assert s.super_admin_ids == frozenset({11, 22, 33, 44})
    assert s.webhook_url == "https://bot.example.vn/tg"
    assert s.use_webhook
    assert s.webhook_listen == "127.0.0.1"
    assert s.webhook_port == 8080
    assert s.webhook_secret == SECRET
    assert s.log_level == "DEBUG"
    assert s.zalo_token == "zalo-token-value"
    assert s.zalo_api_url == "https://zalo.example"


def test_alias_telegram_bot_token() -> None:
    assert load({"TELEGRAM_BOT_TOKEN": TOKEN}).telegram_token == TOKEN


def test_ktd_token_wins_over_alias() -> None:
    s = load({"TELEGRAM_BOT_TOKEN": OTHER_TOKEN, "KTD_TELEGRAM_TOKEN": TOKEN})
    assert s.telegram_token == TOKEN


def test_empty_values_count_as_unset() -> None:
    s = load({"KTD_TELEGRAM_TOKEN": "", "KTD_WEBHOOK_URL": "  ", "KTD_WEBHOOK_PORT": "", "KTD_TIMEZONE": ""})
    assert s.telegram_token is None
    assert s.webhook_url is None  # so no secret is demanded
    assert s.webhook_port == 8443
    assert s.timezone == "Asia/Ho_Chi_Minh"


def test_empty_ktd_token_falls_back_to_alias() -> None:
    assert load({"KTD_TELEGRAM_TOKEN": "", "TELEGRAM_BOT_TOKEN": TOKEN}).telegram_token == TOKEN


def test_database_path_expands_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert load({"KTD_DATABASE_PATH": "~/ktd.sqlite3"}).database_path == tmp_path / "ktd.sqlite3"


def test_http_webhook_allowed_for_localhost() -> None:
    for url in ("http://127.0.0.1:8443/hook", "http://localhost/hook", "http://[::1]:80/"):
        assert load({"KTD_WEBHOOK_URL": url, "KTD_WEBHOOK_SECRET": SECRET}).webhook_url == url


def test_webhook_secret_of_256_chars_is_fine() -> None:
    assert load({"KTD_WEBHOOK_SECRET": "a" * 256}).webhook_secret == "a" * 256


def test_default_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KTD_LOG_LEVEL", "WARNING")
    assert load_settings(env_file=None).log_level == "WARNING"


def test_frozen() -> None:
    s = load()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.log_level = "DEBUG"  # type: ignore[misc]


def test_direct_construction_is_validated_and_coerced() -> None:
    s = Settings(super_admin_ids=[5, 6], database_path="x.db")  # type: ignore[arg-type]
    assert s.super_admin_ids == frozenset({5, 6})
    assert s.database_path == Path("x.db")
    with pytest.raises(SettingsError) as info:
        Settings(webhook_port=0)
    assert info.value.setting_name == "KTD_WEBHOOK_PORT"


# --- every error names the variable to fix -----------------------------------------------

BAD_ENV = [
    ({"KTD_TELEGRAM_TOKEN": "not-a-token"}, "KTD_TELEGRAM_TOKEN"),
    ({"KTD_TELEGRAM_TOKEN": "123:abc def"}, "KTD_TELEGRAM_TOKEN"),
    ({"KTD_TELEGRAM_TOKEN": "abc:def"}, "KTD_TELEGRAM_TOKEN"),
    ({"KTD_TELEGRAM_TOKEN": "123:"}, "KTD_TELEGRAM_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": "123-abc"}, "TELEGRAM_BOT_TOKEN"),
    ({"KTD_TELEGRAM_API_URL": "api.telegram.org/bot"}, "KTD_TELEGRAM_API_URL"),
    ({"KTD_TELEGRAM_API_URL": "ftp://api.telegram.org/bot"}, "KTD_TELEGRAM_API_URL"),
    ({"KTD_TELEGRAM_FILE_URL": "https://"}, "KTD_TELEGRAM_FILE_URL"),
    ({"KTD_ZALO_API_URL": "zalo"}, "KTD_ZALO_API_URL"),
    ({"KTD_TIMEZONE": "Asia/Hanoi_Nope"}, "KTD_TIMEZONE"),
    ({"KTD_TIMEZONE": "../../etc/passwd"}, "KTD_TIMEZONE"),
    ({"KTD_DEFAULT_LANGUAGE": "fr"}, "KTD_DEFAULT_LANGUAGE"),
    ({"KTD_SUPER_ADMIN_IDS": "12,abc"}, "KTD_SUPER_ADMIN_IDS"),
    ({"KTD_SUPER_ADMIN_IDS": "-100123"}, "KTD_SUPER_ADMIN_IDS"),
    ({"KTD_SUPER_ADMIN_IDS": "1.5"}, "KTD_SUPER_ADMIN_IDS"),
    ({"KTD_SUPER_ADMIN_IDS": "0"}, "KTD_SUPER_ADMIN_IDS"),
    ({"KTD_WEBHOOK_PORT": "0"}, "KTD_WEBHOOK_PORT"),
    ({"KTD_WEBHOOK_PORT": "65536"}, "KTD_WEBHOOK_PORT"),
    ({"KTD_WEBHOOK_PORT": "84a3"}, "KTD_WEBHOOK_PORT"),
    ({"KTD_WEBHOOK_PORT": "-1"}, "KTD_WEBHOOK_PORT"),
    ({"KTD_WEBHOOK_URL": "https://bot.example.vn/hook"}, "KTD_WEBHOOK_SECRET"),
    ({"KTD_WEBHOOK_URL": "http://bot.example.vn/hook", "KTD_WEBHOOK_SECRET": SECRET}, "KTD_WEBHOOK_URL"),
    ({"KTD_WEBHOOK_URL": "bot.example.vn", "KTD_WEBHOOK_SECRET": SECRET}, "KTD_WEBHOOK_URL"),
    ({"KTD_WEBHOOK_SECRET": "has space"}, "KTD_WEBHOOK_SECRET"),
    ({"KTD_WEBHOOK_SECRET": "bí-mật"}, "KTD_WEBHOOK_SECRET"),
    ({"KTD_WEBHOOK_SECRET": "a" * 257}, "KTD_WEBHOOK_SECRET"),
    ({"KTD_WEBHOOK_SECRET": "x/y"}, "KTD_WEBHOOK_SECRET"),
    ({"KTD_WEBHOOK_LISTEN": "not a host"}, "KTD_WEBHOOK_LISTEN"),
    ({"KTD_LOG_LEVEL": "TRACE"}, "KTD_LOG_LEVEL"),
    ({"KTD_LOG_LEVEL": "CRITICAL"}, "KTD_LOG_LEVEL"),
    ({"KTD_ZALO_TOKEN": "two words"}, "KTD_ZALO_TOKEN"),
]


@pytest.mark.parametrize(("env", "var"), BAD_ENV)
def test_error_names_the_variable(env: dict[str, str], var: str) -> None:
    with pytest.raises(SettingsError) as info:
        load(env)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.setting_name == var
    assert str(err).startswith(f"Invalid setting {var}: ")
    assert err.problem in str(err)


def test_error_mentions_the_source(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as info:
        load({"KTD_LOG_LEVEL": "LOUD"})
    assert info.value.source == "environment"

    toml = write(tmp_path / "bot.toml", 'log_level = "LOUD"\n')
    with pytest.raises(SettingsError) as info:
        load(toml_file=toml)
    assert info.value.setting_name == "KTD_LOG_LEVEL"
    assert str(toml) in str(info.value)


def test_errors_never_echo_secrets() -> None:
    bad_token = "123:abc def-very-secret"
    with pytest.raises(SettingsError) as info:
        load({"KTD_TELEGRAM_TOKEN": bad_token})
    assert "very-secret" not in str(info.value)
    with pytest.raises(SettingsError) as info:
        load({"KTD_WEBHOOK_SECRET": "oops my-hidden secret"})
    assert "my-hidden" not in str(info.value)


# --- precedence: environment > .env > TOML > defaults ------------------------------------


def test_precedence(tmp_path: Path) -> None:
    toml = write(
        tmp_path / "config.toml",
        'log_level = "ERROR"\ntimezone = "UTC"\ndefault_language = "en"\nwebhook_port = 1111\n',
    )
    env_file = write(tmp_path / "custom.env", "KTD_LOG_LEVEL=WARNING\nKTD_TIMEZONE=Europe/Paris\n")
    s = load_settings(env={"KTD_LOG_LEVEL": "DEBUG"}, env_file=env_file, toml_file=toml)
    assert s.log_level == "DEBUG"  # environment beats .env and TOML
    assert s.timezone == "Europe/Paris"  # .env beats TOML
    assert s.default_language == "en"  # TOML beats default
    assert s.webhook_port == 1111
    assert s.zalo_api_url == "https://bot-api.zaloplatforms.com"  # default


def test_empty_env_value_does_not_hide_lower_layers(tmp_path: Path) -> None:
    env_file = write(tmp_path / "x.env", "KTD_LOG_LEVEL=WARNING\n")
    s = load_settings(env={"KTD_LOG_LEVEL": ""}, env_file=env_file)
    assert s.log_level == "WARNING"


def test_alias_in_env_beats_ktd_name_in_dotenv(tmp_path: Path) -> None:
    env_file = write(tmp_path / "x.env", f"KTD_TELEGRAM_TOKEN={OTHER_TOKEN}\n")
    s = load_settings(env={"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=env_file)
    assert s.telegram_token == TOKEN


def test_default_dotenv_is_read_from_cwd(tmp_path: Path) -> None:
    write(tmp_path / ".env", f'KTD_TELEGRAM_TOKEN="{TOKEN}"\n# comment\nKTD_SUPER_ADMIN_IDS=7 8\n')
    s = load_settings(env={})
    assert s.telegram_token == TOKEN
    assert s.super_admin_ids == frozenset({7, 8})


def test_dotenv_does_not_modify_os_environ(tmp_path: Path) -> None:
    write(tmp_path / ".env", "KTD_ZALO_TOKEN=zalo-from-dotenv\n")
    assert "KTD_ZALO_TOKEN" not in os.environ
    assert load_settings(env={}).zalo_token == "zalo-from-dotenv"
    assert "KTD_ZALO_TOKEN" not in os.environ


def test_missing_default_dotenv_is_fine() -> None:
    assert load_settings(env={}) == Settings()


def test_missing_explicit_dotenv_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(env={}, env_file=tmp_path / "nope.env")
    assert "nope.env" in str(info.value)


def test_dotenv_value_error_names_variable_and_file(tmp_path: Path) -> None:
    env_file = write(tmp_path / "prod.env", "KTD_WEBHOOK_PORT=eighty\n")
    with pytest.raises(SettingsError) as info:
        load_settings(env={}, env_file=env_file)
    assert info.value.setting_name == "KTD_WEBHOOK_PORT"
    assert "prod.env" in str(info.value)


# --- TOML --------------------------------------------------------------------------------


def test_toml_all_types(tmp_path: Path) -> None:
    toml = write(
        tmp_path / "bot.toml",
        f"""
telegram_token = "{TOKEN}"
super_admin_ids = [1, 2, 3]
webhook_port = 9000
database_path = "var/ktd.sqlite3"
""",
    )
    s = load(toml_file=toml)
    assert s.telegram_token == TOKEN
    assert s.super_admin_ids == frozenset({1, 2, 3})
    assert s.webhook_port == 9000
    assert s.database_path == Path("var/ktd.sqlite3")


def test_toml_bot_table(tmp_path: Path) -> None:
    toml = write(tmp_path / "bot.toml", '[bot]\nlog_level = "WARNING"\nsuper_admin_ids = "5, 6"\n')
    s = load(toml_file=toml)
    assert s.log_level == "WARNING"
    assert s.super_admin_ids == frozenset({5, 6})


def test_toml_path_from_ktd_config(tmp_path: Path) -> None:
    toml = write(tmp_path / "conf.toml", 'log_level = "ERROR"\n')
    assert load({"KTD_CONFIG": str(toml)}).log_level == "ERROR"


def test_toml_path_from_ktd_config_in_dotenv(tmp_path: Path) -> None:
    toml = write(tmp_path / "conf.toml", 'log_level = "ERROR"\n')
    write(tmp_path / ".env", f"KTD_CONFIG={toml}\n")
    assert load_settings(env={}).log_level == "ERROR"


def test_explicit_toml_file_wins_over_ktd_config(tmp_path: Path) -> None:
    a = write(tmp_path / "a.toml", 'log_level = "ERROR"\n')
    b = write(tmp_path / "b.toml", 'log_level = "WARNING"\n')
    assert load({"KTD_CONFIG": str(a)}, toml_file=b).log_level == "WARNING"


@pytest.mark.parametrize(
    "text",
    [
        'telegram_tokn = "x"\n',  # typo at top level
        '[bot]\nlog_levl = "INFO"\n',  # typo in [bot]
        '[telegram]\ntoken = "x"\n',  # unknown table
        'bot = "not a table"\n',
        'log_level = "INFO"\n[bot]\nlog_level = "DEBUG"\n',  # set twice
        "log_level = \n",  # not TOML
    ],
)
def test_bad_toml_is_reported_against_ktd_config(tmp_path: Path, text: str) -> None:
    toml = write(tmp_path / "bad.toml", text)
    with pytest.raises(SettingsError) as info:
        load(toml_file=toml)
    assert info.value.setting_name == "KTD_CONFIG"
    assert "bad.toml" in str(info.value)


def test_missing_toml_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as info:
        load({"KTD_CONFIG": str(tmp_path / "missing.toml")})
    assert info.value.setting_name == "KTD_CONFIG"
    with pytest.raises(SettingsError):
        load(toml_file=tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("text", "var"),
    [
        ("webhook_port = true\n", "KTD_WEBHOOK_PORT"),
        ('webhook_port = "80a"\n', "KTD_WEBHOOK_PORT"),
        ("webhook_port = 70000\n", "KTD_WEBHOOK_PORT"),
        ('super_admin_ids = [1, "x"]\n', "KTD_SUPER_ADMIN_IDS"),
        ("super_admin_ids = [true]\n", "KTD_SUPER_ADMIN_IDS"),
        ("super_admin_ids = 5\n", "KTD_SUPER_ADMIN_IDS"),
        ("log_level = 10\n", "KTD_LOG_LEVEL"),
        ('timezone = "Mars/Base"\n', "KTD_TIMEZONE"),
    ],
)
def test_bad_toml_values_name_the_env_var(tmp_path: Path, text: str, var: str) -> None:
    toml = write(tmp_path / "bot.toml", text)
    with pytest.raises(SettingsError) as info:
        load(toml_file=toml)
    assert info.value.setting_name == var


def test_toml_port_given_as_string_is_accepted(tmp_path: Path) -> None:
    toml = write(tmp_path / "bot.toml", 'webhook_port = "8080"\n')
    assert load(toml_file=toml).webhook_port == 8080


# --- secrets stay secret -----------------------------------------------------------------


def full_secret_settings() -> Settings:
    return load(
        {
            "KTD_TELEGRAM_TOKEN": TOKEN,
            "KTD_WEBHOOK_URL": "https://bot.example.vn/hook",
            "KTD_WEBHOOK_SECRET": SECRET,
            "KTD_ZALO_TOKEN": "zalo-secret-value",
        }
    )


def test_repr_and_str_hide_secrets() -> None:
    s = full_secret_settings()
    for text in (repr(s), str(s), f"{s}", f"{s!r}", repr([s])):
        assert TOKEN not in text
        assert TOKEN.split(":")[1] not in text
        assert SECRET not in text
        assert "zalo-secret-value" not in text
        assert "telegram_token=***" in text
        assert "webhook_secret=***" in text
        assert "zalo_token=***" in text
        assert "https://bot.example.vn/hook" in text


def test_repr_shows_none_for_unset_secrets() -> None:
    assert "telegram_token=None" in repr(load())


def test_redact() -> None:
    s = full_secret_settings()
    text = (
        f"POST https://api.telegram.org/bot{TOKEN}/getMe failed; "
        f"header {SECRET}; zalo zalo-secret-value; encoded 123456789%3A{TOKEN.split(':')[1]}"
    )
    out = s.redact(text)
    assert TOKEN.split(":")[1] not in out
    assert SECRET not in out
    assert "zalo-secret-value" not in out
    assert "https://api.telegram.org/bot***/getMe" in out
    assert s.redact("nothing secret here") == "nothing secret here"
    assert load().redact("no secrets configured") == "no secrets configured"


# --- documentation -----------------------------------------------------------------------


def test_env_var_names_cover_every_field() -> None:
    names = Settings.env_var_names()
    assert set(names) == {f.name for f in dataclasses.fields(Settings)}
    assert names["telegram_token"] == "KTD_TELEGRAM_TOKEN"
    assert all(v.startswith("KTD_") for v in names.values())
    assert [spec.field for spec in SETTINGS_TABLE] == [f.name for f in dataclasses.fields(Settings)]


def test_table_defaults_match_dataclass_defaults() -> None:
    default = Settings()
    for spec in SETTINGS_TABLE:
        value = getattr(default, spec.field)
        if value is None or value == frozenset():
            assert spec.default.startswith("(")
        else:
            assert spec.default == str(value)


def test_markdown_table() -> None:
    md = settings_table_markdown()
    lines = md.strip().splitlines()
    assert lines[0].startswith("| Environment variable |")
    for spec in SETTINGS_TABLE:
        assert f"`{spec.env_var}`" in md
    assert "`KTD_CONFIG`" in md
    assert "TELEGRAM_BOT_TOKEN" in md
    # header + separator + one row per setting + KTD_CONFIG
    assert len(lines) == len(SETTINGS_TABLE) + 3
    assert all(line.count("|") - line.count("\\|") == 5 for line in lines)


# --- the Zalo channel ----------------------------------------------------------------------

ZALO_TOKEN = "1459232241454765289:zalo_key-Secret42"
ZALO_SECRET = "zalo-hook_Secret"


def test_zalo_webhook_defaults_and_values() -> None:
    s = load()
    assert (s.zalo_webhook_url, s.zalo_webhook_listen, s.zalo_webhook_port, s.zalo_webhook_secret) == (
        None, "0.0.0.0", 8444, None)
    s = load({"KTD_ZALO_TOKEN": ZALO_TOKEN, "KTD_ZALO_WEBHOOK_URL": "https://bot.example.vn/zalo",
              "KTD_ZALO_WEBHOOK_SECRET": ZALO_SECRET, "KTD_ZALO_WEBHOOK_LISTEN": "127.0.0.1",
              "KTD_ZALO_WEBHOOK_PORT": "9443"})
    assert s.zalo_webhook_url == "https://bot.example.vn/zalo" and s.zalo_webhook_secret == ZALO_SECRET
    assert s.zalo_webhook_listen == "127.0.0.1" and s.zalo_webhook_port == 9443
    # both webhooks in one process, on their own ports
    both = load({"KTD_WEBHOOK_URL": "https://bot.example.vn/tg", "KTD_WEBHOOK_SECRET": SECRET,
                 "KTD_ZALO_WEBHOOK_URL": "https://bot.example.vn/zalo", "KTD_ZALO_WEBHOOK_SECRET": ZALO_SECRET})
    assert (both.webhook_port, both.zalo_webhook_port) == (8443, 8444)


@pytest.mark.parametrize(("env", "var"), [
    ({"KTD_ZALO_WEBHOOK_URL": "https://bot.example.vn/zalo"}, "KTD_ZALO_WEBHOOK_SECRET"),
    ({"KTD_ZALO_WEBHOOK_URL": "http://bot.example.vn/zalo", "KTD_ZALO_WEBHOOK_SECRET": ZALO_SECRET},
     "KTD_ZALO_WEBHOOK_URL"),
    ({"KTD_ZALO_WEBHOOK_SECRET": "short"}, "KTD_ZALO_WEBHOOK_SECRET"),
    ({"KTD_ZALO_WEBHOOK_SECRET": "a" * 257}, "KTD_ZALO_WEBHOOK_SECRET"),
    ({"KTD_ZALO_WEBHOOK_SECRET": "bí-mật-dài-dài"}, "KTD_ZALO_WEBHOOK_SECRET"),
    ({"KTD_ZALO_WEBHOOK_PORT": "0"}, "KTD_ZALO_WEBHOOK_PORT"),
    ({"KTD_ZALO_WEBHOOK_PORT": "x"}, "KTD_ZALO_WEBHOOK_PORT"),
    ({"KTD_ZALO_WEBHOOK_LISTEN": "not a host"}, "KTD_ZALO_WEBHOOK_LISTEN"),
    ({"KTD_WEBHOOK_URL": "https://a.vn/tg", "KTD_WEBHOOK_SECRET": SECRET, "KTD_WEBHOOK_PORT": "8444",
      "KTD_ZALO_WEBHOOK_URL": "https://a.vn/zalo", "KTD_ZALO_WEBHOOK_SECRET": ZALO_SECRET}, "KTD_ZALO_WEBHOOK_PORT"),
])
def test_bad_zalo_settings_name_the_variable(env: dict[str, str], var: str) -> None:
    with pytest.raises(SettingsError) as info:
        load(env)
    assert info.value.setting_name == var
    assert ZALO_SECRET not in str(info.value)


def test_http_zalo_webhook_allowed_for_localhost() -> None:
    s = load({"KTD_ZALO_WEBHOOK_URL": "http://127.0.0.1:8444/zalo", "KTD_ZALO_WEBHOOK_SECRET": ZALO_SECRET})
    assert s.zalo_webhook_url == "http://127.0.0.1:8444/zalo"


def test_zalo_secrets_are_hidden_and_redacted() -> None:
    s = load({"KTD_ZALO_TOKEN": ZALO_TOKEN, "KTD_ZALO_WEBHOOK_URL": "https://bot.example.vn/zalo",
              "KTD_ZALO_WEBHOOK_SECRET": ZALO_SECRET})
    assert ZALO_SECRET not in repr(s) and "zalo_webhook_secret=***" in repr(s)
    out = s.redact(f"POST https://bot-api.zaloplatforms.com/bot{ZALO_TOKEN}/getMe; key {ZALO_TOKEN.split(':')[1]}; "
                   f"header {ZALO_SECRET}")
    assert ZALO_TOKEN.split(":")[1] not in out and ZALO_SECRET not in out
    assert out == "POST https://bot-api.zaloplatforms.com/bot***/getMe; key ***; header ***"
