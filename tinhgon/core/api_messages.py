"""Vietnamese for the stock messages of Django REST framework.

DRF's own Vietnamese catalogue translates only a handful of its messages, so a missing field came back
as "This field is required.". The error handler passes every leaf message through :func:`vietnamese`:
a message of ours (Vietnamese, so never plain ASCII) is left alone; a stock English message is put in
Vietnamese by its error code, keeping the value it names (a length, a choice, a method…).
"""

from __future__ import annotations

import re

from rest_framework.exceptions import ErrorDetail

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_QUOTED = re.compile(r"\"([^\"]*)\"")

# Exact English texts whose code ("invalid") is too broad to say what was wrong.
_INVALID = {
    "A valid integer is required.": "Cần một số nguyên hợp lệ.",
    "A valid number is required.": "Cần một số hợp lệ.",
    "Must be a valid boolean.": "Cần giá trị đúng/sai (true/false).",
    "Not a valid string.": "Cần một chuỗi ký tự.",
    "Enter a valid email address.": "Địa chỉ thư điện tử không hợp lệ.",
    "Enter a valid URL.": "Địa chỉ URL không hợp lệ.",
    "Must be a valid UUID.": "Mã UUID không hợp lệ.",
    "Value must be valid JSON.": "Giá trị phải là JSON hợp lệ.",
}
_INVALID_PREFIX = {
    "Date has wrong format": "Ngày sai định dạng; dùng dạng YYYY-MM-DD (ví dụ 2026-11-26).",
    "Datetime has wrong format": "Thời điểm sai định dạng; dùng dạng ISO 8601.",
    "Time has wrong format": "Giờ sai định dạng; dùng dạng hh:mm.",
    "Invalid data. Expected a dictionary": "Dữ liệu không hợp lệ: cần một đối tượng JSON.",
    "Expected a date but got a datetime": "Cần một ngày, không phải một thời điểm.",
}

# By error code; "{n}" is the first number of the English text, "{q}" its first quoted value.
_BY_CODE = {
    "required": "Trường này là bắt buộc.",
    "null": "Trường này không được để trống.",
    "blank": "Trường này không được để trống.",
    "invalid": "Giá trị không hợp lệ.",
    "max_length": "Tối đa {n} ký tự.",
    "min_length": "Tối thiểu {n} ký tự.",
    "max_value": "Giá trị phải nhỏ hơn hoặc bằng {n}.",
    "min_value": "Giá trị phải lớn hơn hoặc bằng {n}.",
    "max_digits": "Tối đa {n} chữ số.",
    "max_decimal_places": "Tối đa {n} chữ số sau dấu thập phân.",
    "max_whole_digits": "Tối đa {n} chữ số trước dấu thập phân.",
    "max_string_length": "Giá trị quá lớn.",
    "invalid_choice": "“{q}” không phải là lựa chọn hợp lệ.",
    "does_not_exist": "Không tồn tại đối tượng có mã “{q}”.",
    "incorrect_type": "Sai kiểu dữ liệu.",
    "not_a_list": "Cần một danh sách.",
    "not_a_dict": "Cần một đối tượng JSON.",
    "empty": "Danh sách không được để trống.",
    "unique": "Giá trị này đã tồn tại.",
    "date": "Cần một ngày, không phải một thời điểm.",
    "make_aware": "Thời điểm không hợp lệ theo múi giờ.",
    "overflow": "Ngày hoặc thời điểm nằm ngoài khoảng cho phép.",
    "no_name": "Không xác định được tên tệp.",
    "invalid_image": "Tệp không phải là ảnh hợp lệ.",
    "parse_error": "Nội dung gửi lên không đọc được (sai cú pháp).",
    "not_authenticated": "Bạn chưa đăng nhập: thiếu thông tin xác thực.",
    "authentication_failed": "Thông tin xác thực không đúng.",
    "permission_denied": "Bạn không có quyền thực hiện thao tác này.",
    "not_found": "Không tìm thấy.",
    "method_not_allowed": "Không hỗ trợ phương thức “{q}”.",
    "not_acceptable": "Không đáp ứng được định dạng mà yêu cầu đòi hỏi.",
    "unsupported_media_type": "Không hỗ trợ kiểu dữ liệu “{q}”.",
    "throttled": "Quá nhiều yêu cầu; thử lại sau {n} giây.",
}


def vietnamese(detail: object) -> str:
    """The message of one error leaf, in Vietnamese."""
    text = str(detail)
    if not text.isascii() or not isinstance(detail, ErrorDetail):
        return text
    if text in _INVALID:
        return _INVALID[text]
    for prefix, message in _INVALID_PREFIX.items():
        if text.startswith(prefix):
            return message
    template = _BY_CODE.get(str(detail.code))
    if template is None:
        return text
    number = _NUMBER.search(text)
    quoted = _QUOTED.search(text)
    if ("{n}" in template and number is None) or ("{q}" in template and quoted is None):
        return _BY_CODE["invalid"] if detail.code != "throttled" else "Quá nhiều yêu cầu."
    return template.format(n=number.group(0) if number else "", q=quoted.group(1) if quoted else "")
