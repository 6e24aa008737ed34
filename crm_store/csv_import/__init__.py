"""CSV import of the lists teams keep in Excel: users, customers, deals, activities, invoices."""
