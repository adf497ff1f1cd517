"""The aiohttp transport maps failures the way python-telegram-bot expects (its retries depend on it)."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import web
from telegram import InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.channels.aiohttp_request import AiohttpRequest
from tests.fixtures import listen_port, local_server


async def test_a_refused_connection_is_a_network_error():
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match="aiohttp"):
            await request.do_request(f"http://127.0.0.1:{listen_port()}/botX/getMe", "POST", RequestData())
    finally:
        await request.shutdown()


async def test_a_server_that_never_answers_is_a_timeout():
    done = asyncio.Event()

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)  # accepts the request and says nothing
        await done.wait()
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    request = AiohttpRequest(read_timeout=0.05, write_timeout=0.05)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.do_request(f"http://127.0.0.1:{port}/botX/getMe", "POST", RequestData())
    finally:
        await request.shutdown()
        done.set()
        server.close()


async def test_it_must_be_initialized_first():
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:1/", "POST")


async def test_an_error_that_quotes_the_url_does_not_carry_the_token():
    request = AiohttpRequest()
    await request.initialize()
    url = "http://127.0.0.1:notaport/bot123456:SECRET-token/getMe"
    try:
        with pytest.raises(NetworkError) as raised:
            await request.do_request(url, "POST", RequestData())
    finally:
        await request.shutdown()
    assert "SECRET" not in raised.value.message and "aiohttp." in raised.value.message


async def test_parameters_go_as_a_json_body_and_files_as_multipart():
    seen: list[tuple[str, dict]] = []

    async def record(request: web.Request) -> web.Response:
        if request.content_type == "application/json":
            seen.append((request.content_type, await request.json()))
        else:
            form = await request.post()
            seen.append((request.content_type, {k: getattr(v, "filename", v) for k, v in form.items()}))
        return web.json_response({"ok": True, "result": True})

    request = AiohttpRequest()
    await request.initialize()
    try:
        async with local_server("/{method}", record) as port:
            markup = {"inline_keyboard": [[{"text": "Về phiếu", "callback_data": "as"}]]}
            plain = RequestData([RequestParameter.from_input("chat_id", 5),
                                 RequestParameter.from_input("text", "Đã lưu"),
                                 RequestParameter.from_input("reply_markup", markup)])
            assert (await request.do_request(f"http://127.0.0.1:{port}/sendMessage", "POST", plain))[0] == 200
            upload = RequestData([RequestParameter.from_input("chat_id", 5),
                                  RequestParameter.from_input("document", InputFile(b"x", filename="bang.xlsx"))])
            assert (await request.do_request(f"http://127.0.0.1:{port}/sendDocument", "POST", upload))[0] == 200
    finally:
        await request.shutdown()
    (json_type, body), (form_type, form) = seen
    assert json_type == "application/json"
    assert body["text"] == "Đã lưu" and body["chat_id"] in (5, "5")
    assert json.loads(body["reply_markup"]) == markup
    assert form_type == "multipart/form-data" and form["document"] == "bang.xlsx" and form["chat_id"] == "5"
