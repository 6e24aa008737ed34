"""Invoices for people: the CRM's copy of the ERP's invoices, per customer, warnings and digests.

It reads only the CRM's own tables (the ERP sync in `erp/` fills them), so it needs no ERP code.
"""
