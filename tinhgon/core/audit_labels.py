"""Vietnamese names of the audit trail's actions, for the histories shown on object pages and the
trail itself (the code stays in the database and in exports; an action without a name here is
shown by its code)."""

ACTION_LABELS = {
    "create": "Tạo mới",
    "update": "Sửa",
    "submit": "Gửi phê duyệt",
    "approve": "Phê duyệt",
    "return": "Trả lại",
    "reopen": "Mở lại",
    "decide": "Quyết định",
    "accept": "Chấp nhận",
    "decline": "Không chấp nhận",
    "pay": "Chi trả",
    "correct": "Đính chính",
    "take_over": "Tiếp nhận dữ liệu cũ",
    "approval_sign": "Ký số phê duyệt",
    "document_sign": "Ký số văn bản",
    "personal_data_export": "Xuất dữ liệu cá nhân",
    "audit_export": "Xuất nhật ký",
    "project_save": "Lưu đề án",
    "project_submit": "Gửi thẩm định đề án",
    "project_appraise": "Thẩm định đề án",
    "project_approve": "Phê duyệt đề án",
    "project_return": "Trả lại đề án",
    "project_reopen": "Mở lại đề án",
    "project_apply": "Thực hiện đề án",
    "project_apply_failed": "Thực hiện đề án không thành công",
    "report_round_open": "Mở đợt báo cáo",
    "report_submission_open": "Tạo báo cáo của cơ quan",
    "report_submission_update": "Sửa báo cáo của cơ quan",
    "report_consolidate": "Tổng hợp báo cáo",
    "report_sign_off": "Lãnh đạo ký duyệt báo cáo",
    "report_send": "Gửi báo cáo",
}


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)
