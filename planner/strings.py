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
    "tab_exchange": "Excel và báo cáo",
    "all": "(Tất cả)",
    "none": "(Không chọn)",
    "saved": "Đã lưu.",
    "unexpected": "Lỗi không mong đợi ({kind}: {message}). Thao tác chưa được lưu; hãy báo cho người quản trị.",
    "conflict_reload": "Tải lại",
    "notify_failed": "{done} Tuy vậy, một phần màn hình chưa cập nhật được ({kind}: {error}); hãy tải lại trang.",
    "refreshed": "Đã cập nhật {count} nội dung vừa được lưu (ở màn hình khác hoặc bởi người khác).",
}

#: The calendar (planner.ui.CalendarView).
CALENDAR_VIEW_LABELS = {
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
    "lunar": "Âm lịch",
    "bad_message": "Trang lịch gửi một yêu cầu không hiểu được ({message}); không có gì thay đổi. Hãy tải lại trang.",
    "not_shown": "Nội dung số {item_id} không có trên lịch đang xem; mở tháng có nội dung đó rồi kéo lại.",
    "outside": "Ngoài khoảng năm được hỗ trợ",
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
    "unsaved_first": "Có thay đổi chưa lưu: bấm “Lưu” trước. Chưa có gì thay đổi.",
    "what_item": "nội dung số {item_id}",
    "what_new": "nội dung mới đang nhập",
    "leave_item": "Có thay đổi chưa lưu ở {what} ({fields}). Mở nội dung số {item_id} sẽ bỏ các thay đổi đó: bấm vào "
    "nội dung số {item_id} lần nữa để mở, hoặc bấm “Lưu” trước.",
    "leave_day": "Có thay đổi chưa lưu ở {what} ({fields}). Chuyển sang ngày {date} sẽ bỏ các thay đổi đó: bấm vào "
    "ngày {date} lần nữa để chuyển, hoặc bấm “Lưu” trước.",
    "leave_no_day": "Có thay đổi chưa lưu ở {what} ({fields}). Bỏ chọn ngày sẽ bỏ các thay đổi đó: làm lại lần nữa "
    "để tiếp tục, hoặc bấm “Lưu” trước.",
    "leave_new": "Có thay đổi chưa lưu ở {what} ({fields}). Bắt đầu nội dung mới sẽ bỏ các thay đổi đó: bấm "
    "“Thêm nội dung mới” lần nữa để tiếp tục, hoặc bấm “Lưu” trước.",
    "discarded": "Đã bỏ thay đổi chưa lưu ở {what} ({fields}).",
    "undo_unsaved": "Có thay đổi chưa lưu ở {what} ({fields}). Hoàn tác “{action}” sẽ tải lại nội dung này và bỏ các "
    "thay đổi đó: bấm “Hoàn tác” lần nữa để tiếp tục.",
    "undo_confirm_unsaved": "Hoàn tác sẽ bỏ cả thay đổi “{action}” ({rows} dòng) và thay đổi chưa lưu ở {what} "
    "({fields}). Bấm “Hoàn tác” lần nữa để xác nhận.",
    "missing_fields": "Chưa điền {fields} — bắt buộc khi thêm nội dung. Chưa có gì được lưu: điền các ô đã đánh dấu "
    "rồi bấm “Lưu”.",
    "news_after_error": "{news} Lỗi trước đó: {error}",
    "unknown_event": "Không có sự kiện '{value}' trong danh mục sự kiện.",
    "field_marked": "{message} (xem ô “{label}”)",
    "nothing_to_undo": "Bạn chưa có thay đổi nào để hoàn tác.",
    "undo_confirm": "Hoàn tác sẽ bỏ cả thay đổi “{action}” ({rows} dòng). Bấm “Hoàn tác” lần nữa để xác nhận.",
    "undone": "Đã hoàn tác: {action} (thay đổi #{change_id}, {rows} dòng).",
    "undone_item_gone": "Đã hoàn tác: {action} (thay đổi #{change_id}); nội dung số {item_id} không còn nữa.",
    "reloaded": "Đã tải lại nội dung số {item_id} (phiên bản {version}).",
    "changed_elsewhere": "Nội dung số {item_id} vừa được {user} sửa; đã tải lại phiên bản {version}.",
    "changed_elsewhere_unsaved": "Nội dung số {item_id} vừa được {user} sửa (phiên bản {version}) trong lúc bạn "
    "đang sửa. Bấm “Tải lại” để xem bản mới — thay đổi chưa lưu của bạn sẽ mất.",
    "item_gone": "Nội dung số {item_id} không còn trong không gian làm việc.",
    "no_item": "Chưa chọn nội dung nào.",
    "unknown_default": "Không có trường '{name}' cho nội dung mới; dùng: {allowed}.",
    "unknown_choice": "Ô “{label}” không có lựa chọn '{value}'; chọn một trong: {allowed}.",
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
TABLE_LABELS = {
    "col_id": "Số",
    "col_date": "Ngày",
    "col_unit": "Đơn vị",
    "col_title": "Tiêu đề",
    "col_format": "Hình thức",
    "col_platform": "Nền tảng",
    "col_theme": "Chủ đề",
    "col_status": "Trạng thái",
    "col_findings": "Số vấn đề",
    "unit": "Đơn vị",
    "status": "Trạng thái",
    "format": "Hình thức",
    "platform": "Nền tảng",
    "search": "Tìm tiêu đề",
    "search_placeholder": "gõ một phần tiêu đề",
    "reload": "Tải lại",
    "shown": "Đang hiện {count} nội dung.",
    "selection": "Với các dòng đã chọn:",
    "assign_unit": "Giao cho",
    "assign": "Giao đơn vị",
    "new_status": "Chuyển sang",
    "set_status": "Đổi trạng thái",
    "reason": "Lý do",
    "reason_placeholder": "bắt buộc khi trả về bản nháp",
    "shift_days": "Số ngày",
    "shift": "Dời ngày",
    "choose": "(Chọn)",
    "row": "nội dung số {item_id} (“{title}”)",
    "cell_saved": "Đã lưu {column} của {row}.",
    "cell_unchanged": "{row}: giá trị không đổi, không có gì để lưu.",
    "bad_choice": "Không lưu được {row}: “{value}” không phải {column} hợp lệ. Chọn một trong: {allowed}. "
    "Ô đã được trả lại giá trị cũ.",
    "bad_value": "“{value}” không phải {column} hợp lệ. Chọn một trong: {allowed}.",
    "status_cell": "Không sửa trạng thái của {row} ngay trong bảng: chọn dòng rồi bấm “Đổi trạng thái”, hoặc dùng "
    "màn hình Duyệt nội dung. Ô đã được trả lại giá trị cũ.",
    "readonly_cell": "Cột “{column}” chỉ để xem, không sửa được ({row}). Ô đã được trả lại giá trị cũ.",
    "cell_refused": "Không lưu được {row}: {reason} Ô đã được trả lại giá trị cũ.",
    "conflict": "{reason} Các dòng liên quan đã được tải lại với giá trị hiện tại.",
    "gone": "Nội dung số {ids} không còn trong không gian làm việc; đã bỏ khỏi bảng.",
    "no_selection": "Chưa chọn dòng nào: chọn các dòng trong bảng trước.",
    "not_shown": "Nội dung số {ids} không có trong bảng đang hiện (xem lại bộ lọc), không chọn được.",
    "selected": "Đã chọn {count} nội dung.",
    "choose_unit": "Chọn đơn vị để giao.",
    "choose_status": "Chọn trạng thái mới.",
    "assigned": "Đã giao {count} nội dung cho {unit}.",
    "bulk_refused": "Không lưu được: {reason} Chưa có nội dung nào thay đổi.",
    "shift_zero": "Số ngày dời phải là một số nguyên khác 0 (âm: dời về trước).",
    "no_date": "Nội dung số {ids} chưa có ngày nên không dời được; bỏ chúng khỏi lựa chọn rồi thử lại. "
    "Chưa có nội dung nào thay đổi.",
    "shifted": "Đã dời {count} nội dung {days} ngày.",
    "status_done": "Đã chuyển {moved}/{total} nội dung sang “{status}”.",
    "status_refused": "{count} nội dung không chuyển được: {details}.",
    "refused_one": "số {item_id}: {reason}",
    "more": "… và {count} nội dung khác",
    "shift_too_far": "Không dời được {days} ngày: ngày mới phải nằm trong các năm {lo}–{hi}. "
    "Chưa có nội dung nào thay đổi.",
    "confirm_shift": "Đang chọn {count} dòng (ngày từ {first} đến {last}): sẽ dời cả {count} nội dung {days} ngày. "
    "Bấm “Dời ngày” lần nữa để làm; muốn ít hơn thì chọn lại các dòng. Chưa có gì thay đổi.",
    "confirm_assign": "Đang chọn {count} dòng: sẽ giao cả {count} nội dung cho {unit}. Bấm “Giao đơn vị” lần nữa "
    "để làm; muốn ít hơn thì chọn lại các dòng. Chưa có gì thay đổi.",
    "confirm_status": "Đang chọn {count} dòng: sẽ chuyển cả {count} nội dung sang “{status}”. Bấm “Đổi trạng thái” "
    "lần nữa để làm; muốn ít hơn thì chọn lại các dòng. Chưa có gì thay đổi.",
}

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
PLAN_LABELS = {
    "year": "Năm kế hoạch",
    "templates": "Mẫu chiến dịch",
    "recurring": "Tin định kỳ",
    "units": "Đơn vị",
    "hint": "Giữ Ctrl (⌘ trên máy Mac) để chọn nhiều mục.",
    "preview": "Xem trước",
    "generate": "Lập kế hoạch",
    "no_templates": "Chọn ít nhất một mẫu chiến dịch.",
    "no_units": "Chọn ít nhất một đơn vị.",
    "preview_heading": "Xem trước năm {year} (chưa ghi gì): số nội dung sẽ tạo theo đơn vị và tháng",
    "preview_done": "Xem trước: sẽ tạo {count} nội dung cho năm {year}. Chưa có gì được ghi.",
    "preview_nothing": "Xem trước: không có nội dung mới nào cho năm {year} — kế hoạch đã đủ theo các mẫu đã chọn.",
    "created_heading": "Vừa tạo cho năm {year}: số nội dung theo đơn vị và tháng",
    "created": "Đã tạo {count} nội dung cho năm {year}.",
    "nothing_created": "Không tạo nội dung mới nào: kế hoạch năm {year} đã đủ theo các mẫu đã chọn.",
    "messages_heading": "Cần xem lại",
    "no_messages": "Không có gì cần xem lại.",
    "check_heading": "Kiểm tra kế hoạch năm {year}: {count} vấn đề",
    "check_clean": "Kiểm tra kế hoạch năm {year}: không có vấn đề nào.",
    "stale_preview": "Đã có thay đổi sau lần xem trước: bấm “Xem trước” lại để xem số đúng.",
}

#: Plans out, reports in (planner.ui.ExchangePanel).
EXCHANGE_LABELS = {
    "out_heading": "Xuất kế hoạch gửi đơn vị",
    "in_heading": "Nhập báo cáo đơn vị gửi lại",
    "year": "Năm",
    "months": "Tháng",
    "units": "Đơn vị",
    "hint": "Không chọn tháng: cả năm; không chọn đơn vị: mọi đơn vị. Giữ Ctrl (⌘ trên máy Mac) để chọn nhiều mục.",
    "export": "Xuất kế hoạch Excel",
    "export_units": "Mỗi đơn vị một tệp",
    "export_ics": "Lịch cho điện thoại (.ics)",
    "choose_files": "Chọn tệp Excel",
    "import": "Nhập báo cáo",
    "saved_in": "đã lưu trong {folder}",
    "written": "Đã ghi {count} tệp; bấm tên tệp để tải về.",
    "no_files": "Chưa chọn tệp nào: bấm “Chọn tệp Excel” rồi chọn các tệp đơn vị gửi lại.",
    "imported": "Đã nhập {count} tệp báo cáo.",
}

#: Every other text a person reads in an exported workbook (planner.excel).
EXCEL_LABELS = {
    "title": "KẾ HOẠCH TUYÊN TRUYỀN TRÊN CÁC NỀN TẢNG SỐ, MẠNG XÃ HỘI",
    "year": "NĂM {year}",
    "month": "THÁNG {months}",
    "date_line": "{place}, ngày {day} tháng {month} năm {year}",
    "unit_subtitle": "Đơn vị: {name}",
    "calendar_subtitle": "Lịch đăng tải theo ngày của các đơn vị",
    "summary_subtitle": "Số nội dung theo đơn vị, tháng và hình thức (không tính nội dung đã hủy)",
    "targets_subtitle": "Chỉ tiêu và số nội dung đã có trong kế hoạch",
    "summary_unit": "Đơn vị",
    "summary_format": "Hình thức",
    "summary_month": "Tháng {month}",
    "summary_total": "Cộng",
    "summary_target": "Chỉ tiêu",
    "summary_unit_total": "Cộng {unit}",
    "summary_format_total": "Cả kế hoạch",
    "summary_grand_total": "Tổng cộng",
    "summary_no_targets": "Chưa có chỉ tiêu nào cho kỳ này (xem trang Chỉ tiêu).",
    "target_unit": "Đơn vị",
    "target_scope": "Giao cho",
    "target_end": "Đến ngày",
    "target_period": "Kỳ",
    "target_start": "Từ ngày",
    "target_format": "Hình thức",
    "target_platform": "Nền tảng",
    "target_count": "Chỉ tiêu",
    "target_planned": "Đã có trong kế hoạch",
    "target_missing": "Còn thiếu",
    "target_all_units": "Tất cả đơn vị",
    "target_all_formats": "Mọi hình thức",
    "target_all_platforms": "Mọi nền tảng",
    "targets_none": "Chưa có chỉ tiêu nào được giao cho {period}.",
    "period_month": "Tháng",
    "period_quarter": "Quý",
    "period_year": "Năm",
    "status_error_title": "Trạng thái",
    "status_error": "Chọn một trạng thái trong danh sách.",
    "number_title": "Số nguyên không âm",
    "number_error": "Điền một số nguyên từ 0 trở lên (để trống nếu không có số liệu).",
    "date_title": "Ngày đăng thực tế",
    "date_error": "Điền ngày theo dạng ngày/tháng/năm, ví dụ 03/02/2025.",
    "footer": "&L&8{sheet}&R&8Trang &P/&N",
    "instructions_title": "HƯỚNG DẪN ĐIỀN VÀ GỬI LẠI BÁO CÁO KẾT QUẢ ĐĂNG TẢI",
}

#: How a unit fills each report column (the workbook's instructions sheet), by ``planner.columns.REPORT_COLUMNS`` key.
EXCEL_REPORT_HELP = {
    "url": "Địa chỉ đầy đủ của bài đăng, bắt đầu bằng https:// (ví dụ https://www.facebook.com/…).",
    "published_at": "Ngày bài được đăng lên mạng, dạng ngày/tháng/năm (ví dụ 03/02/2025).",
    "views": "Số lượt xem lúc báo cáo, chỉ ghi số (ví dụ 1234); để trống nếu nền tảng không hiện số này.",
    "reactions": "Số lượt thích và các cảm xúc khác lúc báo cáo.",
    "shares": "Số lượt chia sẻ lúc báo cáo.",
    "comments": "Số bình luận lúc báo cáo.",
    "duration_s": "Với video: thời lượng tính bằng giây (ví dụ 90 cho video 1 phút 30 giây); bài khác để trống.",
    "report_note": "Điều cần báo thêm: đăng lại, đổi nền tảng, lý do chưa đăng …",
}

#: What a person reads in the import's result (messages and the result table).
IMPORT_LABELS = {
    "file": "Tệp",
    "sheet": "Sheet",
    "row": "Dòng",
    "item_id": "Số",
    "unit": "Đơn vị",
    "title": "Nội dung",
    "url": "Đường dẫn bài đăng",
    "views": "Lượt xem",
    "result": "Kết quả",
    "status": "Trạng thái",
    "added": "Thêm mới",
    "updated": "Cập nhật",
    "unchanged": "Không đổi (đã nhập trước đó)",
    "published": "Đã chuyển sang Đã đăng",
    "not_approved": "Chưa duyệt ({status}): đã lưu số liệu, chưa chuyển Đã đăng",
}

# Issue 9 and 11: each dict is filled by the module that shows its text.
#: Targets, completion status and period names (planner.tracking).
TRACKING_LABELS: dict[str, str] = {}
#: Importing platform exports (planner.platforms).
PLATFORM_IMPORT_LABELS: dict[str, str] = {}
#: The managers' dashboard (planner.ui.dashboard, planner.plots.dashboard).
DASHBOARD_LABELS: dict[str, str] = {}
#: The targets editor (planner.ui.targets).
TARGETS_EDITOR_LABELS: dict[str, str] = {}
#: The quota report workbook (planner.excel.quota).
QUOTA_LABELS: dict[str, str] = {}
#: The effectiveness review (planner.effectiveness, planner.plots.effect).
EFFECT_LABELS: dict[str, str] = {
    # what is compared
    "dim_format": "hình thức",
    "dim_platform": "nền tảng",
    "dim_theme": "chủ đề",
    "dim_weekday": "ngày đăng trong tuần",
    "dim_hour": "giờ đăng",
    "dim_duration": "độ dài video",
    "measure_views": "lượt xem",
    "measure_shares": "lượt chia sẻ",
    "measure_reach": "lượt tiếp cận (xem + chia sẻ)",
    "measure_views_unit": "lượt xem",
    "measure_shares_unit": "lượt chia sẻ",
    "measure_reach_unit": "lượt tiếp cận",
    "unplanned": "Ngoài kế hoạch",
    "untitled": "(không có tiêu đề)",
    "hour_label": "{hour} giờ",
    "empty": "(để trống)",
    # figure titles and axes
    "title_format": "Số {measure} trung vị mỗi bài theo hình thức",
    "title_platform": "Số {measure} trung vị mỗi bài theo nền tảng",
    "title_theme": "Số {measure} trung vị mỗi bài theo chủ đề",
    "title_weekday": "Số {measure} trung vị mỗi bài theo ngày đăng",
    "title_hour": "Số {measure} trung vị mỗi bài theo giờ đăng",
    "title_duration": "Lượt xem theo độ dài video",
    "axis_median": "Trung vị {measure} mỗi bài",
    "axis_views": "Lượt xem mỗi video",
    "axis_duration": "Độ dài video",
    "axis_share": "Tỷ lệ người trả lời",
    "axis_reach": "Lượt tiếp cận (xem + chia sẻ)",
    "posts_note": "{posts} bài",
    "not_compared": "ít hơn {min_posts} bài: không so sánh",
    "best_title": "Nội dung tiếp cận nhiều người nhất",
    "worst_title": "Nội dung tiếp cận ít người nhất",
    "no_data": "Chưa có số liệu",
    # sentences (computed: the numbers come from the table under each figure)
    "sentence_compare": (
        "Theo {dimension}, {best} có số {unit} trung vị cao nhất: {best_median} {unit} mỗi bài ({best_posts} bài), "
        "{times} {worst} — thấp nhất với {worst_median} {unit} mỗi bài ({worst_posts} bài)."
    ),
    "times": "gấp {ratio} lần",
    "times_zero": "trong khi",
    "sentence_one": (
        "Theo {dimension}, chỉ {label} có đủ từ {min_posts} bài trở lên để so sánh: {median} {unit} trung vị mỗi bài "
        "({posts} bài)."
    ),
    "sentence_none": "Theo {dimension}, chưa nhóm nào có đủ {min_posts} bài có số liệu để so sánh.",
    "bin_upto": "≤ {high} giây",
    "bin_between": "{low}–{high} giây",
    "bin_over": "> {low} giây",
    "duration_sentence": (
        "Video từ {split} giây trở xuống có lượt xem trung vị {short_median} ({short_n} video), {how} video dài hơn "
        "{split} giây ({long_median} lượt, {long_n} video)."
    ),
    "duration_more": "gấp {ratio} lần",
    "duration_less": "chỉ bằng 1/{ratio} so với",
    "duration_equal": "bằng",
    "duration_none": "Chưa đủ video có độ dài và lượt xem để so sánh video đến {split} giây với video dài hơn.",
    "ranking_item": "“{title}” ({unit}, {format} trên {platform}: {reach} lượt tiếp cận)",
    "ranking_sentence": "Trong {items} nội dung có số liệu, tiếp cận nhiều người nhất là {best}; ít nhất là {worst}.",
    "ranking_ratio": "Nội dung đứng đầu tiếp cận gấp {ratio} lần nội dung đứng cuối.",
    "ranking_none": "Chưa có nội dung nào có số lượt xem hoặc chia sẻ.",
    "summary": (
        "{posts} bài đăng của {units} đơn vị ({planned} bài theo kế hoạch); {known} bài có số lượt xem: "
        "tổng {views} lượt xem, {shares} lượt chia sẻ."
    ),
    # the survey
    "survey_age_group": "nhóm tuổi",
    "survey_area": "nơi sinh sống",
    "survey_platforms": "nền tảng thường dùng",
    "survey_formats": "hình thức ưa thích",
    "survey_topics": "chủ đề quan tâm",
    "survey_title_age_group": "Người trả lời theo nhóm tuổi",
    "survey_title_area": "Người trả lời theo nơi sinh sống",
    "survey_title_platforms": "Nền tảng người dân thường dùng để xem tin tức",
    "survey_title_formats": "Hình thức thông tin người dân ưa thích",
    "survey_title_topics": "Chủ đề người dân quan tâm",
    "survey_other": "Khác",
    "survey_share_sentence": (
        "Về {question}, nhiều người chọn nhất là {label}: {share} người trả lời ({respondents}/{total}){each}."
    ),
    "each_choice": " chọn mỗi lựa chọn",
    "and": " và ",
    "survey_share_low": "Ít người chọn nhất là “{label}” ({share}).",
    "survey_none": "Chưa có câu trả lời nào về {question}.",
    "crosstab_title": "{column} theo {row} (tỷ lệ người trả lời trong mỗi nhóm)",
    "crosstab_part": "nhóm “{group}” chọn “{answer}” nhiều nhất ({share})",
    "crosstab_sentence": "Về {column}: {parts}.",
    "survey_overview": "{total} người trả lời khảo sát, từ {first} đến {last}.",
    "survey_unreadable": "không đọc được tệp ({error}).",
    "survey_not_utf8": "tệp không phải văn bản UTF-8 (byte thứ {position}); xuất lại từ biểu mẫu dạng CSV UTF-8.",
    "survey_empty": "tệp không có dòng nào; cần dòng tiêu đề là các câu hỏi của biểu mẫu.",
    "survey_missing_column": "thiếu cột câu hỏi này trong dòng tiêu đề.",
    "survey_twice": "cột câu hỏi này xuất hiện hai lần.",
    "survey_bad_time": (
        "không đọc được thời gian '{value}'; cần dạng ngày/tháng/năm giờ:phút:giây, ví dụ 4/3/2025 9:12:33."
    ),
    "survey_bad_answer": "câu trả lời '{value}' không có trong biểu mẫu; các lựa chọn: {allowed}.",
    # wrong arguments
    "bad_day": "'{name}' phải là một ngày (ví dụ 2025-01-31), nhận được {value!r}.",
    "bad_range": "Ngày bắt đầu {start} sau ngày kết thúc {end}.",
    "bad_dimension": "Không so sánh được theo '{value}'; chọn một trong: {allowed}.",
    "bad_measure": "Không có số đo '{value}'; chọn một trong: {allowed}.",
    "bad_split": "Mốc độ dài video phải là số giây nguyên dương, nhận được {value!r}.",
    "bad_n": "Số nội dung cần xem phải là số nguyên dương, nhận được {value!r}.",
    "bad_question": "Không có câu hỏi '{value}'; chọn một trong: {allowed}.",
    "bad_crosstab": "Chọn hai câu hỏi khác nhau để lập bảng chéo.",
    # demo data (planner.demo)
    "demo_source": "demo {year} (dữ liệu mẫu, seed {seed})",
    "demo_note": "Dữ liệu mẫu (demo), không phải số liệu thật.",
    "demo_done": (
        "Dữ liệu mẫu năm {year} (seed {seed}): {published} nội dung đã đăng theo kế hoạch, {reports} báo cáo đơn vị, "
        "{posts} bài đăng từ các nền tảng ({platform_new} mới)."
    ),
    "demo_unchanged": "Dữ liệu mẫu năm {year} (seed {seed}) đã có; không thay đổi gì.",
    "demo_bad_year": "Năm của dữ liệu mẫu phải từ 2000 đến 2100, nhận được {value!r}.",
    "demo_bad_seed": "Seed của dữ liệu mẫu phải là số nguyên không âm, nhận được {value!r}.",
}
#: Reading the year's guidance (planner.guidance).
GUIDANCE_LABELS: dict[str, str] = {
    # reading lines
    "no_such_day": "ngày {date} không tồn tại",
    "no_such_lunar_day": "ngày âm lịch {date} không tồn tại (ngày 1–30, tháng 1–12)",
    "no_name": "không thấy tên sự kiện trước khoảng ngày",
    "range_days_differ": "hai đầu khoảng ngày không cùng ngày tháng ({start} và {end}); ngày kỷ niệm cần cùng ngày",
    "base_not_before": "năm gốc {base} không trước năm {year}",
    "number_differs": "ghi {stated} năm nhưng {year} − {base} = {number}",
    "number_without_base": "ghi {stated} năm nhưng không có năm gốc để đối chiếu",
    "end_year_differs": "khoảng ngày kết thúc năm {end}, không phải năm {year}",
    "not_an_anniversary": "dòng không nói đến ngày kỷ niệm nào",
    "month_only": "chỉ có tháng, không có ngày (ví dụ tháng 2/1934); thêm sự kiện này bằng tay",
    "one_date_only": "chỉ có một ngày; cần khoảng ngày, ví dụ (19/12/1946 – 19/12/2026)",
    "no_range": "không thấy khoảng ngày, ví dụ (19/12/1946 – 19/12/2026) hoặc (mùng 10 tháng 3 âm lịch)",
    "not_text": "Văn bản hướng dẫn phải là chữ (str) hoặc đường dẫn tệp, nhận được {kind}.",
    "too_long": "Văn bản hướng dẫn quá dài (hơn {limit} ký tự); chỉ dán phần danh sách các ngày kỷ niệm.",
    "pasted": "văn bản hướng dẫn dán vào",
    "no_file": "Không có tệp {file}.",
    "is_folder": "{file} là một thư mục; cần một tệp .docx, .pdf hoặc .txt.",
    "not_utf8": "Tệp {file} không phải chữ UTF-8; hãy lưu lại dưới dạng UTF-8 (hoặc dùng tệp .docx).",
    "unreadable_file": "Không đọc được tệp {file}: {why}.",
    "unknown_kind": "Không đọc được tệp {file}: chỉ nhận tệp .docx, .pdf hoặc .txt (tệp này là '{suffix}').",
    "bad_docx": "Tệp {file} không phải tệp Word .docx đọc được (tệp .doc cũ: mở bằng Word rồi lưu lại dạng .docx).",
    "bad_pdf": "Tệp {file} không phải tệp PDF đọc được.",
    "pdf_locked": "Tệp PDF {file} có mật khẩu; hãy mở khóa rồi thử lại.",
    "pdf_no_text": "Tệp PDF {file} không có chữ (có thể là bản chụp); hãy dán nội dung vào ô văn bản.",
    "not_a_result": "Cần kết quả của planner.read_guidance (một bảng các dòng hướng dẫn).",
    "conflict_note": "danh mục ghi: {catalogue}",
    "lunar_mark": "âm lịch",
    "summary": "Kết quả: {parts}.",
    # the table
    "col_row": "Dòng kết quả",
    "col_line": "Dòng văn bản",
    "col_name": "Sự kiện",
    "col_date": "Ngày (năm gốc → ngày trong năm)",
    "col_stated": "Số năm ghi",
    "col_number": "Số năm đúng",
    "col_verdict": "Kết quả",
    "col_catalogue": "Trong danh mục",
    "col_note": "Ghi chú",
    "verdict_matched": "Đã có trong danh mục",
    "verdict_new": "Mới",
    "verdict_conflict": "Mâu thuẫn với danh mục",
    "verdict_number": "Số năm không khớp",
    "verdict_unreadable": "Không đọc được",
    "verdict_other": "Không phải dòng kỷ niệm",
    # the import
    "import_note": "thêm từ hướng dẫn năm {year}: {source}",
    "event_source": "{source}, dòng {line}: {text}",
    "accept_kind": "accept phải là True (mọi sự kiện mới) hoặc danh sách số dòng kết quả, nhận được {value!r}.",
    "accept_unknown": "Không có dòng kết quả số {rows} trong kết quả đọc hướng dẫn.",
    "refused": "Chưa thêm gì: {rows}.",
    "refused_row": "dòng {row} ({name}) {why}",
    "why_matched": "đã có trong danh mục: {catalogue}",
    "why_conflict": "mâu thuẫn với danh mục ({catalogue}); sửa danh mục bằng tay nếu hướng dẫn đúng",
    "why_number": "có số năm không khớp ({note})",
    "why_unreadable": "không đọc được ({reason})",
    "why_other": "không phải dòng kỷ niệm",
    "bad_category": "Nhóm sự kiện '{value}' (dòng kết quả {row}) không hợp lệ; chỉ nhận: {allowed}.",
    "bad_scope": "Phạm vi '{value}' (dòng kết quả {row}) không hợp lệ; chỉ nhận: {allowed}.",
    "base_future": "Năm gốc {base} của '{name}' ở tương lai; danh mục chỉ nhận năm gốc đến {this_year}.",
    "source_kind": "Nguồn (source) phải là chữ, nhận được {value!r}.",
    "added": "Đã thêm {count} sự kiện mới vào danh mục (thay đổi #{change_id}; hoàn tác được).",
    "nothing_new": "Không có sự kiện mới nào để thêm.",
    # the panel
    "panel_title": "Dán danh sách ngày kỷ niệm trong hướng dẫn của năm",
    "text_placeholder": "Ví dụ: Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026)",
    "year": "Năm",
    "source": "Tên văn bản",
    "source_placeholder": "Ví dụ: Hướng dẫn 126-HD/BTGTW",
    "read": "Đọc danh sách",
    "add": "Thêm các sự kiện mới",
    "reload": "Đọc lại theo danh mục hiện tại",
    "empty_text": "Chưa có gì để đọc: dán danh sách các ngày kỷ niệm vào ô văn bản.",
    "read_first": "Bấm “Đọc danh sách” trước khi thêm.",
    "read_done": "Đã đọc {rows} dòng: {summary}",
    "stale": "Danh mục vừa thay đổi; đã đọc lại danh sách theo danh mục hiện tại.",
}
