"""Platform services (writes). Each module covers one subdomain."""
