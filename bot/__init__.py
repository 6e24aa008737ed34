"""The Slack adapter, the CLI, the console demo, the scheduler and the wiring."""
