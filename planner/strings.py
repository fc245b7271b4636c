"""Every user-facing label, Vietnamese first. Codes are stored; labels are shown."""

from __future__ import annotations

TIER_LABELS = {"tron": "Năm tròn", "le5": "Năm lẻ 5", "thuong": "Năm thường"}
CALENDAR_LABELS = {"solar": "Dương lịch", "lunar": "Âm lịch"}
CATEGORY_LABELS = {
    "party": "Đảng",
    "state": "Nhà nước",
    "military": "Quân sự - Quốc phòng",
    "international": "Quốc tế - Ngoại giao",
    "mass_org": "Mặt trận, đoàn thể",
    "culture": "Văn hóa - Xã hội",
    "local": "Địa phương",
}
SCOPE_LABELS = {"national": "Toàn quốc", "province": "Tỉnh", "city": "Thành phố", "unit": "Đơn vị"}
UNIT_KIND_LABELS = {
    "party_committee": "Đảng bộ",
    "party_cell": "Chi bộ",
    "propaganda_dept": "Ban Tuyên giáo",
    "front": "Mặt trận Tổ quốc",
    "mass_org": "Đoàn thể chính trị - xã hội",
    "gov_office": "Cơ quan chuyên môn",
    "culture_centre": "Trung tâm văn hóa",
}
FORMAT_LABELS = {
    "short_video": "Video clip ngắn",
    "post": "Bài đăng",
    "article": "Bài viết",
    "infographic": "Infographic",
    "photo": "Bộ ảnh",
    "livestream": "Phát trực tiếp",
}
PLATFORM_LABELS = {
    "facebook": "Facebook",
    "zalo": "Zalo",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "website": "Trang thông tin điện tử",
}
THEME_LABELS = {
    "leadership": "Thông điệp lãnh đạo của Đảng, Nhà nước",
    "event": "Sự kiện của Đảng, Nhà nước, địa phương",
    "culture": "Sự kiện văn hóa, xã hội",
    "good_deeds": "Người tốt, việc tốt",
}
STATUS_LABELS = {
    "idea": "Ý tưởng",
    "draft": "Bản nháp",
    "in_review": "Chờ duyệt",
    "approved": "Đã duyệt",
    "published": "Đã đăng",
    "cancelled": "Đã hủy",
}

#: Column headers of the occurrence table as shown to users.
OCCURRENCE_HEADERS = {
    "date_text": "Ngày",
    "weekday": "Thứ",
    "lunar_text": "Âm lịch",
    "title": "Nội dung",
    "anniversary": "Số năm",
    "tier": "Loại năm",
    "category": "Lĩnh vực",
    "scope": "Phạm vi",
    "holiday": "Ngày nghỉ lễ",
}

#: Column headers of the calendar CSV (``calendar YEAR --csv FILE --vi``): every column, no two alike.
OCCURRENCE_CSV_HEADERS = {
    "event_id": "Mã sự kiện",
    "name": "Tên sự kiện",
    "name_en": "Tên tiếng Anh",
    "date": "Ngày (năm-tháng-ngày)",
    "year": "Năm",
    "month": "Tháng",
    "day": "Ngày trong tháng",
    "calendar": "Loại lịch",
    "lunar_day": "Ngày âm lịch",
    "lunar_month": "Tháng âm lịch",
    "lunar_year": "Năm âm lịch",
    "lunar_leap": "Tháng nhuận",
    "anniversary": "Số năm",
    "tier": "Loại năm",
    "title": "Nội dung",
    "category": "Lĩnh vực",
    "scope": "Phạm vi",
    "estimated": "Ngày ước tính",
    "source": "Nguồn",
    "date_text": "Ngày",
    "weekday": "Thứ",
    "lunar_text": "Âm lịch",
    "holiday": "Ngày nghỉ lễ",
}

SEVERITY_LABELS = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}
CHECKLIST_LABELS = {
    "political": "Bảo đảm tính chính trị",
    "ideological": "Bảo đảm tính tư tưởng",
    "humane": "Bảo đảm tính nhân văn",
    "orienting": "Tính dẫn dắt, định hướng thông tin",
    "lawful": "Tuân thủ quy định của Đảng và pháp luật",
}

