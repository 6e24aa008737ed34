"""Capture: voice memos, photos of notes and typed memos into checkable CRM activity drafts."""
