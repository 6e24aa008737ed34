"""The rep's day: follow-up reminders, the App Home's contents and the weekly manager digest.

Domain only: views and the services that fill them. Slack rendering and posting live in
``bot/slack`` behind the `RepDayPoster` port (``ports.py``); the scheduler calls the
``send_*`` functions, which are idempotent.
"""
