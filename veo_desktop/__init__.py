"""Veo Desktop: turn one still image into a short video with Google Veo 3.1."""

__version__ = "0.1.0"
APP_NAME = "Veo Desktop"
