"""The articles' template tags (``{% load page_head %}``)."""
