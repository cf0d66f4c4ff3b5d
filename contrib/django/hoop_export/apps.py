from django.apps import AppConfig


class HoopExportConfig(AppConfig):
    name = "hoop_export"
    verbose_name = "hoop export"
