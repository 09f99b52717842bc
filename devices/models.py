"""Models of the Service Requests and devices app."""
