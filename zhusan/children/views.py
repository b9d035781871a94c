"""Views of this area; the person page asks `tab_visible` and `tab_context` for its tab."""


def tab_visible(person, membership) -> bool:
    return False


def tab_context(person, membership) -> dict:
    return {}
