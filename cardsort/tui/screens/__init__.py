"""Screens of the teacher's sorting app: welcome, board, finish and thank-you."""