#: Why a file or folder could not be read or written, by ``errno`` code name.
OS_ERROR_LABELS = {
    "ENOENT": "không tìm thấy tệp hoặc thư mục",
    "EISDIR": "đây là một thư mục, không phải tệp",
    "ENOTDIR": "một phần của đường dẫn là tệp, không phải thư mục",
    "EACCES": "không có quyền đọc hoặc ghi",
    "EPERM": "không có quyền đọc hoặc ghi",
    "EEXIST": "đã có một tệp hoặc thư mục trùng tên",
    "EROFS": "ổ đĩa chỉ cho phép đọc",
    "ENOSPC": "ổ đĩa đã hết chỗ trống",
    "EDQUOT": "đã hết dung lượng được cấp trên ổ đĩa",
    "ENAMETOOLONG": "tên tệp hoặc đường dẫn quá dài",
    "ELOOP": "đường dẫn có liên kết vòng",
    "EINVAL": "tên tệp hoặc đường dẫn không hợp lệ",
    "EBUSY": "tệp đang bị chương trình khác dùng",
    "EIO": "lỗi đọc ghi ổ đĩa",
}

#: Vietnamese for the syntax errors of Python's TOML reader (tomllib), by the start of its message.
TOML_ERROR_LABELS = {
    "Invalid value": "giá trị không hợp lệ (chuỗi phải đặt trong dấu ngoặc kép, ví dụ name = \"Thành ủy\")",
    "Invalid statement": "dòng không hợp lệ; viết dạng khóa = giá trị hoặc [tên bảng]",
    "Expected '=' after a key": "thiếu dấu = sau tên khóa",
    "Expected newline or end of document": "thừa ký tự sau giá trị; mỗi dòng chỉ một khóa = giá trị",
    "Cannot declare": "một bảng được khai báo hai lần",
    "Cannot overwrite a value": "một khóa có hai lần",
    "Cannot mutate immutable namespace": "một khóa có hai lần",
    "Cannot redefine namespace": "một bảng được khai báo hai lần",
    "Expected ']' at the end of a table declaration": "thiếu dấu ] sau tên bảng",
    "Expected ']]' at the end of an array declaration": "thiếu dấu ]] sau tên bảng",
    "Invalid initial character for a key part": "tên khóa bắt đầu bằng ký tự không hợp lệ",
    "Unclosed array": "thiếu dấu ] đóng danh sách",
    "Unclosed inline table": "thiếu dấu } đóng bảng",
    "Unterminated string": "chuỗi chưa đóng dấu ngoặc kép",
    "Illegal character '\\n'": "chuỗi chưa đóng dấu ngoặc kép trước cuối dòng",
    "Illegal character": "có ký tự điều khiển không được phép",
    "Found invalid character": "có ký tự không được phép trong chuỗi",
    "Unescaped": "dấu \\ trong chuỗi phải viết thành \\\\",
    "Invalid hex value": "mã \\u hoặc \\U trong chuỗi không hợp lệ",
    "Invalid date or datetime": "ngày giờ không hợp lệ",
}

#: Vietnamese for the messages of Python's argparse (its gettext message ids), used by the command line.
ARGPARSE_MESSAGES = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "subcommands": "lệnh",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có %(value)r; chọn một trong: %(choices)s",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ (cần %(type)s)",
    "unrecognized arguments: %s": "không hiểu các tham số: %s",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s không rõ, có thể là: %(matches)s",
    "not allowed with argument %s": "không dùng được cùng với %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị %r",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "expected one argument": "thiếu giá trị sau tùy chọn",
    "expected at most one argument": "chỉ nhận nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r; các lệnh: %(choices)s",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
}
#: argparse's plural messages: message id (singular) → Vietnamese (no plural forms).
ARGPARSE_PLURALS = {
    "expected %s argument": "cần %s giá trị",
    "conflicting option string: %s": "tùy chọn bị trùng: %s",
}

# --------------------------------------------------------------------------- the screen (planner.ui)
# One dict per view; keys are what the code uses, values what the planner sees.

#: Shared by every view: status line, common buttons, the app's tabs.
UI_LABELS = {
    "app_title": "Lập kế hoạch nội dung",
    "tab_calendar": "Lịch",
    "tab_table": "Bảng kế hoạch",
    "tab_review": "Duyệt nội dung",
    "tab_plan": "Lập kế hoạch năm",
    "all": "(Tất cả)",
    "none": "(Không chọn)",
    "saved": "Đã lưu.",
    "unexpected": "Lỗi không mong đợi ({kind}: {message}). Thao tác chưa được lưu; hãy báo cho người quản trị.",
    "conflict_reload": "Tải lại",
    "refreshed": "Đã cập nhật {count} nội dung do người khác vừa lưu.",
}

