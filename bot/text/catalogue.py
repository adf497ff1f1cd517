"""Every sentence the bot says, Vietnamese first and English second. No user-facing literal lives elsewhere.

Placeholders use str.format names; a test checks that both languages use the same ones and that the
Vietnamese is NFC with its diacritics.
"""

from __future__ import annotations

import unicodedata

LANGUAGES = ("vi", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # --- greetings, help, menu -------------------------------------------------------------------
    "stranger.welcome": (
        "Kính chào {name}!\n\nĐây là trợ lý số của khối thi đua. Để tham gia, đồng chí cần mã mời do "
        "Trưởng khối cấp cho đơn vị mình: mở liên kết mời, hoặc gõ mã mời (10 ký tự) vào đây.\n\n"
        "Chưa có mã mời? Xin liên hệ cán bộ đầu mối thi đua của Trưởng khối.",
        "Welcome, {name}!\n\nThis is the emulation bloc's assistant. To join you need the invite code the "
        "bloc head issued to your unit: open the invite link, or type the code (10 characters) here.\n\n"
        "No code yet? Please contact the bloc head's emulation officer.",
    ),
    "stranger.unknown_text": (
        "Đồng chí chưa đăng ký với khối thi đua nào. Xin gõ mã mời của đơn vị (10 ký tự) hoặc mở liên kết "
        "mời mà Trưởng khối đã gửi.",
        "You are not registered with any emulation bloc yet. Please type your unit's invite code "
        "(10 characters) or open the invite link the bloc head sent.",
    ),
    "menu.title.rep": (
        "Kính chào đồng chí {name}, đại diện {unit} ({bloc}, năm {year}).\nXin chọn việc cần làm:",
        "Hello {name}, representative of {unit} ({bloc}, {year}).\nWhat would you like to do?",
    ),
    "menu.title.admin": (
        "Kính chào đồng chí {name}. Đồng chí đang quản trị: {bloc}, năm {year}.\nXin chọn việc cần làm:",
        "Hello {name}. You are administering: {bloc}, {year}.\nWhat would you like to do?",
    ),
    "menu.title.super_nofocus": (
        "Kính chào đồng chí {name} (quản trị hệ thống). Chưa chọn khối thi đua nào để quản trị: xin tạo "
        "khối mới hoặc chọn một khối.",
        "Hello {name} (system administrator). No bloc chosen yet: create a new bloc or choose one.",
    ),
    "menu.my_unit": ("🏢 Đơn vị của tôi", "🏢 My unit"),
    "menu.movements": ("🚩 Phong trào thi đua", "🚩 Movements"),
    "menu.rename": ("✏️ Đổi tên hiển thị", "✏️ Change my name"),
    "menu.help": ("❓ Hướng dẫn", "❓ Help"),
    "menu.admin": ("⚙️ Quản trị khối", "⚙️ Manage the bloc"),
    "menu.back": ("« Về menu chính", "« Main menu"),
    "help.rep": (
        "Hướng dẫn sử dụng\n\n/menu – menu chính\n/donvicuatoi – thông tin đơn vị và các đại diện\n"
        "/ten – đổi tên hiển thị\n/huy – hủy thao tác đang làm\n/help – hướng dẫn này\n\n"
        "Các phần đăng ký thi đua, tự chấm điểm, bình xét sẽ hiện trong menu khi Trưởng khối mở.",
        "How to use\n\n/menu – main menu\n/donvicuatoi – your unit and its representatives\n"
        "/ten – change your display name\n/huy – cancel what you are doing\n/help – this help\n\n"
        "Registration, self-assessment and votes appear in the menu when the bloc head opens them.",
    ),
    "help.admin": (
        "\n\nDành cho quản trị khối:\n/quantri – menu quản trị\n/donvi – danh sách đơn vị, đại diện, mã mời\n"
        "/themdonvi – thêm một đơn vị\n/nhapdonvi – nhập danh sách đơn vị từ tệp CSV hoặc Excel\n"
        "/mamoi – mã mời của tất cả đơn vị\n/truongkhoi – đặt Trưởng khối, Phó trưởng khối\n"
        "/namtiep – mở năm thi đua mới",
        "\n\nFor bloc administrators:\n/quantri – admin menu\n/donvi – units, representatives, invite codes\n"
        "/themdonvi – add a unit\n/nhapdonvi – import units from a CSV or Excel file\n"
        "/mamoi – invite codes of every unit\n/truongkhoi – set the head and deputy units\n"
        "/namtiep – open a new year",
    ),
    "help.super": (
        "\n/taokhoi – tạo khối thi đua mới\n/chonkhoi – chọn khối để quản trị",
        "\n/taokhoi – create a new bloc\n/chonkhoi – choose the bloc to administer",
    ),
    "cancelled": ("Đã hủy thao tác. Gõ /menu để về menu chính.", "Cancelled. Type /menu for the main menu."),
    "nothing_to_cancel": ("Không có thao tác nào đang dở.", "Nothing to cancel."),
    "unknown_command": (
        "Xin lỗi, bot không hiểu lệnh này. Gõ /help để xem các lệnh.",
        "Sorry, I don't know that command. Type /help for the list.",
    ),
    "unknown_text": (
        "Xin chọn một việc trong menu (gõ /menu).",
        "Please pick something from the menu (type /menu).",
    ),
    "stale_button": (
        "Nút này không còn hiệu lực. Xin mở lại /menu.",
        "This button is no longer valid. Please open /menu again.",
    ),
    "group.private_only": (
        "Xin nhắn riêng cho bot để thực hiện thao tác này.",
        "Please message the bot privately for this.",
    ),
    "error.internal": (
        "Xin lỗi, đã có lỗi ở phía hệ thống khi xử lý tin nhắn vừa rồi. Những gì bot đã xác nhận trước đó vẫn "
        "được giữ; xin mở lại chức năng đang dùng (ví dụ /chamdiem), kiểm tra rồi làm tiếp sau ít phút.",
        "Sorry, something went wrong on our side with your last message. What the bot confirmed before is "
        "kept; please open what you were doing again (e.g. /chamdiem), check it and go on in a few minutes.",
    ),
    "error.step_lost": (
        "Xin lỗi, sau lỗi vừa rồi bot không chắc đồng chí đang ở bước nào nên chưa ghi nội dung này. Xin mở lại "
        "chức năng đang dùng (ví dụ /chamdiem hoặc /menu) rồi gửi lại.",
        "Sorry, after the error just now the bot is not sure which step you are at, so this was not saved. "
        "Please open what you were doing again (e.g. /chamdiem or /menu) and send it again.",
    ),
    # --- commands menu (setMyCommands) ----------------------------------------------------------
    "cmd.start": ("Bắt đầu, nhập mã mời", "Start, enter an invite code"),
    "cmd.menu": ("Menu chính", "Main menu"),
    "cmd.help": ("Hướng dẫn", "Help"),
    "cmd.donvicuatoi": ("Đơn vị của tôi", "My unit"),
    "cmd.ten": ("Đổi tên hiển thị", "Change my name"),
    "cmd.huy": ("Hủy thao tác đang làm", "Cancel the current step"),
    "cmd.quantri": ("Quản trị khối", "Manage the bloc"),
    "cmd.donvi": ("Danh sách đơn vị và mã mời", "Units and invite codes"),
    "cmd.themdonvi": ("Thêm đơn vị", "Add a unit"),
    "cmd.nhapdonvi": ("Nhập đơn vị từ tệp", "Import units from a file"),
    "cmd.mamoi": ("Mã mời của tất cả đơn vị", "All invite codes"),
    "cmd.truongkhoi": ("Đặt Trưởng khối, Phó trưởng khối", "Set head and deputy"),
    "cmd.namtiep": ("Mở năm thi đua mới", "Open a new year"),
    "cmd.taokhoi": ("Tạo khối thi đua mới", "Create a bloc"),
    "cmd.chonkhoi": ("Chọn khối để quản trị", "Choose a bloc"),
    # --- joining with an invite -----------------------------------------------------------------
    "join.confirm": (
        "Mã mời hợp lệ.\n\nKhối: {bloc}\nĐơn vị: {unit}\n\nĐồng chí xác nhận đăng ký làm đại diện của "
        "{unit} với tên hiển thị «{name}»?",
        "Valid invite.\n\nBloc: {bloc}\nUnit: {unit}\n\nDo you confirm registering as a representative of "
        "{unit} with the display name «{name}»?",
    ),
    "join.yes": ("✅ Xác nhận", "✅ Confirm"),
    "join.no": ("Hủy", "Cancel"),
    "join.cancelled": ("Đã hủy, chưa đăng ký.", "Cancelled, not registered."),
    "join.done": (
        "Đăng ký thành công! Đồng chí là {role} của {unit} ({bloc}).\n\nGõ /ten để sửa tên "
        "hiển thị nếu cần, /menu để bắt đầu.",
        "Registered! You are {role} of {unit} ({bloc}).\n\nType /ten to correct "
        "your display name, /menu to begin.",
    ),
    "join.role.primary": ("đại diện chính (đầu mối)", "the primary representative"),
    "join.role.secondary": ("đại diện", "a representative"),
    "join.notify_admins": (
        "Đồng chí {name} vừa đăng ký làm đại diện của {unit}.",
        "{name} has just registered as a representative of {unit}.",
    ),
    "refused.code_unknown": (
        "Mã mời không đúng. Xin kiểm tra lại (mã gồm 10 ký tự, không phân biệt hoa thường).",
        "That invite code is not valid. Please check it (10 characters, case does not matter).",
    ),
    "refused.code_expired": (
        "Mã mời này đã hết hạn ngày {date}. Xin đề nghị Trưởng khối cấp mã mới.",
        "This invite code expired on {date}. Please ask the bloc head for a new one.",
    ),
    "refused.code_revoked": (
        "Mã mời này đã bị thu hồi. Xin đề nghị Trưởng khối cấp mã mới.",
        "This invite code has been revoked. Please ask the bloc head for a new one.",
    ),
    "refused.code_used_up": (
        "Mã mời này đã dùng đủ {max} lượt đăng ký. Xin đề nghị Trưởng khối cấp thêm.",
        "This invite code has already been used {max} times. Please ask the bloc head for another.",
    ),
    "refused.code_throttled": (
        "Đồng chí đã nhập sai mã mời nhiều lần. Xin thử lại sau {time}.",
        "Too many wrong invite codes. Please try again after {time}.",
    ),
    "refused.already_member": (
        "Đồng chí đã là đại diện của {unit}. Mỗi người chỉ đại diện cho một đơn vị; nếu cần chuyển đơn vị, "
        "xin đề nghị Trưởng khối gỡ tên ở đơn vị cũ trước.",
        "You already represent {unit}. A person represents one unit; to move, ask the bloc head to remove "
        "you from the old unit first.",
    ),
    "refused.unit_left_bloc": (
        "Đơn vị của mã mời này không còn trong khối năm nay. Xin liên hệ Trưởng khối.",
        "The unit of this invite is no longer in the bloc this year. Please contact the bloc head.",
    ),
    # --- my unit, renaming ----------------------------------------------------------------------
    "unit.card": (
        "🏢 {unit}\nKhối: {bloc}, năm {year}{role}\n\nĐại diện:\n{reps}",
        "🏢 {unit}\nBloc: {bloc}, {year}{role}\n\nRepresentatives:\n{reps}",
    ),
    "unit.role.head": ("\nVai trò: Trưởng khối", "\nRole: bloc head"),
    "unit.role.deputy": ("\nVai trò: Phó trưởng khối", "\nRole: deputy head"),
    "unit.rep_line": ("• {name}{primary}", "• {name}{primary}"),
    "unit.rep_primary": (" (đầu mối chính)", " (primary)"),
    "unit.no_reps": ("(chưa có đại diện nào)", "(no representative yet)"),
    "rename.ask": (
        "Tên hiển thị hiện tại: «{name}».\nXin gõ tên mới (họ và tên, tối đa 100 ký tự), hoặc /huy.",
        "Current display name: «{name}».\nType the new name (full name, at most 100 characters), or /huy.",
    ),
    "rename.done": ("Đã đổi tên hiển thị thành «{name}».", "Your display name is now «{name}»."),
    "refused.name_invalid": (
        "Tên phải có từ 1 đến 100 ký tự. Xin gõ lại, hoặc /huy.",
        "A name must have 1 to 100 characters. Please type it again, or /huy.",
    ),
    "refused.not_registered": (
        "Đồng chí chưa đăng ký làm đại diện đơn vị nào. Xin gõ mã mời của đơn vị.",
        "You are not registered for any unit. Please type your unit's invite code.",
    ),
    # --- administration -------------------------------------------------------------------------
    "refused.not_admin": (
        "Xin lỗi, chức năng này chỉ dành cho quản trị khối (Trưởng khối) năm nay.",
        "Sorry, this is for the bloc's administrators (the head unit) of this year only.",
    ),
    "refused.no_focus": (
        "Chưa chọn khối thi đua để quản trị. Gõ /taokhoi để tạo mới hoặc /chonkhoi để chọn.",
        "No bloc chosen. Type /taokhoi to create one or /chonkhoi to choose one.",
    ),
    "refused.not_super": (
        "Xin lỗi, chỉ quản trị hệ thống mới tạo hoặc chọn khối thi đua.",
        "Sorry, only system administrators create or choose blocs.",
    ),
    "admin.menu": ("⚙️ Quản trị {bloc}, năm {year}", "⚙️ Managing {bloc}, {year}"),
    "admin.units": ("📋 Đơn vị, đại diện, mã mời", "📋 Units, representatives, invites"),
    "admin.add_unit": ("➕ Thêm đơn vị", "➕ Add a unit"),
    "admin.import": ("📥 Nhập đơn vị từ tệp", "📥 Import units from a file"),
    "admin.all_invites": ("🔑 Mã mời tất cả đơn vị", "🔑 All invite codes"),
    "admin.leadership": ("⭐ Trưởng khối, Phó trưởng khối", "⭐ Head and deputy"),
    "admin.new_year": ("📅 Mở năm mới", "📅 Open a new year"),
    "admin.movements": ("🚩 Phong trào thi đua chuyên đề", "🚩 Thematic movements"),
    "admin.new_bloc": ("🆕 Tạo khối mới", "🆕 Create a bloc"),
    "admin.choose_bloc": ("🔀 Chọn khối khác", "🔀 Choose another bloc"),
    "bloc.ask_name": (
        "Xin gõ tên khối thi đua (ví dụ: Khối các ban, đơn vị, cơ quan Đảng tỉnh), hoặc /huy.",
        "Type the bloc's name (e.g. Khối các ban, đơn vị, cơ quan Đảng tỉnh), or /huy.",
    ),
    "bloc.ask_year": (
        "Năm thi đua? Gõ năm, ví dụ {year}.",
        "Which year? Type it, e.g. {year}.",
    ),
    "bloc.created": (
        "Đã tạo {bloc}, năm {year}. Đồng chí đang quản trị khối này.\nBước tiếp theo: thêm đơn vị "
        "(/themdonvi) hoặc nhập danh sách từ tệp (/nhapdonvi).",
        "Created {bloc}, {year}. You are now administering it.\nNext: add units (/themdonvi) or import "
        "them from a file (/nhapdonvi).",
    ),
    "refused.bloc_name_invalid": (
        "Tên khối phải có từ 1 đến 200 ký tự. Xin gõ lại, hoặc /huy.",
        "A bloc name must have 1 to 200 characters. Please type it again, or /huy.",
    ),
    "refused.bloc_superior_invalid": (
        "Tên cơ quan cấp trên (ví dụ: Tỉnh ủy Hưng Yên) phải có từ 1 đến {max} ký tự. Xin gõ lại, hoặc /huy.",
        "The superior body's name (e.g. Tỉnh ủy Hưng Yên) must have 1 to {max} characters. Please type it again, "
        "or /huy.",
    ),
    "refused.bloc_place_invalid": (
        "Địa danh ghi ở dòng ngày tháng (ví dụ: Hưng Yên) phải có từ 1 đến {max} ký tự. Xin gõ lại, hoặc /huy.",
        "The place for the date line (e.g. Hưng Yên) must have 1 to {max} characters. Please type it again, "
        "or /huy.",
    ),
    "reports.settings_missing": (
        "⚠️ Các văn bản còn để trống {missing} ở phần đầu (chỗ đánh dấu «……»), vì khối chưa khai báo. Đề nghị "
        "đồng chí khai báo (/vanban) để văn bản điền sẵn.",
        "⚠️ The documents leave {missing} blank in their header (marked «……») because the bloc has not set it. "
        "Please set it (/vanban) so that the documents fill it in.",
    ),
    "reports.setting.superior_body": ("tên cơ quan cấp trên (ví dụ: Tỉnh ủy Hưng Yên)",
                                      "the superior body (e.g. Tỉnh ủy Hưng Yên)"),
    "reports.setting.place": ("địa danh ở dòng ngày tháng (ví dụ: Hưng Yên)", "the place of the date line (e.g. "
                                                                               "Hưng Yên)"),
    "refused.bloc_exists": (
        "Đã có khối thi đua tên «{bloc}». Xin gõ tên khác, hoặc /chonkhoi để chọn khối đó.",
        "A bloc named «{bloc}» already exists. Type another name, or /chonkhoi to choose it.",
    ),
    "refused.year_invalid": (
        "Năm không hợp lệ. Xin gõ một năm từ {min} đến {max}, ví dụ {example}.",
        "That is not a valid year. Type a year from {min} to {max}, e.g. {example}.",
    ),
    "refused.year_exists": (
        "Khối đã có năm {year}.",
        "The bloc already has the year {year}.",
    ),
    "bloc.choose": ("Chọn khối thi đua để quản trị:", "Choose the bloc to administer:"),
    "bloc.none": ("Chưa có khối thi đua nào. Gõ /taokhoi để tạo.", "No bloc yet. Type /taokhoi to create one."),
    "bloc.focused": ("Đồng chí đang quản trị {bloc}, năm {year}.", "You are now administering {bloc}, {year}."),
    "bloc.choice": ("{bloc} ({year})", "{bloc} ({year})"),
    "year.ask": (
        "Mở năm thi đua mới cho {bloc}: các đơn vị và đại diện được giữ nguyên; bảng điểm, bình xét, "
        "hạn chót bắt đầu mới. Xin gõ năm (ví dụ {year}), hoặc /huy.",
        "Open a new year for {bloc}: units and representatives carry over; scores, votes and deadlines "
        "start fresh. Type the year (e.g. {year}), or /huy.",
    ),
    "year.created": (
        "Đã mở năm {year} cho {bloc} với {count} đơn vị. Xin đặt Trưởng khối, Phó trưởng khối của năm "
        "mới (/truongkhoi).",
        "Opened {year} for {bloc} with {count} units. Please set the head and deputy for the new year "
        "(/truongkhoi).",
    ),
    "unit.ask": (
        "Xin gõ tên đơn vị. Có thể thêm tên viết tắt và đầu mối liên hệ, ngăn cách bởi dấu |, ví dụ:\n"
        "Văn phòng Tỉnh ủy | VPTU | 0221 3862 xxx\n\nHoặc /huy.",
        "Type the unit's name. You may add a short name and a contact, separated by |, e.g.:\n"
        "Văn phòng Tỉnh ủy | VPTU | 0221 3862 xxx\n\nOr /huy.",
    ),
    "unit.added": (
        "Đã thêm {unit}.\nMã mời: {code}{link}\nGửi mã hoặc liên kết này cho cán bộ đầu mối của đơn vị.",
        "Added {unit}.\nInvite code: {code}{link}\nSend the code or the link to the unit's officer.",
    ),
    "unit.add_more": ("➕ Thêm đơn vị khác", "➕ Add another unit"),
    "refused.unit_exists": ("Khối đã có đơn vị «{unit}».", "The bloc already has the unit «{unit}»."),
    "refused.unit_name_invalid": (
        "Tên đơn vị phải có từ 1 đến 200 ký tự, tên viết tắt tối đa 50, liên hệ tối đa 200. Xin gõ lại, "
        "hoặc /huy.",
        "A unit name has 1 to 200 characters, a short name at most 50, a contact at most 200. Type it "
        "again, or /huy.",
    ),
    "refused.unit_not_found": (
        "Không tìm thấy đơn vị này trong khối đang quản trị.",
        "That unit is not in the bloc you are administering.",
    ),
    "import.ask": (
        "Xin gửi tệp danh sách đơn vị (Excel .xlsx hoặc .csv, mã UTF-8) với các cột: Tên đơn vị, Tên viết "
        "tắt, Liên hệ. Bấm nút dưới để nhận tệp mẫu. Hoặc /huy.",
        "Send the list of units as a file (Excel .xlsx or .csv in UTF-8) with the columns: Tên đơn vị, "
        "Tên viết tắt, Liên hệ. Press the button below for a template. Or /huy.",
    ),
    "import.template": ("📄 Tệp mẫu", "📄 Template"),
    "import.template_caption": (
        "Tệp mẫu danh sách đơn vị. Điền mỗi đơn vị một dòng rồi gửi lại tệp vào đây.",
        "Template for the list of units. One unit per row, then send the file back here.",
    ),
    "import.need_file": (
        "Xin gửi tệp .xlsx hoặc .csv (dạng tài liệu), hoặc /huy.",
        "Please send an .xlsx or .csv file (as a document), or /huy.",
    ),
    "import.too_big": (
        "Tệp quá lớn (tối đa {max} KB). Xin gửi tệp nhỏ hơn.",
        "The file is too large (at most {max} KB). Please send a smaller one.",
    ),
    "import.failed": (
        "Chưa nhập được tệp «{file}»: có {count} lỗi. Không có đơn vị nào được thêm.\n\n{problems}\n\n"
        "Xin sửa tệp và gửi lại, hoặc /huy.",
        "Could not import «{file}»: {count} problem(s). No unit was added.\n\n{problems}\n\n"
        "Please fix the file and send it again, or /huy.",
    ),
    "import.problem_row": ("• Dòng {row}{column}: {problem}", "• Row {row}{column}: {problem}"),
    "import.problem_file": ("• {problem}", "• {problem}"),
    "import.problem_column": (", cột «{column}»", ", column «{column}»"),
    "import.col.name": ("Tên đơn vị", "unit name"),
    "import.col.short_name": ("Tên viết tắt", "short name"),
    "import.col.contact": ("Liên hệ", "contact"),
    "import.more_problems": ("… và {count} lỗi khác.", "… and {count} more."),
    "import.done": (
        "Đã nhập {added} đơn vị từ «{file}».{skipped}\nGõ /mamoi để lấy mã mời của các đơn vị.",
        "Imported {added} unit(s) from «{file}».{skipped}\nType /mamoi for the units' invite codes.",
    ),
    "import.skipped": (
        "\nBỏ qua {count} đơn vị đã có: {units}.",
        "\nSkipped {count} unit(s) already in the bloc: {units}.",
    ),
    "import.err.UNSUPPORTED_FORMAT": (
        "không đọc được tệp: chỉ nhận .xlsx hoặc .csv",
        "unreadable file: only .xlsx or .csv are accepted",
    ),
    "import.err.NOT_UTF8": (
        "tệp CSV không ở mã UTF-8 (trong Excel chọn «CSV UTF-8»)",
        "the CSV is not UTF-8 (in Excel choose «CSV UTF-8»)",
    ),
    "import.err.EMPTY_FILE": ("tệp không có dòng dữ liệu nào", "the file has no data rows"),
    "import.err.MISSING_NAME_COLUMN": (
        "không thấy cột «Tên đơn vị» ở dòng tiêu đề",
        "no «Tên đơn vị» (unit name) column in the header row",
    ),
    "import.err.NAME_EMPTY": ("thiếu tên đơn vị", "the unit name is empty"),
    "import.err.NAME_TOO_LONG": ("tên đơn vị dài quá 200 ký tự", "the unit name is over 200 characters"),
    "import.err.SHORT_NAME_TOO_LONG": ("tên viết tắt dài quá 50 ký tự", "the short name is over 50 characters"),
    "import.err.CONTACT_TOO_LONG": ("thông tin liên hệ dài quá 200 ký tự", "the contact is over 200 characters"),
    "import.err.DUPLICATE_NAME": ("tên đơn vị bị trùng với một dòng trước", "the name repeats an earlier row"),
    "import.err.DUPLICATE_SHORT_NAME": (
        "tên viết tắt bị trùng với một dòng trước",
        "the short name repeats an earlier row",
    ),
    "import.err.TOO_MANY_ROWS": ("tệp có quá 500 dòng", "the file has more than 500 rows"),
    "units.title": (
        "📋 Đơn vị của {bloc}, năm {year}: {count} đơn vị, {joined} đã có đại diện.\nChọn một đơn vị:",
        "📋 Units of {bloc}, {year}: {count} units, {joined} with a representative.\nChoose a unit:",
    ),
    "units.empty": (
        "Khối chưa có đơn vị nào. Gõ /themdonvi hoặc /nhapdonvi.",
        "The bloc has no units yet. Type /themdonvi or /nhapdonvi.",
    ),
    "units.button": ("{mark} {unit} ({reps})", "{mark} {unit} ({reps})"),
    "units.prev": ("‹ Trước", "‹ Previous"),
    "units.next": ("Sau ›", "Next ›"),
    "admin.unit_card": (
        "🏢 {unit}{short}{contact}{role}\n\nĐại diện ({count}):\n{reps}\n\n{invite}",
        "🏢 {unit}{short}{contact}{role}\n\nRepresentatives ({count}):\n{reps}\n\n{invite}",
    ),
    "admin.unit_short": ("\nViết tắt: {short}", "\nShort name: {short}"),
    "admin.unit_contact": ("\nLiên hệ: {contact}", "\nContact: {contact}"),
    "invite.text": (
        "🔑 Mã mời: {code}{link}\nĐã dùng {uses}/{max} · hết hạn {date}{state}",
        "🔑 Invite code: {code}{link}\nUsed {uses}/{max} · expires {date}{state}",
    ),
    "invite.link": ("\nLiên kết: {link}", "\nLink: {link}"),
    "invite.state.expired": (" (ĐÃ HẾT HẠN)", " (EXPIRED)"),
    "invite.state.used_up": (" (ĐÃ DÙNG HẾT)", " (USED UP)"),
    "invite.none": ("🔑 Chưa có mã mời còn hiệu lực.", "🔑 No live invite code."),
    "invite.regenerate": ("🔄 Cấp mã mời mới", "🔄 New invite code"),
    "invite.revoke": ("⛔ Thu hồi mã mời", "⛔ Revoke invite code"),
    "invite.regenerated": ("Đã cấp mã mời mới, mã cũ hết hiệu lực.", "New code issued; the old one no longer works."),
    "invite.revoked": ("Đã thu hồi mã mời.", "The invite code was revoked."),
    "invite.all_title": (
        "🔑 Mã mời các đơn vị của {bloc}, năm {year} (mỗi mã dùng được cho {max} đại diện, hết hạn {date}):",
        "🔑 Invite codes of {bloc}, {year} (each works for {max} representatives, expires {date}):",
    ),
    "invite.all_line": ("\n{unit}: {code}{link}", "\n{unit}: {code}{link}"),
    "invite.all_line_link": ("\n   {link}", "\n   {link}"),
    "lead.set_head": ("⭐ Đặt làm Trưởng khối", "⭐ Make head"),
    "lead.set_deputy": ("☆ Đặt làm Phó trưởng khối", "☆ Make deputy"),
    "lead.title": (
        "Trưởng khối năm {year}: {head}\nPhó trưởng khối: {deputy}\n\nChọn đơn vị để đặt vai trò:",
        "Head for {year}: {head}\nDeputy: {deputy}\n\nChoose a unit to set its role:",
    ),
    "lead.none": ("(chưa đặt)", "(not set)"),
    "lead.head_set": (
        "Đã đặt {unit} làm Trưởng khối năm {year}. Các đại diện của đơn vị này có quyền quản trị khối.",
        "{unit} is now the head for {year}. Its representatives can administer the bloc.",
    ),
    "lead.deputy_set": ("Đã đặt {unit} làm Phó trưởng khối năm {year}.", "{unit} is now the deputy for {year}."),
    "lead.you_are_admin": (
        "Đơn vị {unit} được đặt làm Trưởng khối năm {year}. Đồng chí có thể quản trị khối: gõ /quantri.",
        "{unit} is now the bloc head for {year}. You can administer the bloc: type /quantri.",
    ),
    "refused.head_is_deputy": (
        "{unit} đang là Phó trưởng khối; một đơn vị không giữ cả hai vai trò. Đơn vị sẽ thôi làm Phó.",
        "{unit} is the deputy; a unit cannot hold both roles.",
    ),
    "rep.remove": ("❌ Gỡ {name}", "❌ Remove {name}"),
    "rep.remove_confirm": (
        "Gỡ đồng chí {name} khỏi danh sách đại diện của {unit}? Người này sẽ không thao tác thay đơn vị "
        "được nữa.",
        "Remove {name} from the representatives of {unit}? They will no longer act for the unit.",
    ),
    "rep.remove_yes": ("Gỡ", "Remove"),
    "rep.remove_no": ("Không", "Keep"),
    "rep.removed": ("Đã gỡ đồng chí {name} khỏi {unit}.", "{name} was removed from {unit}."),
    "rep.removed_notice": (
        "Đồng chí không còn là đại diện của {unit} trong khối thi đua. Nếu có nhầm lẫn, xin liên hệ "
        "Trưởng khối.",
        "You are no longer a representative of {unit} in the emulation bloc. If this is a mistake, "
        "please contact the bloc head.",
    ),
    "refused.rep_not_found": (
        "Không tìm thấy đại diện này (có thể đã được gỡ trước đó).",
        "That representative was not found (perhaps already removed).",
    ),
    "back.units": ("« Danh sách đơn vị", "« Units"),
    "back.admin": ("« Quản trị", "« Admin"),
    # --- self-assessment: the representative's sheet --------------------------------------------
    "menu.assessment": ("📝 Tự chấm điểm", "📝 Self-assessment"),
    "cmd.chamdiem": ("Tự chấm điểm của đơn vị", "My unit's self-assessment"),
    "sheet.title": (
        "📝 Tự chấm điểm năm {year} — {unit} (bảng tiêu chí phiên bản {version})",
        "📝 Self-assessment {year} — {unit} (criteria table version {version})",
    ),
    "sheet.group_line": ("• {group}: {points}/{max} ({answered}/{count} tiêu chí)",
                         "• {group}: {points}/{max} ({answered}/{count} criteria)"),
    "sheet.totals": (
        "Tổng điểm tiêu chí: {main}/{max} · Cộng: {bonus} · Trừ: {penalty} · Tổng cộng: {final}",
        "Criteria total: {main}/{max} · Bonus: {bonus} · Penalty: {penalty} · Overall: {final}",
    ),
    "sheet.missing": ("Chưa chấm: {codes}", "Not scored yet: {codes}"),
    "sheet.missing_evidence": ("Thiếu minh chứng: {codes}", "Evidence missing: {codes}"),
    "sheet.no_deadline": ("Hạn nộp: chưa đặt.", "Deadline: not set."),
    "sheet.deadline": ("Hạn nộp: {when} ({left}).", "Deadline: {when} ({left})."),
    "sheet.left_days": ("còn {days} ngày {hours} giờ", "{days} days {hours} hours left"),
    "sheet.left_hours": ("còn {hours} giờ {minutes} phút", "{hours} hours {minutes} minutes left"),
    "sheet.overdue": ("đã quá hạn", "past the deadline"),
    "sheet.status.draft": ("Trạng thái: đang chấm (chưa nộp).", "Status: in progress (not submitted)."),
    "sheet.status.submitted": ("Trạng thái: đã nộp, mã biên nhận {receipt}.",
                               "Status: submitted, receipt {receipt}."),
    "sheet.status.returned": (
        "Trạng thái: Trưởng khối đã gửi kết quả thẩm định; đơn vị có thể giải trình.",
        "Status: the head sent the check results; your unit may explain.",
    ),
    "sheet.status.explained": ("Trạng thái: đã giải trình, chờ thẩm định lại.",
                               "Status: explained, awaiting the second check."),
    "sheet.status.final": ("Trạng thái: điểm đã chốt.", "Status: scores are final."),
    "sheet.lock.closed": ("Việc chấm điểm năm nay đã kết thúc.", "Scoring for this year has ended."),
    "sheet.lock.deadline": (
        "Đã quá hạn nộp: bảng điểm bị khóa. Nếu cần sửa, xin đề nghị Trưởng khối mở lại.",
        "The deadline has passed: the sheet is locked. Ask the head to reopen it if needed.",
    ),
    "sheet.lock.submitted": ("Bảng điểm đã nộp.", "The sheet has been submitted."),
    "sheet.lock.checking": ("Bảng điểm đang được thẩm định.", "The sheet is being checked."),
    "sheet.continue": ("▶️ Chấm tiếp", "▶️ Continue"),
    "sheet.list": ("📋 Danh sách tiêu chí", "📋 Criteria"),
    "sheet.review": ("👁 Xem lại và nộp", "👁 Review and submit"),
    "sheet.back": ("« Bảng điểm", "« Sheet"),
    "sheet.list_title": ("📋 Các tiêu chí (trang {page}/{pages}). Chọn tiêu chí để chấm:",
                         "📋 Criteria (page {page}/{pages}). Choose one to score:"),
    "crit.button": ("{mark} {code} {title} ({points})", "{mark} {code} {title} ({points})"),
    "crit.title": ("{code}. {title}\nNhóm: {group}", "{code}. {title}\nGroup: {group}"),
    "crit.kind_line": ("Cách chấm: {kind}; {allowed}", "Scoring: {kind}; {allowed}"),
    "crit.kind.diem": ("chấm điểm trực tiếp", "direct score"),
    "crit.kind.dat": ("đạt / không đạt", "pass / fail"),
    "crit.kind.dem": ("đếm số lần", "count"),
    "crit.kind.cong": ("điểm cộng", "bonus points"),
    "crit.kind.tru": ("điểm trừ", "penalty points"),
    "crit.allowed.score": ("từ 0 đến {max} điểm, bước {step}", "0 to {max} points, in steps of {step}"),
    "crit.allowed.pass_fail": ("đạt = {max} điểm, không đạt = 0", "pass = {max} points, fail = 0"),
    "crit.allowed.count": ("{per} điểm mỗi lần, tối đa {max} điểm", "{per} points each, at most {max}"),
    "crit.allowed.score_free": ("từ 0 đến {max} điểm", "0 to {max} points"),
    "crit.group.cong": ("Điểm cộng", "Bonus points"),
    "crit.group.tru": ("Điểm trừ", "Penalty points"),
    "crit.hint.score": (
        "Bấm một mức điểm hoặc gõ điểm từ 0 đến {max}, bước {step} (ví dụ {example}).",
        "Press a value or type points from 0 to {max} in steps of {step} (e.g. {example}).",
    ),
    "crit.hint.score_free": ("Bấm một mức điểm hoặc gõ điểm từ 0 đến {max} (ví dụ {example}).",
                             "Press a value or type points from 0 to {max} (e.g. {example})."),
    "crit.hint.pass_fail": ("Bấm «Đạt» hoặc «Không đạt» (hoặc gõ: đạt / không đạt).",
                            "Press «Pass» or «Fail» (or type: pass / fail)."),
    "crit.hint.count": (
        "Đề nghị đồng chí nhập số lần (số nguyên từ 0, ví dụ 3) hoặc bấm một số lần; hệ thống tự tính điểm: "
        "{per} điểm mỗi lần, tối đa {max} điểm.",
        "Type the count (a whole number from 0, e.g. 3) or press one; the system works out the points: {per} "
        "each, at most {max}.",
    ),
    "crit.hint.evidence": ("Gửi tệp, ảnh hoặc đường liên kết để thêm minh chứng.",
                           "Send a file, a photo or a link to add evidence."),
    "count.breakdown": ("{count} lần × {per} = {product} → {points} điểm{capped}",
                        "{count} × {per} = {product} → {points} points{capped}"),
    "count.capped": (" (tối đa)", " (the maximum)"),
    "crit.value_count": ("Điểm tự chấm: {breakdown}", "Self-score: {breakdown}"),
    "quick.pass": ("✅ Đạt ({max} điểm)", "✅ Pass ({max} points)"),
    "quick.fail": ("❌ Không đạt (0)", "❌ Fail (0)"),
    "quick.count": ("{count} lần", "{count} times"),
    "crit.guidance": ("Hướng dẫn: {text}", "Guidance: {text}"),
    "crit.no_value": ("Điểm tự chấm: chưa có", "Self-score: none yet"),
    "crit.value": ("Điểm tự chấm: {points} (đã nhập {entered})", "Self-score: {points} (entered {entered})"),
    "crit.layer.check1": ("Thẩm định lần 1: {points} — {note}", "First check: {points} — {note}"),
    "crit.layer.explanation": ("Giải trình: {note}", "Explanation: {note}"),
    "crit.layer.check2": ("Thẩm định lần 2: {points} — {note}", "Second check: {points} — {note}"),
    "crit.evidence_title": ("Minh chứng{required}:", "Evidence{required}:"),
    "crit.evidence_required": (" (bắt buộc)", " (required)"),
    "crit.no_evidence": ("(chưa có)", "(none yet)"),
    "crit.prev": ("◀ Trước", "◀ Previous"),
    "crit.next": ("Sau ▶", "Next ▶"),
    "crit.back": ("« Tiêu chí", "« Criterion"),
    "score.saved": ("Đã lưu {points} điểm cho tiêu chí {code}.", "Saved {points} points for {code}."),
    "score.saved_count": ("Đã lưu cho tiêu chí {code}: {breakdown}.", "Saved for {code}: {breakdown}."),
    "score.needs_evidence": (
        "Tiêu chí {code} cần minh chứng: đề nghị đồng chí gửi tệp, ảnh, đường liên kết, hoặc bấm «Thêm ghi chú» "
        "để ghi số văn bản.",
        "{code} needs evidence: send a file, a photo or a link, or press «Add a note» for a document number.",
    ),
    "evidence.offer": (
        "{refusal}\nLưu «{text}» làm ghi chú minh chứng cho tiêu chí {code}?",
        "{refusal}\nSave «{text}» as an evidence note for {code}?",
    ),
    "evidence.offer_yes": ("📝 Lưu làm minh chứng", "📝 Save as evidence"),
    "evidence.offer_no": ("Không lưu", "Do not save"),
    "evidence.not_saved": ("Chưa lưu gì.", "Nothing was saved."),
    "review.go_evidence": ("📎 Bổ sung minh chứng {code}", "📎 Add evidence to {code}"),
    "sheet.final_totals": (
        "Điểm sau thẩm định: {main}/{max} · Cộng: {bonus} · Trừ: {penalty} · Tổng cộng: {final} "
        "(tự chấm: {own})",
        "After checking: {main}/{max} · Bonus: {bonus} · Penalty: {penalty} · Overall: {final} (self-assessed: "
        "{own})",
    ),
    "submit.again": ("Bảng điểm đã thay đổi từ lần xác nhận trước; đề nghị đồng chí xác nhận lại.",
                     "The sheet changed since it was confirmed; please confirm again."),
    "score.all_done": (
        "Đã chấm đủ các tiêu chí. Bấm «Xem lại và nộp» khi sẵn sàng.",
        "Every criterion is scored. Press «Review and submit» when ready.",
    ),
    "evidence.document": ("📎 {name}", "📎 {name}"),
    "evidence.photo": ("🖼 {name}", "🖼 {name}"),
    "evidence.link": ("🔗 {text}", "🔗 {text}"),
    "evidence.note": ("📝 {text}", "📝 {text}"),
    "evidence.add_note": ("📝 Thêm ghi chú, số văn bản", "📝 Add a note or document number"),
    "evidence.manage": ("🗑 Gỡ minh chứng", "🗑 Remove evidence"),
    "evidence.saved": ("Đã thêm minh chứng cho tiêu chí {code}.", "Evidence added to {code}."),
    "evidence.ask_note": (
        "Gõ ghi chú minh chứng cho tiêu chí {code} (ví dụ: Quyết định số 12-QĐ/TU ngày 05/3/2026), "
        "hoặc gửi tệp, ảnh, đường liên kết. Hoặc /huy.",
        "Type an evidence note for {code} (e.g. Decision 12-QĐ/TU of 05/3/2026), or send a file, a photo "
        "or a link. Or /huy.",
    ),
    "evidence.remove": ("❌ {what}", "❌ {what}"),
    "evidence.list_title": ("Minh chứng của tiêu chí {code} ({count}). Bấm để gỡ:",
                            "Evidence of {code} ({count}). Press to remove:"),
    "evidence.files": ("📂 Xem tệp minh chứng", "📂 Evidence files"),
    "evidence.files_sent": ("Tệp minh chứng của {unit}, tiêu chí {code} ({count} tệp):",
                            "Evidence files of {unit}, criterion {code} ({count}):"),
    "evidence.no_files": ("Tiêu chí {code} của {unit} không có tệp minh chứng nào trên kênh này.",
                          "Criterion {code} of {unit} has no evidence files on this channel."),
    "evidence.removed": ("Đã gỡ minh chứng.", "Evidence removed."),
    "review.title": ("👁 Xem lại bảng tự chấm điểm năm {year} — {unit}", "👁 Review of the {year} sheet — {unit}"),
    "review.line": ("{code}: {points}/{max}{evidence}", "{code}: {points}/{max}{evidence}"),
    "review.blocked": (
        "Chưa thể nộp: xin chấm đủ các tiêu chí và bổ sung minh chứng bắt buộc.",
        "Cannot submit yet: score every criterion and add the required evidence.",
    ),
    "review.submit": ("✅ Nộp bảng điểm", "✅ Submit the sheet"),
    "submit.confirm": (
        "Xác nhận nộp bảng tự chấm điểm của {unit} với tổng điểm {total}? Sau khi nộp, đơn vị không sửa được "
        "nữa trừ khi Trưởng khối cho phép.",
        "Submit {unit}'s sheet with an overall total of {total}? After that it cannot be changed unless the "
        "head allows it.",
    ),
    "submit.yes": ("✅ Nộp", "✅ Submit"),
    "submit.no": ("Chưa nộp", "Not yet"),
    "submit.done": (
        "Đã nộp bảng tự chấm điểm của {unit}.\nThời gian: {when}\nTổng điểm: {total}\nMã biên nhận: {receipt}",
        "{unit}'s sheet was submitted.\nTime: {when}\nTotal: {total}\nReceipt: {receipt}",
    ),
    "submit.notify_head": ("{unit} đã nộp bảng tự chấm điểm: {total} điểm.",
                           "{unit} submitted its self-assessment: {total} points."),
    "explain.start": ("💬 Xem kết quả và giải trình", "💬 See the results and explain"),
    "explain.title": (
        "Các tiêu chí Trưởng khối điều chỉnh ({count}). Đơn vị có thể giải trình từng tiêu chí:",
        "Criteria the head adjusted ({count}). Your unit may explain each:",
    ),
    "explain.line": ("• {code} {title}: tự chấm {own} → thẩm định {check}. Lý do: {reason}{explained}",
                     "• {code} {title}: self {own} → checked {check}. Reason: {reason}{explained}"),
    "explain.done_mark": (" (đã giải trình)", " (explained)"),
    "explain.item": ("💬 Giải trình {code}", "💬 Explain {code}"),
    "explain.finish": ("✅ Hoàn tất giải trình", "✅ Done explaining"),
    "explain.ask": ("Gõ nội dung giải trình cho tiêu chí {code} (tối đa 1000 ký tự), hoặc /huy.",
                    "Type your explanation for {code} (at most 1000 characters), or /huy."),
    "explain.saved": ("Đã lưu giải trình cho tiêu chí {code}.", "Explanation saved for {code}."),
    "explain.back": ("« Các tiêu chí điều chỉnh", "« Adjusted criteria"),
    "explain.finished": ("Đã gửi giải trình cho Trưởng khối.", "Your explanations were sent to the head."),
    "explain.notify_head": ("{unit} đã hoàn tất giải trình. Xin thẩm định lần 2 (/thamdinh).",
                            "{unit} finished its explanations. Please do the second check (/thamdinh)."),
    "refused.no_table": (
        "Năm nay chưa có bảng tiêu chí chấm điểm. Xin chờ Trưởng khối ban hành.",
        "There is no criteria table for this year yet. Please wait for the head to publish it.",
    ),
    "refused.criterion_not_found": ("Không có tiêu chí này trong bảng.", "That criterion is not in the table."),
    "refused.sheet_locked_closed": ("Việc chấm điểm năm nay đã kết thúc; không thay đổi được nữa.",
                                    "Scoring for this year has ended; nothing can change now."),
    "refused.sheet_locked_deadline": (
        "Đã quá hạn nộp: bảng điểm bị khóa. Nếu cần sửa, xin đề nghị Trưởng khối mở lại.",
        "The deadline has passed and the sheet is locked. Ask the head to reopen it if needed.",
    ),
    "refused.sheet_locked_submitted": (
        "Bảng điểm đã nộp nên không sửa được. Nếu cần sửa, xin đề nghị Trưởng khối mở lại.",
        "The sheet was submitted and cannot be changed. Ask the head to reopen it if needed.",
    ),
    "refused.sheet_locked_checking": ("Bảng điểm đang được thẩm định nên không sửa được.",
                                      "The sheet is being checked and cannot be changed."),
    "refused.value_not_a_number": (
        "Xin gõ một số từ {min} đến {max} (ví dụ 7,5). Chưa lưu gì.",
        "Please type a number from {min} to {max} (e.g. 7,5). Nothing was saved.",
    ),
    "refused.value_negative": ("Điểm không được âm: xin gõ từ {min} đến {max}. Chưa lưu gì.",
                               "Points cannot be negative: type {min} to {max}. Nothing was saved."),
    "refused.value_out_of_range": ("Giá trị phải từ {min} đến {max}. Chưa lưu gì.",
                                   "The value must be from {min} to {max}. Nothing was saved."),
    "refused.value_wrong_step": ("Điểm phải là bội của {step} (từ {min} đến {max}). Chưa lưu gì.",
                                 "Points must be a multiple of {step} ({min} to {max}). Nothing was saved."),
    "refused.value_not_whole": ("Số lần phải là số nguyên từ {min} đến {max}. Chưa lưu gì.",
                                "The count must be a whole number from {min} to {max}. Nothing was saved."),
    "refused.value_pass_fail_only": (
        "Tiêu chí này chỉ nhận {max} (đạt) hoặc 0 (không đạt). Chưa lưu gì.",
        "This criterion takes only {max} (pass) or 0 (fail). Nothing was saved.",
    ),
    "refused.value_invalid": ("Giá trị không hợp lệ (từ {min} đến {max}). Chưa lưu gì.",
                              "Invalid value ({min} to {max}). Nothing was saved."),
    "refused.value_count": (
        "Số lần phải là số nguyên từ 0 trở lên (ví dụ 3); hệ thống tự tính {per} điểm mỗi lần, tối đa {max} "
        "điểm. Chưa lưu gì.",
        "The count must be a whole number from 0 (e.g. 3); the system gives {per} points each, at most {max}. "
        "Nothing was saved.",
    ),
    "refused.submit_changed": ("Bảng điểm đã thay đổi từ lần xác nhận; đề nghị đồng chí xác nhận nộp lại.",
                               "The sheet changed since it was confirmed; please confirm the submission again."),
    "refused.evidence_invalid": ("Ghi chú minh chứng phải có từ 1 đến {max} ký tự.",
                                 "An evidence note must have 1 to {max} characters."),
    "refused.evidence_not_found": ("Không tìm thấy minh chứng này (có thể đã được gỡ).",
                                   "That evidence was not found (perhaps already removed)."),
    "refused.sheet_incomplete": ("Chưa nộp được: còn tiêu chí chưa chấm: {codes}.",
                                 "Cannot submit: criteria not scored yet: {codes}."),
    "refused.evidence_missing": ("Chưa nộp được: thiếu minh chứng bắt buộc cho: {codes}.",
                                 "Cannot submit: required evidence missing for: {codes}."),
    "refused.not_explaining": ("Hiện không phải lúc giải trình.", "This is not the time for explanations."),
    "refused.not_adjusted": ("Tiêu chí này không bị điều chỉnh nên không cần giải trình.",
                             "That criterion was not adjusted, so no explanation is needed."),
    "refused.explanation_invalid": ("Nội dung giải trình phải có từ 1 đến {max} ký tự.",
                                    "An explanation must have 1 to {max} characters."),
    # --- checking by the head ---------------------------------------------------------------------
    "admin.table": ("📊 Bảng tiêu chí", "📊 Criteria table"),
    "admin.deadline": ("⏰ Hạn chót, nhắc hạn", "⏰ Deadlines and reminders"),
    "admin.checking": ("🔎 Thẩm định", "🔎 Checking"),
    "admin.ranking": ("🏆 Bảng xếp hạng", "🏆 Ranking"),
    "cmd.bangtieuchi": ("Bảng tiêu chí chấm điểm", "The criteria table"),
    "cmd.hanchamdiem": ("Đặt hạn tự chấm điểm", "Set the self-assessment deadline"),
    "cmd.thamdinh": ("Thẩm định bảng điểm các đơn vị", "Check the units' sheets"),
    "cmd.xephang": ("Bảng tổng hợp, xếp hạng", "The ranked summary"),
    "table.none": ("Năm nay chưa có bảng tiêu chí. Tải tệp lên hoặc dùng bảng mẫu.",
                   "No criteria table this year yet. Upload a file or use the sample table."),
    "table.summary": (
        "📊 Bảng tiêu chí phiên bản {version} (mã {fingerprint}), nạp lúc {when}:\n{count} tiêu chí trong "
        "{groups} nhóm, tổng {max} điểm; điểm cộng tối đa {bonus}, điểm trừ tối đa {penalty}.",
        "📊 Criteria table version {version} ({fingerprint}), loaded {when}:\n{count} criteria in {groups} "
        "groups, {max} points in all; bonus up to {bonus}, penalty up to {penalty}.",
    ),
    "table.template": ("📄 Tệp mẫu", "📄 Template"),
    "table.resubmit_on": (
        "Đơn vị đã nộp được sửa và nộp lại đến hạn: CÓ.",
        "Units that submitted may change and submit again until the deadline: YES.",
    ),
    "table.resubmit_off": (
        "Đơn vị đã nộp được sửa và nộp lại đến hạn: KHÔNG.",
        "Units that submitted may change and submit again until the deadline: NO.",
    ),
    "table.resubmit_enable": ("🔁 Cho phép nộp lại", "🔁 Allow resubmission"),
    "table.resubmit_disable": ("⛔ Không cho nộp lại", "⛔ Disallow resubmission"),
    "table.upload": ("📥 Tải bảng mới", "📥 Upload a table"),
    "table.use_sample": ("📋 Dùng bảng mẫu", "📋 Use the sample table"),
    "table.template_caption": (
        "Tệp mẫu bảng tiêu chí, có trang «Hướng dẫn» giải thích từng cột. Điền rồi gửi lại vào đây.",
        "Criteria table template, with a «Hướng dẫn» sheet explaining each column. Fill it and send it back.",
    ),
    "table.ask_file": ("Xin gửi tệp bảng tiêu chí (.xlsx hoặc .csv), hoặc /huy.",
                       "Send the criteria table file (.xlsx or .csv), or /huy."),
    "table.ask_reason": (
        "Đã có đơn vị nộp bảng điểm theo bảng hiện tại. Nạp phiên bản mới là việc cần ghi lại: xin gõ lý do "
        "(các đơn vị sẽ được thông báo), hoặc /huy.",
        "Units have already submitted against the current table. A new version must be recorded: type the "
        "reason (every unit will be told), or /huy.",
    ),
    "table.loaded": (
        "Đã nạp bảng tiêu chí phiên bản {version} (mã {fingerprint}): {count} tiêu chí, tổng {max} điểm.",
        "Loaded criteria table version {version} ({fingerprint}): {count} criteria, {max} points in all.",
    ),
    "table.failed": (
        "Chưa nạp được bảng «{file}»: có {count} lỗi. Bảng hiện tại giữ nguyên.\n\n{problems}\n\nXin sửa tệp "
        "và gửi lại, hoặc /huy.",
        "Could not load «{file}»: {count} problem(s). The current table is unchanged.\n\n{problems}\n\n"
        "Please fix the file and send it again, or /huy.",
    ),
    "table.notify_units": (
        "Trưởng khối đã ban hành bảng tiêu chí phiên bản {version}. Lý do: {reason}. Bảng điểm đã nộp vẫn giữ "
        "theo phiên bản cũ; bảng đang chấm chuyển sang phiên bản mới.",
        "The head published criteria table version {version}. Reason: {reason}. Submitted sheets keep the old "
        "version; sheets in progress move to the new one.",
    ),
    "refused.table_locked": ("Cần ghi lý do khi nạp phiên bản mới sau khi đã có đơn vị nộp.",
                             "A reason is required for a new version once units have submitted."),
    "table.col.code": ("Mã", "code"),
    "table.col.group": ("Nhóm", "group"),
    "table.col.title": ("Nội dung", "title"),
    "table.col.guidance": ("Hướng dẫn chấm", "guidance"),
    "table.col.max": ("Điểm tối đa", "maximum"),
    "table.col.kind": ("Loại", "kind"),
    "table.col.step": ("Bước", "step"),
    "table.col.per_item": ("Điểm mỗi lần", "points per item"),
    "table.col.evidence": ("Minh chứng", "evidence"),
    "import.err.MISSING_COLUMN": ("thiếu cột «{value}» ở dòng tiêu đề", "the header row lacks the «{value}» column"),
    "import.err.CODE_EMPTY": ("thiếu mã tiêu chí", "the code is empty"),
    "import.err.DUPLICATE_CODE": ("mã tiêu chí «{value}» bị trùng", "the code «{value}» repeats"),
    "import.err.TITLE_EMPTY": ("thiếu nội dung tiêu chí", "the title is empty"),
    "import.err.GROUP_EMPTY": ("thiếu tên nhóm tiêu chí", "the group is empty"),
    "import.err.MAX_INVALID": ("điểm tối đa «{value}» không hợp lệ (phải là số lớn hơn 0)",
                               "the maximum «{value}» is invalid (a number above 0)"),
    "import.err.KIND_UNKNOWN": (
        "loại «{value}» không hợp lệ; dùng: điểm (trực tiếp), đạt (đạt/không đạt), đếm (số lần, số lượng), cộng "
        "(điểm cộng), trừ (điểm trừ), có dấu hay không dấu, có gạch dưới hay không (truc_tiep, dat_khong_dat, "
        "dem_so_luong, diem_cong, diem_tru) hoặc tiếng Anh (score, pass_fail, count, bonus, penalty)",
        "unknown kind «{value}»; use: điểm (direct), đạt (pass/fail), đếm (a count), cộng (bonus), trừ (penalty), "
        "with or without diacritics or underscores (truc_tiep, dat_khong_dat, dem_so_luong, diem_cong, diem_tru), "
        "or in English (score, pass_fail, count, bonus, penalty)"),
    "import.err.STEP_INVALID": ("bước «{value}» không hợp lệ (lớn hơn 0 và chia hết điểm tối đa)",
                                "the step «{value}» is invalid (above 0, dividing the maximum)"),
    "import.err.PER_ITEM_MISSING": ("tiêu chí loại đếm cần «Điểm mỗi lần»", "a count item needs points per item"),
    "import.err.PER_ITEM_INVALID": ("điểm mỗi lần «{value}» không hợp lệ", "points per item «{value}» is invalid"),
    "import.err.EVIDENCE_INVALID": ("cột minh chứng chỉ nhận Có hoặc Không", "the evidence column takes Có or Không"),
    "import.err.NO_CRITERIA": ("tệp không có tiêu chí nào", "the file has no criteria"),
    "import.err.TEXT_TOO_LONG": ("nội dung quá dài", "the text is too long"),
    "refused.deadline_invalid": (
        "Không hiểu thời điểm này. Xin gõ theo dạng 30/11/2026 17:00.",
        "I could not read that time. Please type it like 30/11/2026 17:00.",
    ),
    "refused.deadline_past": ("Thời điểm này đã qua. Xin gõ một thời điểm trong tương lai.",
                              "That moment has passed. Please type a future one."),
    "check.overview": (
        "🔎 Thẩm định năm {year}: {submitted}/{count} đơn vị đã nộp.\n⏳ đang chấm · 📥 đã nộp · 🔁 đã gửi "
        "kết quả · 💬 đã giải trình · 🏁 đã chốt",
        "🔎 Checking {year}: {submitted}/{count} units submitted.\n⏳ in progress · 📥 submitted · 🔁 results "
        "sent · 💬 explained · 🏁 final",
    ),
    "check.unit_button": ("{mark} {unit} ({answered}/{count})", "{mark} {unit} ({answered}/{count})"),
    "check.sheet_title": ("🔎 {unit} — {status}\nMã: tối đa | tự chấm | TĐ1 | giải trình | TĐ2 | cuối",
                          "🔎 {unit} — {status}\nCode: max | self | check 1 | explained | check 2 | final"),
    "check.status.draft": ("chưa nộp", "not submitted"),
    "check.status.submitted": ("đã nộp, chờ thẩm định", "submitted, awaiting the check"),
    "check.status.returned": ("đã gửi kết quả, chờ giải trình", "results sent, awaiting explanations"),
    "check.status.explained": ("đã giải trình, chờ thẩm định lần 2", "explained, awaiting the second check"),
    "check.status.final": ("đã chốt", "final"),
    "check.line": ("{code}: {max} | {own} | {check1} | {explained} | {check2} | {final}",
                   "{code}: {max} | {own} | {check1} | {explained} | {check2} | {final}"),
    "check.totals": ("Tổng tự chấm: {own} · Tổng sau thẩm định: {final}",
                     "Self total: {own} · Total after checking: {final}"),
    "check.send_back": ("📤 Gửi kết quả thẩm định cho đơn vị", "📤 Send the results to the unit"),
    "check.send_back_confirm": (
        "Gửi kết quả thẩm định cho {unit} ({count} tiêu chí điều chỉnh)? Sau khi gửi, đơn vị giải trình và điểm "
        "thẩm định lần 1 không sửa được nữa. Đơn vị sẽ nhận:",
        "Send the checking results to {unit} ({count} criteria adjusted)? Once sent, the unit explains and the "
        "first check can no longer be changed. The unit will get:",
    ),
    "check.send_back_yes": ("✅ Xác nhận gửi kết quả", "✅ Confirm: send the results"),
    "check.reopen": ("🔓 Mở lại bảng điểm cho đơn vị", "🔓 Reopen the sheet"),
    "check.back": ("« Danh sách thẩm định", "« Checking list"),
    "check.back_unit": ("« Bảng điểm đơn vị", "« Unit sheet"),
    "check.close": ("🏁 Chốt điểm", "🏁 Close checking"),
    "check.card_unit": ("Thẩm định: {unit}", "Checking: {unit}"),
    "check.type_hint": ("Bấm một mức hoặc gõ điểm thẩm định.", "Press a value or type the checked score."),
    "check.ask_reason": (
        "Điểm thẩm định {points} cho tiêu chí {code} khác điểm trước đó: xin gõ lý do điều chỉnh, hoặc /huy.",
        "The checked {points} for {code} differs from the previous score: type the reason, or /huy.",
    ),
    "check.saved": ("Đã lưu điểm thẩm định {points} cho tiêu chí {code}.", "Saved the checked {points} for {code}."),
    "check.sent": ("Đã gửi kết quả thẩm định cho {unit} ({count} tiêu chí điều chỉnh).",
                   "Results sent to {unit} ({count} criteria adjusted)."),
    "check.result_title": (
        "Trưởng khối đã thẩm định bảng điểm của đơn vị: {count} tiêu chí được điều chỉnh.",
        "The head checked your unit's sheet: {count} criteria were adjusted.",
    ),
    "check.result_line": ("• {code}: tự chấm {own} → {check}. Lý do: {reason}",
                          "• {code}: self {own} → {check}. Reason: {reason}"),
    "check.result_footer": ("Đơn vị có thể giải trình từng tiêu chí trước hạn.",
                            "Your unit may explain each item before the deadline."),
    "refused.sheet_not_submitted": ("Đơn vị này chưa nộp bảng điểm.", "That unit has not submitted its sheet."),
    "refused.reason_required": ("Xin gõ lý do.", "Please type the reason."),
    "refused.sheet_changed": ("Bảng điểm vừa thay đổi trạng thái; xin mở lại.",
                              "The sheet has just changed; please open it again."),
    "reopen.ask": ("Gõ lý do mở lại bảng điểm cho đơn vị (sẽ gửi cho đơn vị), hoặc /huy.",
                   "Type the reason for reopening the sheet (the unit will see it), or /huy."),
    "reopen.done": ("Đã mở lại bảng điểm của {unit}.", "{unit}'s sheet was reopened."),
    "reopen.notify": ("Trưởng khối đã mở lại bảng tự chấm điểm của đơn vị. Lý do: {reason}. Gõ /chamdiem.",
                      "The head reopened your unit's sheet. Reason: {reason}. Type /chamdiem."),
    "close.confirm": (
        "Chốt điểm năm nay? Điểm cuối cùng của mọi đơn vị được cố định, không sửa được nữa, và mọi đơn vị được "
        "thông báo.\nĐã nộp bảng điểm: {submitted}/{count} đơn vị.",
        "Close checking for this year? Every unit's final scores become fixed for good and every unit is told."
        "\nSheets submitted: {submitted}/{count} units.",
    ),
    "close.confirm_unsubmitted": ("Chưa nộp (sẽ không được xếp hạng): {units}",
                                  "Not submitted (will not be ranked): {units}"),
    "close.confirm_explaining": ("Đang giải trình hoặc chờ thẩm định lần 2: {units}",
                                 "Still explaining or awaiting the second check: {units}"),
    "close.yes": ("🏁 Chốt điểm", "🏁 Close"),
    "close.no": ("Chưa", "Not yet"),
    "close.done": ("Đã chốt điểm năm nay.", "Checking is closed for this year."),
    "close.notify": ("Trưởng khối đã chốt điểm thi đua năm nay.", "The head has closed this year's scoring."),
    "rank.open": ("🏆 Bảng xếp hạng", "🏆 Ranking"),
    "rank.empty": ("Chưa có đơn vị nào nộp bảng điểm.", "No unit has submitted yet."),
    "rank.title": (
        "🏆 Bảng tổng hợp điểm — {bloc}, năm {year} (trang {page}/{pages})\nTT. Hạng · Đơn vị: tự chấm | "
        "thẩm định | cộng | trừ | tổng",
        "🏆 Ranked summary — {bloc}, {year} (page {page}/{pages})\nNo. Rank · Unit: self | checked | bonus | "
        "penalty | total",
    ),
    "rank.line": ("{no}. Hạng {rank} · {unit}: {own} | {checked} | {bonus} | {penalty} | {final}",
                  "{no}. Rank {rank} · {unit}: {own} | {checked} | {bonus} | {penalty} | {final}"),
    # --- deadlines and reminders ------------------------------------------------------------------
    "cmd.hanchot": ("Hạn chót và nhắc hạn", "Deadlines and reminders"),
    "step.registration": ("đăng ký thi đua", "registration"),
    "step.covenant": ("ký kết giao ước thi đua", "signing the covenant"),
    "step.self_assessment": ("tự chấm điểm", "self-assessment"),
    "step.checking": ("thẩm định", "checking"),
    "step.explanation": ("giải trình", "explanations"),
    "step.vote": ("bình xét, bỏ phiếu", "the vote"),
    "step.movement": ("báo cáo phong trào thi đua", "the movement report"),
    "deadlines.title": ("⏰ Hạn chót năm {year}:", "⏰ Deadlines for {year}:"),
    "deadlines.unset": ("chưa đặt", "not set"),
    "deadlines.line": ("• Hạn {step}: {when}\n   nhắc: {reminders}", "• {step}: {when}\n   reminders: {reminders}"),
    "deadlines.extension": ("   gia hạn cho {unit}: {when} ({reason})", "   extended for {unit}: {when} ({reason})"),
    "deadlines.offset_before": ("trước {amount}", "{amount} before"),
    "deadlines.offset_after": ("quá hạn {amount}", "{amount} after"),
    "deadlines.set_button": ("⏰ Đặt hạn {step}", "⏰ Set: {step}"),
    "deadlines.extend_button": ("➕ Gia hạn cho một đơn vị", "➕ Extend for one unit"),
    "deadlines.rules_button": ("🔔 Lịch nhắc: {step}", "🔔 Reminders: {step}"),
    "deadlines.back": ("« Hạn chót", "« Deadlines"),
    "deadlines.ask_date": (
        "Hạn {step} hiện tại: {current}.\nGõ hạn mới theo dạng ngày/tháng/năm giờ:phút, ví dụ "
        "30/11/2026 17:00 (giờ Việt Nam). Hoặc /huy.",
        "Current deadline for {step}: {current}.\nType the new one as dd/mm/yyyy hh:mm, e.g. 30/11/2026 17:00 "
        "(Vietnam time). Or /huy.",
    ),
    "deadlines.ask_reason": (
        "Hạn mới: {when}. Xin gõ lý do thay đổi (được ghi lại và gửi cho đơn vị), hoặc /huy.",
        "New deadline: {when}. Type the reason for the change (recorded and sent to the units), or /huy.",
    ),
    "deadlines.set": ("Đã đặt hạn {step}: {when}. Các đơn vị sẽ được nhắc theo lịch.",
                      "Deadline for {step} set: {when}. Units will be reminded on schedule."),
    "deadlines.moved": ("Đã đổi hạn {step} thành {when}. Lịch nhắc cũ đã hủy, lịch mới đã lập.",
                        "The deadline for {step} is now {when}. Old reminders were cancelled, new ones planned."),
    "deadlines.extend_which": ("Gia hạn {step} cho đơn vị nào?", "Extend {step} for which unit?"),
    "deadlines.extend_date": ("Gia hạn {step} cho {unit}: gõ hạn mới (ví dụ 05/12/2026 17:00), hoặc /huy.",
                              "Extend {step} for {unit}: type the new deadline (e.g. 05/12/2026 17:00), or /huy."),
    "deadlines.extended": ("Đã gia hạn {step} cho {unit} đến {when}.", "{step} extended for {unit} to {when}."),
    "deadlines.extended_notice": (
        "Trưởng khối đã gia hạn {step} cho đơn vị đến {when}. Lý do: {reason}.",
        "The head extended {step} for your unit to {when}. Reason: {reason}.",
    ),
    "deadlines.ask_offsets": (
        "Lịch nhắc {step}: gõ các mốc, ví dụ «7 ngày, 3 ngày, 1 ngày, 2 giờ, quá hạn 1 ngày». Nhắc trong giờ "
        "nghỉ (21:00–07:00) được dời sang sáng hôm sau. Hoặc /huy.",
        "Reminders for {step}: type the times, e.g. «7 ngày, 3 ngày, 1 ngày, 2 giờ, quá hạn 1 ngày». Reminders "
        "in quiet hours (21:00–07:00) move to the next morning. Or /huy.",
    ),
    "deadlines.offsets_set": ("Đã đặt lịch nhắc {step}: {reminders}.", "Reminders for {step}: {reminders}."),
    "refused.step_unknown": ("Không có bước này.", "There is no such step."),
    "refused.reason_too_long": ("Lý do tối đa {max} ký tự.", "A reason has at most {max} characters."),
    "refused.deadline_not_set": ("Bước này chưa có hạn chung để gia hạn.", "This step has no deadline to extend."),
    "refused.extension_not_later": (
        "Hạn gia hạn phải muộn hơn hạn chung ({date}) và ở tương lai. Xin gõ lại.",
        "An extension must be later than the bloc's deadline ({date}) and in the future. Type it again.",
    ),
    "refused.offsets_invalid": (
        "Không hiểu lịch nhắc. Xin gõ như «7 ngày, 3 ngày, 2 giờ, quá hạn 1 ngày» (tối đa 10 mốc).",
        "I could not read that. Type it like «7 ngày, 3 ngày, 2 giờ, quá hạn 1 ngày» (at most 10 times).",
    ),
    "reminder.left.days": ("{amount} ngày", "{amount} days"),
    "reminder.left.hours": ("{amount} giờ", "{amount} hours"),
    "reminder.left.minutes": ("{amount} phút", "{amount} minutes"),
    "reminder.before": (
        "⏰ Nhắc hạn {step}: hết hạn lúc {when} (còn {left}).\nĐơn vị: {unit}. {missing}",
        "⏰ Reminder: {step} is due at {when} ({left} left).\nUnit: {unit}. {missing}",
    ),
    "reminder.overdue": (
        "⚠️ Quá hạn {step}: đã hết hạn lúc {when}; {unit} chưa hoàn thành. {missing} Nếu cần gia hạn, xin "
        "liên hệ Trưởng khối.",
        "⚠️ Overdue: {step} was due at {when}; {unit} has not finished. {missing} To ask for more time, "
        "contact the bloc head.",
    ),
    "reminder.missing.unscored": ("Còn {count} tiêu chí chưa chấm.", "{count} criteria are not scored yet."),
    "reminder.missing.unsubmitted": ("Đã chấm đủ nhưng chưa nộp.", "Everything is scored but not submitted."),
    "reminder.missing.explanation": ("Đơn vị chưa hoàn tất giải trình.", "Your explanations are not finished."),
    "reminder.missing.registration": ("Đơn vị chưa nộp đăng ký thi đua.",
                                      "Your unit has not submitted its registration."),
    "reminder.missing.covenant": ("Đơn vị chưa ký giao ước thi đua.", "Your unit has not signed the covenant."),
    "reminder.open.registration": ("📋 Mở đăng ký thi đua", "📋 Open the registration"),
    "reminder.open.covenant": ("✍️ Đọc và ký giao ước", "✍️ Read and sign"),
    "reminder.open.self_assessment": ("📝 Mở bảng tự chấm điểm", "📝 Open the sheet"),
    "reminder.open.explanation": ("💬 Giải trình ngay", "💬 Explain now"),
    "reminder.open.movement": ("🚩 Mở phong trào thi đua", "🚩 Open the movement"),
    "reminder.missing.movement": ("Đơn vị chưa nộp báo cáo kết quả phong trào thi đua.",
                                  "Your unit has not submitted its movement report."),
    "reminder.closed": (
        "🔔 Đã hết hạn {step} lúc {when}: {done}/{count} đơn vị đã hoàn thành.",
        "🔔 {step} closed at {when}: {done}/{count} units finished.",
    ),
    "reminder.summary": (
        "📋 Hạn {step}: {when}. {count} đơn vị chưa hoàn thành:\n{units}",
        "📋 Deadline for {step}: {when}. {count} unit(s) have not finished:\n{units}",
    ),
    "reminder.blocked": (
        "⚠️ Không gửi được nhắc hạn cho {names} ({unit}): người này đã chặn bot. Xin liên hệ trực tiếp.",
        "⚠️ A reminder could not reach {names} ({unit}): they blocked the bot. Please contact them directly.",
    ),
    # --- Zalo, and linking two channels ------------------------------------------------------------
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
    "refused.link_not_representative": (
        "Xin lỗi, tài khoản này hiện không còn là đại diện của đơn vị nào nên không liên kết được. Nếu cần "
        "tham gia lại, xin đề nghị Trưởng khối cấp mã mời của đơn vị.",
        "Sorry, this account no longer represents any unit, so it cannot be linked. To join again, please "
        "ask the head of the bloc for your unit's invite code.",
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
    # --- what a Zalo Official Account cannot carry, and its 7-day window -----------------------------
    "zalo_oa.file_unavailable": (
        "(Zalo chỉ nhận tệp PDF, DOC, DOCX đến 5 MB nên không gửi được tệp «{file}». Xin mở bot trên "
        "Telegram để nhận tệp, hoặc đề nghị quản trị khối gửi cho đồng chí.)",
        "(Zalo only carries PDF, DOC and DOCX files up to 5 MB, so «{file}» cannot be sent here. Please open "
        "the bot on Telegram to get it, or ask the bloc administrator to send it to you.)",
    ),
    "zalo_oa.file_sent_telegram": (
        "(Zalo chỉ nhận tệp PDF, DOC, DOCX đến 5 MB, nên tệp «{file}» đã được gửi sang Telegram của đồng chí.)",
        "(Zalo only carries PDF, DOC and DOCX files up to 5 MB, so «{file}» was sent to your Telegram instead.)",
    ),
    "zalo_oa.keep_in_touch": (
        "ℹ️ Có thông báo chưa gửi được cho đồng chí qua Zalo vì đồng chí chưa nhắn cho Official Account trong "
        "7 ngày qua (Zalo chỉ cho phép gửi trong thời gian đó). Để không lỡ nhắc việc và thông báo, xin nhắn "
        "cho Official Account ít nhất mỗi tuần một lần (ví dụ gõ /menu), hoặc liên kết Telegram bằng /lienket.",
        "ℹ️ A notice could not reach you on Zalo because you had not written to the Official Account in the "
        "last 7 days (Zalo only allows messages within that time). To keep getting reminders and notices, "
        "please write to the Official Account at least once a week (type /menu, say), or link Telegram with "
        "/lienket.",
    ),
    # --- votes ------------------------------------------------------------------------------------
    "admin.votes": ("🗳 Bình xét, bầu cử", "🗳 Votes and elections"),
    "cmd.bophieu": ("Bình xét, bầu cử: tạo, mở, kiểm phiếu", "Votes: create, open, count"),
    "cmd.phieubau": ("Phiếu bầu đang chờ đơn vị", "Ballots waiting for my unit"),
    "vote.list_title": ("🗳 Bình xét, bầu cử năm {year} ({count}):", "🗳 Votes of {year} ({count}):"),
    "vote.new_award": ("➕ Bình xét khen thưởng", "➕ Award vote"),
    "vote.new_head": ("➕ Bầu Trưởng khối", "➕ Elect the head"),
    "vote.new_deputy": ("➕ Bầu Phó trưởng khối", "➕ Elect the deputy"),
    "vote.new_question": ("➕ Biểu quyết", "➕ A question"),
    "vote.ask_title.award": (
        "Gõ tên danh hiệu bình xét, ví dụ «Cờ thi đua của UBND tỉnh» hoặc «Bằng khen của Chủ tịch UBND tỉnh». "
        "Hoặc /huy.",
        "Type the award, e.g. «Cờ thi đua của UBND tỉnh» or «Bằng khen của Chủ tịch UBND tỉnh». Or /huy.",
    ),
    "vote.ask_title.head": ("Gõ tiêu đề, ví dụ «Suy tôn Trưởng khối năm 2027». Hoặc /huy.",
                            "Type the title, e.g. «Suy tôn Trưởng khối năm 2027». Or /huy."),
    "vote.ask_title.deputy": ("Gõ tiêu đề, ví dụ «Suy tôn Phó trưởng khối năm 2027». Hoặc /huy.",
                              "Type the title, e.g. «Suy tôn Phó trưởng khối năm 2027». Or /huy."),
    "vote.ask_title.question": ("Gõ nội dung cần biểu quyết (tối đa 300 ký tự). Hoặc /huy.",
                                "Type the question to vote on (at most 300 characters). Or /huy."),
    "vote.card": (
        "🗳 {title}\nLoại: {kind} · Trạng thái: {status}\nHình thức: {mode} · Số người/đơn vị được chọn: {seats}\n"
        "Điều kiện hợp lệ: {quorum}\nĐiều kiện trúng: {win}\nKhi bằng phiếu: {tie}",
        "🗳 {title}\nKind: {kind} · Status: {status}\nMode: {mode} · Seats: {seats}\nQuorum: {quorum}\n"
        "To win: {win}\nOn a tie: {tie}",
    ),
    "vote.kind.award": ("bình xét khen thưởng", "award"),
    "vote.kind.head": ("suy tôn Trưởng khối", "head election"),
    "vote.kind.deputy": ("suy tôn Phó trưởng khối", "deputy election"),
    "vote.kind.question": ("biểu quyết", "question"),
    "vote.status.draft": ("đang soạn", "draft"),
    "vote.status.open": ("đang bỏ phiếu", "open"),
    "vote.status.closed": ("đã kiểm phiếu", "counted"),
    "vote.mode.secret": ("bỏ phiếu kín, mỗi đơn vị một phiếu", "secret ballot, one per unit"),
    "vote.mode.open": ("biểu quyết công khai trong nhóm", "open poll in the group"),
    "vote.quorum.two_thirds": ("ít nhất 2/3 số đơn vị thành viên tham gia", "at least 2/3 of member units vote"),
    "vote.quorum.half": ("trên 1/2 số đơn vị thành viên tham gia", "more than half of member units vote"),
    "vote.quorum.none": ("không yêu cầu", "none"),
    "vote.win.majority_of_members": ("nhiều phiếu nhất và trên 50% tổng số đơn vị thành viên",
                                     "most votes and over 50% of all member units"),
    "vote.win.majority_of_cast": ("nhiều phiếu nhất và trên 50% số phiếu thu vào",
                                  "most votes and over 50% of ballots cast"),
    "vote.win.two_thirds_of_members": ("nhiều phiếu nhất và từ 2/3 tổng số đơn vị thành viên",
                                       "most votes and at least 2/3 of member units"),
    "vote.win.seventy_percent_of_members": ("từ 70% tổng số đơn vị thành viên",
                                            "at least 70% of member units"),
    "vote.win.plurality": ("nhiều phiếu nhất", "most votes"),
    "vote.tie.runoff_then_score": ("bầu lại giữa các đơn vị bằng phiếu; nếu vẫn bằng, lấy điểm thi đua cao hơn",
                                   "a runoff among the tied; still tied: the higher final score"),
    "vote.tie.score": ("lấy điểm thi đua cao hơn", "the higher final score"),
    "vote.tie.none": ("ghi nhận bằng phiếu, không chọn", "reported, nobody chosen"),
    "vote.options_title": ("Danh sách lựa chọn ({count}):", "Options ({count}):"),
    "vote.edit_options": ("✏️ Sửa danh sách đề cử", "✏️ Edit nominees"),
    "vote.options_edit": ("Bấm để thêm hoặc bỏ đơn vị khỏi danh sách:", "Press to add or remove a unit:"),
    "vote.done_options": ("✅ Xong", "✅ Done"),
    "vote.seats_minus": ("➖ Bớt số chọn", "➖ Fewer seats"),
    "vote.seats_plus": ("➕ Thêm số chọn", "➕ More seats"),
    "vote.toggle_mode": ("🔁 Kín / công khai", "🔁 Secret / open"),
    "vote.cycle_quorum": ("🔁 Điều kiện hợp lệ", "🔁 Quorum"),
    "vote.cycle_win": ("🔁 Điều kiện trúng", "🔁 To win"),
    "vote.cycle_tie": ("🔁 Khi bằng phiếu", "🔁 On a tie"),
    "vote.open_button": ("🚀 Mở bỏ phiếu", "🚀 Open the vote"),
    "vote.open_confirm": (
        "Mở bỏ phiếu «{title}»?\nKhi mở, danh sách {count} đơn vị bỏ phiếu và {options} lựa chọn dưới đây được chốt, "
        "không sửa được nữa; phiếu được gửi ngay tới các đơn vị.\nHình thức: {mode}. Điều kiện hợp lệ: {quorum}.",
        "Open the vote «{title}»?\nOnce open, the roll of {count} units and the {options} options below are "
        "frozen for good, and the ballots go out at once.\nMode: {mode}. Quorum: {quorum}.",
    ),
    "vote.open_confirm_roll": ("Đơn vị bỏ phiếu: {units}", "Units on the roll: {units}"),
    "vote.open_yes": ("✅ Xác nhận mở bỏ phiếu", "✅ Confirm: open the vote"),
    "vote.opened": (
        "Đã mở bỏ phiếu: danh sách {count} đơn vị và các lựa chọn đã được chốt. Phiếu đã gửi đến các đơn vị.",
        "The vote is open: the roll of {count} units and the options are frozen. Ballots were sent.",
    ),
    "vote.fell_back.too_many_options": (
        "Lưu ý: nhóm Telegram chỉ cho tối đa 12 lựa chọn, nên chuyển sang phiếu kín trong tin nhắn riêng.",
        "Note: a Telegram poll holds at most 12 options, so ballots go to private chats instead.",
    ),
    "vote.fell_back.label_too_long": (
        "Lưu ý: có lựa chọn dài quá 100 ký tự, nên chuyển sang phiếu kín trong tin nhắn riêng.",
        "Note: an option is over 100 characters, so ballots go to private chats instead.",
    ),
    "vote.fell_back.no_group": (
        "Lưu ý: khối chưa gắn nhóm Telegram (gõ /ganketnhom trong nhóm), nên chuyển sang phiếu kín trong tin "
        "nhắn riêng.",
        "Note: the bloc has no Telegram group linked (type /ganketnhom in it), so ballots go to private chats.",
    ),
    "vote.fingerprint": ("Mã định danh cuộc bỏ phiếu: {fingerprint}", "Fingerprint of the vote: {fingerprint}"),
    "vote.turnout_button": ("📊 Số đơn vị đã bỏ phiếu", "📊 Turnout"),
    "vote.close_button": ("⏹ Kết thúc và kiểm phiếu", "⏹ Close and count"),
    "vote.close_confirm": (
        "Kết thúc và kiểm phiếu «{title}»?\nĐã bỏ phiếu: {voted}/{members} đơn vị. Cuộc bỏ phiếu có giá trị khi "
        "{quorum} (cần {needed}/{members}).",
        "Close and count «{title}»?\nVoted: {voted}/{members} units. The vote is valid when {quorum} "
        "(needed {needed}/{members}).",
    ),
    "vote.close_quorum_met": ("Đã đủ số đơn vị tham gia: kết quả sẽ có giá trị.",
                              "Quorum met: the result will be valid."),
    "vote.close_quorum_not_met": (
        "⚠️ Chưa đủ số đơn vị tham gia (cần {needed}/{members}): kết quả sẽ không có giá trị. Nếu chưa muốn "
        "kết thúc, đề nghị đồng chí nhắc các đơn vị chưa bỏ phiếu.",
        "⚠️ Quorum not met (needed {needed}/{members}): the result will not be valid. If you do not want to "
        "close yet, remind the units that have not voted.",
    ),
    "vote.close_means": (
        "Sau khi kết thúc, không đơn vị nào bỏ phiếu được nữa và kết quả được gửi tới mọi đơn vị; không hoàn "
        "tác được.",
        "Once closed, no unit can vote any more and the result goes to every unit; this cannot be undone.",
    ),
    "vote.close_yes": ("✅ Xác nhận kết thúc và kiểm phiếu", "✅ Confirm: close and count"),
    "vote.back": ("« Danh sách bỏ phiếu", "« Votes"),
    "vote.back_card": ("« Cuộc bỏ phiếu", "« The vote"),
    "vote.closed_card": ("Cuộc bỏ phiếu «{title}» đã kiểm phiếu; kết quả đã gửi các đơn vị.",
                         "«{title}» has been counted; the result was sent to the units."),
    "vote.committee_button": ("📝 Ban kiểm phiếu, địa điểm (cho biên bản)", "📝 Count committee and place"),
    "vote.ask_committee": (
        "Biên bản kiểm phiếu «{title}»: gõ dòng đầu là địa điểm, mỗi dòng sau là một thành viên ban kiểm phiếu "
        "theo dạng «Họ tên - vai trò», ví dụ:\nHội trường Văn phòng Tỉnh ủy\nNguyễn Thị Hoa - Trưởng ban\n"
        "Trần Văn Minh - Thư ký\nHoặc /huy.",
        "Vote-count minutes of «{title}»: type the place on the first line, then one committee member per "
        "line as «Name - role». Or /huy.",
    ),
    "vote.committee_saved": ("Đã lưu ban kiểm phiếu và địa điểm cho biên bản «{title}».",
                             "The committee and place for «{title}» were saved."),
    "refused.committee_invalid": (
        "Cần dòng địa điểm và từ 1 đến 11 thành viên, mỗi dòng tối đa 200 ký tự. Xin gõ lại, hoặc /huy.",
        "A place line and 1 to 11 members of at most 200 characters each are needed. Type again, or /huy.",
    ),
    "report.menu_button": ("📄 Tài liệu", "📄 Documents"),
    "vote.poll_posted": ("🗳 Biểu quyết «{title}» đã mở trong nhóm của khối. Mỗi đơn vị một phiếu.",
                         "🗳 The vote «{title}» is open in the bloc's group. One vote per unit."),
    "vote.ballot": (
        "🗳 PHIẾU BẦU KÍN: {title}{runoff}\nChọn tối đa {seats}. Bấm để chọn, rồi «Xác nhận». Chỉ ghi nhận "
        "một phiếu cho mỗi đơn vị; phiếu đã xác nhận không sửa được.",
        "🗳 SECRET BALLOT: {title}{runoff}\nChoose up to {seats}. Press to choose, then «Confirm». One ballot per "
        "unit; a confirmed ballot is final.",
    ),
    "vote.runoff_note": (" (bầu lại giữa các đơn vị bằng phiếu)", " (runoff among the tied)"),
    "vote.ballot_progress": ("🗳 {title}\nChọn tối đa {seats}. Đã chọn: {chosen}",
                             "🗳 {title}\nChoose up to {seats}. Chosen: {chosen}"),
    "vote.ballot_hint": ("Xin bấm vào lựa chọn trên phiếu, rồi «Xác nhận».",
                         "Please press an option on the ballot, then «Confirm»."),
    "vote.too_many": ("Chỉ được chọn tối đa {seats}.", "At most {seats} may be chosen."),
    "vote.confirm_button": ("✅ Xác nhận", "✅ Confirm"),
    "vote.blank_button": ("Phiếu trắng", "Blank ballot"),
    "vote.confirm": ("Xác nhận bỏ phiếu «{title}»: {chosen}?", "Confirm your ballot for «{title}»: {chosen}?"),
    "vote.cast_button": ("🗳 Bỏ phiếu", "🗳 Cast"),
    "vote.change_button": ("Chọn lại", "Change"),
    "vote.cast_done": (
        "Đã ghi nhận phiếu của đơn vị. Mã biên nhận: {receipt}\nKhi công bố kết quả, đơn vị dùng mã này để "
        "kiểm tra phiếu của mình đã được kiểm.",
        "Your unit's ballot is in. Receipt: {receipt}\nWhen the result is published, use it to check your "
        "ballot was counted.",
    ),
    "vote.cast_again": (
        "Phiếu của đơn vị đã được ghi nhận từ trước, không bỏ thêm phiếu nào. Mã biên nhận: {receipt}",
        "Your unit's ballot had already been recorded; no further ballot was cast. Receipt: {receipt}"),
    "vote.blank": ("phiếu trắng", "blank"),
    "vote.turnout": ("📊 {title}: {voted}/{count} đơn vị đã bỏ phiếu.\n\n{done}\n\n{waiting}",
                     "📊 {title}: {voted}/{count} units have voted.\n\n{done}\n\n{waiting}"),
    "vote.remind_button": ("🔔 Nhắc các đơn vị chưa bỏ phiếu", "🔔 Remind those who have not voted"),
    "vote.reminder": ("🔔 Đơn vị chưa bỏ phiếu «{title}». Xin bỏ phiếu trước khi kết thúc.",
                      "🔔 Your unit has not voted in «{title}» yet. Please vote before it closes."),
    "vote.open_ballot": ("🗳 Mở phiếu bầu", "🗳 Open the ballot"),
    "vote.reminded": ("Đã nhắc {count} đơn vị.", "{count} unit(s) reminded."),
    "vote.runoff_opened": ("Bằng phiếu: đã mở bầu lại «{title}» giữa {options}.",
                           "A tie: a runoff for «{title}» is open between {options}."),
    "vote.no_ballots": ("Hiện không có phiếu bầu nào chờ đơn vị.", "No ballot is waiting for your unit."),
    "vote.choose_ballot": ("Các phiếu bầu chờ đơn vị:", "Ballots waiting for your unit:"),
    "vote.group_linked": ("Đã gắn nhóm này với {bloc}. Kết quả và biểu quyết công khai sẽ đăng ở đây.",
                          "This group is now {bloc}'s group. Results and open votes will appear here."),
    "vote.poll.closed": ("Cuộc biểu quyết này đã kết thúc; lựa chọn không được ghi nhận.",
                         "That vote has closed; your answer was not counted."),
    "vote.poll.not_a_representative": (
        "Chỉ đại diện các đơn vị thành viên mới biểu quyết; lựa chọn của đồng chí không được tính.",
        "Only the member units' representatives vote; your answer was not counted.",
    ),
    "vote.poll.not_on_roll": ("Đơn vị của đồng chí không có trong danh sách biểu quyết này.",
                              "Your unit is not on this vote's roll."),
    "vote.poll.already_voted": (
        "Đơn vị của đồng chí đã biểu quyết; chỉ lựa chọn đầu tiên của đơn vị được tính.",
        "Your unit has already voted; only the unit's first answer counts.",
    ),
    "vote.poll.retracted": ("Lựa chọn đầu tiên của đơn vị đã được tính và không rút lại được.",
                            "Your unit's first answer was counted and cannot be withdrawn."),
    "vote.poll.invalid": ("Lựa chọn không hợp lệ, không được tính.", "That answer is not valid and was not counted."),
    "vote.answer.yes": ("Tán thành", "Yes"),
    "vote.answer.no": ("Không tán thành", "No"),
    "vote.answer.abstain": ("Không biểu quyết", "Abstain"),
    "vote.result_title": ("📊 KẾT QUẢ KIỂM PHIẾU: {title}", "📊 RESULT: {title}"),
    "vote.result_counts": (
        "Phiếu phát ra: {issued} · thu vào: {cast} · hợp lệ: {valid} (phiếu trắng: {blank}) · không hợp lệ: {invalid}",
        "Ballots issued: {issued} · cast: {cast} · valid: {valid} (blank: {blank}) · invalid: {invalid}",
    ),
    "vote.quorum_met": ("Đủ số đơn vị tham gia (cần {needed}/{members}).", "Quorum met (needed {needed}/{members})."),
    "vote.quorum_not_met": ("KHÔNG đủ số đơn vị tham gia (cần {needed}/{members}): kết quả không có giá trị.",
                            "Quorum NOT met (needed {needed}/{members}): the vote is void."),
    "vote.denominator.members": ("tổng số đơn vị thành viên", "of all member units"),
    "vote.denominator.cast": ("số phiếu thu vào", "of ballots cast"),
    "vote.result_line": ("• {option}: {votes} phiếu = {percent} {denominator}{mark}",
                         "• {option}: {votes} votes = {percent} {denominator}{mark}"),
    "vote.elected_mark": (" — TRÚNG", " — ELECTED"),
    "vote.outcome.QUORUM_NOT_MET": ("Kết quả: không đủ điều kiện, không ai trúng.",
                                    "Outcome: no quorum, nobody elected."),
    "vote.outcome.ELECTED": ("Kết quả: {elected}.", "Outcome: {elected}."),
    "vote.outcome.PARTIAL": ("Kết quả: {elected}; các suất còn lại không ai đạt.",
                             "Outcome: {elected}; nobody met the threshold for the other seats."),
    "vote.outcome.NONE_ELECTED": ("Kết quả: không ai đạt điều kiện trúng.", "Outcome: nobody met the threshold."),
    "vote.outcome.RUNOFF_NEEDED": ("Kết quả: {tied} bằng phiếu; bầu lại giữa các đơn vị này.",
                                   "Outcome: {tied} tied; a runoff between them follows."),
    "vote.outcome.TIE_BROKEN_BY_SCORE": ("Kết quả: {elected} (bằng phiếu, trúng do điểm thi đua cao hơn).",
                                         "Outcome: {elected} (tied; won on the higher final score)."),
    "vote.outcome.TIE_UNRESOLVED": ("Kết quả: {tied} bằng phiếu, chưa phân định được.",
                                    "Outcome: {tied} tied and could not be separated."),
    "vote.rules_line": ("Quy tắc áp dụng: {rules}.", "Rules applied: {rules}."),
    "vote.rule.RUNOFF_ROUND": ("vòng bầu lại", "runoff round"),
    "vote.rule.QUORUM_TWO_THIRDS": ("hợp lệ khi có ít nhất 2/3 đơn vị tham gia", "quorum 2/3 of members"),
    "vote.rule.QUORUM_HALF": ("hợp lệ khi có trên 1/2 đơn vị tham gia", "quorum over half of members"),
    "vote.rule.QUORUM_NONE": ("không yêu cầu số đơn vị tham gia", "no quorum"),
    "vote.rule.WIN_MAJORITY_OF_MEMBERS": ("trúng khi nhiều phiếu nhất và trên 50% tổng số đơn vị thành viên",
                                          "most votes and over 50% of all member units"),
    "vote.rule.WIN_MAJORITY_OF_CAST": ("trúng khi nhiều phiếu nhất và trên 50% số phiếu thu vào",
                                       "most votes and over 50% of ballots cast"),
    "vote.rule.WIN_TWO_THIRDS_OF_MEMBERS": ("trúng khi nhiều phiếu nhất và từ 2/3 tổng số đơn vị",
                                            "most votes and at least 2/3 of members"),
    "vote.rule.WIN_SEVENTY_PERCENT_OF_MEMBERS": ("trúng khi từ 70% tổng số đơn vị", "at least 70% of members"),
    "vote.rule.WIN_PLURALITY": ("trúng khi nhiều phiếu nhất", "most votes"),
    "vote.rule.TIE_AT_TOP": ("bằng phiếu ở vị trí cao nhất", "a tie at the top"),
    "vote.rule.TIE_RUNOFF": ("bằng phiếu thì bầu lại", "a tie goes to a runoff"),
    "vote.rule.TIE_SCORE": ("bằng phiếu thì lấy điểm thi đua cao hơn", "a tie is decided by the final score"),
    "vote.rule.TIE_NONE": ("bằng phiếu thì ghi nhận, không chọn", "a tie is reported"),
    "vote.receipts_title": ("\nCác phiếu đã kiểm (mã biên nhận → lựa chọn):", "\nBallots counted (receipt → choice):"),
    "refused.vote_kind_unknown": ("Không có loại bỏ phiếu này.", "There is no such kind of vote."),
    "refused.vote_title_invalid": ("Tiêu đề phải có từ 1 đến 300 ký tự. Xin gõ lại, hoặc /huy.",
                                   "A title has 1 to 300 characters. Type it again, or /huy."),
    "refused.vote_not_found": ("Không tìm thấy cuộc bỏ phiếu này.", "That vote was not found."),
    "refused.vote_not_draft": ("Cuộc bỏ phiếu đã mở nên không sửa được nữa.",
                               "The vote is open and can no longer be changed."),
    "refused.vote_needs_options": ("Cần nhiều lựa chọn hơn số được chọn ({seats}).",
                                   "There must be more options than seats ({seats})."),
    "refused.vote_closed": ("Cuộc bỏ phiếu này không còn mở.", "That vote is not open."),
    "refused.confirm_stale": (
        "Nút xác nhận này không còn hiệu lực (đã có thay đổi, hoặc nút không phải do hệ thống tạo). Chưa có gì "
        "thay đổi. Đề nghị đồng chí xem lại và xác nhận lại dưới đây.",
        "This confirm button is no longer valid (something changed, or the system did not make it). Nothing "
        "was changed. Please review and confirm again below.",
    ),
    "refused.not_on_roll": ("Đơn vị của đồng chí không có trong danh sách bỏ phiếu này.",
                            "Your unit is not on this vote's roll."),
    "refused.already_voted": ("Đơn vị của đồng chí đã bỏ phiếu. Mỗi đơn vị chỉ một phiếu.",
                              "Your unit has already voted. One ballot per unit."),
    "refused.ballot_invalid": ("Lựa chọn không hợp lệ (tối đa {seats}, chỉ trong danh sách). Chưa bỏ phiếu.",
                               "Invalid choice (at most {seats}, from the list). Nothing was cast."),
    # --- registration, covenant, notices --------------------------------------------------------------
    "menu.registration": ("📋 Đăng ký thi đua", "📋 Registration"),
    "menu.covenant": ("✍️ Giao ước thi đua", "✍️ The covenant"),
    "menu.notices": ("📢 Thông báo", "📢 Notices"),
    "admin.registration": ("📋 Tổng hợp đăng ký", "📋 Registrations"),
    "admin.covenant": ("✍️ Giao ước", "✍️ Covenant"),
    "admin.notices": ("📢 Thông báo", "📢 Notices"),
    "cmd.dangky": ("Đăng ký thi đua của đơn vị", "My unit's registration"),
    "cmd.tonghopdangky": ("Bảng tổng hợp đăng ký thi đua", "The registrations of the bloc"),
    "cmd.giaouoc": ("Giao ước thi đua: ban hành, theo dõi ký", "The covenant: publish, follow signatures"),
    "cmd.kygiaouoc": ("Đọc và ký giao ước thi đua", "Read and sign the covenant"),
    "cmd.thongbao": ("Thông báo của khối", "The bloc's notices"),
    "reg.title": ("📋 Đăng ký thi đua năm {year} — {unit}", "📋 Registration {year} — {unit}"),
    "reg.titles": ("Danh hiệu tập thể đăng ký: {titles}", "Collective titles: {titles}"),
    "reg.cultured_yes": ("Đăng ký xây dựng cơ quan, đơn vị văn hóa: CÓ", "Registers as a cultured agency: YES"),
    "reg.cultured_no": ("Đăng ký xây dựng cơ quan, đơn vị văn hóa: chưa", "Registers as a cultured agency: not yet"),
    "reg.counts": (
        "Số cán bộ, công chức, viên chức, người lao động: {staff}\nĐăng ký «Lao động tiên tiến»: {advanced}\n"
        "Đăng ký «Chiến sĩ thi đua cơ sở»: {soldiers}",
        "Staff: {staff}\nRegistering for «Lao động tiên tiến»: {advanced}\nRegistering for «Chiến sĩ thi đua cơ sở»: "
        "{soldiers}",
    ),
    "reg.targets": ("Chỉ tiêu chủ yếu:\n{targets}", "Main targets:\n{targets}"),
    "reg.status_draft": ("Trạng thái: chưa nộp.{when}", "Status: not submitted.{when}"),
    "reg.status_submitted": ("Trạng thái: đã nộp lúc {when}; vẫn sửa được đến hạn.",
                             "Status: submitted at {when}; it can still change until the deadline."),
    "reg.deadline": ("Hạn đăng ký: {when}.", "Deadline: {when}."),
    "reg.closed": ("Đã hết hạn đăng ký: không sửa được nữa.", "Registration is closed: no more changes."),
    "reg.edit_titles": ("🏅 Chọn danh hiệu", "🏅 Titles"),
    "reg.toggle_cultured": ("🏛 Cơ quan, đơn vị văn hóa: có/không", "🏛 Cultured agency: yes/no"),
    "reg.edit.staff": ("👥 Số CBCCVC", "👥 Staff"),
    "reg.edit.advanced_workers": ("LĐ tiên tiến", "LĐTT"),
    "reg.edit.emulation_soldiers": ("CSTĐ cơ sở", "CSTĐ"),
    "reg.edit_targets": ("🎯 Chỉ tiêu", "🎯 Targets"),
    "reg.submit": ("✅ Nộp đăng ký", "✅ Submit"),
    "reg.resubmit": ("✅ Nộp lại đăng ký", "✅ Submit again"),
    "reg.back": ("« Đăng ký", "« Registration"),
    "reg.choose_titles": ("Chọn các danh hiệu tập thể đơn vị đăng ký (bấm để chọn/bỏ):",
                          "Choose the collective titles (press to toggle):"),
    "reg.ask.staff": ("Gõ tổng số cán bộ, công chức, viên chức, người lao động của đơn vị (số nguyên), hoặc /huy.",
                      "Type the unit's total staff (a whole number), or /huy."),
    "reg.ask.advanced_workers": ("Gõ số người đăng ký «Lao động tiên tiến» (không quá tổng số CBCCVC), hoặc /huy.",
                                 "Type how many register for «Lao động tiên tiến» (at most the staff), or /huy."),
    "reg.ask.emulation_soldiers": (
        "Gõ số người đăng ký «Chiến sĩ thi đua cơ sở» (không quá tổng số CBCCVC), hoặc /huy.",
        "Type how many register for «Chiến sĩ thi đua cơ sở» (at most the staff), or /huy.",
    ),
    "reg.saved": ("Đã lưu.", "Saved."),
    "reg.ask_targets": (
        "Gõ các chỉ tiêu chủ yếu, mỗi dòng một chỉ tiêu (tối đa 10 dòng, mỗi dòng tối đa 200 ký tự), hoặc /huy.",
        "Type the main targets, one per line (at most 10 lines of 200 characters), or /huy.",
    ),
    "reg.confirm": ("Xác nhận nộp đăng ký thi đua như trên?", "Submit the registration above?"),
    "reg.confirm_yes": ("✅ Nộp", "✅ Submit"),
    "reg.submitted": ("Đã nộp đăng ký thi đua của {unit}.", "{unit}'s registration was submitted."),
    "reg.summary_title": (
        "📋 Tổng hợp đăng ký thi đua — {bloc}, năm {year}\nĐã đăng ký: {done}/{count} đơn vị ({percent}).",
        "📋 Registrations — {bloc}, {year}\nRegistered: {done}/{count} units ({percent}).",
    ),
    "reg.summary_title_line": ("• {title}: {count} đơn vị", "• {title}: {count} unit(s)"),
    "reg.summary_cultured": ("• Cơ quan, đơn vị văn hóa: {count} đơn vị ({percent} số đã đăng ký)",
                             "• Cultured agency: {count} unit(s) ({percent} of those registered)"),
    "reg.summary_staff": (
        "• Tổng số CBCCVC: {staff}; đăng ký LĐTT: {advanced} ({advanced_percent}); CSTĐ cơ sở: {soldiers} "
        "({soldiers_percent})",
        "• Staff: {staff}; LĐTT: {advanced} ({advanced_percent}); CSTĐ: {soldiers} ({soldiers_percent})",
    ),
    "reg.summary_waiting": ("Chưa đăng ký:\n{units}", "Not registered yet:\n{units}"),
    "reg.edit_catalogue": ("🏅 Danh mục danh hiệu", "🏅 Titles catalogue"),
    "reg.catalogue": ("Danh mục danh hiệu tập thể năm nay (bấm để bỏ):", "This year's titles (press to remove):"),
    "reg.add_title": ("➕ Thêm danh hiệu", "➕ Add a title"),
    "reg.back_summary": ("« Tổng hợp đăng ký", "« Registrations"),
    "reg.ask_title": ("Gõ tên danh hiệu mới, hoặc /huy.", "Type the new title, or /huy."),
    "reg.title_added": ("Đã thêm danh hiệu «{title}».", "Title «{title}» added."),
    "refused.title_invalid": ("Tên danh hiệu phải có từ 1 đến 200 ký tự.", "A title has 1 to 200 characters."),
    "refused.title_exists": ("Đã có danh hiệu «{title}».", "«{title}» is already in the catalogue."),
    "refused.title_unknown": ("Danh hiệu này không còn trong danh mục.", "That title is no longer in the catalogue."),
    "refused.registration_closed": ("Đã hết hạn đăng ký thi đua; không sửa được nữa.",
                                    "Registration is closed; nothing can change."),
    "refused.count_over_staff": (
        "Số đăng ký ({count}) không được lớn hơn tổng số CBCCVC ({staff}). Chưa lưu gì; xin gõ lại, hoặc /huy.",
        "The count ({count}) cannot exceed the staff ({staff}). Nothing was saved; type it again, or /huy.",
    ),
    "refused.count_invalid": ("Xin gõ một số nguyên từ {min} đến {max}. Chưa lưu gì.",
                              "Please type a whole number from {min} to {max}. Nothing was saved."),
    "refused.staff_first": ("Xin nhập tổng số CBCCVC trước.", "Please enter the staff count first."),
    "refused.targets_invalid": ("Cần 1 đến {lines} dòng chỉ tiêu, mỗi dòng tối đa {length} ký tự.",
                                "1 to {lines} target lines of at most {length} characters each."),
    "refused.registration_incomplete": (
        "Chưa nộp được: xin nhập tổng số CBCCVC và số đăng ký LĐTT, CSTĐ cơ sở (có thể là 0).",
        "Cannot submit: enter the staff and the LĐTT and CSTĐ counts (0 is fine).",
    ),
    "refused.stale": ("Thao tác không còn hiệu lực. Xin mở lại /menu.", "That is no longer valid. Open /menu."),
    "cov.none": ("Năm nay chưa ban hành giao ước thi đua.", "No covenant has been published this year."),
    "cov.status": (
        "✍️ Giao ước thi đua phiên bản {version} (mã {fingerprint}), ban hành {when}: {signed}/{count} đơn vị đã "
        "ký.\n\n{done}\n\n{waiting}",
        "✍️ Covenant version {version} ({fingerprint}), published {when}: {signed}/{count} units signed.\n\n"
        "{done}\n\n{waiting}",
    ),
    "cov.publish_button": ("📝 Ban hành / sửa giao ước", "📝 Publish / change"),
    "cov.status_button": ("✍️ Tình hình ký", "✍️ Signatures"),
    "cov.ask_text": (
        "Gửi nội dung giao ước thi đua (văn bản, hoặc tệp docx/pdf kèm chú thích), hoặc /huy.",
        "Send the covenant (text, or a docx/pdf file with a caption), or /huy.",
    ),
    "cov.see_file": ("Nội dung giao ước trong tệp đính kèm «{file}».", "The covenant is in the attached «{file}»."),
    "cov.published": ("Đã ban hành giao ước phiên bản {version} (mã {fingerprint}) tới {count} đơn vị.",
                      "Covenant version {version} ({fingerprint}) sent to {count} units."),
    "cov.notify": ("✍️ Trưởng khối đã ban hành giao ước thi đua (phiên bản {version}). Xin đọc và ký.",
                   "✍️ The head published the covenant (version {version}). Please read and sign it."),
    "cov.notify_resign": (
        "✍️ Giao ước thi đua đã được sửa (phiên bản {version}). Chữ ký cũ giữ với văn bản cũ; xin đọc và ký lại.",
        "✍️ The covenant was changed (version {version}). Old signatures stay with the old text; please sign again.",
    ),
    "cov.read_button": ("📖 Đọc và ký", "📖 Read and sign"),
    "cov.group_posted": ("✍️ Giao ước thi đua phiên bản {version} đã gửi {count} đơn vị để ký.",
                         "✍️ Covenant version {version} was sent to {count} units for signature."),
    "cov.text": ("✍️ GIAO ƯỚC THI ĐUA (phiên bản {version})\n\n{text}", "✍️ COVENANT (version {version})\n\n{text}"),
    "cov.sign_button": ("✍️ Đồng ý ký kết giao ước", "✍️ I agree to sign"),
    "cov.already_signed": ("Đơn vị đã ký phiên bản này.", "Your unit has signed this version."),
    "cov.confirm": ("Xác nhận {unit} đồng ý ký kết giao ước thi đua phiên bản {version}?",
                    "Confirm that {unit} signs covenant version {version}?"),
    "cov.confirm_yes": ("✍️ Ký", "✍️ Sign"),
    "cov.signed": ("Đã ký giao ước phiên bản {version} (mã {fingerprint}) lúc {when}.",
                   "Signed covenant version {version} ({fingerprint}) at {when}."),
    "refused.covenant_invalid": ("Nội dung giao ước phải có từ 1 đến {max} ký tự.",
                                 "The covenant has 1 to {max} characters."),
    "refused.no_covenant": ("Năm nay chưa có giao ước thi đua.", "There is no covenant this year yet."),
    "refused.covenant_changed": (
        "Giao ước vừa được sửa sau khi đồng chí mở. Xin đọc bản mới (/kygiaouoc) rồi ký.",
        "The covenant changed after you opened it. Please read the new one (/kygiaouoc) and sign.",
    ),
    "refused.covenant_already_signed": ("Đơn vị đã ký giao ước này rồi.", "Your unit has already signed it."),
    "notice.list_admin": ("📢 Thông báo của khối năm nay ({count}):", "📢 This year's notices ({count}):"),
    "notice.button": ("Số {number}: {text}", "No. {number}: {text}"),
    "notice.new": ("➕ Thông báo mới", "➕ New notice"),
    "notice.list": ("📢 Thông báo gửi đơn vị ({count}):", "📢 Notices for your unit ({count}):"),
    "notice.line": ("Số {number} ({when}):\n{text}", "No. {number} ({when}):\n{text}"),
    "notice.ask_text": ("Gõ nội dung thông báo (hoặc gửi tệp kèm chú thích), hoặc /huy.",
                        "Type the notice (or send a file with a caption), or /huy."),
    "notice.ask_audience": ("Gửi thông báo tới:", "Send the notice to:"),
    "notice.to_all": ("Tất cả đơn vị", "Every unit"),
    "notice.to_some": ("Chọn đơn vị", "Chosen units"),
    "notice.choose_units": ("Chọn đơn vị nhận ({count} đã chọn):", "Choose the units ({count} chosen):"),
    "notice.units_done": ("Tiếp ›", "Next ›"),
    "notice.ask_ack": ("Yêu cầu đơn vị bấm «Đã nhận»?", "Ask the units to confirm «Đã nhận»?"),
    "notice.ack_yes": ("Có", "Yes"),
    "notice.ack_no": ("Không", "No"),
    "notice.sent": ("Đã lưu thông báo số {number}, đang gửi tới {count} đơn vị.",
                    "Notice No. {number} saved, going out to {count} units."),
    "notice.status_button": ("📊 Tình hình nhận", "📊 Delivery and receipts"),
    "notice.message": ("📢 THÔNG BÁO số {number}/{year} của Trưởng khối:\n\n{text}",
                       "📢 NOTICE No. {number}/{year} from the head:\n\n{text}"),
    "notice.ack_button": ("✅ Đã nhận", "✅ Received"),
    "notice.acked": ("Đã xác nhận nhận thông báo số {number}.", "Receipt of notice No. {number} confirmed."),
    "notice.status": (
        "📢 Thông báo số {number} ({when}):\n{text}\n\n{delivery}\n\nĐã nhận: {acked}/{count}\n\n{done}\n\n"
        "{waiting}",
        "📢 Notice No. {number} ({when}):\n{text}\n\n{delivery}\n\nReceived: {acked}/{count}\n\n{done}\n\n"
        "{waiting}",
    ),
    "notice.status_no_ack": ("📢 Thông báo số {number} ({when}) gửi {count} đơn vị:\n{text}\n\n{delivery}",
                             "📢 Notice No. {number} ({when}) to {count} units:\n{text}\n\n{delivery}"),
    "notice.delivery": (
        "📨 Bản gửi tới đại diện các đơn vị: đã gửi {sent}/{total}, đang chờ gửi {waiting}, không gửi được "
        "{undeliverable} (người nhận đã chặn bot hoặc kênh từ chối).",
        "📨 Copies to the units' representatives: {sent}/{total} sent, {waiting} waiting, {undeliverable} not "
        "deliverable (the person blocked the bot, or the channel refused).",
    ),
    "notice.delivery_unknown": (
        "❔ {unknown} bản đang gửi dở khi bot dừng: không rõ đã tới chưa, và không gửi lại để tránh gửi trùng.",
        "❔ {unknown} copies were being sent when the bot stopped: whether they arrived is unknown, and they are "
        "not sent again (a duplicate would be worse).",
    ),
    "notice.back": ("« Thông báo", "« Notices"),
    "refused.notice_invalid": ("Thông báo phải có từ 1 đến {max} ký tự.", "A notice has 1 to {max} characters."),
    "refused.notice_no_units": ("Chưa chọn đơn vị nhận nào.", "No unit was chosen."),
    "refused.notice_not_found": ("Không tìm thấy thông báo này.", "That notice was not found."),
    "deadlines.group_post": ("⏰ Hạn {step}: {when}.", "⏰ Deadline for {step}: {when}."),
    # --- documents -------------------------------------------------------------------------------------
    "admin.reports": ("📄 Tài liệu, báo cáo", "📄 Documents"),
    "cmd.baocao": ("Tài liệu, báo cáo gửi Ban Thi đua - Khen thưởng", "Documents for the provincial board"),
    "report.menu": ("📄 Tài liệu của {bloc}, năm {year}. Chọn tài liệu:",
                    "📄 Documents of {bloc}, {year}. Choose one:"),
    "report.summary": ("📊 Bảng tổng hợp điểm và phụ lục (xlsx)", "📊 Score summary and annexes (xlsx)"),
    "report.chart": ("📈 Biểu đồ xếp hạng", "📈 Ranking chart"),
    "report.vote_minutes": ("📝 Biên bản kiểm phiếu: {title}", "📝 Vote-count minutes: {title}"),
    "report.meeting": ("📝 Biên bản họp tổng kết, bình xét, suy tôn", "📝 Minutes of the meeting"),
    "report.submission": ("📄 Tờ trình đề nghị khen thưởng", "📄 Submission for awards"),
    "report.summary_caption": ("Bảng tổng hợp điểm thi đua {bloc}, năm {year}.", "Score summary of {bloc}, {year}."),
    "report.chart_title": ("Xếp hạng thi đua {bloc} năm {year}", "Ranking of {bloc}, {year}"),
    "report.chart_caption": ("Biểu đồ xếp hạng năm {year}.", "Ranking chart, {year}."),
    "report.vote_minutes_caption": ("Biên bản kiểm phiếu: {title}.", "Vote-count minutes: {title}."),
    "report.meeting_caption": ("Biên bản họp tổng kết năm {year}: các ô để trống xin điền trước khi ký.",
                               "Minutes of the {year} meeting: please fill the blanks before signing."),
    "report.submission_caption": ("Tờ trình đề nghị khen thưởng năm {year}: các ô để trống xin điền trước khi ký.",
                                  "Submission for {year}: please fill the blanks before signing."),
    "report.no_submission": (
        "Chưa có đơn vị nào được bình xét đề nghị khen thưởng (cần kiểm phiếu bình xét trước).",
        "No unit has been voted for an award yet (count an award vote first).",
    ),
    # --- the criteria table template (bot/domain/criteria_import.py): its sheets and its help sheet -----------
    # Column names and kind labels stay in the module: the parser reads them back.
    "criteria_template.sheet_table": ("Bảng tiêu chí", "Criteria table"),
    "criteria_template.sheet_help": ("Hướng dẫn", "Guide"),
    "criteria_template.head_column": ("Cột", "Column"),
    "criteria_template.head_required": ("Bắt buộc", "Required"),
    "criteria_template.head_meaning": ("Ý nghĩa", "Meaning"),
    "criteria_template.head_kind": ("Loại", "Kind"),
    "criteria_template.head_how": ("Cách chấm", "How it is scored"),
    "criteria_template.col.code.required": ("Bắt buộc", "Required"),
    "criteria_template.col.code.meaning": (
        "Mã tiêu chí, không trùng nhau, tối đa 20 ký tự. Ví dụ: 1.1, 2.3, C1 (điểm cộng), T1 (điểm trừ).",
        "The criterion's code, unique, at most 20 characters. For example: 1.1, 2.3, C1 (bonus), T1 (penalty).",
    ),
    "criteria_template.col.group.required": ("Bắt buộc với tiêu chí chính", "Required for main criteria"),
    "criteria_template.col.group.meaning": (
        'Tên nhóm tiêu chí, ví dụ "I. Thực hiện nhiệm vụ chính trị được giao". Để trống thì lấy nhóm của dòng '
        "trên. Điểm cộng, điểm trừ có thể để trống.",
        'The criteria group\'s name, for example "I. Thực hiện nhiệm vụ chính trị được giao". Left empty, the '
        "row above's group is used. Bonus and penalty rows may leave it empty.",
    ),
    "criteria_template.col.title.required": ("Bắt buộc", "Required"),
    "criteria_template.col.title.meaning": ("Nội dung tiêu chí (tối đa 500 ký tự).",
                                            "What the criterion is (at most 500 characters)."),
    "criteria_template.col.guidance.required": ("Không bắt buộc", "Optional"),
    "criteria_template.col.guidance.meaning": (
        "Cách chấm điểm tiêu chí, hiển thị cho đơn vị khi tự chấm (tối đa 2.000 ký tự).",
        "How to score the criterion, shown to units as they score themselves (at most 2,000 characters).",
    ),
    "criteria_template.col.max_points.required": ("Bắt buộc", "Required"),
    "criteria_template.col.max_points.meaning": (
        "Số điểm tối đa, lớn hơn 0. Dùng dấu phẩy hoặc dấu chấm thập phân: 7,5 hoặc 7.5.",
        "The most points, above 0. A decimal comma or point: 7,5 or 7.5.",
    ),
    "criteria_template.col.kind.required": ("Không bắt buộc", "Optional"),
    "criteria_template.col.kind.meaning": ('Một trong các loại ở bảng dưới; để trống là "điểm".',
                                           'One of the kinds in the table below; empty means "điểm".'),
    "criteria_template.col.step.required": ("Không bắt buộc", "Optional"),
    "criteria_template.col.step.meaning": (
        "Bước chấm điểm, ví dụ 0,5 hoặc 0,25; điểm tối đa phải chia hết cho bước. "
        "Để trống là 0,5 (0,25 nếu điểm tối đa lẻ 0,25).",
        "The scoring step, for example 0,5 or 0,25; the most points must be a multiple of it. "
        "Empty means 0,5 (0,25 if the most points end in ,25).",
    ),
    "criteria_template.col.per_item.required": ('Bắt buộc với loại "đếm"', 'Required for the kind "đếm"'),
    "criteria_template.col.per_item.meaning": (
        "Số điểm cho mỗi lần/mỗi sản phẩm. Với điểm cộng, điểm trừ: điền nếu tính theo số lần.",
        "Points for each time or item. For bonus and penalty rows: fill it in if they count times.",
    ),
    "criteria_template.col.evidence.required": ("Không bắt buộc", "Optional"),
    "criteria_template.col.evidence.meaning": (
        '"Có" (hoặc x) nếu đơn vị phải gửi minh chứng khi chấm điểm trên 0; để trống là không.',
        '"Có" (or x) if a unit scoring above 0 must send evidence; empty means no.',
    ),
    "criteria_template.kind.diem": ("Đơn vị chấm từ 0 đến điểm tối đa, theo bước chấm.",
                                    "The unit scores from 0 to the most points, in steps."),
    "criteria_template.kind.dat": ("Đạt được điểm tối đa, không đạt được 0 điểm.",
                                   "Met gives the most points, not met gives 0."),
    "criteria_template.kind.dem": (
        "Đơn vị nhập số lần; điểm = số lần × điểm mỗi lần, không vượt điểm tối đa.",
        "The unit types a count; points = count × points each, up to the most points.",
    ),
    "criteria_template.kind.cong": (
        'Điểm cộng (điểm thưởng), chấm như loại "điểm" hoặc theo số lần nếu có điểm mỗi lần.',
        'Bonus points, scored like "điểm", or by count when points each is given.',
    ),
    "criteria_template.kind.tru": ("Điểm trừ, chấm như điểm cộng nhưng được trừ vào tổng điểm.",
                                   "Penalty points, scored like a bonus but taken off the total."),
    # --- words inside generated documents -------------------------------------------------------
    # bot/documents/wording.py builds its Wording from these: doc.<field>, doc.<field>.<n> for a list
    # (numbered from 1, in order), doc.<field>.<key> for a mapping. Vietnamese as in official forms;
    # the English set keeps the same placeholders and writes numbers and dates the English way.
    "doc.decimal_sep": (",", "."),
    "doc.thousands_sep": (".", ","),
    "doc.percent": ("{value}%", "{value}%"),
    "doc.missing": ("—", "—"),
    "doc.blank": ("……………………", "……………………"),
    "doc.yes": ("Có", "Yes"),
    "doc.no": ("Không", "No"),
    "doc.date_line": ("{place}, ngày {day} tháng {month} năm {year}", "{place}, {day}/{month}/{year}"),
    "doc.time_phrase": ("{hour} giờ {minute} phút, ngày {date}", "{hour}:{minute} on {date}"),
    "doc.comrade": ("Đồng chí {name}", "Comrade {name}"),
    "doc.gap": ("……", "……"),
    "doc.time_blank": ("…… giờ …… phút, ngày ……", "……:…… on ……"),
    "doc.party_title": ("ĐẢNG CỘNG SẢN VIỆT NAM", "COMMUNIST PARTY OF VIETNAM"),
    "doc.party_star": ("*", "*"),
    "doc.state_title": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM"),
    "doc.state_motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "doc.number_party": ("Số {number}", "No. {number}"),
    "doc.number_state": ("Số: {number}", "No. {number}"),
    "doc.number_blank_party": ("Số {gap}-{kind}/{issuer}", "No. {gap}-{kind}/{issuer}"),
    "doc.number_blank_state": ("Số: {gap}/{kind}-{issuer}", "No. {gap}/{kind}-{issuer}"),
    "doc.issuer_code": ("KTĐ", "KTD"),
    "doc.code_minutes": ("BB", "BB"),
    "doc.code_submission": ("TTr", "TTr"),
    "doc.sign_hint": ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    "doc.sign_count_head": ("TRƯỞNG BAN KIỂM PHIẾU", "HEAD OF THE VOTE-COUNTING COMMITTEE"),
    "doc.sign_secretary": ("THƯ KÝ", "SECRETARY"),
    "doc.sign_member": ("THÀNH VIÊN BAN KIỂM PHIẾU", "MEMBER OF THE VOTE-COUNTING COMMITTEE"),
    "doc.sign_chair": ("CHỦ TRÌ", "CHAIR"),
    "doc.sign_on_behalf_party": ("T/M {body}", "FOR {body}"),
    "doc.sign_on_behalf_state": ("TM. {body}", "FOR {body}"),
    "doc.sign_body": ("KHỐI THI ĐUA", "THE EMULATION BLOC"),
    "doc.sign_head_role": ("TRƯỞNG KHỐI", "BLOC HEAD"),
    "doc.vm_title": ("BIÊN BẢN KIỂM PHIẾU", "VOTE-COUNT MINUTES"),
    "doc.vm_opening": (
        "Hôm nay, hồi {time}, tại {place}, Ban kiểm phiếu đã tiến hành kiểm phiếu {kind} và lập biên bản như sau:",
        "Today, at {time}, at {place}, the Vote-Counting Committee counted the ballots cast in the {kind} "
        "and drew up these minutes as follows:",
    ),
    "doc.kind_phrases.award": ("bình xét, suy tôn đề nghị khen thưởng", "assessment and nomination for commendation"),
    "doc.kind_phrases.head": ("suy tôn Trưởng khối", "election of the bloc head"),
    "doc.kind_phrases.deputy": ("suy tôn Phó Trưởng khối", "election of the deputy bloc head"),
    "doc.kind_phrases.question": ("biểu quyết", "vote"),
    "doc.kind_unknown": ("bình xét", "assessment"),
    "doc.vm_sec_committee": ("I. BAN KIỂM PHIẾU", "I. VOTE-COUNTING COMMITTEE"),
    "doc.vm_committee_intro": ("Ban kiểm phiếu gồm các đồng chí:", "The Vote-Counting Committee consists of:"),
    "doc.vm_committee_member": ("{no}. Đồng chí {name} – {role}", "{no}. Comrade {name} – {role}"),
    "doc.vm_sec_subject": ("II. NỘI DUNG BỎ PHIẾU", "II. SUBJECT OF THE VOTE"),
    "doc.vm_subject": ("Nội dung: {title}.", "Subject: {title}."),
    "doc.vm_subjects.award": (
        "Bình xét, suy tôn đơn vị đề nghị tặng {award}",
        "Assessment and nomination of the unit proposed for {award}",
    ),
    "doc.vm_subjects.head": ("Suy tôn Trưởng khối năm {next_year}", "Election of the bloc head for {next_year}"),
    "doc.vm_subjects.deputy": (
        "Suy tôn Phó Trưởng khối năm {next_year}",
        "Election of the deputy bloc head for {next_year}",
    ),
    "doc.vm_subjects.question": ("Biểu quyết: {title}", "Vote: {title}"),
    "doc.with_year": ("{title} năm {year}", "{title}, {year}"),
    "doc.vm_sec_count": ("III. KẾT QUẢ KIỂM PHIẾU", "III. RESULTS OF THE COUNT"),
    "doc.vm_members": ("Tổng số đơn vị thành viên: {n} đơn vị.", "Total member units: {n}."),
    "doc.vm_issued": ("Số phiếu phát ra: {n} phiếu.", "Ballots issued: {n}."),
    "doc.vm_cast": ("Số phiếu thu vào: {n} phiếu.", "Ballots cast: {n}."),
    "doc.vm_valid": (
        "Số phiếu hợp lệ: {n} phiếu (trong đó phiếu trắng: {blank} phiếu).",
        "Valid ballots: {n} (of which blank: {blank}).",
    ),
    "doc.vm_valid_plain": ("Số phiếu hợp lệ: {n} phiếu.", "Valid ballots: {n}."),
    "doc.vm_invalid": ("Số phiếu không hợp lệ: {n} phiếu.", "Invalid ballots: {n}."),
    "doc.vm_invalid_blank": (
        "Số phiếu không hợp lệ: {n} phiếu (trong đó phiếu trắng: {blank} phiếu).",
        "Invalid ballots: {n} (of which blank: {blank}).",
    ),
    "doc.vm_blank_valid": (
        "Theo quy định của cuộc bỏ phiếu, phiếu trắng (phiếu không chọn đơn vị nào) là phiếu hợp lệ.",
        "Under the rules of this vote, a blank ballot (one that chooses nobody) is valid.",
    ),
    "doc.vm_blank_invalid": (
        "Theo quy định của cuộc bỏ phiếu, phiếu trắng (phiếu không chọn đơn vị nào) là phiếu không hợp lệ.",
        "Under the rules of this vote, a blank ballot (one that chooses nobody) is invalid.",
    ),
    "doc.vm_quorum": (
        "Số đơn vị tối thiểu phải tham gia bỏ phiếu: {needed}/{members} đơn vị; số đơn vị đã tham gia (phiếu thu "
        "vào): {cast}/{members} đơn vị – {met}.",
        "Minimum number of units required to vote: {needed}/{members}; units that voted (ballots cast): "
        "{cast}/{members} – {met}.",
    ),
    "doc.quorum_met": ("cuộc bỏ phiếu có giá trị", "the vote is valid"),
    "doc.quorum_not_met": (
        "không đủ số đơn vị tham gia, cuộc bỏ phiếu không có giá trị",
        "too few units took part, the vote is not valid",
    ),
    "doc.vm_table_intro": ("Số phiếu của từng phương án:", "Votes for each option:"),
    "doc.col_no": ("STT", "No."),
    "doc.col_option": ("Phương án (đơn vị)", "Option (unit)"),
    "doc.col_votes": ("Số phiếu", "Votes"),
    "doc.col_percent": ("Tỷ lệ (%) so với {denominator}", "Share (%) of {denominator}"),
    "doc.denominator_members": ("tổng số đơn vị thành viên ({n})", "all member units ({n})"),
    "doc.denominator_cast": ("số phiếu thu vào ({n})", "ballots cast ({n})"),
    "doc.col_result": ("Kết quả", "Result"),
    "doc.elected_labels.award": ("Được suy tôn", "Nominated"),
    "doc.elected_labels.head": ("Được suy tôn", "Elected"),
    "doc.elected_labels.deputy": ("Được suy tôn", "Elected"),
    "doc.elected_labels.question": ("Được thông qua", "Approved"),
    "doc.elected_default": ("Đạt", "Passed"),
    "doc.vm_rule": ("Nguyên tắc áp dụng: {rule}", "Rule applied: {rule}"),
    "doc.vm_unit_votes": (
        "{unit} đạt {votes}/{base} phiếu, bằng {percent} {of}",
        "{unit} received {votes} of {base} votes, {percent} of {of}",
    ),
    "doc.vm_of_members": ("tổng số đơn vị thành viên", "all member units"),
    "doc.vm_of_cast": ("số phiếu thu vào", "the ballots cast"),
    "doc.vm_and": (" và ", " and "),
    "doc.vm_conclusions.award": (
        "Kết luận: {units}, được suy tôn đề nghị tặng {award}.",
        "Conclusion: {units}, and is nominated for {award}.",
    ),
    "doc.vm_conclusions.head": (
        "Kết luận: {units}, được suy tôn làm Trưởng khối năm {next_year}.",
        "Conclusion: {units}, and is elected bloc head for {next_year}.",
    ),
    "doc.vm_conclusions.deputy": (
        "Kết luận: {units}, được suy tôn làm Phó Trưởng khối năm {next_year}.",
        "Conclusion: {units}, and is elected deputy bloc head for {next_year}.",
    ),
    "doc.vm_conclusions.question": ("Kết luận: {units}, được thông qua.", "Conclusion: {units}, and is approved."),
    "doc.vm_conclusion_default": ("Kết luận: {units}, đạt yêu cầu.", "Conclusion: {units}, and passes."),
    "doc.vm_conclusion_notes.PARTIAL": (
        "Các suất còn lại không có đơn vị đạt yêu cầu.",
        "No unit met the requirements for the remaining seats.",
    ),
    "doc.vm_conclusion_notes.TIE_BROKEN_BY_SCORE": (
        "Các đơn vị bằng phiếu được phân định theo điểm thi đua cao hơn.",
        "Units tied on votes were separated by the higher final score.",
    ),
    "doc.vm_none.QUORUM_NOT_MET": (
        "Kết luận: không đủ số đơn vị tham gia, cuộc bỏ phiếu không có giá trị; không có đơn vị được suy tôn.",
        "Conclusion: too few units took part, the vote is not valid; no unit is elected.",
    ),
    "doc.vm_none.NONE_ELECTED": (
        "Kết luận: không có đơn vị đạt số phiếu cần thiết để được suy tôn.",
        "Conclusion: no unit received the votes needed to be elected.",
    ),
    "doc.vm_none.RUNOFF_NEEDED": (
        "Kết luận: {tied} bằng phiếu ở vị trí cao nhất; tổ chức bỏ phiếu lại giữa các đơn vị này.",
        "Conclusion: {tied} tied at the top; a runoff is held between them.",
    ),
    "doc.vm_none.TIE_UNRESOLVED": (
        "Kết luận: {tied} bằng phiếu, chưa phân định được; không có đơn vị được suy tôn.",
        "Conclusion: {tied} tied and could not be separated; no unit is elected.",
    ),
    "doc.vm_none_default": (
        "Kết luận: không có đơn vị được suy tôn. {outcome}",
        "Conclusion: no unit is elected. {outcome}",
    ),
    "doc.vm_closing": (
        "Biên bản lập xong hồi {hour} giờ {minute} phút cùng ngày, thành {copies} bản; Ban kiểm phiếu thống nhất "
        "thông qua và cùng ký tên dưới đây./.",
        "These minutes were completed at {hour}:{minute} the same day, in {copies} copies; the Vote-Counting "
        "Committee approved them and signed below.",
    ),
    "doc.mm_title": (
        "BIÊN BẢN HỘI NGHỊ TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {year}",
        "MINUTES OF THE YEAR-END REVIEW CONFERENCE ON EMULATION AND COMMENDATION WORK, {year}",
    ),
    "doc.mm_time": ("Thời gian: hồi {time}.", "Time: {time}."),
    "doc.mm_place": ("Địa điểm: {place}.", "Venue: {place}."),
    "doc.mm_chair": ("Chủ trì: {name}.", "Chair: {name}."),
    "doc.mm_secretary": ("Thư ký: {name}.", "Secretary: {name}."),
    "doc.mm_guests": ("Khách mời: {names}.", "Guests: {names}."),
    "doc.mm_sec_attendance": ("I. THÀNH PHẦN THAM DỰ", "I. ATTENDANCE"),
    "doc.mm_attendance": (
        "Có mặt {present}/{total} đơn vị thành viên; vắng mặt {absent} đơn vị: {names}.",
        "Present: {present} of {total} member units; absent: {absent} ({names}).",
    ),
    "doc.mm_attendance_full": (
        "Có mặt {present}/{total} đơn vị thành viên (không có đơn vị vắng mặt).",
        "Present: {present} of {total} member units (none absent).",
    ),
    "doc.mm_attendance_unknown": (
        "Chưa điểm danh: biên bản chưa ghi nhận đơn vị có mặt, vắng mặt. Danh sách {total} đơn vị thành viên của "
        "Khối để ghi khi điểm danh:",
        "Not checked in yet: these minutes do not record which units were present or absent. The bloc's {total} "
        "member units, to be filled in at check-in:",
    ),
    "doc.mm_absent_reason": ("{unit} (có lý do: {reason})", "{unit} (excused: {reason})"),
    "doc.mm_absent_no_reason": ("{unit} (không có lý do)", "{unit} (no reason given)"),
    "doc.col_unit": ("Đơn vị", "Unit"),
    "doc.col_attendance": ("Tham dự", "Attendance"),
    "doc.col_representative": ("Đại diện", "Representative"),
    "doc.present": ("Có mặt", "Present"),
    "doc.absent": ("Vắng mặt", "Absent"),
    "doc.present_late": ("Có mặt (đến muộn)", "Present (late)"),
    "doc.mm_sec_ranking": ("II. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG", "II. SCORES AND RANKING"),
    "doc.mm_ranking_intro": (
        "Hội nghị đã thống nhất kết quả chấm điểm, thẩm định và xếp hạng như sau:",
        "The meeting agreed on the following scores, checks and ranking:",
    ),
    "doc.mm_notes_intro": ("Ghi chú:", "Notes:"),
    "doc.mm_note_line": ("- {unit}: {note}.", "- {unit}: {note}."),
    "doc.mm_sec_votes": ("III. KẾT QUẢ BÌNH XÉT, SUY TÔN", "III. RESULTS OF THE ASSESSMENT AND NOMINATION"),
    "doc.mm_vote_heading": ("{no}. {title}", "{no}. {title}"),
    "doc.mm_rules": ("Nguyên tắc bỏ phiếu áp dụng: {rule}", "Voting rules applied: {rule}"),
    "doc.mm_rules_for": (
        "Nguyên tắc bỏ phiếu áp dụng cho mục {numbers}: {rule}",
        "Voting rules applied to items {numbers}: {rule}",
    ),
    "doc.mm_vote_counts": (
        "Số phiếu phát ra: {issued}; thu vào: {cast}; hợp lệ: {valid} (phiếu trắng: {blank}); không hợp lệ: "
        "{invalid}. Số đơn vị tối thiểu phải tham gia: {needed}/{members} – {met}.",
        "Ballots issued: {issued}; cast: {cast}; valid: {valid} (blank: {blank}); invalid: {invalid}. Minimum number "
        "of units required to vote: {needed}/{members} – {met}.",
    ),
    "doc.mm_vote_counts_blank_invalid": (
        "Số phiếu phát ra: {issued}; thu vào: {cast}; hợp lệ: {valid}; không hợp lệ: {invalid} (phiếu trắng: {blank}). "
        "Số đơn vị tối thiểu phải tham gia: {needed}/{members} – {met}.",
        "Ballots issued: {issued}; cast: {cast}; valid: {valid}; invalid: {invalid} (blank: {blank}). Minimum number "
        "of units required to vote: {needed}/{members} – {met}.",
    ),
    "doc.mm_no_votes": ("Hội nghị không tổ chức bỏ phiếu.", "No vote was held at the meeting."),
    "doc.mm_sec_leaders": (
        "IV. SUY TÔN TRƯỞNG KHỐI, PHÓ TRƯỞNG KHỐI NĂM {year}",
        "IV. ELECTION OF THE BLOC HEAD AND DEPUTY BLOC HEAD FOR {year}",
    ),
    "doc.mm_next_head": ("Trưởng khối: {unit}.", "Bloc head: {unit}."),
    "doc.mm_next_deputy": ("Phó Trưởng khối: {unit}.", "Deputy bloc head: {unit}."),
    "doc.mm_sec_proceedings": ("V. DIỄN BIẾN HỘI NGHỊ THEO CHƯƠNG TRÌNH", "V. THE AGENDA AS IT WAS HELD"),
    "doc.mm_sec_movements": ("PHONG TRÀO THI ĐUA CHUYÊN ĐỀ", "THEMATIC MOVEMENTS"),
    "doc.mm_movements_intro": (
        "Trong năm, Khối đã phát động {count} phong trào thi đua chuyên đề:",
        "During the year the bloc launched {count} thematic movement(s):",
    ),
    "doc.mm_movement": (
        "- Phong trào «{title}» ({period}), chào mừng {occasion}: {taking_part} đơn vị tham gia, {reported} đơn vị "
        "báo cáo kết quả; {commended}",
        "- The movement «{title}» ({period}), celebrating {occasion}: {taking_part} units took part, {reported} "
        "reported; {commended}",
    ),
    "doc.mm_movement_commended": ("Khối đề nghị khen thưởng: {units}.", "proposed for commendation: {units}."),
    "doc.mm_movement_none": ("không có đơn vị được đề nghị khen thưởng.", "no unit proposed for commendation."),
    "doc.pc_item": ("Mục {no}. {title}", "Item {no}. {title}"),
    "doc.pc_done": (": đã thực hiện", ": held"),
    "doc.pc_postponed": (": hoãn lại, chưa thực hiện tại hội nghị.", ": postponed, not held at the conference."),
    "doc.pc_not_held": (": chưa thực hiện.", ": not held."),
    "doc.pc_vote_elected": (
        ": bỏ phiếu kín, {cast}/{issued} phiếu thu vào; được suy tôn: {units}",
        ": secret ballot, {cast} of {issued} ballots returned; acclaimed: {units}",
    ),
    "doc.pc_elected_unit": ("{unit} ({votes} phiếu, {percent})", "{unit} ({votes} votes, {percent})"),
    "doc.pc_vote_none": (
        ": bỏ phiếu kín, {cast}/{issued} phiếu thu vào; không có đơn vị nào được suy tôn",
        ": secret ballot, {cast} of {issued} ballots returned; no unit was acclaimed",
    ),
    "doc.pc_covenant": (
        ": {signed}/{count} đơn vị ký kết giao ước thi đua năm {year}",
        ": {signed} of {count} units signed the emulation covenant for {year}",
    ),
    "doc.pc_delegation": (
        "{unit} ủy quyền cho đồng chí {delegate} dự hội nghị (người ủy quyền: đồng chí {by}).",
        "{unit} authorized {delegate} to attend the conference (authorized by {by}).",
    ),
    "doc.mm_closing": (
        "Hội nghị kết thúc hồi {hour} giờ {minute} phút cùng ngày. Biên bản được lập thành {copies} bản, đã được "
        "thông qua tại hội nghị và được các đại biểu dự họp nhất trí./.",
        "The conference closed at {hour}:{minute} the same day. These minutes, in {copies} copies, were approved at "
        "the conference with the agreement of the delegates present.",
    ),
    "doc.col_self": ("Tự chấm", "Self-assessed"),
    "doc.col_checked": ("Thẩm định", "Checked"),
    "doc.col_bonus": ("Điểm cộng", "Bonus"),
    "doc.col_penalty": ("Điểm trừ", "Penalty"),
    "doc.col_final": ("Tổng điểm", "Total score"),
    "doc.col_rank": ("Xếp hạng", "Rank"),
    "doc.col_note": ("Ghi chú", "Note"),
    "doc.sub_title": ("TỜ TRÌNH", "SUBMISSION"),
    "doc.sub_subject": (
        "Về việc đề nghị khen thưởng thành tích thi đua năm {year}",
        "Re: proposal to commend emulation achievements in {year}",
    ),
    "doc.sub_to": (
        "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh",
        "To: the Provincial Emulation and Commendation Council",
    ),
    "doc.sub_through": (
        "(qua Ban Thi đua - Khen thưởng, Sở Nội vụ)",
        "(through the Emulation and Commendation Board, Department of Home Affairs)",
    ),
    "doc.sub_bases.1": (
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Pursuant to the Law on Emulation and Commendation of 15 June 2022;",
    ),
    "doc.sub_bases.2": (
        "Căn cứ Quyết định số ……/……/QĐ-UBND ngày …… tháng …… năm …… của Ủy ban nhân dân tỉnh ban hành Quy chế công "
        "tác thi đua, khen thưởng trên địa bàn tỉnh;",
        "Pursuant to Decision No. ……/……/QĐ-UBND of …… of the Provincial People's Committee on the rules for "
        "emulation and commendation in the province;",
    ),
    "doc.sub_bases.3": (
        "Căn cứ Quyết định số ……/QĐ-…… ngày …… tháng …… năm …… về việc thành lập các cụm, khối thi đua của tỉnh;",
        "Pursuant to Decision No. ……/QĐ-…… of …… establishing the province's emulation clusters and blocs;",
    ),
    "doc.sub_bases.4": (
        "Căn cứ kết quả chấm điểm, thẩm định và bảng tổng hợp điểm thi đua năm {year} của {bloc};",
        "Based on the scoring and checking results and the {year} emulation score summary of {bloc};",
    ),
    "doc.sub_bases.5": (
        "Căn cứ kết quả bình xét, suy tôn tại hội nghị tổng kết công tác thi đua năm {year},",
        "Based on the results of the assessment and nomination at the {year} emulation review conference,",
    ),
    "doc.sub_request": (
        "{bloc} kính trình Hội đồng Thi đua - Khen thưởng tỉnh xem xét, đề nghị khen thưởng cho các đơn vị sau:",
        "{bloc} respectfully submits to the Provincial Emulation and Commendation Council, for consideration, a "
        "proposal to commend the following units:",
    ),
    "doc.col_award": ("Danh hiệu thi đua, hình thức khen thưởng", "Emulation title, form of commendation"),
    "doc.col_vote_percent": ("Tỷ lệ phiếu suy tôn", "Share of nomination votes"),
    "doc.sub_none": ("(Không có đơn vị được đề nghị.)", "(No unit is proposed.)"),
    "doc.sub_enclosed": (
        "Hồ sơ kèm theo gồm: biên bản họp bình xét, suy tôn; biên bản kiểm phiếu; bảng tổng hợp điểm thi đua và báo "
        "cáo thành tích của các đơn vị được đề nghị.",
        "Enclosed: the minutes of the assessment and nomination meeting; the vote-count minutes; the emulation score "
        "summary and the achievement reports of the proposed units.",
    ),
    "doc.sub_closing": (
        "Kính trình Hội đồng Thi đua - Khen thưởng tỉnh xem xét, trình Chủ tịch Ủy ban nhân dân tỉnh quyết định./.",
        "Respectfully submitted to the Provincial Emulation and Commendation Council for consideration and "
        "submission to the Chairman of the Provincial People's Committee for decision.",
    ),
    "doc.recipients_label": ("Nơi nhận:", "Recipients:"),
    "doc.recipients.1": ("- Như trên;", "- As above;"),
    "doc.recipients.2": (
        "- Ban Thi đua - Khen thưởng, Sở Nội vụ;",
        "- Emulation and Commendation Board, Department of Home Affairs;",
    ),
    "doc.recipients.3": ("- Các đơn vị thành viên Khối;", "- Member units of the bloc;"),
    "doc.recipients.4": ("- Lưu: Khối thi đua.", "- Archive: the emulation bloc."),
    "doc.sheet_ranking": ("Tổng hợp điểm", "Score summary"),
    "doc.sheet_annex": ("Phụ lục tiêu chí", "Criteria annex"),
    "doc.sheet_registration": ("Đăng ký thi đua", "Registrations"),
    "doc.sheet_signatures": ("Ký giao ước", "Covenant signatures"),
    "doc.sheet_turnout": ("Tham gia bỏ phiếu", "Vote turnout"),
    "doc.sheet_notices": ("Xác nhận thông báo", "Notice acknowledgements"),
    "doc.sheet_trail": ("Nhật ký", "Audit trail"),
    "doc.sheet_movements": ("Phong trào thi đua", "Movements"),
    "doc.title_ranking": ("BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM {year}", "EMULATION SCORE SUMMARY, {year}"),
    "doc.title_annex": ("PHỤ LỤC ĐIỂM CHẤM THEO TIÊU CHÍ NĂM {year}", "ANNEX: SCORES BY CRITERION, {year}"),
    "doc.title_registration": ("TỔNG HỢP ĐĂNG KÝ THI ĐUA NĂM {year}", "EMULATION REGISTRATIONS, {year}"),
    "doc.title_signatures": ("TÌNH HÌNH KÝ KẾT GIAO ƯỚC THI ĐUA NĂM {year}", "EMULATION COVENANT SIGNATURES, {year}"),
    "doc.title_turnout": ("TÌNH HÌNH THAM GIA BỎ PHIẾU NĂM {year}", "VOTE TURNOUT, {year}"),
    "doc.title_notices": ("TÌNH HÌNH XÁC NHẬN THÔNG BÁO NĂM {year}", "NOTICE ACKNOWLEDGEMENTS, {year}"),
    "doc.title_trail": ("NHẬT KÝ THAO TÁC NĂM {year}", "AUDIT TRAIL, {year}"),
    "doc.title_movements": ("PHONG TRÀO THI ĐUA CHUYÊN ĐỀ NĂM {year}", "THEMATIC MOVEMENTS, {year}"),
    "doc.col_code": ("Mã", "Code"),
    "doc.col_criterion": ("Tiêu chí", "Criterion"),
    "doc.col_max": ("Tối đa", "Maximum"),
    "doc.col_check1": ("Thẩm định lần 1", "First check"),
    "doc.col_explanation": ("Giải trình", "Explanation"),
    "doc.col_check2": ("Thẩm định lần 2", "Second check"),
    "doc.col_final_criterion": ("Điểm cuối", "Final score"),
    "doc.col_titles": ("Danh hiệu thi đua đăng ký", "Emulation titles registered"),
    "doc.col_commendations": ("Hình thức khen thưởng đề nghị", "Forms of commendation proposed"),
    "doc.col_cultured": ("Đăng ký cơ quan, đơn vị văn hóa", "Registered as a cultured agency"),
    "doc.col_staff": ("Số CB, CC, VC", "Staff"),
    "doc.col_advanced": ("Đăng ký Lao động tiên tiến", "Registered for Advanced Worker"),
    "doc.col_soldiers": ("Đăng ký Chiến sĩ thi đua cơ sở", "Registered for Grassroots Emulation Fighter"),
    "doc.col_submitted": ("Đã nộp đăng ký", "Registration submitted"),
    "doc.col_signed_by": ("Người ký", "Signed by"),
    "doc.col_signed_at": ("Thời điểm ký", "Signed at"),
    "doc.col_version": ("Phiên bản giao ước", "Covenant version"),
    "doc.col_status": ("Trạng thái", "Status"),
    "doc.signed": ("Đã ký", "Signed"),
    "doc.not_signed": ("Chưa ký", "Not signed"),
    "doc.signed_count": ("Đã ký: {signed}/{total}", "Signed: {signed}/{total}"),
    "doc.prepared_by": ("NGƯỜI LẬP BIỂU", "PREPARED BY"),
    "doc.col_vote": ("Cuộc bỏ phiếu", "Vote"),
    "doc.col_voted": ("Tham gia", "Took part"),
    "doc.voted": ("Đã bỏ phiếu", "Voted"),
    "doc.not_voted": ("Chưa bỏ phiếu", "Not voted"),
    "doc.col_voted_count": ("Số đơn vị đã bỏ phiếu", "Units that voted"),
    "doc.col_unit_count": ("Tổng số đơn vị", "Total units"),
    "doc.col_turnout_rate": ("Tỷ lệ tham gia", "Turnout"),
    "doc.turnout_note": (
        "Bảng chỉ ghi nhận việc tham gia bỏ phiếu, không ghi nội dung lựa chọn (bỏ phiếu kín).",
        "The table records only whether each unit voted, not how it voted (secret ballot).",
    ),
    "doc.col_notice": ("Số thông báo", "Notice No."),
    "doc.col_acknowledged_at": ("Thời điểm xác nhận", "Acknowledged at"),
    "doc.col_when": ("Thời gian", "Time"),
    "doc.col_person": ("Người thực hiện", "By"),
    "doc.col_action": ("Nội dung", "What"),
    "doc.col_movement": ("Phong trào", "Movement"),
    "doc.col_period": ("Thời gian", "Period"),
    "doc.col_occasion": ("Chào mừng", "Celebrating"),
    "doc.col_targets": ("Chỉ tiêu đăng ký", "Targets"),
    "doc.col_reported_at": ("Nộp báo cáo lúc", "Report submitted"),
    "doc.col_commendation": ("Đề nghị khen thưởng (lý do)", "Proposed for commendation (reason)"),
    "doc.movement_unit_waiting": ("Chưa đăng ký", "Not registered"),
    "doc.movement_unit_registered": ("Đã đăng ký", "Registered"),
    "doc.movement_unit_reported": ("Đã báo cáo", "Reported"),
    "doc.acknowledged": ("Đã xác nhận", "Acknowledged"),
    "doc.not_acknowledged": ("Chưa xác nhận", "Not acknowledged"),
    "doc.total_row": ("Cộng", "Total"),
    "doc.average_row": ("Bình quân", "Average"),
    "doc.units_format": ('0 "đơn vị"', '0 "units"'),
    "doc.page_footer": ("Trang &P/&N", "Page &P of &N"),
    "doc.chart_score_axis": ("Tổng điểm", "Total score"),
    "doc.chart_points_axis": ("Điểm", "Points"),
    "doc.chart_share_axis": (
        "Điểm đạt so với điểm tối đa của nhóm (%)",
        "Points scored as a share of the group's maximum (%)",
    ),
    "doc.chart_voted": ("Đã bỏ phiếu", "Voted"),
    "doc.chart_not_voted": ("Chưa bỏ phiếu", "Not voted"),
    "doc.chart_turnout_center": ("{voted}/{total}\n{percent}", "{voted}/{total}\n{percent}"),
    "doc.chart_no_data": ("Chưa có dữ liệu", "No data yet"),
    "doc.chart_group": ("Nhóm {code}", "Group {code}"),
    "doc.chart_ranking_title": ("Xếp hạng thi đua năm {year}", "Emulation ranking, {year}"),
    "doc.chart_turnout_title": ("Tham gia bỏ phiếu: {title}", "Vote turnout: {title}"),
    "doc.chart_distribution_title": ("Phân bố điểm theo nhóm tiêu chí năm {year}", "Scores by criterion group, {year}"),
    "doc.file_summary": ("Tổng hợp thi đua {year}", "Emulation summary {year}"),
    "doc.file_vote_minutes": ("Biên bản kiểm phiếu {title}", "Vote-count minutes {title}"),
    "doc.file_meeting": ("Biên bản họp tổng kết {year}", "Year-end meeting minutes {year}"),
    "doc.file_submission": ("Tờ trình đề nghị khen thưởng {year}", "Commendation submission {year}"),
    "doc.file_ranking_chart": ("Biểu đồ xếp hạng {year}", "Ranking chart {year}"),
    "doc.file_turnout_chart": ("Biểu đồ tham gia bỏ phiếu {title}", "Vote turnout chart {title}"),
    "doc.file_distribution_chart": ("Biểu đồ phân bố điểm {year}", "Score distribution chart {year}"),
    # --- command line (the operator on the server) -----------------------------------------------
    "cli.description": (
        "Trợ lý khối thi đua trên Telegram và Zalo. Không có lệnh con: chạy bot nếu đã cấu hình token, "
        "nếu chưa thì chạy bản thử (sandbox).",
        "The emulation-bloc chatbot on Telegram and Zalo. Without a subcommand: run the bot if a token is "
        "configured, else the sandbox.",
    ),
    "cli.import_file": (
        "tệp .csv hoặc .xlsx (các cột: Tên đơn vị, Tên viết tắt, Liên hệ)",
        "the .csv or .xlsx file (columns: Tên đơn vị, Tên viết tắt, Liên hệ)",
    ),
    "cli.export_needs": ("Cần --bloc và --year (hoặc --sample).", "--bloc and --year are needed (or --sample)."),
    "cli.export_unknown": ("Không có khối «{bloc}» năm {year}.", "There is no bloc «{bloc}» for {year}."),
    "cli.bad_config": ("Cấu hình không hợp lệ: {problem}", "Invalid configuration: {problem}"),
    "cli.zalo_oa_needs": (
        "Cần đặt KTD_ZALO_OA_APP_ID, KTD_ZALO_OA_APP_SECRET và KTD_ZALO_OA_REDIRECT_URI trước.",
        "Set KTD_ZALO_OA_APP_ID, KTD_ZALO_OA_APP_SECRET and KTD_ZALO_OA_REDIRECT_URI first.",
    ),
    "cli.zalo_oa_open": (
        "Quản trị viên Official Account mở liên kết sau, đồng ý cấp quyền, rồi dán vào đây mã (code) hoặc cả địa "
        "chỉ trang được chuyển tới (mã có hiệu lực 10 phút):\n{url}",
        "An admin of the Official Account opens this link and grants access, then pastes here the code, or the "
        "whole address of the page it leads to (the code is valid for 10 minutes):\n{url}",
    ),
    "cli.zalo_oa_prompt": ("Mã: ", "Code: "),
    "cli.zalo_oa_bad_state": (
        "Địa chỉ dán vào không thuộc lần cấp quyền này (state khác); xin chạy lại lệnh.",
        "The pasted address belongs to another authorization (its state differs); please run the command again.",
    ),
    "cli.zalo_oa_refused": ("Zalo từ chối mã: {problem}", "Zalo refused the code: {problem}"),
    "cli.zalo_oa_done": (
        "Đã lưu token của Official Account (access token dùng đến {until}, tự làm mới). Khởi động lại bot.",
        "The Official Account's tokens are saved (access token valid until {until}, refreshed automatically). "
        "Restart the bot.",
    ),
    "cli.token_refused": (
        "{service} từ chối token của bot: kiểm tra lại {setting} (token đổi khi được cấp lại).",
        "{service} refused the bot token: check {setting} (the token changes when it is reissued).",
    ),
    "cli.unreachable": (
        "Không kết nối được tới {service}: kiểm tra mạng của máy chủ và {setting}, rồi chạy lại.",
        "Cannot reach {service}: check the server's network and {setting}, then start again.",
    ),
    "cli.port_in_use": (
        "Cổng webhook đã có chương trình khác dùng: đổi KTD_WEBHOOK_PORT / KTD_ZALO_WEBHOOK_PORT "
        "hoặc dừng chương trình kia.",
        "The webhook port is taken by another program: change KTD_WEBHOOK_PORT / KTD_ZALO_WEBHOOK_PORT "
        "or stop that program.",
    ),
    "cli.migrated": (
        "{path}: phiên bản lược đồ {version}; vừa áp dụng {count}: {names}",
        "{path}: schema version {version}; applied {count}: {names}",
    ),
    "cli.backup_done": (
        "Đã sao lưu cơ sở dữ liệu vào {path} ({size} MB, phiên bản lược đồ {version}).",
        "The database was backed up to {path} ({size} MB, schema version {version}).",
    ),
    "cli.backup_no_source": (
        "Không sao lưu được: không có cơ sở dữ liệu tại {path} (kiểm tra KTD_DATABASE_PATH).",
        "Nothing backed up: there is no database at {path} (check KTD_DATABASE_PATH).",
    ),
    "cli.backup_damaged": (
        "Bản sao không qua được kiểm tra toàn vẹn của SQLite ({problem}), nên không được lưu: cơ sở dữ liệu có "
        "thể đã hỏng; giữ lại các bản sao lưu cũ.",
        "The copy failed SQLite's integrity check ({problem}), so it was not kept: the database may be damaged; "
        "keep the older backups.",
    ),
    "cli.database_unusable": (
        "Không dùng được cơ sở dữ liệu ({problem}): kiểm tra KTD_DATABASE_PATH; tệp hỏng thì khôi phục từ bản "
        "sao lưu.",
        "The database cannot be used ({problem}): check KTD_DATABASE_PATH; restore a damaged file from a backup.",
    ),
    "cli.file_problem": (
        "Không đọc hoặc ghi được «{path}»: {problem}.",
        "Cannot read or write «{path}»: {problem}.",
    ),
    "cli.stopped_on_error": (
        "Bot dừng vì lỗi {kind}; dòng ERROR ngay trên cho biết chi tiết.",
        "The bot stopped on an error ({kind}); the ERROR line just above has the details.",
    ),
    "cli.no_token": (
        "Chưa cấu hình KTD_TELEGRAM_TOKEN: chạy bản thử (sandbox).",
        "KTD_TELEGRAM_TOKEN is not set: starting the sandbox.",
    ),
    # --- deployment: bot.py run without a token, typos in settings, folders, doctor (issue #18) ---------
    "cli.run_needs_token": (
        "Chưa có token nên bot không chạy: đặt KTD_TELEGRAM_TOKEN (hoặc KTD_ZALO_TOKEN) trong môi trường hoặc "
        "tệp .env rồi chạy lại; muốn thử bot không cần token: python bot.py sandbox.",
        "No token, so the bot does not start: set KTD_TELEGRAM_TOKEN (or KTD_ZALO_TOKEN) in the environment or "
        "the .env file and start again; to try the bot without a token: python bot.py sandbox.",
    ),
    "cli.unknown_variable": (
        "Cảnh báo: bot không dùng biến {name} ({source}); có phải ý là {suggestion}?",
        "Warning: the bot does not read {name} ({source}); did you mean {suggestion}?",
    ),
    "cli.unknown_variable_no_guess": (
        "Cảnh báo: bot không dùng biến {name} ({source}): xóa đi hoặc sửa tên (xem README, phần Settings).",
        "Warning: the bot does not read {name} ({source}): remove it or fix its name (see the README, Settings).",
    ),
    "cli.database_folder_missing": (
        "Không có thư mục «{folder}» để chứa cơ sở dữ liệu {path}: sửa KTD_DATABASE_PATH, hoặc chạy "
        "python bot.py migrate --create để tạo một cơ sở dữ liệu mới ở đó.",
        "The folder «{folder}» for the database {path} does not exist: fix KTD_DATABASE_PATH, or run "
        "python bot.py migrate --create to make a new database there.",
    ),
    "cli.backup_folder_unwritable": (
        "Không sao lưu được: không ghi được vào thư mục «{folder}» ({problem}); chọn thư mục khác cho --out "
        "(hoặc KTD_BACKUP_DIR) hoặc cấp quyền ghi cho người dùng chạy bot. Cơ sở dữ liệu không bị ảnh hưởng.",
        "Nothing backed up: cannot write into the folder «{folder}» ({problem}); choose another folder for "
        "--out (or KTD_BACKUP_DIR) or let the bot's user write there. The database is not affected.",
    ),
    "cli.database_unusable_at": (
        "Không dùng được cơ sở dữ liệu «{path}» ({problem}): kiểm tra KTD_DATABASE_PATH; tệp hỏng thì khôi phục "
        "từ bản sao lưu.",
        "The database «{path}» cannot be used ({problem}): check KTD_DATABASE_PATH; restore a damaged file from a "
        "backup.",
    ),
    "cli.in_environment": ("trong môi trường", "in the environment"),
    "cli.in_file": ("trong tệp {file}", "in the file {file}"),
    "cli.backup_needs_out": (
        "Cần --out (tệp hoặc thư mục để ghi bản sao lưu), hoặc đặt KTD_BACKUP_DIR.",
        "--out is needed (the file or folder to write the backup to), or set KTD_BACKUP_DIR.",
    ),
    "cli.web_sandbox_missing": (
        "Bản thử trên trình duyệt chưa có trong bản cài đặt này (thiếu bot.sandbox.web): dùng "
        "python bot.py sandbox để thử trong cửa sổ dòng lệnh.",
        "The browser sandbox is not in this installation (bot.sandbox.web is missing): use "
        "python bot.py sandbox to try the bot in the terminal.",
    ),
    "cli.web_sandbox_ready": (
        "Bản thử (sandbox) trên trình duyệt: mở {url}; Ctrl+C để dừng.",
        "The sandbox in a browser: open {url}; Ctrl+C stops it.",
    ),
    "doctor.line_ok": ("Ổn – {text}", "OK – {text}"),
    "doctor.line_bad": ("CẦN SỬA – {text}", "TO FIX – {text}"),
    "doctor.all_well": ("Mọi thứ đều ổn.", "All is well."),
    "doctor.to_fix": (
        "Có {count} việc cần sửa (các dòng «CẦN SỬA» ở trên).",
        "{count} thing(s) to fix (the «TO FIX» lines above).",
    ),
    "doctor.settings_ok": ("Cấu hình hợp lệ.", "The settings are valid."),
    "doctor.unknown_variable": (
        "Bot không dùng biến {name} ({source}): có phải ý là {suggestion}? Sửa tên rồi khởi động lại bot.",
        "The bot does not read {name} ({source}): did you mean {suggestion}? Fix the name and restart the bot.",
    ),
    "doctor.unknown_variable_no_guess": (
        "Bot không dùng biến {name} ({source}): xóa đi hoặc sửa tên (xem README, phần Settings).",
        "The bot does not read {name} ({source}): remove it or fix its name (see the README, Settings).",
    ),
    "doctor.no_token": (
        "Chưa có token (KTD_TELEGRAM_TOKEN hoặc KTD_ZALO_TOKEN) nên bot.py run không chạy: đặt token trong "
        "tệp .env.",
        "No token (KTD_TELEGRAM_TOKEN or KTD_ZALO_TOKEN), so bot.py run does not start: set one in the .env file.",
    ),
    "doctor.token_ok": ("{service}: token hợp lệ, bot {name}.", "{service}: the token is valid, bot {name}."),
    "doctor.token_refused": (
        "{service} từ chối token (HTTP {status}): lấy token mới ({where}) rồi sửa {setting}.",
        "{service} refuses the token (HTTP {status}): get a new token ({where}) and fix {setting}.",
    ),
    "doctor.unreachable": (
        "Không hỏi được {service} tại {url} ({problem}): kiểm tra mạng, tường lửa của máy chủ và {setting}.",
        "Cannot ask {service} at {url} ({problem}): check the server's network, its firewall and {setting}.",
    ),
    "doctor.webhook_ok": (
        "Webhook Telegram: {url}, {pending} cập nhật đang chờ.",
        "Telegram webhook: {url}, {pending} update(s) waiting.",
    ),
    "doctor.webhook_polling": (
        "Telegram: không đặt webhook (bot dùng long polling), {pending} cập nhật đang chờ.",
        "Telegram: no webhook set (the bot long-polls), {pending} update(s) waiting.",
    ),
    "doctor.zalo_polling": (
        "Zalo: bot nhận tin bằng long polling (getUpdates), mà tài liệu của Zalo chỉ dành cho việc phát triển: "
        "tin gửi lúc bot không hỏi sẽ mất. Khi chạy thật, hãy đặt KTD_ZALO_WEBHOOK_URL và "
        "KTD_ZALO_WEBHOOK_SECRET (docs/zalo.md).",
        "Zalo: the bot takes updates by long polling (getUpdates), which Zalo's docs reserve for development: "
        "messages sent while the bot is not asking are lost. In production set KTD_ZALO_WEBHOOK_URL and "
        "KTD_ZALO_WEBHOOK_SECRET (docs/zalo.md).",
    ),
    "zalo.quota_warning": (
        "⚠️ Bot Zalo đã gửi {used}/{quota} tin nhắn trong tháng {month} ({percent}% hạn mức hằng tháng). "
        "Khi vượt hạn mức, Zalo có thể từ chối tin của bot đến hết tháng, và thông báo, nhắc việc qua Zalo sẽ "
        "không đến được. Hãy đề nghị các đơn vị dùng thêm Telegram, hoặc nâng gói Zalo Bot.",
        "⚠️ The Zalo bot has sent {used}/{quota} messages in {month} ({percent}% of its monthly quota). Past the "
        "quota Zalo may refuse the bot's messages until the month ends, and notices and reminders over Zalo "
        "would not arrive. Ask the units to use Telegram as well, or upgrade the Zalo Bot plan.",
    ),
    "doctor.webhook_error": (
        "Telegram không gửi được tới webhook lúc {when} («{message}»): kiểm tra reverse proxy (Caddy), "
        "chứng chỉ TLS và KTD_WEBHOOK_URL.",
        "Telegram could not deliver to the webhook at {when} («{message}»): check the reverse proxy (Caddy), "
        "its TLS certificate and KTD_WEBHOOK_URL.",
    ),
    "doctor.webhook_other": (
        "Telegram đang giữ webhook «{actual}» nhưng cấu hình là «{expected}»: khởi động lại bot (bot.py run) "
        "để đặt lại; nếu vẫn vậy thì có một bản bot khác dùng cùng token.",
        "Telegram holds the webhook «{actual}» but the settings say «{expected}»: restart the bot (bot.py run) "
        "to set it again; if it stays, another copy of the bot uses the same token.",
    ),
    "doctor.polling_none": ("(long polling)", "(long polling)"),
    "doctor.db_ok": (
        "Cơ sở dữ liệu «{path}»: {size} MB, lược đồ {version}/{bundled}, {check}: ổn.",
        "Database «{path}»: {size} MB, schema {version}/{bundled}, {check}: ok.",
    ),
    "doctor.db_missing": (
        "Chưa có cơ sở dữ liệu tại «{path}»: chạy python bot.py migrate; nếu vừa khôi phục, kiểm tra "
        "KTD_DATABASE_PATH.",
        "There is no database at «{path}»: run python bot.py migrate; after a restore, check KTD_DATABASE_PATH.",
    ),
    "doctor.db_behind": (
        "Cơ sở dữ liệu «{path}» ở lược đồ {version}, chương trình có {bundled}: sao lưu rồi chạy "
        "python bot.py migrate (bot cũng tự nâng cấp khi khởi động).",
        "The database «{path}» is at schema {version}, the program has {bundled}: back up, then run "
        "python bot.py migrate (the bot also upgrades when it starts).",
    ),
    "doctor.db_ahead": (
        "Cơ sở dữ liệu «{path}» ở lược đồ {version}, mới hơn chương trình này ({bundled}): cài phiên bản bot "
        "mới hơn, đừng chạy bản cũ trên dữ liệu này.",
        "The database «{path}» is at schema {version}, newer than this program ({bundled}): install the newer "
        "bot; do not run the old one on this data.",
    ),
    "doctor.db_damaged": (
        "Cơ sở dữ liệu «{path}» hỏng ({problem}): dừng bot và khôi phục từ bản sao lưu (README, phần Backups).",
        "The database «{path}» is damaged ({problem}): stop the bot and restore a backup (README, Backups).",
    ),
    "doctor.disk_ok": ("Còn trống {free} GB trên ổ chứa «{folder}».", "{free} GB free on the disk of «{folder}»."),
    "doctor.disk_low": (
        "Chỉ còn {free} MB trống trên ổ chứa «{folder}»: giải phóng chỗ; hết chỗ thì bot không ghi được gì.",
        "Only {free} MB free on the disk of «{folder}»: free some space; with none left the bot cannot write.",
    ),
    "doctor.clock_ok": (
        "Múi giờ {tz}: bây giờ là {now}; đồng hồ máy lệch {skew} giây so với {service}.",
        "Time zone {tz}: it is {now}; this machine's clock is {skew} s off {service}'s.",
    ),
    "doctor.clock_unchecked": (
        "Múi giờ {tz}: bây giờ là {now} (chưa so được đồng hồ với máy chủ nào).",
        "Time zone {tz}: it is {now} (the clock could not be compared with any server).",
    ),
    "doctor.clock_skew": (
        "Đồng hồ máy chủ lệch {skew} giây so với {service}: bật đồng bộ giờ (timedatectl set-ntp true), "
        "nếu không thì hạn chót và lời nhắc sẽ sai giờ.",
        "This machine's clock is {skew} s off {service}'s: turn on time sync (timedatectl set-ntp true), or "
        "deadlines and reminders will be off.",
    ),
    "doctor.backup_ok": (
        "Bản sao lưu mới nhất: «{name}», cách đây {age}.",
        "Newest backup: «{name}», {age} old.",
    ),
    "doctor.backup_old": (
        "Bản sao lưu mới nhất «{name}» đã cũ ({age}): kiểm tra lịch sao lưu (cron chạy python bot.py backup).",
        "The newest backup «{name}» is old ({age}): check the backup schedule (cron running python bot.py "
        "backup).",
    ),
    "doctor.backup_none": (
        "Không có bản sao lưu nào trong «{folder}»: chạy python bot.py backup và đặt lịch chạy hằng ngày.",
        "No backup in «{folder}»: run python bot.py backup and schedule it daily.",
    ),
    "doctor.backup_folder_missing": (
        "Thư mục sao lưu «{folder}» không tồn tại: tạo thư mục hoặc sửa KTD_BACKUP_DIR.",
        "The backup folder «{folder}» does not exist: create it or fix KTD_BACKUP_DIR.",
    ),
    "doctor.backup_unset": (
        "Chưa đặt KTD_BACKUP_DIR nên không kiểm tra được bản sao lưu: đặt thư mục sao lưu và chạy "
        "python bot.py backup hằng ngày.",
        "KTD_BACKUP_DIR is not set, so backups cannot be checked: set the backup folder and run "
        "python bot.py backup daily.",
    ),
    "doctor.age_hours": ("{n} giờ", "{n} h"),
    "doctor.age_days": ("{n} ngày", "{n} days"),
    "sandbox.intro": (
        "BẢN THỬ (sandbox): máy chủ Bot API giả trên {url}, bot @{bot}, dữ liệu trong {db}.\n"
        "Khối mẫu: {bloc}, năm {year}. Trưởng khối: {head}; Phó trưởng khối: {deputy}.\n\n"
        "Người dùng thử (gõ :as SỐ để đổi người):\n{users}\n\n"
        "Mã mời của các đơn vị (gõ /start MÃ khi đang là người chưa đăng ký):\n{codes}\n\n"
        "Gõ chữ để nhắn cho bot, #SỐ để bấm nút, :file ĐƯỜNG_DẪN để gửi tệp, :quit để thoát.",
        "SANDBOX: a Bot API double on {url}, bot @{bot}, data in {db}.\n"
        "Sample bloc: {bloc}, {year}. Head: {head}; deputy: {deputy}.\n\n"
        "Test users (type :as NUMBER to switch):\n{users}\n\n"
        "Invite codes of the units (type /start CODE as an unregistered user):\n{codes}\n\n"
        "Type text to message the bot, #NUMBER to press a button, :file PATH to send a file, :quit to leave.",
    ),
    "sandbox.user_admin": ("quản trị hệ thống", "system administrator"),
    "sandbox.user_head": ("đại diện {unit} (Trưởng khối)", "representative of {unit} (head)"),
    "sandbox.user_new": ("chưa đăng ký", "not registered"),
    # --- the sandbox in a browser (bot/sandbox/web): its group and its answers to bad input --------------
    "sandbox.group_title": ("Nhóm Khối thi đua các cơ quan Đảng tỉnh", "The bloc's group (Party bodies)"),
    "sandbox.web_bad_request": ("Yêu cầu không hợp lệ.", "Invalid request."),
    "sandbox.web_no_person": ("Không có người dùng thử này; xin chọn lại người dùng.",
                              "No such test user; choose again."),
    "sandbox.web_empty_text": ("Xin gõ nội dung tin nhắn.", "Please type a message."),
    "sandbox.web_long_text": ("Tin nhắn dài quá {limit} ký tự.", "The message is longer than {limit} characters."),
    "sandbox.web_no_button": ("Nút này không còn nữa; xin bấm nút trên tin nhắn mới nhất.",
                              "That button is gone; press one on the latest message."),
    "sandbox.web_no_file": ("Xin chọn một tệp để gửi.", "Please choose a file to send."),
    "sandbox.web_big_file": ("Tệp lớn quá {limit} MB.", "The file is larger than {limit} MB."),
    "sandbox.web_file_gone": ("Không tìm thấy tệp.", "No such file."),
    "sandbox.web_no_poll": ("Tin nhắn này không phải là cuộc biểu quyết.", "That message is not a poll."),
    "sandbox.web_poll_closed": ("Cuộc biểu quyết đã kết thúc.", "The poll is closed."),
    "sandbox.web_poll_voted": ("Đồng chí đã biểu quyết, không đổi được.",
                               "You have voted; the vote cannot be changed."),
    "sandbox.web_poll_options": ("Lựa chọn không hợp lệ.", "Invalid choice."),
    "sandbox.web_clock_back": ("Chỉ chỉnh được đồng hồ tiến lên, không lùi lại.", "The clock only moves forward."),
    "sandbox.web_clock_far": ("Mỗi lần chỉ chỉnh tiến tối đa {days} ngày.",
                              "The clock moves at most {days} days at a time."),
    "sandbox.web_clock_value": ("Thời điểm không hợp lệ; gõ theo mẫu 24/11/2026 09:00.",
                                "That is not a valid time; type it as 24/11/2026 09:00."),
    "sandbox.web_busy": ("Bản thử đang được làm lại từ đầu; xin đợi giây lát.",
                         "The sandbox is being reset; one moment."),
    # --- unknown deliveries and document settings (handlers/deliveries.py, handlers/admin_blocs.py) -----
    "admin.deliveries": ("📭 Tin chưa rõ đã gửi", "📭 Messages not known delivered"),
    "admin.doc_settings": ("🏛 Thông tin văn bản", "🏛 Document settings"),
    "docs.settings": (
        "🏛 Thông tin in ở phần đầu văn bản của {bloc}:\n• Cơ quan cấp trên: {superior}\n• Địa danh ở dòng ngày "
        "tháng: {place}\nCác văn bản (biên bản, tờ trình, bảng tổng hợp) in đúng như trên.",
        "🏛 What the documents of {bloc} print in their header:\n• Superior body: {superior}\n• Place of the date "
        "line: {place}\nThe documents (minutes, submission, summary) print exactly this."),
    "docs.unset": ("(chưa khai báo: văn bản để trống)", "(not set: left blank in the documents)"),
    "docs.edit": ("✏️ Khai báo lại", "✏️ Set them"),
    "docs.ask_superior": (
        "Đề nghị đồng chí nhập tên cơ quan cấp trên của khối, như in ở góc trái phần đầu văn bản (ví dụ: Tỉnh ủy "
        "Hưng Yên). /huy để thôi.",
        "Please type the bloc's superior body, as printed at the top left of its documents (e.g. Tỉnh ủy Hưng Yên). "
        "/huy to stop."),
    "docs.ask_place": (
        "Đề nghị đồng chí nhập địa danh ở dòng ngày tháng (ví dụ: Hưng Yên).",
        "Please type the place of the date line (e.g. Hưng Yên)."),
    "docs.saved": (
        "Đã lưu. Văn bản của khối sẽ in «{superior}» ở phần đầu và «{place}, ngày … tháng … năm …».",
        "Saved. The bloc's documents will print «{superior}» in their header and «{place}, ngày … tháng … năm …»."),
    "audit.action.bloc.document_settings": ("Khai báo thông tin văn bản: {superior_body}; {place}",
                                            "Set the document settings: {superior_body}; {place}"),
    "cmd.vanban": ("Thông tin in ở phần đầu văn bản", "What the documents print in their header"),
    # --- the audit trail (handlers/audit.py, bot/services/audit.py) -------------------------------
    "admin.audit": ("📜 Nhật ký thao tác", "📜 Audit trail"),
    "cmd.nhatky": ("Nhật ký thao tác của khối năm nay", "The bloc's audit trail for this year"),
    "cmd.chuagui": ("Tin nhắn chưa rõ đã đến hay chưa, để gửi lại", "Messages that may not have arrived, to resend"),
    "outbox.digest": ("📬 Bạn có {count} thông báo mới:", "📬 You have {count} new notifications:"),
    "outbox.digest.item": ("{number}. {text}", "{number}. {text}"),
    "deliveries.none": (
        "✅ {bloc}, năm {year}: không có tin nhắn nào chưa rõ đã đến hay chưa.",
        "✅ {bloc}, {year}: no message whose delivery is in doubt.",
    ),
    "deliveries.title": (
        "📭 {bloc}, năm {year}: {count} tin nhắn có thể chưa đến người nhận (đường truyền bị gián đoạn đúng lúc"
        " gửi). Bot không tự gửi lại để tránh gửi trùng; bạn có thể gửi lại tất cả bằng một lần bấm.",
        "📭 {bloc}, {year}: {count} messages may not have reached their recipients (the connection failed as they"
        " were sent). The bot does not resend them by itself, to avoid duplicates; you can resend them all with"
        " one press.",
    ),
    "deliveries.line": ("• {who}: {what}", "• {who}: {what}"),
    "deliveries.more": ("… và {count} tin nhắn khác.", "… and {count} more."),
    "deliveries.group": ("nhóm của khối", "the bloc's group"),
    "deliveries.reminder": ("nhắc hạn {step}", "reminder: {step}"),
    "deliveries.resend": ("📤 Gửi lại tất cả", "📤 Resend them all"),
    "deliveries.resent": (
        "📤 Đã xếp {count} tin nhắn vào hàng gửi lại. Người nhận có thể thấy một tin hai lần nếu lần trước"
        " thực ra đã đến.",
        "📤 {count} messages queued to be sent again. A recipient may see one twice if the earlier one did"
        " arrive after all.",
    ),
    "deliveries.reminder_again": (
        "⏰ Nhắc lại: hạn {step} của {bloc}, năm {year} là {due}. Gõ /menu để xem việc cần làm.",
        "⏰ Reminder again: the deadline for {step} of {bloc}, {year} is {due}. Type /menu to see what is left.",
    ),
    "audit.title": (
        "📜 Nhật ký thao tác của {bloc}, năm {year}.{filters}\nMới nhất trước; trang {page}/{pages}, {count} mục.",
        "📜 Audit trail of {bloc}, {year}.{filters}\nNewest first; page {page}/{pages}, {count} entries.",
    ),
    "audit.empty": (
        "📜 Nhật ký thao tác của {bloc}, năm {year}.{filters}\nChưa có thao tác nào được ghi lại.",
        "📜 Audit trail of {bloc}, {year}.{filters}\nNothing recorded yet.",
    ),
    "audit.filter.unit": ("\nĐơn vị: {unit}.", "\nUnit: {unit}."),
    "audit.filter.kind": ("\nLoại việc: {kind}.", "\nKind: {kind}."),
    "audit.line": ("{when} · {who}: {what}", "{when} · {who}: {what}"),
    "audit.who": ("{name} ({unit})", "{name} ({unit})"),
    "audit.system": ("Hệ thống (tự động)", "The system (automatic)"),
    "audit.super": ("quản trị hệ thống", "system administrator"),
    "audit.by_unit": ("🏢 Lọc theo đơn vị", "🏢 Filter by unit"),
    "audit.by_kind": ("🗂 Lọc theo loại việc", "🗂 Filter by kind"),
    "audit.clear": ("✖️ Bỏ lọc", "✖️ Clear filters"),
    "audit.choose_unit": (
        "Xem thao tác của đơn vị nào? (do đại diện đơn vị thực hiện, hoặc liên quan đến đơn vị)",
        "Which unit? (done by its representatives, or concerning it)",
    ),
    "audit.choose_kind": ("Xem loại việc nào?", "Which kind of action?"),
    "audit.all_units": ("Tất cả đơn vị", "All units"),
    "audit.all_kinds": ("Tất cả loại việc", "All kinds"),
    "audit.back": ("« Nhật ký", "« Audit trail"),
    "audit.kind.units": ("Đơn vị, đại diện, mã mời", "Units, representatives, invites"),
    "audit.kind.reg": ("Đăng ký thi đua, giao ước", "Registration, covenant"),
    "audit.kind.score": ("Bảng tiêu chí, chấm điểm, thẩm định", "Criteria, scoring, checking"),
    "audit.kind.dead": ("Thời hạn, nhắc việc", "Deadlines, reminders"),
    "audit.kind.notice": ("Thông báo", "Notices"),
    "audit.kind.vote": ("Bình xét, bỏ phiếu", "Votes"),
    "audit.kind.conf": ("Hội nghị tổng kết", "Year-end conference"),
    "audit.kind.movement": ("Phong trào thi đua chuyên đề", "Thematic movements"),
    # --- the year-end conference ---------------------------------------------------------------------------
    "admin.conference": ("🏛 Hội nghị tổng kết", "🏛 Year-end conference"),
    "conf.none": (
        "Năm nay chưa có hội nghị tổng kết. Xin tạo hội nghị: tiêu đề, thời gian, địa điểm, chủ trì, khách mời.",
        "No year-end conference yet this year. Create it: title, time, venue, chair, guests.",
    ),
    "conf.new_button": ("➕ Tạo hội nghị", "➕ Create the conference"),
    "conf.ask_details": (
        "Xin gõ thông tin hội nghị, mỗi mục một dòng:\n1. Tiêu đề\n2. Ngày giờ (vd: 18/12/2026 08:00)\n"
        "3. Địa điểm\n4. Chủ trì (họ tên, chức vụ)\n5. Khách mời (không bắt buộc; cách nhau bằng dấu «;»)",
        "Please type the conference's details, one per line:\n1. Title\n2. Date and time (e.g. 18/12/2026 08:00)\n"
        "3. Venue\n4. Chair (name, position)\n5. Guests (optional; separated by «;»)",
    ),
    "conf.created": ("Đã tạo hội nghị. Xin chọn thư ký, lập chương trình rồi gửi giấy mời.",
                     "The conference is created. Choose the secretary, set the agenda, then send the invitations."),
    "conf.card": (
        "🏛 {title}\nThời gian: {when}\nĐịa điểm: {place}\nChủ trì: {chair}\nThư ký: {secretary}\n"
        "Khách mời: {guests}\nTình trạng: {status}",
        "🏛 {title}\nTime: {when}\nVenue: {place}\nChair: {chair}\nSecretary: {secretary}\nGuests: {guests}\n"
        "Status: {status}",
    ),
    "conf.no_secretary": ("(chưa chọn)", "(not chosen)"),
    "conf.status.planned": ("đang chuẩn bị", "being prepared"),
    "conf.status.invited": ("đã gửi giấy mời", "invitations sent"),
    "conf.status.running": ("đang diễn ra", "in session"),
    "conf.status.closed": ("đã bế mạc, biên bản đang dự thảo", "closed, minutes in draft"),
    "conf.status.final": ("đã bế mạc, biên bản đã chốt", "closed, minutes final"),
    "conf.rules": ("Điều kiện hội nghị: {quorum}. Tỷ lệ biểu quyết tính trên: {base}.",
                   "Conference quorum: {quorum}. Votes counted over: {base}."),
    "conf.base.present": ("số đơn vị có mặt", "the units present"),
    "conf.base.members": ("tổng số đơn vị thành viên", "all member units"),
    "conf.quorum": (
        "Có mặt {present}/{count} đơn vị; cần tối thiểu {needed}: {met}.\n"
        "Mỗi cuộc bỏ phiếu: tính trên {vote_members} đơn vị, cần tối thiểu {vote_needed} phiếu thu vào.",
        "Present: {present} of {count} units; at least {needed} needed: {met}.\n"
        "Each vote: counted over {vote_members} units, at least {vote_needed} ballots returned needed.",
    ),
    "conf.quorum_met": ("đủ điều kiện tiến hành", "quorum met"),
    "conf.quorum_not_met": ("chưa đủ điều kiện", "quorum not met"),
    "conf.agenda_title": ("Chương trình:", "Agenda:"),
    "conf.no_items": ("(chưa có mục nào)", "(no items yet)"),
    "conf.item_line": ("{mark} {no}. {title} ({kind})", "{mark} {no}. {title} ({kind})"),
    "conf.kind.report": ("Báo cáo", "Report"),
    "conf.kind.discussion": ("Thảo luận", "Discussion"),
    "conf.kind.review": ("Bình xét", "Review vote"),
    "conf.kind.head": ("Suy tôn Trưởng khối", "Acclaim the head"),
    "conf.kind.deputy": ("Suy tôn Phó Trưởng khối", "Acclaim the deputy"),
    "conf.kind.covenant": ("Ký giao ước", "Covenant signing"),
    "conf.kind.other": ("Nội dung khác", "Other"),
    "conf.remove_item": ("✕ Bỏ mục {no}", "✕ Remove item {no}"),
    "conf.ask_item_title": ("Xin gõ tên mục «{kind}» trong chương trình.",
                            "Please type the title of the «{kind}» item."),
    "conf.ask_item_title.review": (
        "Xin gõ tên danh hiệu thi đua, hình thức khen thưởng được bình xét tại mục «{kind}» (vd: Cờ thi đua của UBND "
        "tỉnh năm 2026).",
        "Please type the title or commendation the «{kind}» item votes on (e.g. Cờ thi đua của UBND tỉnh năm 2026).",
    ),
    "conf.item_added": ("Đã thêm mục vào chương trình.", "The item was added to the agenda."),
    "conf.secretary_button": ("✍️ Thư ký", "✍️ Secretary"),
    "conf.choose_secretary": ("Xin chọn thư ký hội nghị:", "Choose the conference's secretary:"),
    "conf.secretary_set": ("Thư ký hội nghị: đồng chí {name}.", "Conference secretary: {name}."),
    "conf.rule_quorum": ("Điều kiện hội nghị", "Quorum"),
    "conf.rule_base": ("Tính tỷ lệ trên", "Count votes over"),
    "conf.back": ("‹ Quay lại", "‹ Back"),
    "conf.invite_button": ("📨 Gửi giấy mời", "📨 Send invitations"),
    "conf.invited": ("Đã gửi giấy mời tới {count} đơn vị; sẽ nhắc lại trước một ngày.",
                     "Invitations sent to {count} units; a reminder goes out the day before."),
    "conf.invitation": (
        "📨 GIẤY MỜI\nKính mời đồng chí dự {title}.\nThời gian: {when}\nĐịa điểm: {place}\nChủ trì: {chair}\n"
        "Chương trình:\n{agenda}\n\nKhi đến hội nghị, xin bấm «Điểm danh». Nếu không dự được, xin ủy quyền cho "
        "người dự thay.",
        "📨 INVITATION\nYou are invited to {title}.\nTime: {when}\nVenue: {place}\nChair: {chair}\n"
        "Agenda:\n{agenda}\n\n"
        "At the conference, press «Check in». If you cannot attend, please authorize someone to attend instead.",
    ),
    "conf.reminder": (
        "🔔 Nhắc lịch: {title} diễn ra lúc {when} tại {place}. Kính mời đồng chí tham dự đúng giờ.",
        "🔔 Reminder: {title} takes place at {when}, {place}. Please be on time.",
    ),
    "conf.check_in_button": ("✅ Điểm danh", "✅ Check in"),
    "conf.delegate_button": ("👤 Ủy quyền", "👤 Authorize someone"),
    "conf.qr_button": ("🔳 Mã QR điểm danh", "🔳 Check-in QR code"),
    "conf.qr_caption": ("Mã QR điểm danh hội nghị (in hoặc chiếu tại hội trường): {link}",
                        "The conference's check-in QR code (print or project it at the hall): {link}"),
    "conf.qr_unavailable": ("Kênh này không có liên kết điểm danh; xin dùng nút «Điểm danh» trong giấy mời.",
                            "This channel has no check-in link; please use the «Check in» button of the invitation."),
    "conf.checked_in": ("Đã điểm danh: {unit} có mặt lúc {when}.", "Checked in: {unit} present at {when}."),
    "conf.checked_in_late": ("Đã điểm danh: {unit} có mặt lúc {when} (đến sau khai mạc).",
                             "Checked in: {unit} present at {when} (after the opening)."),
    "conf.ask_delegate": ("Xin gõ họ tên người được {unit} ủy quyền dự hội nghị.",
                          "Please type the name of the person {unit} authorizes to attend."),
    "conf.delegated": ("Đã ghi nhận: {unit} ủy quyền cho đồng chí {name} dự hội nghị.",
                       "Recorded: {unit} authorized {name} to attend."),
    "conf.attendance_title": ("Điểm danh «{title}»: có mặt {present}/{count} đơn vị (cần tối thiểu {needed}).",
                              "Attendance of «{title}»: {present} of {count} units present "
                              "(at least {needed} needed)."),
    "conf.delegation_line": ("👤 {unit}: ủy quyền cho đồng chí {name}", "👤 {unit}: authorized {name}"),
    "conf.mark_unit": ("{unit}:", "{unit}:"),
    "conf.mark_present": ("Có mặt", "Present"),
    "conf.mark_late": ("Đến muộn", "Late"),
    "conf.mark_absent_reason": ("Vắng có lý do", "Absent, excused"),
    "conf.mark_absent": ("Vắng không lý do", "Absent, no reason"),
    "conf.ask_reason": ("Xin gõ lý do vắng mặt.", "Please type the reason for the absence."),
    "conf.open_button": ("🔔 Khai mạc", "🔔 Open the conference"),
    "conf.opened": ("Hội nghị khai mạc lúc {when}.", "The conference opened at {when}."),
    "conf.open_item": ("▶️ Bắt đầu mục {no}", "▶️ Start item {no}"),
    "conf.postpone_item": ("⏸ Hoãn mục {no}", "⏸ Postpone item {no}"),
    "conf.close_item": ("⏹ Kết thúc mục {no}", "⏹ End item {no}"),
    "conf.item_opened": ("Bắt đầu mục {no}: {title}.", "Item {no} started: {title}."),
    "conf.vote_opened": ("Đã phát phiếu bầu kín cho {count} đơn vị có mặt; tỷ lệ tính trên {members} đơn vị.",
                         "Secret ballots sent to the {count} units present; shares counted over {members} units."),
    "conf.item_closed": ("Kết thúc mục {no}: {title}.", "Item {no} ended: {title}."),
    "conf.vote_result": ("Công bố kết quả: {cast}/{issued} phiếu thu vào; được suy tôn: {elected}.",
                         "Result announced: {cast} of {issued} ballots returned; acclaimed: {elected}."),
    "conf.covenant_prompt": (
        "✍️ Hội nghị ký kết giao ước thi đua (phiên bản {version}). Xin đọc và ký giao ước.",
        "✍️ The conference signs the emulation covenant (version {version}). Please read and sign it.",
    ),
    "conf.covenant_count": ("Đã ký giao ước: {signed}/{count} đơn vị.",
                            "Covenant signed by {signed} of {count} units."),
    "conf.close_button": ("🏁 Bế mạc hội nghị", "🏁 Close the conference"),
    "conf.closed": ("Hội nghị bế mạc lúc {when}. Biên bản đã được dự thảo.",
                    "The conference closed at {when}. The minutes are drafted."),
    "conf.card_refresh": ("🔄 Cập nhật", "🔄 Refresh"),
    "conf.draft_button": ("📝 Dự thảo biên bản", "📝 Draft minutes"),
    "conf.draft_title": ("📝 Biên bản «{title}» ({status}). Diễn biến theo chương trình:",
                         "📝 Minutes of «{title}» ({status}). The agenda as held:"),
    "conf.correct_button": ("✏️ Sửa một dòng", "✏️ Correct a line"),
    "conf.ask_correction": ("Xin gõ số dòng, dấu chấm và nội dung mới, vd: «2. Thảo luận: các đồng chí ... phát biểu».",
                            "Type the line number, a full stop and the new text, e.g. «2. Discussion: ... spoke»."),
    "conf.corrected": ("Đã sửa dòng {no} (được ghi vào nhật ký).", "Line {no} corrected (recorded in the trail)."),
    "conf.final_button": ("✅ Chốt biên bản", "✅ Approve the minutes"),
    "conf.finalized": ("Đã chốt biên bản; Trưởng khối đã được báo.", "The minutes are approved; the head was told."),
    "conf.finalized_head": ("Biên bản «{title}» đã được thư ký chốt. Bấm nút để nhận các biên bản.",
                            "The secretary approved the minutes of «{title}». Press the button to receive them."),
    "conf.minutes_button": ("📄 Nhận biên bản (.docx)", "📄 Get the minutes (.docx)"),
    "refused.conference_none": ("Năm nay chưa có hội nghị tổng kết.", "There is no year-end conference this year."),
    "refused.conference_exists": ("Năm nay đã có hội nghị tổng kết.", "This year already has its conference."),
    "refused.conference_invalid": (
        "Xin lỗi, thông tin chưa hợp lệ: cần 4 hoặc 5 dòng (tiêu đề; ngày giờ sắp tới, vd 18/12/2026 08:00; địa "
        "điểm; chủ trì; khách mời), mỗi dòng tối đa 300 ký tự. Chưa có gì thay đổi; xin gõ lại.",
        "Sorry, that is not valid: 4 or 5 lines are needed (title; a future date and time, e.g. 18/12/2026 08:00; "
        "venue; chair; guests), each at most 300 characters. Nothing changed; please type again.",
    ),
    "refused.conference_started": ("Hội nghị đã khai mạc: không thể thay đổi chương trình nữa.",
                                   "The conference has opened: the agenda can no longer change."),
    "refused.conference_secretary_invalid": ("Người này không phải đại diện của đơn vị thành viên.",
                                             "This person does not represent a member unit."),
    "refused.conference_item_not_found": ("Không có mục này trong chương trình.", "There is no such agenda item."),
    "refused.conference_item_invalid": ("Tên mục cần từ 1 đến 300 ký tự (tối đa 20 mục). Xin gõ lại.",
                                        "An item's title needs 1 to 300 characters (20 items at most). Please retype."),
    "refused.conference_not_ready": ("Cần chọn thư ký và có ít nhất một mục trong chương trình trước.",
                                     "Choose the secretary and add at least one agenda item first."),
    "refused.conference_closed": ("Hội nghị đã bế mạc.", "The conference has closed."),
    "refused.conference_check_in_not_open": ("Điểm danh mở từ {time}.", "Check-in opens at {time}."),
    "refused.conference_unit_invalid": ("Đơn vị này không thuộc khối năm nay.", "This unit is not a member this year."),
    "refused.conference_reason_invalid": ("Lý do cần từ 1 đến 300 ký tự. Xin gõ lại.",
                                          "The reason needs 1 to 300 characters. Please retype."),
    "refused.conference_not_secretary": ("Xin lỗi, việc này chỉ dành cho thư ký hội nghị.",
                                         "Sorry, only the conference's secretary can do this."),
    "refused.conference_delegate_invalid": (
        "Xin gõ họ tên người được ủy quyền (2 đến 200 ký tự, không có chữ số).",
        "Please type the authorized person's name (2 to 200 characters, no digits).",
    ),
    "refused.conference_not_running": ("Hội nghị chưa khai mạc hoặc đã bế mạc.",
                                       "The conference is not in session."),
    "refused.conference_item_busy": ("Mục «{title}» đang diễn ra: xin kết thúc mục này trước.",
                                     "«{title}» is in progress: end it first."),
    "refused.conference_item_done": ("Mục này đã thực hiện hoặc không thể hoãn lúc này.",
                                     "This item was held already, or cannot be postponed now."),
    "refused.conference_nobody_present": ("Chưa có đơn vị nào có mặt.", "No unit is present yet."),
    "refused.conference_no_covenant": ("Chưa công bố văn bản giao ước thi đua (/giaouoc).",
                                       "No covenant text is published yet (/giaouoc)."),
    "refused.conference_item_not_open": ("Mục này không đang diễn ra.", "This item is not in progress."),
    "refused.conference_not_closed": ("Hội nghị chưa bế mạc: biên bản chưa được dự thảo.",
                                      "The conference has not closed: the minutes are not drafted yet."),
    "refused.conference_final": ("Biên bản đã chốt, không sửa được nữa.",
                                 "The minutes are final and can no longer change."),
    "refused.conference_correction_invalid": (
        "Xin gõ theo mẫu «số dòng. nội dung mới», số dòng từ 1 đến {count}. Chưa có gì thay đổi.",
        "Please type «line number. new text», with a line number from 1 to {count}. Nothing changed.",
    ),
    "audit.action.conference.created": ("Tạo hội nghị «{title}»", "Created the conference «{title}»"),
    "audit.action.conference.secretary": ("Chọn thư ký hội nghị: {name}", "Chose the conference secretary: {name}"),
    "audit.action.conference.rule": ("Đổi quy tắc tính của hội nghị: {name}", "Changed a conference rule: {name}"),
    "audit.action.conference.item_added": ("Thêm mục {number} «{name}» vào chương trình hội nghị",
                                           "Added item {number} «{name}» to the conference agenda"),
    "audit.action.conference.item_removed": ("Bỏ mục {number} «{name}» khỏi chương trình hội nghị",
                                             "Removed item {number} «{name}» from the conference agenda"),
    "audit.action.conference.item_moved": ("Chuyển mục «{name}» lên vị trí {number}",
                                           "Moved item «{name}» up to position {number}"),
    "audit.action.conference.invited": ("Gửi giấy mời hội nghị «{title}» tới {count} đơn vị",
                                        "Sent the invitations to «{title}» to {count} units"),
    "audit.action.conference.checked_in": ("Điểm danh hội nghị: {unit} có mặt", "Conference check-in: {unit} present"),
    "audit.action.conference.marked_present": ("Thư ký ghi {unit} có mặt", "The secretary marked {unit} present"),
    "audit.action.conference.marked_late": ("Thư ký ghi {unit} đến muộn", "The secretary marked {unit} late"),
    "audit.action.conference.marked_absent": ("Thư ký ghi {unit} vắng mặt", "The secretary marked {unit} absent"),
    "audit.action.conference.delegated": ("{unit} ủy quyền cho {name} dự hội nghị",
                                          "{unit} authorized {name} to attend the conference"),
    "audit.action.conference.opened": ("Khai mạc hội nghị «{title}» ({count} đơn vị có mặt)",
                                       "Opened the conference «{title}» ({count} units present)"),
    "audit.action.conference.item_opened": ("Bắt đầu mục {number} «{name}»", "Started item {number} «{name}»"),
    "audit.action.conference.item_postponed": ("Hoãn mục {number} «{name}»", "Postponed item {number} «{name}»"),
    "audit.action.conference.item_closed": ("Kết thúc mục {number} «{name}»", "Ended item {number} «{name}»"),
    "audit.action.conference.closed": ("Bế mạc hội nghị «{title}»", "Closed the conference «{title}»"),
    "audit.action.conference.corrected": ("Sửa dòng {number} của dự thảo biên bản hội nghị",
                                          "Corrected line {number} of the conference's draft minutes"),
    "audit.action.conference.finalized": ("Chốt biên bản hội nghị «{title}»", "Approved the minutes of «{title}»"),
    "audit.reason": ("; lý do: {reason}", "; reason: {reason}"),
    "audit.missing": ("—", "—"),
    "audit.nobody": ("không có", "none"),
    "audit.allowed": ("cho phép", "allowed"),
    "audit.not_allowed": ("không cho phép", "not allowed"),
    "refused.audit_filter_unknown": (
        "Bộ lọc này không còn phù hợp (đơn vị hoặc loại việc không có trong năm nay). Xin mở lại /nhatky.",
        "That filter no longer fits (no such unit or kind this year). Please open /nhatky again.",
    ),
    # one entry per kind of action written to audit_event (storage/schema_notes.toml lists them)
    "audit.action.unknown": ("Thao tác «{action}»", "Action «{action}»"),
    "audit.action.bloc.created": ("Tạo khối thi đua «{name}», năm {year}", "Created the bloc «{name}», {year}"),
    "audit.action.year.opened": ("Mở năm thi đua {year} (tiếp theo năm {from_year})",
                                 "Opened the year {year} (after {from_year})"),
    "audit.action.unit.added": ("Thêm đơn vị {unit}", "Added the unit {unit}"),
    "audit.action.units.imported": ("Nhập danh sách đơn vị: thêm {added}, bỏ qua {skipped}",
                                    "Imported units: {added} added, {skipped} skipped"),
    "audit.action.invite.issued": ("Cấp mã mời cho {unit}", "Issued an invite for {unit}"),
    "audit.action.invite.revoked": ("Thu hồi mã mời của {unit}", "Revoked the invite of {unit}"),
    "audit.action.representative.joined": ("Tham gia làm đại diện {unit}", "Joined as a representative of {unit}"),
    "audit.action.representative.removed": ("Gỡ đại diện {removed} khỏi {unit}",
                                            "Removed the representative {removed} from {unit}"),
    "audit.action.leadership.head": ("Đặt {unit} làm Trưởng khối", "Made {unit} the head unit"),
    "audit.action.leadership.deputy": ("Đặt {unit} làm Phó trưởng khối", "Made {unit} the deputy unit"),
    "audit.action.identity.linked": ("Liên kết tài khoản {channel}", "Linked a {channel} account"),
    "audit.action.criteria.loaded": ("Nạp bảng tiêu chí, phiên bản {version} (mã {fingerprint})",
                                     "Loaded the criteria table, version {version} (code {fingerprint})"),
    "audit.action.assessment.allow_resubmit": ("Đặt quyền nộp lại bảng tự chấm điểm: {allow}",
                                               "Set resubmitting self-assessments: {allow}"),
    "audit.action.sheet.submitted": ("Nộp bảng tự chấm điểm của {unit}: {total} điểm (biên nhận {receipt})",
                                     "Submitted the self-assessment of {unit}: {total} points (receipt {receipt})"),
    "audit.action.sheet.returned": ("Gửi kết quả thẩm định cho {unit} ({adjusted} tiêu chí điều chỉnh)",
                                    "Sent the checking of {unit} ({adjusted} criteria adjusted)"),
    "audit.action.sheet.explained": ("Gửi giải trình của {unit}", "Sent the explanation of {unit}"),
    "audit.action.sheet.reopened": ("Mở lại bảng điểm của {unit}", "Reopened the sheet of {unit}"),
    "audit.action.checking.closed": ("Kết thúc thẩm định, chốt điểm cuối cùng của các đơn vị",
                                     "Closed the checking and fixed every unit's final score"),
    "audit.action.deadline.set": ("Đặt hạn {step}: {due}", "Set the deadline for {step}: {due}"),
    "audit.action.deadline.extended": ("Gia hạn {step} cho {unit} đến {due}",
                                       "Extended {step} for {unit} to {due}"),
    "audit.action.reminders.rule": ("Đổi lịch nhắc hạn {step}", "Changed the reminders for {step}"),
    "audit.action.registration.submitted": ("Nộp đăng ký thi đua của {unit}", "Submitted the registration of {unit}"),
    "audit.action.covenant.published": ("Công bố giao ước thi đua, phiên bản {version}",
                                        "Published the covenant, version {version}"),
    "audit.action.covenant.signed": ("Ký giao ước thi đua (phiên bản {version}) cho {unit}",
                                     "Signed the covenant (version {version}) for {unit}"),
    "audit.action.notice.sent": ("Gửi thông báo số {number} tới {count} đơn vị",
                                 "Sent notice no. {number} to {count} units"),
    "audit.action.vote.created": ("Tạo cuộc bỏ phiếu «{title}» ({kind})", "Created the vote «{title}» ({kind})"),
    "audit.action.vote.opened": ("Mở bỏ phiếu «{title}» cho {count} đơn vị",
                                 "Opened the vote «{title}» to {count} units"),
    "audit.action.vote.closed": ("Kết thúc bỏ phiếu «{title}»; trúng: {elected}",
                                 "Closed the vote «{title}»; elected: {elected}"),
    "audit.action.movement.launched": ("Phát động phong trào «{title}» (số {number}) cho {count} đơn vị",
                                       "Launched the movement «{title}» (no. {number}) for {count} units"),
    "audit.action.movement.registered": ("{unit} đăng ký tham gia phong trào «{title}»",
                                         "{unit} registered for the movement «{title}»"),
    "audit.action.movement.reported": ("{unit} nộp báo cáo phong trào «{title}»",
                                       "{unit} submitted its report on the movement «{title}»"),
    "audit.action.movement.commended": ("Đề nghị khen thưởng {unit} trong phong trào «{title}»",
                                        "Proposed {unit} for commendation in the movement «{title}»"),
    "audit.action.movement.uncommended": ("Bỏ đề nghị khen thưởng {unit} trong phong trào «{title}»",
                                          "Withdrew the commendation of {unit} in the movement «{title}»"),
    "audit.action.movement.closed": ("Kết thúc phong trào «{title}»; {count} đơn vị được đề nghị khen thưởng",
                                     "Closed the movement «{title}»; {count} units proposed for commendation"),
    # --- thematic movements --------------------------------------------------------------------------
    "movement.list": ("🚩 Phong trào thi đua chuyên đề của năm ({count}). Chọn một phong trào:",
                      "🚩 This year's thematic movements ({count}). Choose one:"),
    "movement.list_empty": ("🚩 Năm nay chưa có phong trào thi đua chuyên đề nào.",
                            "🚩 No thematic movement this year yet."),
    "movement.button": ("Số {number}: {title} ({status})", "No. {number}: {title} ({status})"),
    "movement.status.running": ("đang diễn ra", "running"),
    "movement.status.closed": ("đã kết thúc", "closed"),
    "movement.new": ("➕ Phát động phong trào mới", "➕ Launch a new movement"),
    "movement.back": ("« Danh sách phong trào", "« Movements"),
    "movement.back_card": ("« Về phong trào", "« Back to the movement"),
    "movement.open": ("🚩 Xem phong trào", "🚩 Open the movement"),
    "movement.about": (
        "🚩 Phong trào thi đua số {number}: {title}\nMục đích: {purpose}\nThời gian: {period}\n"
        "Chào mừng: {occasion}\nKế hoạch: {plan}\nHạn nộp báo cáo kết quả: {due}\nTình trạng: {status}",
        "🚩 Movement no. {number}: {title}\nPurpose: {purpose}\nPeriod: {period}\nCelebrating: {occasion}\n"
        "Plan: {plan}\nReports due: {due}\nStatus: {status}",
    ),
    "movement.units_head": ("\nĐơn vị tham gia ({count}):", "\nUnits taking part ({count}):"),
    "movement.unit_line": ("• {unit}: {state}", "• {unit}: {state}"),
    "movement.unit.waiting": ("⏳ chưa đăng ký", "⏳ not registered"),
    "movement.unit.registered": ("📝 đã đăng ký, chưa báo cáo", "📝 registered, no report yet"),
    "movement.unit.reported": ("✅ đã nộp báo cáo", "✅ report submitted"),
    "movement.unit.commended": ("🏅 đã báo cáo, được đề nghị khen thưởng", "🏅 reported, proposed for commendation"),
    "movement.mine": ("\nĐơn vị {unit}: {state}", "\nYour unit, {unit}: {state}"),
    "movement.targets_line": ("Chỉ tiêu đăng ký: {targets}", "Targets: {targets}"),
    "movement.report_line": ("Báo cáo: {text} ({files} tệp kèm)", "Report: {text} ({files} files)"),
    "movement.commend_line": ("🏅 Được đề nghị khen thưởng: {reason}", "🏅 Proposed for commendation: {reason}"),
    "movement.ask_title": ("Xin gõ tên phong trào thi đua (tối đa 300 ký tự). Gõ /huy để thôi.",
                           "Please type the movement's title (up to 300 characters). /huy to cancel."),
    "movement.ask_purpose": ("Xin gõ mục đích, yêu cầu của phong trào.", "Please type the movement's purpose."),
    "movement.ask_dates": (
        "Xin gõ thời gian phong trào: ngày bắt đầu - ngày kết thúc, dạng dd/mm/yyyy - dd/mm/yyyy "
        "(vd: 01/02/2026 - 30/04/2026). Báo cáo kết quả hạn 17:00 ngày kết thúc.",
        "Please type the period: start date - end date, as dd/mm/yyyy - dd/mm/yyyy (e.g. 01/02/2026 - "
        "30/04/2026). Reports are due at 17:00 on the end date.",
    ),
    "movement.ask_occasion": (
        "Phong trào chào mừng sự kiện, ngày lễ kỷ niệm nào? (vd: 96 năm Ngày thành lập Đảng Cộng sản Việt Nam)",
        "Which anniversary or event does it celebrate?",
    ),
    "movement.ask_plan": ("Xin gửi kế hoạch phát động: gõ nội dung, hoặc gửi tệp (có thể kèm chú thích).",
                          "Please send the plan: type it, or send a file (with a caption if you like)."),
    "movement.ask_units": ("Những đơn vị nào tham gia phong trào?", "Which units take part?"),
    "movement.to_all": ("Tất cả đơn vị (phát động ngay)", "Every unit (launch now)"),
    "movement.to_some": ("Chọn đơn vị", "Choose units"),
    "movement.choose_units": ("Chọn đơn vị tham gia (đã chọn {count}):",
                              "Choose the units taking part ({count} chosen):"),
    "movement.units_done": ("✅ Phát động cho các đơn vị đã chọn", "✅ Launch for the chosen units"),
    "movement.launched": (
        "Đã phát động phong trào số {number} «{title}» tới {count} đơn vị. Hạn nộp báo cáo: {due}; các đơn vị "
        "chưa báo cáo sẽ được nhắc theo lịch.",
        "Launched movement no. {number} «{title}» for {count} units. Reports due: {due}; units that have not "
        "reported will be reminded.",
    ),
    "movement.announce": (
        "📣 Trưởng khối phát động phong trào thi đua chuyên đề.\n\n{about}\n\nKính đề nghị đơn vị đăng ký "
        "tham gia và chỉ tiêu thi đua.",
        "📣 The bloc head launched a thematic movement.\n\n{about}\n\nPlease register your unit and its targets.",
    ),
    "movement.join": ("📝 Đăng ký tham gia", "📝 Register"),
    "movement.rejoin": ("📝 Sửa chỉ tiêu đăng ký", "📝 Change the targets"),
    "movement.report": ("📤 Báo cáo kết quả", "📤 Report the results"),
    "movement.ask_targets": ("Xin gõ chỉ tiêu thi đua của đơn vị trong phong trào «{title}».",
                             "Please type your unit's targets for the movement «{title}»."),
    "movement.registered": (
        "Đã ghi nhận đăng ký tham gia phong trào «{title}». Hạn nộp báo cáo kết quả: {due}.",
        "Your unit is registered for the movement «{title}». Reports due: {due}.",
    ),
    "movement.ask_report": (
        "Xin gõ báo cáo kết quả phong trào «{title}» (ngắn gọn), và gửi các tệp minh chứng nếu có. Hạn: {due}.",
        "Please type a short report on the movement «{title}» and send any files. Due: {due}.",
    ),
    "movement.report_kept": (
        "Đã lưu ({files} tệp kèm). Gửi thêm tệp, gõ lại nội dung để sửa, hoặc bấm «Nộp báo cáo».",
        "Saved ({files} files). Send more files, type again to correct the text, or press «Submit».",
    ),
    "movement.submit": ("📨 Nộp báo cáo", "📨 Submit"),
    "movement.report_submitted": ("Đã nộp báo cáo kết quả phong trào «{title}». Xin cảm ơn đồng chí.",
                                  "Your report on the movement «{title}» is submitted. Thank you."),
    "movement.review": (
        "🚩 Phong trào số {number}: {title}\nĐơn vị: {unit} – {state}\nChỉ tiêu: {targets}\nBáo cáo: {report}\n"
        "Tệp kèm: {files}",
        "🚩 Movement no. {number}: {title}\nUnit: {unit} – {state}\nTargets: {targets}\nReport: {report}\n"
        "Files: {files}",
    ),
    "movement.commend": ("🏅 Đề nghị khen thưởng", "🏅 Propose for commendation"),
    "movement.uncommend": ("↩️ Bỏ đề nghị khen thưởng", "↩️ Withdraw the commendation"),
    "movement.ask_reason": ("Xin gõ lý do đề nghị khen thưởng {unit} (tối đa 500 ký tự).",
                            "Please type why {unit} is proposed for commendation (up to 500 characters)."),
    "movement.commended": ("Đã đề nghị khen thưởng {unit}.", "{unit} is proposed for commendation."),
    "movement.uncommended": ("Đã bỏ đề nghị khen thưởng {unit}.", "{unit} is no longer proposed for commendation."),
    "movement.close": ("🏁 Kết thúc phong trào", "🏁 Close the movement"),
    "movement.ask_close": (
        "Kết thúc phong trào «{title}»?\nĐơn vị được đề nghị khen thưởng:\n{commended}\nSố đơn vị chưa báo cáo: "
        "{unreported}.\nSau khi kết thúc, các đơn vị được thông báo và không sửa được nữa.",
        "Close the movement «{title}»?\nProposed for commendation:\n{commended}\nUnits that have not reported: "
        "{unreported}.\nOnce closed, the units are told and nothing can change.",
    ),
    "movement.close_yes": ("✅ Kết thúc và thông báo", "✅ Close and tell the units"),
    "movement.closed": ("Đã kết thúc phong trào «{title}»; {count} đơn vị được đề nghị khen thưởng. Các đơn vị "
                        "đã được thông báo.",
                        "The movement «{title}» is closed; {count} units proposed for commendation. The units "
                        "have been told."),
    "movement.closed_commended": (
        "🏅 Phong trào thi đua số {number} «{title}» đã kết thúc. Đơn vị được Trưởng khối đề nghị khen thưởng: "
        "{reason}",
        "🏅 Movement no. {number} «{title}» is closed. The bloc head proposes your unit for commendation: {reason}",
    ),
    "movement.closed_thanks": (
        "🚩 Phong trào thi đua số {number} «{title}» đã kết thúc. Cảm ơn đơn vị đã tham gia.",
        "🚩 Movement no. {number} «{title}» is closed. Thank you for taking part.",
    ),
    "refused.movement_title_invalid": ("Tên phong trào cần từ 1 đến {max} ký tự. Xin gõ lại.",
                               "The title needs 1 to {max} characters. Please type it again."),
    "refused.movement_purpose_invalid": ("Mục đích cần từ 1 đến {max} ký tự. Xin gõ lại.",
                                 "The purpose needs 1 to {max} characters. Please type it again."),
    "refused.movement_occasion_invalid": ("Nội dung chào mừng cần từ 1 đến {max} ký tự. Xin gõ lại.",
                                  "The occasion needs 1 to {max} characters. Please type it again."),
    "refused.movement_plan_invalid": ("Kế hoạch cần từ 1 đến {max} ký tự, hoặc gửi một tệp. Xin gửi lại.",
                              "The plan needs 1 to {max} characters, or a file. Please send it again."),
    "refused.movement_dates_invalid": (
        "Không đọc được thời gian. Xin gõ dạng dd/mm/yyyy - dd/mm/yyyy, vd: 01/02/2026 - 30/04/2026.",
        "Could not read the dates. Please type dd/mm/yyyy - dd/mm/yyyy, e.g. 01/02/2026 - 30/04/2026.",
    ),
    "refused.movement_dates_order": ("Ngày kết thúc phải sau ngày bắt đầu. Xin gõ lại.",
                             "The end date must not be before the start. Please type them again."),
    "refused.movement_dates_past": ("Phong trào này đã kết thúc theo ngày đã gõ. Xin gõ thời gian chưa qua.",
                            "Those dates are already over. Please type dates still to come."),
    "refused.movement_one_running": (
        "Đang có một phong trào chưa kết thúc. Xin kết thúc phong trào đó trước khi phát động phong trào mới.",
        "A movement is still running. Please close it before launching a new one.",
    ),
    "refused.movement_no_units": ("Chưa chọn đơn vị nào tham gia.", "No unit is chosen."),
    "refused.movement_not_found": ("Không tìm thấy phong trào này.", "This movement was not found."),
    "refused.movement_closed": ("Phong trào đã kết thúc, không thay đổi được nữa.",
                                "The movement is closed: nothing can change."),
    "refused.movement_targets_invalid": ("Chỉ tiêu cần từ 1 đến {max} ký tự. Xin gõ lại.",
                                 "The targets need 1 to {max} characters. Please type them again."),
    "refused.movement_register_first": ("Đơn vị cần đăng ký tham gia phong trào trước khi báo cáo.",
                                "Your unit must register for the movement before reporting."),
    "refused.movement_already_reported": ("Đơn vị đã nộp báo cáo phong trào này.",
                                  "Your unit has already submitted its report."),
    "refused.movement_report_invalid": ("Báo cáo cần từ 1 đến {max} ký tự, hoặc là một tệp. Xin gửi lại.",
                                "The report needs 1 to {max} characters, or a file. Please send it again."),
    "refused.movement_report_empty": ("Xin gõ nội dung báo cáo trước khi nộp (tệp kèm là không bắt buộc).",
                              "Please type the report's text before submitting (files are optional)."),
    "refused.movement_files_limit": ("Báo cáo đã có {max} tệp, không nhận thêm.",
                                     "The report has {max} files already."),
    "refused.movement_not_reported": ("Đơn vị chưa nộp báo cáo nên chưa thể đề nghị khen thưởng.",
                              "The unit has not reported, so it cannot be proposed for commendation."),
    "refused.movement_reason_invalid": ("Lý do cần từ 1 đến {max} ký tự. Xin gõ lại.",
                                "The reason needs 1 to {max} characters. Please type it again."),
    # --- text-only channels ---------------------------------------------------------------------
    "text.choose_number": (
        "Gõ số thứ tự để chọn.",
        "Type a number to choose.",
    ),
}


def t(key: str, lang: str = "vi", /, **params: object) -> str:
    """The message `key` in `lang` (Vietnamese when the language is unknown), with its placeholders filled."""
    pair = MESSAGES[key]
    text = pair[1] if lang == "en" else pair[0]
    # the English form may be empty on purpose (Vietnamese "" where English needs a word); fall back
    return unicodedata.normalize("NFC", text.format(**params))
