"""ERP connectors (freee, CSV exports of any ERP) and the one-way ERP → CRM invoice sync."""
