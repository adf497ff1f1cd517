"""A Telegram Bot API double for end-to-end tests and the interactive sandbox.

The server (``TelegramDouble``) speaks the real Bot API over HTTP on 127.0.0.1 and validates every call
against the bundled Bot API spec; ``FakeUser``/``FakeGroup`` act as people chatting with the bot.

    double = TelegramDouble()
    await double.start()
    token = double.create_bot()
    app = ApplicationBuilder().token(token).base_url(double.api_url).base_file_url(double.file_url).build()
    ...  # start the application (polling or webhook)
    user = double.user(token, first_name="Nguyễn Văn An")
    await user.send("/start")
    reply = await user.next_message()
    await user.press("Đăng ký")
    assert not double.rejections
"""

from .client import ButtonNotFound, FakeGroup, FakeUser, buttons
from .server import DeliveryFailure, TelegramDouble
from .spec import ApiError, ApiSpec, SpecViolation
from .state import ApiCall, Rejection

__all__ = [
    "ApiCall",
    "ApiError",
    "ApiSpec",
    "ButtonNotFound",
    "DeliveryFailure",
    "FakeGroup",
    "FakeUser",
    "Rejection",
    "SpecViolation",
    "TelegramDouble",
    "buttons",
]
