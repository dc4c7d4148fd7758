"""Limits that protect everyone: one person's input must not hold a worker or fill a page for all.

The models declare them (max_length on free text), so their forms and serializers refuse the same; the
services check what no form sees (the number of legs)."""

# Any free text a person types: a description, a comment, a reason, notes (the page's comment box stopped
# at 5,000 characters before; every other text now does too).
TEXT_MAX_LENGTH = 5000
# A request's legs: the form offers at most 20 rows; the API and the services refuse more.
MAX_LEGS = 20
# The API parser's net under every field: no string in a JSON body is longer (a field says less).
JSON_STRING_MAX_LENGTH = 20000
