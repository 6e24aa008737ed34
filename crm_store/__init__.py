"""The CRM store: models, repositories, migrations, CSV import and CRM lookups."""
