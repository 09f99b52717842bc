"""Service Requests and devices."""
