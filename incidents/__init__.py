"""Incidents and Service Desk."""
