"""Strings of the core views: sidebar, totals, layer table, conventions."""

EN = {
    "app_title": "ResNet Explorer",
}

ZH = {
    "app_title": "ResNet 探索器",
}
