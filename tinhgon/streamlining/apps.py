from django.apps import AppConfig


class StreamliningConfig(AppConfig):
    name = "tinhgon.streamlining"
    label = "streamlining"
    verbose_name = "Tinh giản biên chế và chính sách nghỉ việc do sắp xếp tổ chức bộ máy"
