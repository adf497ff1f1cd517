"""Sentences for the Zalo channel, linking two channels and the notice channel; merged into bot.catalogue.

Vietnamese first, English second, as in bot/catalogue.py (which imports this dict at its end until the
entries are moved there).
"""

from __future__ import annotations

MESSAGES_ZALO: dict[str, tuple[str, str]] = {
    # --- commands menu (setMyCommands on Telegram) and help -------------------------------------------
    "cmd.lienket": ("Liên kết tài khoản Telegram và Zalo", "Link your Telegram and Zalo accounts"),
    "cmd.kenh": ("Chọn kênh nhận nhắc việc, thông báo", "Choose where reminders and notices go"),
    "help.linking": (
        "\n/lienket – dùng bot trên cả Telegram và Zalo\n/kenh – chọn kênh nhận nhắc việc, thông báo",
        "\n/lienket – use the bot on both Telegram and Zalo\n/kenh – choose where reminders and notices go",
    ),
    # --- linking a second channel -------------------------------------------------------------------
    "link.code": (
        "Mã liên kết của đồng chí: {code}\n\nXin mở bot trên {channel} và gõ:\n/lienket {code}\n\n"
        "Mã chỉ dùng một lần và hết hạn lúc {time}. Không đưa mã này cho người khác: ai gõ mã sẽ dùng "
        "được tài khoản của đồng chí.",
        "Your link code: {code}\n\nOpen the bot on {channel} and type:\n/lienket {code}\n\n"
        "The code works once and expires at {time}. Do not share it: whoever types it can use your account.",
    ),
    "link.done": (
        "Đã liên kết! Tài khoản {channel} này nay là của đồng chí {name}: đồng chí dùng bot được trên cả "
        "Telegram và Zalo. Gõ /kenh để chọn kênh nhận nhắc việc và thông báo.",
        "Linked! This {channel} account now belongs to {name}: you can use the bot on both Telegram and "
        "Zalo. Type /kenh to choose where reminders and notices go.",
    ),
    "link.notice": (
        "Một tài khoản {channel} vừa được liên kết với tài khoản của đồng chí. Nếu không phải đồng chí làm, "
        "xin báo ngay cho quản trị khối.",
        "A {channel} account has just been linked to yours. If it was not you, please tell the bloc "
        "administrator at once.",
    ),
    "link.how": (
        "Để dùng bot trên cả Telegram và Zalo: trên kênh đồng chí đã đăng ký, gõ /lienket để lấy mã liên "
        "kết, rồi gõ /lienket MÃ ở đây.\n\nChưa đăng ký? Xin gõ mã mời của đơn vị (10 ký tự).",
        "To use the bot on both Telegram and Zalo: on the channel where you registered, type /lienket to "
        "get a link code, then type /lienket CODE here.\n\nNot registered yet? Please type your unit's "
        "invite code (10 characters).",
    ),
    "refused.link_code_unknown": (
        "Mã liên kết không đúng hoặc đã được dùng. Xin lấy mã mới bằng lệnh /lienket trên kênh đã đăng ký.",
        "That link code is wrong or already used. Please get a new one with /lienket on the channel where "
        "you registered.",
    ),
    "refused.link_code_expired": (
        "Mã liên kết đã hết hạn (mã chỉ dùng được trong 15 phút). Xin lấy mã mới bằng lệnh /lienket.",
        "That link code has expired (codes last 15 minutes). Please get a new one with /lienket.",
    ),
    "refused.link_same_channel": (
        "Mã này cần gõ trên {channel}, không phải trên kênh đã lấy mã.",
        "Please type this code on {channel}, not on the channel that showed it.",
    ),
    "refused.link_already": (
        "Tài khoản {channel} này đã được liên kết với đồng chí rồi.",
        "This {channel} account is already linked to you.",
    ),
    "refused.link_account_taken": (
        "Tài khoản {channel} này đã thuộc về một người dùng khác nên không liên kết được. Xin liên hệ quản "
        "trị khối.",
        "This {channel} account already belongs to someone else, so it cannot be linked. Please contact "
        "the bloc administrator.",
    ),
    "refused.link_channel_taken": (
        "Đồng chí đã liên kết một tài khoản {channel} khác. Nếu cần đổi, xin liên hệ quản trị khối.",
        "You have already linked another {channel} account. To change it, please contact the bloc "
        "administrator.",
    ),
    "refused.link_complete": (
        "Tài khoản của đồng chí đã liên kết cả Telegram và Zalo.",
        "Your account is already linked on both Telegram and Zalo.",
    ),
    # --- which channel gets reminders and notices ---------------------------------------------------
    "notice.ask": (
        "Nhắc việc và thông báo của khối hiện gửi cho đồng chí qua: {current}.\nĐồng chí muốn nhận qua kênh nào?",
        "Reminders and notices of the bloc now reach you on: {current}.\nWhere would you like them?",
    ),
    "notice.hint_link": (
        "\n\nĐồng chí mới dùng bot trên {channel}. Gõ /lienket để liên kết thêm kênh còn lại.",
        "\n\nYou use the bot on {channel} only. Type /lienket to link the other channel too.",
    ),
    "notice.telegram": ("Telegram", "Telegram"),
    "notice.zalo": ("Zalo", "Zalo"),
    "notice.both": ("Cả Telegram và Zalo", "Both Telegram and Zalo"),
    "notice.set": (
        "Đã lưu. Nhắc việc và thông báo sẽ gửi cho đồng chí qua: {current}.",
        "Saved. Reminders and notices will reach you on: {current}.",
    ),
    "refused.notice_channel_invalid": (
        "Xin chọn Telegram, Zalo hoặc cả hai.",
        "Please choose Telegram, Zalo or both.",
    ),
    "refused.channel_not_linked": (
        "Đồng chí chưa liên kết {channel}. Gõ /lienket để lấy mã liên kết.",
        "You have not linked {channel} yet. Type /lienket to get a link code.",
    ),
    # --- options on a text-only channel while a step waits for typed input -------------------------
    "zalo.choose_hash": (
        "Gõ #số để chọn (ví dụ #1), hoặc gõ nội dung được hỏi.",
        "Type #number to choose (for example #1), or type what was asked.",
    ),
    # --- what Zalo cannot carry ---------------------------------------------------------------------
    "zalo.file_unavailable": (
        "(Zalo không gửi được tệp «{file}». Xin mở bot trên Telegram để nhận tệp, hoặc đề nghị quản trị "
        "khối gửi cho đồng chí.)",
        "(Zalo cannot carry the file «{file}». Please open the bot on Telegram to get it, or ask the bloc "
        "administrator to send it to you.)",
    ),
    "zalo.file_sent_telegram": (
        "(Zalo không gửi được tệp, nên tệp «{file}» đã được gửi sang Telegram của đồng chí.)",
        "(Zalo cannot carry files, so «{file}» was sent to your Telegram instead.)",
    ),
}
