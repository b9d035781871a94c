from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def max_upload_mb() -> str:
    """The largest scan accepted, in MB (ZHUSAN_MAX_UPLOAD_MB)."""
    return f"{settings.ZHUSAN_MAX_UPLOAD_BYTES / 1048576:g}"
