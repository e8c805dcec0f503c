"""Helpers the test suite shares: the data-set snapshot, real gunicorn servers, users."""