#: The calendar (planner.ui.CalendarView).
CALENDAR_LABELS = {
    "prev_month": "‹ Tháng trước",
    "next_month": "Tháng sau ›",
    "prev_year": "« Năm trước",
    "next_year": "Năm sau »",
    "today": "Hôm nay",
    "month_view": "Tháng",
    "year_view": "Cả năm",
    "colour_by": "Tô màu theo",
    "colour_status": "Trạng thái",
    "colour_unit": "Đơn vị",
    "colour_format": "Hình thức",
    "unit": "Đơn vị",
    "platform": "Nền tảng",
    "format": "Hình thức",
    "status": "Trạng thái",
    "theme": "Chủ đề",
    "category": "Lĩnh vực",
    "items_count": "{count} nội dung",
    "more": "+{count} nội dung khác",
    "moved": "Đã chuyển “{title}” sang ngày {date}.",
    "move_refused": "Không chuyển được “{title}”: {reason}",
    "round_year": "Năm tròn",
    "no_day": "Cần chọn một ngày trên lịch (thả nội dung vào một ô ngày).",
}

#: The day and item panel (planner.ui.ItemForm).
FORM_LABELS: dict[str, str] = {
    "day_heading": "{weekday}, {date}",
    "lunar": "Âm lịch: {lunar}",
    "holiday": "Ngày nghỉ lễ: {name}",
    "occurrences": "Sự kiện trong ngày",
    "no_occurrences": "Không có sự kiện nào trong danh mục.",
    "estimated": "ngày ước tính",
    "day_items": "Nội dung trong ngày ({count})",
    "no_day_items": "Chưa có nội dung nào trong ngày này.",
    "new_heading": "Nội dung mới",
    "item_heading": "Nội dung số {item_id} · {status} · phiên bản {version}",
    "title": "Tiêu đề",
    "title_placeholder": "Nhập tiêu đề nội dung",
    "unit": "Đơn vị",
    "format": "Hình thức",
    "platform": "Nền tảng",
    "theme": "Chủ đề",
    "date": "Ngày đăng",
    "event": "Sự kiện",
    "notes": "Ghi chú",
    "reason": "Lý do",
    "reason_placeholder": "Lý do trả về bản nháp hoặc hủy nội dung",
    "link": "Đường dẫn",
    "link_placeholder": "Đường dẫn bài đã đăng: https://…",
    "checklist": "Danh mục kiểm tra trước khi duyệt",
    "none": "(Không chọn)",
    "new": "Thêm nội dung mới",
    "save": "Lưu",
    "duplicate": "Nhân bản",
    "cancel": "Hủy nội dung",
    "undo": "Hoàn tác",
    "reload": "Tải lại",
    "to_draft": "Chuyển thành bản nháp",
    "to_in_review": "Gửi duyệt",
    "to_approved": "Duyệt",
    "to_published": "Đánh dấu đã đăng",
    "return_to_draft": "Trả về bản nháp",
    "findings": "Kiểm tra tự động",
    "no_findings": "Không phát hiện lỗi.",
    "finding": "{severity} ({field}): {message}",
    "created": "Đã thêm nội dung số {item_id}.",
    "saved": "Đã lưu nội dung số {item_id} (phiên bản {version}).",
    "back_to_review": "Đã lưu nội dung số {item_id} (phiên bản {version}); nội dung đã duyệt bị sửa nên chuyển lại "
    "“Chờ duyệt”.",
    "nothing_changed": "Không có thay đổi nào để lưu.",
    "duplicated": "Đã nhân bản nội dung số {source} thành nội dung số {item_id}.",
    "status_changed": "Nội dung số {item_id} đã chuyển sang “{status}”.",
    "cancel_needs_reason": "Hủy nội dung cần ghi lý do vào ô “Lý do”. Chưa có gì thay đổi.",
    "unsaved_first": "Có thay đổi chưa lưu: bấm “Lưu” trước khi chuyển trạng thái. Chưa có gì thay đổi.",
    "field_marked": "{message} (xem ô “{label}”)",
    "undone": "Đã hoàn tác: {action} (thay đổi #{change_id}, {rows} dòng).",
    "undone_item_gone": "Đã hoàn tác: {action} (thay đổi #{change_id}); nội dung số {item_id} không còn nữa.",
    "reloaded": "Đã tải lại nội dung số {item_id} (phiên bản {version}).",
    "changed_elsewhere": "Nội dung số {item_id} vừa được {user} sửa; đã tải lại phiên bản {version}.",
    "changed_elsewhere_unsaved": "Nội dung số {item_id} vừa được {user} sửa (phiên bản {version}) trong lúc bạn "
    "đang sửa. Bấm “Tải lại” để xem bản mới — thay đổi chưa lưu của bạn sẽ mất.",
    "item_gone": "Nội dung số {item_id} không còn trong không gian làm việc.",
    "no_item": "Chưa chọn nội dung nào.",
    "unknown_default": "Không có trường '{name}' cho nội dung mới; dùng: {allowed}.",
    "action_add_item": "thêm nội dung",
    "action_add_items": "thêm nhiều nội dung",
    "action_duplicate_item": "nhân bản nội dung",
    "action_update_item": "sửa nội dung",
    "action_apply": "sửa trong bảng",
    "action_set_status": "chuyển trạng thái",
    "action_bulk_update": "sửa hàng loạt",
    "action_generate_plan": "lập kế hoạch năm",
    "action_copy_plan": "chép kế hoạch",
    "action_add_monthly": "thêm nội dung hằng tháng",
    "action_import_events": "nạp danh mục sự kiện",
    "action_import_units": "nạp danh sách đơn vị",
    "action_import_templates": "nạp mẫu chiến dịch",
    "action_import_recurring": "nạp nội dung định kỳ",
    "action_import_names": "nạp danh sách tên chính thức",
}

