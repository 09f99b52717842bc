"""Models of the Incidents and Service Desk app."""
