"""Writes of requests, one module per aggregate: rfa (the request), hct (the HCT procedure and decision),
tasking (the tasks of the military); base holds the one function that moves a request through the lifecycle
table."""