#: The plan table (planner.ui.PlanTable).
TABLE_LABELS: dict[str, str] = {}

#: The review queue (planner.ui.ReviewQueue).
REVIEW_LABELS: dict[str, str] = {
    "heading": "Nội dung chờ duyệt ({count})",
    "empty": "Không có nội dung nào đang chờ duyệt.",
    "queue": "Danh sách",
    "queue_entry": "{date} · {unit} · {title}",
    "errors_mark": " · {count} lỗi",
    "unit": "Đơn vị",
    "date": "Ngày đăng",
    "format": "Hình thức",
    "platform": "Nền tảng",
    "theme": "Chủ đề",
    "event": "Sự kiện",
    "notes": "Ghi chú",
    "version": "Nội dung số {item_id} · phiên bản {version} · người sửa gần nhất: {user}",
    "findings": "Kiểm tra tự động (chạy lúc mở)",
    "no_findings": "Không phát hiện lỗi.",
    "finding": "{severity} ({field}): {message}",
    "field_title": "tiêu đề",
    "field_notes": "ghi chú",
    "checklist": "Danh mục kiểm tra (đánh dấu từng mục trước khi duyệt)",
    "check_comment": "Nhận xét (không bắt buộc)",
    "comment": "Nhận xét chung",
    "comment_placeholder": "Nhận xét khi duyệt (không bắt buộc)",
    "reason": "Lý do",
    "reason_placeholder": "Lý do trả về để người viết sửa (bắt buộc khi trả về)",
    "approve": "Duyệt",
    "return": "Trả về bản nháp",
    "refresh": "Làm mới",
    "reload": "Tải lại",
    "approved": "Đã duyệt nội dung số {item_id}: “{title}”.",
    "returned": "Đã trả nội dung số {item_id} về bản nháp: “{title}”.",
    "no_selection": "Chưa chọn nội dung nào trong danh sách.",
    "left_queue": "Nội dung số {item_id} không còn chờ duyệt (người khác vừa xử lý).",
    "changed_elsewhere": "Nội dung số {item_id} vừa được {user} sửa (phiên bản {version}); đã mở lại, hãy kiểm tra "
    "lại từ đầu.",
    "refreshed": "Danh sách đã cập nhật: {count} nội dung chờ duyệt.",
}

#: The plan generation panel (planner.ui.PlanPanel).
PLAN_LABELS: dict[str, str] = {}
