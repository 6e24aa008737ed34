"""The Slack adapter: bolt listeners that parse a payload, call one service and post Block Kit."""
