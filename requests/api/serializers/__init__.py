"""Serializers of the API: rfa (requests), hct (procedures, responses, decisions), tasking (what a force
sees)."""
