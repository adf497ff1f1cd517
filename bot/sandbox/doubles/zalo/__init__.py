"""A Zalo Bot API double for end-to-end tests, like the Telegram one in bot/double.

    double = ZaloDouble(poll_time_scale=0.02)
    await double.start()
    token = double.create_bot()
    ...  # start the bot with KTD_ZALO_TOKEN=token, KTD_ZALO_API_URL=double.api_url
    user = double.user(token, display_name="Nguyễn Văn An")
    await user.send("/start")
    reply = await user.next_message()
    assert not double.rejections
"""

from .client import ZaloGroup, ZaloUser
from .server import ZaloApiError, ZaloDouble
from .state import ZaloCall, ZaloDeliveryFailure, ZaloRejection

__all__ = [
    "ZaloApiError",
    "ZaloCall",
    "ZaloDeliveryFailure",
    "ZaloDouble",
    "ZaloGroup",
    "ZaloRejection",
    "ZaloUser",
]
