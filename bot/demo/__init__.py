"""The console demo: the demo data set and a chat that calls the same services as Slack."""
