"""The OA channel's dealings with Zalo itself: tokens across their expiry, after a refusal and when the refresh
token is dead, the authorize step, the webhook's signature, duplicate events, and unfollowing."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from bot.app.cli_tasks import zalo_oa_authorize
from bot.services.notify import FAILED, LATER, SENT
from bot.services.zalo_oa import ZaloOAStore
from bot.text.messages import Reply
from tests.e2e.harness import say
from tests.zalo_oa.harness import osay


async def test_the_access_token_is_refreshed_across_its_expiry_and_the_rotated_pair_survives_a_restart(harness):
    user = harness.oa_user("Nguyễn Văn An")
    assert (await osay(user, "/start"))["text"]
    before = await ZaloOAStore(harness.services.db, harness.clock).tokens(harness.oa.app_id)
    assert before is not None and harness.oa.refreshes == 0

    harness.clock.advance(timedelta(hours=26))  # the 25-hour access token is gone
    assert (await osay(user, "/menu"))["text"]
    assert harness.oa.refreshes == 1
    after = await ZaloOAStore(harness.services.db, harness.clock).tokens(harness.oa.app_id)
    assert after is not None and after.refresh_token != before.refresh_token
    assert before.refresh_token in harness.oa.used_refresh_tokens
    assert after.access_expires_at == harness.clock.now() + timedelta(seconds=90000)
    # no expired token was ever sent: the refresh came first
    assert [r.code for r in harness.oa.refusals] == []

    # a restart reads the rotated pair: the old refresh token, now dead, is never offered again
    await harness.restart()
    harness.clock.advance(timedelta(hours=26))
    assert (await osay(user, "/menu"))["text"]
    assert harness.oa.refreshes == 2
    assert [r.code for r in harness.oa.refusals] == []


async def test_a_refused_token_is_refreshed_and_the_message_sent_once(harness):
    user = harness.oa_user("Nguyễn Văn An")
    await osay(user, "/start")
    count = len(user.messages)
    harness.oa.revoke_access_tokens()
    reply = await osay(user, "/menu")
    await harness.settle()
    assert reply["text"] and len(user.messages) == count + 1
    assert harness.oa.refreshes == 1
    assert [r.code for r in harness.oa.refusals] == [-216]


async def test_a_dead_refresh_token_stops_only_the_oa_with_one_line_saying_how_to_authorize(harness, caplog):
    user = harness.oa_user("Nguyễn Văn An")
    await osay(user, "/start")
    harness.oa.revoke_access_tokens()
    harness.oa.used_refresh_tokens.update(harness.oa.refresh_tokens)
    harness.oa.refresh_tokens.clear()
    count = len(user.messages)
    with caplog.at_level(logging.ERROR, logger="bot.channels.zalo_oa_tokens"):
        assert await user.send("/menu") == 200
        await harness.settle()
        assert await user.send("/menu") == 200
        await harness.settle()
    assert len(user.messages) == count
    lines = [r.getMessage() for r in caplog.records if "zalo-oa-authorize" in r.getMessage()]
    assert len(lines) == 1 and "the Zalo OA channel stops" in lines[0]
    assert harness.running is not None and harness.running.zalo_oa is not None
    assert harness.running.zalo_oa.unauthorized and not harness.running.ended.is_set()
    assert [r.code for r in harness.oa.refusals] == [-216, -14020]
    # Telegram goes on
    assert (await say(harness.user("Lê Văn Bảo"), "/start"))["text"]


async def test_authorize_prints_the_link_takes_the_code_and_stores_the_tokens(harness, capsys):
    settings = harness.settings()
    settings = type(settings)(**{**{f: getattr(settings, f) for f in settings.__dataclass_fields__},
                                 "zalo_oa_redirect_uri": "https://khoi.example.vn/zalo-oa/callback"})
    before = await ZaloOAStore(harness.services.db, harness.clock).tokens(harness.oa.app_id)

    def admin_pastes(prompt: str) -> str:
        link = re.search(r"https?://\S+/permission\?\S+", capsys.readouterr().out).group(0)
        query = parse_qs(urlsplit(link).query)
        assert query["app_id"] == [harness.oa.app_id]
        assert query["redirect_uri"] == ["https://khoi.example.vn/zalo-oa/callback"]
        code = harness.oa.authorize(query["code_challenge"][0])
        return f"https://khoi.example.vn/zalo-oa/callback?code={code}&state={query['state'][0]}"

    assert await zalo_oa_authorize(settings, admin_pastes) == 0
    assert "Đã lưu token" in capsys.readouterr().out
    after = await ZaloOAStore(harness.services.db, harness.clock).tokens(harness.oa.app_id)
    assert after is not None and before is not None and after.access_token != before.access_token
    assert after.access_token in harness.oa.access_tokens

    # a code answered with another authorization's state is refused, nothing stored
    assert await zalo_oa_authorize(settings, lambda prompt: "https://x.vn/cb?code=abc&state=other") == 1
    assert (await ZaloOAStore(harness.services.db, harness.clock).tokens(harness.oa.app_id)) == after


async def test_a_forged_webhook_signature_is_refused_with_403_and_changes_nothing(harness):
    user = harness.oa_user("Nguyễn Văn An")
    oa_user = harness.oa.users[user.id]
    event = harness.oa.event(oa_user, "user_send_text", {"text": "/start"})
    assert await harness.oa.post_event(event, signature="mac=" + "0" * 64) == 403
    # signed with the app secret instead of the OA secret key
    wrong = harness.oa.sign(b"", event).replace("mac=", "")
    assert await harness.oa.post_event(event, signature=f"mac={wrong}") == 403
    assert await harness.oa.post_event(event, signature="") == 403
    await harness.settle()
    assert user.messages == []
    # the same event, rightly signed, is handled (the forgeries did not use up its message id)
    assert await harness.oa.post_event(event) == 200
    assert (await user.next_message())["text"]


async def test_a_duplicate_event_is_handled_once(harness):
    user = harness.oa_user("Nguyễn Văn An")
    await osay(user, "/start")
    count = len(user.messages)
    assert await user.send("/menu") == 200
    assert await harness.oa.post_event(user.last_event) == 200  # Zalo retries what it thinks unanswered
    await harness.settle()
    assert len(user.messages) == count + 1
    assert harness.running is not None and harness.running.zalo_oa is not None
    assert harness.running.zalo_oa.duplicates == 1


async def test_a_rate_limit_pauses_only_the_oa_and_a_window_refusal_pauses_nothing(harness):
    user = harness.oa_user("Nguyễn Văn An")
    other = harness.oa_user("Lê Thị Cúc")
    await osay(user, "/start")
    await osay(other, "/start")
    assert harness.running is not None and harness.running.zalo_oa is not None
    oa = harness.running.zalo_oa
    # one person out of the window: refused for them alone, the next person is reached
    harness.oa.users[user.id].last_interaction = harness.clock.now() - timedelta(days=8)
    assert await oa.deliver(user.id, Reply("Thông báo 1")) == FAILED
    assert await oa.deliver(other.id, Reply("Thông báo 1")) == SENT
    # a rate limit: nothing certainly left, so LATER, and the OA sends nothing for a while
    harness.oa.inject_error("/v3.0/oa/message/cs", -32, "rate limit")
    assert await oa.deliver(other.id, Reply("Thông báo 2")) == LATER
    refused = len(harness.oa.refusals)
    assert await oa.deliver(other.id, Reply("Thông báo 3")) == LATER
    assert len(harness.oa.refusals) == refused and other.texts[-1] == "Thông báo 1"
    # Telegram goes on
    assert (await say(harness.user("Lê Văn Bảo"), "/start"))["text"]
