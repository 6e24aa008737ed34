"""Vendor adapters behind `erp.ports.ErpConnector`."""
