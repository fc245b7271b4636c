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
EFFECT_LABELS: dict[str, str] = {}
#: Reading the year's guidance (planner.guidance).
GUIDANCE_LABELS: dict[str, str] = {}
