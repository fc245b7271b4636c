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
