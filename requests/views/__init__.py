"""Pages of requests: the request (rfa), the HCT decision (hct), the tasks of the military (tasking)."""
