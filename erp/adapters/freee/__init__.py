"""freee (会計 + 請求書 APIs): OAuth2, an HTTP client with retries, and the connector."""
