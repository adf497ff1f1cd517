"""A Zalo Official Account API double for end-to-end tests (see server.py for what it enforces).

    double = ZaloOADouble(now=clock.now)
    await double.start()
    ...  # the bot with KTD_ZALO_OA_API_URL=double.api_url, KTD_ZALO_OA_OAUTH_URL=double.oauth_url
    user = double.user("Nguyễn Văn An")
    await user.send("/start")
    assert not double.rejections
"""

from .client import ZaloOAUser
from .server import ZaloOADouble
from .state import OARejection

__all__ = ["OARejection", "ZaloOADouble", "ZaloOAUser"]
