"""The authorization matrix: every URL pattern (found by walking the resolver) × every role of the cast.

Each row of MATRIX is one route, and, where the route's object comes in several states, one row per state
(`"requests:detail[draft]"`). Its value is the status code a GET answers to each role, in the order of ROLES.
`test_every_route_has_a_row` fails the build for a route that has none, and the matrix test fails for any
answer that differs.

How to add a row (a new route, or a new state):
  1. Name the route (`path(..., name=...)`); in `route_args` below say which object of the world
     (tests/authz_world.py) fills its arguments, if the defaults (by argument name) do not fit.
  2. Run `AUTHZ_MATRIX_PRINT=1 pytest tests/test_authorization_matrix.py -q -s`: it prints the answers
     observed for every route as rows ready to paste.
  3. Read the printed row before pasting it: it is the security decision. A role that may not see the
     object must get 404 (pages and API), an anonymous visitor 302 to the login page (pages) or 401/403 (API).
Routes of the admin follow one rule (ADMIN_ROW): Django's admin, with its own model permissions, staff only.

What is asserted per answer: the status code; the Content-Security-Policy header; and on every HTML page
answered 200, that nothing inline is there (no inline script, style element, style attribute, event handler).
"""

import os
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from guidelines.models import Criterion
from tests.authz_world import build_world
from tests.conftest import mfa_verified_login
from tests.requests.conftest import make_request as make_request_fixture

make_request = make_request_fixture

ROLES = (
    "anonymous",
    "officer",
    "requester",  # WFP, whose organisation's requests these are
    "requester_other_org",  # MSF
    "hct_member",
    "hc",
    "liaison",  # SANDF, the force tasked
    "liaison_other_force",  # FADM
    "observer",
    "outsider",  # no role in any operation
    "other_officer",  # CMCoord officer of another operation
    "staff",  # the platform's admin (staff, superuser, second factor verified), no role in any operation
)

# Admin routes: staff reach Django's admin (its own model permissions: 200, 302, 403, or 404 for no object);
# everybody else is sent to the admin's login page.
ADMIN_ROW = "302 302 302 302 302 302 302 302 302 302 302 admin"

# fmt: off
MATRIX: dict[str, str] = {
    # Columns:                                    anon off req req2 hct hc  lia lia2 obs out off2 staff
    "admin:login":                                  "200 200 200 200 200 200 200 200 200 200 200 302",
    "admin:logout":                                 "302 302 302 302 302 302 302 302 302 302 302 405",
    "set-language":                                 "405 405 405 405 405 405 405 405 405 405 405 405",
    "home":                                         "302 200 200 200 200 200 200 200 200 200 200 200",
    "operation-switch":                             "302 405 405 405 405 405 405 405 405 405 405 405",
    "operation-detail":                             "302 200 200 200 200 200 200 200 200 404 404 404",
    "notifications":                                "302 200 200 200 200 200 200 200 200 200 200 200",
    "notification-read":                            "302 405 405 405 405 405 405 405 405 405 405 405",
    "notifications-read-all":                       "302 405 405 405 405 405 405 405 405 405 405 405",
    "notification-preferences":                     "302 200 200 200 200 200 200 200 200 200 200 200",
    "password_reset":                               "200 200 200 200 200 200 200 200 200 200 200 200",
    "accounts:mfa-setup":                           "302 200 200 200 200 200 200 200 200 200 200 200",
    "accounts:mfa-verify":                          "302 200 302 302 302 200 302 302 302 302 200 200",
    "accounts:mfa-lost":                            "200 200 200 200 200 200 200 200 200 200 200 200",
    "accounts:recovery-codes":                      "302 302 302 302 302 302 302 302 302 302 302 302",
    "accounts:recovery-codes-regenerate":           "302 405 405 405 405 405 405 405 405 405 405 405",
    "accounts:security":                            "302 200 200 200 200 200 200 200 200 200 200 200",
    "accounts:token-create":                        "302 405 405 405 405 405 405 405 405 405 405 405",
    "accounts:token-revoke":                        "302 405 405 405 405 405 405 405 405 405 405 405",
    "accounts:logout-everywhere":                   "302 405 405 405 405 405 405 405 405 405 405 405",
    "accounts:people":                              "302 200 404 404 404 404 404 404 404 404 200 404",
    "accounts:lockout-lift":                        "302 405 405 405 405 405 405 405 405 405 405 405",
    "accounts:mfa-reset":                           "302 405 405 405 405 405 405 405 405 405 405 405",
    "login":                                        "200 200 200 200 200 200 200 200 200 200 200 200",
    "logout":                                       "405 405 405 405 405 405 405 405 405 405 405 405",
    "password_change":                              "302 200 200 200 200 200 200 200 200 200 200 200",
    "password_change_done":                         "302 200 200 200 200 200 200 200 200 200 200 200",
    "password_reset_done":                          "200 200 200 200 200 200 200 200 200 200 200 200",
    "password_reset_confirm":                       "200 200 200 200 200 200 200 200 200 200 200 200",
    "password_reset_complete":                      "200 200 200 200 200 200 200 200 200 200 200 200",
    "api-me":                                       "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-token":                                    "405 405 405 405 405 405 405 405 405 405 405 405",
    "api-token-list":                               "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-token-detail":                             "401 200 404 404 404 404 404 404 404 404 404 404",
    "api-logout-everywhere":                        "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-list":                             "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-request-detail[draft]":                    "401 200 200 404 404 404 404 404 200 404 404 404",
    "api-request-detail[with_hct]":                 "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-detail[tasked]":                   "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-assessment[draft]":                "401 200 200 404 404 404 404 404 200 404 404 404",
    "api-request-assessment[with_hct]":             "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-assessment[tasked]":               "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-cancel[draft]":                    "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-cancel[with_hct]":                 "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-cancel[tasked]":                   "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-comments[draft]":                  "401 200 200 404 404 404 404 404 200 404 404 404",
    "api-request-comments[with_hct]":               "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-comments[tasked]":                 "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-events[draft]":                    "401 200 200 404 404 404 404 404 200 404 404 404",
    "api-request-events[with_hct]":                 "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-events[tasked]":                   "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-put-to-hct[draft]":                "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-put-to-hct[with_hct]":             "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-put-to-hct[tasked]":               "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-return-to-requester[draft]":       "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-return-to-requester[with_hct]":    "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-return-to-requester[tasked]":      "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-start-review[draft]":              "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-start-review[with_hct]":           "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-start-review[tasked]":             "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-submit[draft]":                    "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-submit[with_hct]":                 "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-submit[tasked]":                   "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-withdraw[draft]":                  "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-withdraw[with_hct]":               "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-withdraw[tasked]":                 "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-referral-list":                            "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-referral-detail":                          "401 200 404 404 200 200 404 404 404 404 404 404",
    "api-referral-respond":                         "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-decision-list":                            "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-decision-detail":                          "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-meeting-list":                             "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-meeting-detail":                           "401 200 404 404 200 200 404 404 404 404 404 404",
    "api-task-list":                                "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-task-detail":                              "401 200 200 404 200 200 200 404 200 404 404 404",
    "api-task-accept":                              "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-task-acknowledge":                         "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-task-complete":                            "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-task-decline":                             "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-task-progress":                            "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-organization-list":                        "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-organization-detail":                      "401 200 200 200 200 200 200 200 200 404 404 404",
    "api-contact-list":                             "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-contact-detail[everyone]":                 "401 200 200 200 200 200 200 200 200 404 404 404",
    "api-contact-detail[humanitarian]":             "401 200 200 200 200 200 404 404 200 404 404 404",
    "api-platform-list":                            "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-platform-detail":                          "401 200 200 200 200 200 200 200 200 404 404 404",
    "api-guideline-list":                           "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-guideline-detail":                         "401 200 200 200 200 200 404 404 200 404 404 404",
    "api-operation-list":                           "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-operation-detail":                         "401 200 200 200 200 200 200 200 200 404 404 404",
    "api-notification-list":                        "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-notification-read-all":                    "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-notification-detail":                      "401 200 404 404 404 404 404 404 404 404 404 404",
    "api-notification-read":                        "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-schema":                                   "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-docs":                                     "401 200 200 200 200 200 200 200 200 200 200 200",
    "requests:list":                                "302 200 200 200 200 200 404 404 200 404 200 404",
    "requests:create":                              "302 200 200 200 404 404 404 404 404 404 200 404",
    "requests:export":                              "302 200 200 200 200 200 404 404 200 404 200 404",
    "requests:export_job":                          "302 200 404 404 404 404 404 404 404 404 404 404",
    "requests:export_job_download":                 "302 200 404 404 404 404 404 404 404 404 404 404",
    "requests:detail[draft]":                       "302 200 200 404 404 404 404 404 200 404 404 404",
    "requests:detail[with_hct]":                    "302 200 200 404 200 200 404 404 200 404 404 404",
    "requests:detail[tasked]":                      "302 200 200 404 200 200 404 404 200 404 404 404",
    "requests:edit[draft]":                         "302 200 200 404 404 404 404 404 302 404 404 404",
    "requests:edit[with_hct]":                      "302 302 302 404 302 302 404 404 302 404 404 404",
    "requests:edit[tasked]":                        "302 302 302 404 302 302 404 404 302 404 404 404",
    "requests:assess[draft]":                       "302 200 200 404 404 404 404 404 302 404 404 404",
    "requests:assess[with_hct]":                    "302 302 302 404 302 302 404 404 302 404 404 404",
    "requests:assess[tasked]":                      "302 302 302 404 302 302 404 404 302 404 404 404",
    "requests:print[draft]":                        "302 200 200 404 404 404 404 404 200 404 404 404",
    "requests:print[with_hct]":                     "302 200 200 404 200 200 404 404 200 404 404 404",
    "requests:print[tasked]":                       "302 200 200 404 200 200 404 404 200 404 404 404",
    "requests:action[draft]":                       "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:action[with_hct]":                    "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:action[tasked]":                      "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:copy[draft]":                         "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:copy[with_hct]":                      "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:copy[tasked]":                        "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:comment[draft]":                      "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:comment[with_hct]":                   "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:comment[tasked]":                     "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:attach[draft]":                       "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:attach[with_hct]":                    "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:attach[tasked]":                      "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:attachment[draft]":                   "302 200 200 404 404 404 404 404 200 404 404 404",
    "requests:attachment[with_hct]":                "302 200 200 404 200 200 404 404 200 404 404 404",
    "requests:attachment[tasked]":                  "302 200 200 404 200 200 404 404 200 404 404 404",
    "requests:hct_put[draft]":                      "302 302 302 404 404 404 404 404 302 404 404 404",
    "requests:hct_put[with_hct]":                   "302 302 302 404 302 302 404 404 302 404 404 404",
    "requests:hct_put[tasked]":                     "302 302 302 404 302 302 404 404 302 404 404 404",
    "requests:decide[draft]":                       "302 302 302 404 404 404 404 404 302 404 404 404",
    "requests:decide[with_hct]":                    "302 200 302 404 302 200 404 404 302 404 404 404",
    # The HC (or an officer for the HC) renews or amends the approval of a running task (issue 13).
    "requests:decide[tasked]":                      "302 200 302 404 302 200 404 404 302 404 404 404",
    "requests:task_create[draft]":                  "302 302 302 404 404 404 404 404 302 404 404 404",
    "requests:task_create[with_hct]":               "302 302 302 404 302 302 404 404 302 404 404 404",
    "requests:task_create[tasked]":                 "302 302 302 404 302 302 404 404 302 404 404 404",
    "requests:hct_waiting":                         "302 404 404 404 200 200 404 404 404 404 404 404",
    "requests:hct_respond":                         "302 200 404 404 200 200 404 404 404 404 404 404",
    "requests:tasks":                               "302 200 404 404 404 404 200 200 200 404 200 404",
    "requests:task_detail":                         "302 200 200 404 200 200 200 404 200 404 404 404",
    "requests:task_action":                         "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:meetings":                            "302 200 404 404 200 200 404 404 404 404 200 404",
    "requests:meeting_create":                      "302 200 404 404 404 404 404 404 404 404 200 404",
    "requests:meeting_detail":                      "302 200 404 404 200 200 404 404 404 404 404 404",
    "requests:meeting_edit":                        "302 200 404 404 302 302 404 404 404 404 404 404",
    "requests:meeting_cancel":                      "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:meeting_attendance":                  "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:meeting_minutes":                     "302 405 405 405 405 405 405 405 405 405 405 405",
    "requests:meeting_minutes_file":                "302 200 404 404 200 200 404 404 404 404 404 404",
    "requests:meeting_agenda_add":                  "302 405 405 405 405 405 405 405 405 405 405 405",
    "contacts:directory":                           "302 200 200 200 200 200 200 200 200 404 200 404",
    "contacts:export-csv":                          "302 200 200 200 200 200 200 200 200 404 200 404",
    "contacts:export-vcard":                        "302 200 200 200 200 200 200 200 200 404 200 404",
    "contacts:create":                              "302 200 404 404 404 404 404 404 404 404 200 404",
    "contacts:card[everyone]":                      "302 200 200 200 200 200 200 200 200 404 404 404",
    "contacts:card[humanitarian]":                  "302 200 200 200 200 200 404 404 200 404 404 404",
    "contacts:edit[everyone]":                      "302 200 404 404 404 404 404 404 404 404 404 404",
    "contacts:edit[humanitarian]":                  "302 200 404 404 404 404 404 404 404 404 404 404",
    "contacts:verify[everyone]":                    "302 405 405 405 405 405 405 405 405 405 405 405",
    "contacts:verify[humanitarian]":                "302 405 405 405 405 405 405 405 405 405 405 405",
    "contacts:request-confirmation[everyone]":      "302 405 405 405 405 405 405 405 405 405 405 405",
    "contacts:request-confirmation[humanitarian]":  "302 405 405 405 405 405 405 405 405 405 405 405",
    "contacts:organizations":                       "302 200 200 200 200 200 200 200 200 404 200 404",
    "contacts:organization":                        "302 200 200 200 200 200 200 200 200 404 404 404",
    "contacts:platforms":                           "302 200 200 200 200 200 200 200 200 404 200 404",
    "contacts:platform-create":                     "302 200 404 404 404 404 404 404 404 404 200 404",
    "contacts:platform":                            "302 200 200 200 200 200 200 200 200 404 404 404",
    "contacts:platform-edit":                       "302 200 404 404 404 404 404 404 404 404 404 404",
    "contacts:import":                              "302 200 404 404 404 404 404 404 404 404 200 404",
    "contacts:import-preview":                      "302 200 404 404 404 404 404 404 404 404 404 404",
    "contacts:access-log":                          "302 200 404 404 404 404 404 404 404 404 200 404",
    "guidelines:library":                           "302 200 200 200 200 200 200 200 200 200 200 200",
    "guidelines:detail":                            "302 200 200 200 200 200 404 404 200 404 404 404",
    "guidelines:document":                          "302 200 200 200 200 200 404 404 200 404 404 404",
    "guidelines:publish-version":                   "302 200 404 404 404 404 404 404 404 404 404 404",
    "guidelines:operation":                         "302 200 404 404 404 404 404 404 404 404 404 404",
    "guidelines:operation-toggle":                  "302 405 405 405 405 405 405 405 405 405 405 405",
    "guidelines:country-add":                       "302 200 404 404 404 404 404 404 404 404 404 404",
    "operations:list":                              "302 200 404 404 404 404 404 404 404 404 200 404",
    "operations:create":                            "302 404 404 404 404 404 404 404 404 404 404 404",
    "operations:current":                           "302 302 404 404 404 404 404 404 404 404 302 404",
    "operations:accept":                            "404 404 404 404 404 404 404 404 404 404 404 404",
    "operations:detail":                            "302 200 404 404 404 404 404 404 404 404 404 404",
    "operations:edit":                              "302 200 404 404 404 404 404 404 404 404 404 404",
    "operations:close":                             "302 200 404 404 404 404 404 404 404 404 404 404",
    "operations:reopen":                            "302 405 405 405 405 405 405 405 405 405 405 405",
    "operations:handover":                          "302 200 404 404 404 404 404 404 404 404 404 404",
    "operations:organizations":                     "302 200 404 404 404 404 404 404 404 404 404 404",
    "operations:organization-create":               "302 200 404 404 404 404 404 404 404 404 404 404",
    "operations:organization-edit":                 "302 200 404 404 404 404 404 404 404 404 404 404",
    "operations:organization-deactivate":           "302 200 404 404 404 404 404 404 404 404 404 404",
    "operations:people":                            "302 200 404 404 404 404 404 404 404 404 404 404",
    "operations:invite":                            "302 405 405 405 405 405 405 405 405 405 405 405",
    "operations:invitation-resend":                 "302 405 405 405 405 405 405 405 405 405 405 405",
    "operations:invitation-withdraw":               "302 405 405 405 405 405 405 405 405 405 405 405",
    "operations:membership":                        "302 405 405 405 405 405 405 405 405 405 405 405",
    "operations:user-active":                       "302 405 405 405 405 405 405 405 405 405 405 405",
    "operations:record":                            "302 200 404 404 404 404 404 404 404 404 404 404",
    "operations:record-csv":                        "302 200 404 404 404 404 404 404 404 404 404 404",
    "service-worker":                               "200 200 200 200 200 200 200 200 200 200 200 200",
    "offline-page":                                 "302 200 200 200 200 200 200 200 200 200 200 200",
    "offline-manifest":                             "404 200 200 200 200 200 200 200 200 200 200 200",
    "api-map-features":                             "401 404 404 404 404 404 404 404 404 404 404 404",
    "api-map-export":                               "401 404 404 404 404 404 404 404 404 404 404 404",
    "api-map-places":                               "401 404 404 404 404 404 404 404 404 404 404 404",
    "api-map-layers":                               "401 404 404 404 404 404 404 404 404 404 404 404",
    "api-operation-close":                          "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-operation-invitation":                     "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-operation-invitations":                    "401 200 404 404 404 404 404 404 404 404 404 404",
    "api-operation-membership":                     "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-operation-memberships":                    "401 200 404 404 404 404 404 404 404 404 404 404",
    "api-operation-organization":                   "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-operation-organization-deactivate":        "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-operation-organizations":                  "401 200 404 404 404 404 404 404 404 404 404 404",
    "api-operation-reopen":                         "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-operation-user-active":                    "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-asset-list":                               "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-asset-summary":                            "401 404 404 404 404 404 404 404 404 404 404 404",
    "api-asset-detail":                             "401 200 404 404 200 200 200 404 404 404 404 404",
    "api-asset-restore":                            "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-asset-withdraw":                           "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-hn-list":                                  "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-hn-detail":                                "401 200 200 404 404 404 404 404 200 404 404 404",
    "api-hn-revise":                                "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-hn-transmit":                              "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-hn-withdraw":                              "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-hn-received-list":                         "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-hn-received-detail":                       "401 404 404 404 404 404 200 404 404 404 404 404",
    "api-hn-received-acknowledge":                  "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-hn-received-concern":                      "401 405 405 405 405 405 405 405 405 405 405 405",
    "maps:operation":                               "302 200 200 200 200 200 200 200 200 404 200 404",
    "maps:data":                                    "302 200 200 200 200 200 200 200 200 404 200 404",
    "maps:export":                                  "302 404 404 404 404 404 404 404 404 404 404 404",
    "maps:places":                                  "302 200 200 200 200 200 200 200 200 404 200 404",
    "maps:layers":                                  "302 200 200 200 200 200 200 200 200 404 200 404",
    "maps:layer":                                   "302 200 200 200 200 200 200 200 200 404 404 404",
    "maps:layer_withdraw":                          "302 405 405 405 405 405 405 405 405 405 405 405",
    "reports:dashboard":                            "302 200 404 404 200 200 404 404 200 404 200 404",
    "reports:daily":                                "302 200 404 404 200 200 200 200 200 404 200 404",
    "reports:daily-settings":                       "302 200 404 404 404 404 404 404 404 404 200 404",
    "reports:task-order":                           "302 200 200 404 200 200 200 404 200 404 404 404",
    "api-report-dashboard":                         "401 200 404 404 200 200 404 404 200 404 404 404",
    "capabilities:registry":                        "302 200 200 200 200 200 200 200 200 404 200 404",
    "capabilities:export-csv":                      "302 200 200 200 200 200 200 200 200 404 200 404",
    "capabilities:create":                          "302 200 404 404 404 404 200 200 404 404 200 404",
    "capabilities:gaps":                            "302 200 404 404 200 200 404 404 404 404 200 404",
    "capabilities:detail":                          "302 200 404 404 200 200 200 404 404 404 404 404",
    "capabilities:edit":                            "302 200 404 404 404 404 200 404 404 404 404 404",
    "capabilities:action":                          "302 405 405 405 405 405 405 405 405 405 405 405",
    "deconfliction:list":                           "302 200 200 200 404 404 200 200 200 404 200 404",
    "deconfliction:create":                         "302 200 200 200 404 404 404 404 404 404 200 404",
    "deconfliction:detail":                         "302 200 200 404 404 404 404 404 200 404 404 404",
    "deconfliction:edit":                           "302 200 200 404 404 404 404 404 302 404 404 404",
    "deconfliction:transmit":                       "302 405 405 405 405 405 405 405 405 405 405 405",
    "deconfliction:withdraw":                       "302 405 405 405 405 405 405 405 405 405 405 405",
    "deconfliction:record":                         "302 200 200 404 404 404 404 404 404 404 404 404",
    "deconfliction:received":                       "302 404 404 404 404 404 200 404 404 404 404 404",
    "deconfliction:acknowledge":                    "302 405 405 405 405 405 405 405 405 405 405 405",
    "deconfliction:concern":                        "302 405 405 405 405 405 405 405 405 405 405 405",
    "deconfliction:received_export":                "302 404 404 404 404 404 200 200 404 404 404 404",
    # The admin's own 404s for staff: object 1 of these does not exist in the world.
    "admin:view_on_site":                           "302 302 302 302 302 302 302 302 302 302 302 404",
    "admin:auth_user_password_change":              "302 302 302 302 302 302 302 302 302 302 302 404",
    "admin/(?P<url>.*)$":                           "302 302 302 302 302 302 302 302 302 302 302 404",
    # The API of issue 16 (without ?operation=, the exports, lists and the access log answer 400 or 404).
    "api-notification-preferences":                 "401 200 200 200 200 200 200 200 200 200 200 200",
    "api-request-export-file":                      "401 404 404 404 404 404 404 404 404 404 404 404",
    "api-request-attachment[draft]":                "401 200 200 404 404 404 404 404 200 404 404 404",
    "api-request-attachment[with_hct]":             "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-attachment[tasked]":               "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-attachments[draft]":               "401 200 200 404 404 404 404 404 200 404 404 404",
    "api-request-attachments[with_hct]":            "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-attachments[tasked]":              "401 200 200 404 200 200 404 404 200 404 404 404",
    "api-request-copy[draft]":                      "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-copy[with_hct]":                   "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-copy[tasked]":                     "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-request-export-detail":                    "401 200 404 404 404 404 404 404 404 404 404 404",
    "api-request-export-download":                  "401 200 404 404 404 404 404 404 404 404 404 404",
    "api-contact-export":                           "401 404 404 404 404 404 404 404 404 404 404 404",
    "api-contact-request-confirmation[everyone]":   "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-contact-request-confirmation[humanitarian]":"401 405 405 405 405 405 405 405 405 405 405 405",
    "api-contact-verify[everyone]":                 "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-contact-verify[humanitarian]":             "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-contact-import-upload":                    "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-contact-import-detail":                    "401 200 404 404 404 404 404 404 404 404 404 404",
    "api-contact-import-commit":                    "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-contact-access-log-list":                  "401 400 400 400 400 400 400 400 400 400 400 400",
    "api-guideline-in-force":                       "401 400 400 400 400 400 400 400 400 400 400 400",
    "api-guideline-mark-in-force":                  "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-guideline-publish-version":                "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-guideline-unmark-in-force":                "401 405 405 405 405 405 405 405 405 405 405 405",
    "api-criterion-list":                           "401 400 400 400 400 400 400 400 400 400 400 400",
    "api-criterion-detail":                         "401 200 200 200 200 200 200 200 200 404 200 200",
    "api-criterion-reword":                         "401 405 405 405 405 405 405 405 405 405 405 405",
    "guidelines:criterion-add":                     "302 200 404 404 404 404 404 404 404 404 404 404",
    "guidelines:criterion-reword":                  "302 404 404 404 404 404 404 404 404 404 404 200",
    "api-asset-export-csv":                         "401 404 404 404 404 404 404 404 404 404 404 404",
    "api-hn-received-export":                       "401 404 404 404 404 404 404 404 404 404 404 404",
}
# fmt: on

STATES = {
    "request": ("draft", "with_hct", "tasked"),
    "contact": ("everyone", "humanitarian"),
}


# Routes of requests/ that take no request.
REQUEST_LISTS = {
    "requests:list",
    "requests:create",
    "requests:export",
    "requests:hct_waiting",
    "requests:tasks",
    "requests:meetings",
    "requests:meeting_create",
}
# Routes whose pk is a task, or an HCT referral (the other requests routes take a request).
TASK_ROUTES = {"requests:task_detail", "requests:task_action"}
# Routes whose pk is a background export (of the officer's).
EXPORT_JOB_ROUTES = {
    "requests:export_job",
    "requests:export_job_download",
    "api-request-export-detail",
    "api-request-export-download",
}
REFERRAL_ROUTES = {"requests:hct_respond", "api-referral-detail", "api-referral-respond"}
# Routes whose pk is an HCT meeting.
MEETING_ROUTES = {
    "requests:meeting_detail",
    "requests:meeting_edit",
    "requests:meeting_cancel",
    "requests:meeting_attendance",
    "requests:meeting_minutes",
    "requests:meeting_minutes_file",
    "requests:meeting_agenda_add",
    "api-meeting-detail",
}


def walk(patterns=None, prefix="", namespace=None):
    """Every URL pattern: (key, pattern object, full pattern text)."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            text = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            key = name or text
            if "(?P<format>" in text or "<drf_format_suffix:format>" in text:
                key += ".<format>"
            yield key, name, text


def object_kind(name: str) -> str | None:
    """Which object a route's pk is (its states multiply the route's rows)."""
    if name in TASK_ROUTES or name.startswith("api-task") or name in REFERRAL_ROUTES:
        return None
    if name in EXPORT_JOB_ROUTES or name in MEETING_ROUTES or name == "api-request-export-file":
        return None
    if name.startswith("api-request-") and name != "api-request-list":
        return "request"
    if name.startswith("requests:") and name not in REQUEST_LISTS:
        return "request"
    if name in {"contacts:card", "contacts:edit", "contacts:verify", "contacts:request-confirmation"}:
        return "contact"
    if name in {"api-contact-detail", "api-contact-verify", "api-contact-request-confirmation"}:
        return "contact"
    return None


def rows():
    """(row key, url name, pattern text, state) of every route, in resolver order."""
    for key, name, text in walk():
        if text.startswith("admin/"):
            yield key, name, text, "admin"
            continue
        kind = object_kind(name or "")
        if kind:
            for state in STATES[kind]:
                yield f"{key}[{state}]", name, text, state
        else:
            yield key, name, text, None


def route_args(name: str, text: str, state, world, cast) -> dict:
    """The URL arguments of one route, from the world."""
    kwargs = {}
    wanted = set(re.findall(r"<(?:\w+:)?(\w+)>", text)) | set(re.findall(r"\(\?P<(\w+)>", text))
    for arg in wanted:
        if state == "admin":
            # Object 1 of each model, which may not exist (the admin then redirects). django-otp's secret and
            # QR pages are refused to everyone (OTP_ADMIN_HIDE_SENSITIVE_DATA).
            kwargs[arg] = {"app_label": "cmcoord", "url": "nothing/"}.get(arg, "1")
        elif arg == "format":
            kwargs[arg] = "json"
        elif arg == "fmt":
            kwargs[arg] = "csv"
        elif arg == "action":
            kwargs[arg] = "accept"
        elif arg == "move":
            kwargs[arg] = "resend" if "invitation" in name else "deactivate"
        elif arg in EXTRA_ARGS:
            kwargs[arg] = EXTRA_ARGS[arg](world, cast)
        elif arg == "operation_pk":
            kwargs[arg] = cast.operation.pk
        elif arg == "attachment_pk":
            kwargs[arg] = world.attachments[state].pk
        elif arg == "uidb64":
            kwargs[arg] = "MQ"  # a password reset link of user 1, with a token that is not valid
        elif arg == "token":
            kwargs[arg] = "set-password"
        elif arg == "pk":
            kwargs[arg] = pk_for(name, state, world, cast)
        else:
            raise AssertionError(f"Route {name or text}: say in route_args what fills <{arg}>.")
    return kwargs


EXTRA_ARGS = {
    "kind": lambda world, cast: "site",
    "org_pk": lambda world, cast: cast.wfp.pk,
    "inv_pk": lambda world, cast: world.invitation.pk,
    "membership_pk": lambda world, cast: world.membership.pk,
    "user_pk": lambda world, cast: cast.requester.pk,
}


def pk_for(name: str, state, world, cast) -> int:
    if name.startswith(("operations:", "api-operation")):
        return cast.operation.pk
    if name.startswith("maps:layer"):
        return world.layer.pk
    if name.startswith(("capabilities:", "api-asset")):
        return world.asset.pk
    if name.startswith("api-hn-received") or name in {
        "deconfliction:received",
        "deconfliction:acknowledge",
        "deconfliction:concern",
    }:
        return world.transmission.pk
    if name.startswith(("deconfliction:", "api-hn")):
        return world.site.pk
    if name in TASK_ROUTES or name.startswith("api-task") or name == "reports:task-order":
        return world.task.pk
    if name in REFERRAL_ROUTES:
        return world.referral.pk
    if name in MEETING_ROUTES:
        return world.meeting.pk
    if name in EXPORT_JOB_ROUTES:
        return world.export_job.pk
    if state in STATES["request"] and (name.startswith(("requests:", "api-request"))):
        return world.requests[state].pk
    if state in STATES["contact"]:
        return world.contacts[state].pk
    if name.startswith(("contacts:organization", "api-organization")):
        return cast.wfp.pk
    if name.startswith(("contacts:platform", "api-platform")):
        return world.platform.pk
    if name in {"contacts:import-preview", "api-contact-import-detail", "api-contact-import-commit"}:
        return world.batch.pk
    if name.startswith("api-criterion") or name == "guidelines:criterion-reword":
        # A criterion of the global library (the first one): its pk, never a guideline's.
        return Criterion.objects.order_by("pk").first().pk
    if name.startswith(("guidelines:", "api-guideline")):
        return world.guideline.pk
    if name in {"operation-detail", "api-operation-detail"}:
        return cast.operation.pk
    if name == "api-decision-detail":
        return world.requests["tasked"].decisions.first().pk
    if name in {"notification-read", "api-notification-detail", "api-notification-read"}:
        return world.notification.pk
    if name == "api-token-detail":
        return world.token.pk
    if name.startswith("accounts:"):
        return cast.requester.pk
    raise AssertionError(f"Route {name}: say in pk_for which object its pk is.")


def url_of(name, text, kwargs) -> str:
    if name:
        return reverse(name, kwargs=kwargs)
    # An unnamed route (the admin's own): its pattern with the arguments put in.
    url = "/" + text
    for arg, value in kwargs.items():
        url = re.sub(rf"<(?:\w+:)?{arg}>|\(\?P<{arg}>[^)]*\)", str(value), url)
    return url.replace("^", "").replace("$", "")


INLINE = [
    # A JSON data block (Django's json_script) is data the browser never runs: the CSP allows it.
    (re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style[\s>]", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "an inline event handler"),
]


def inline_findings(html: str) -> list[str]:
    return [what for pattern, what in INLINE if pattern.search(html)]


def users_of(cast, world) -> dict:
    """The user of each role (None for the anonymous visitor)."""
    users = {role: getattr(cast, role, None) for role in ROLES}
    users["staff"] = world.staff
    return users


def clients(cast, world) -> dict:
    users = users_of(cast, world)
    made = {}
    for role in ROLES:
        made[role] = Client() if role == "anonymous" else mfa_verified_login(Client(), users[role])
    return made


def observe(client, url):
    response = client.get(url)
    return response


@pytest.mark.parametrize("role", ROLES)
def test_the_authorization_matrix(role, cast, make_request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world(cast, make_request)
    client = clients(cast, world)[role]
    column = ROLES.index(role)
    wrong, inline, no_csp, observed = [], [], [], {}
    for key, name, text, state in rows():
        url = url_of(name, text, route_args(name, text, state, world, cast))
        response = observe(client, url)
        observed[key] = response.status_code
        if "Content-Security-Policy" not in response.headers:
            no_csp.append(key)
        # Django's admin pages are not ours (the notification admin shows a stored email's own HTML, whose
        # inline styles the CSP then blocks): the inline check covers our pages.
        if (
            state != "admin"
            and response.status_code == 200
            and "text/html" in response.get("Content-Type", "")
        ):
            found = inline_findings(response.content.decode())
            if found:
                inline.append(f"{key}: {', '.join(found)}")
        expected_row = MATRIX.get(key, ADMIN_ROW if state == "admin" else None)
        if expected_row is None:
            wrong.append(f"{key}: no row in MATRIX (observed {response.status_code})")
            continue
        expected = expected_row.split()[column]
        if expected == "admin":
            if response.status_code not in (200, 302, 403, 404):
                wrong.append(f"{key} {url}: the admin answered {response.status_code} to staff")
        elif str(response.status_code) != expected:
            wrong.append(f"{key} {url}: expected {expected}, got {response.status_code}")
    if os.environ.get("AUTHZ_MATRIX_PRINT"):
        path = f"/tmp/authz-matrix-{role}.txt"
        with open(path, "w") as out:
            for key, code in observed.items():
                out.write(f"{key}\t{code}\n")
    assert not inline, "Inline script or style (the CSP forbids it):\n" + "\n".join(inline)
    assert not no_csp, "No Content-Security-Policy: " + ", ".join(no_csp)
    assert not wrong, f"As {role}:\n" + "\n".join(wrong)


def test_every_route_has_a_row():
    keys = [key for key, _name, _text, state in rows() if state != "admin" or key in MATRIX]
    missing = [key for key in keys if key not in MATRIX]
    stale = [key for key in MATRIX if key not in keys]
    assert not missing, "Routes without a row in the authorization matrix:\n" + "\n".join(missing)
    assert not stale, "Rows of the matrix for routes that no longer exist:\n" + "\n".join(stale)
    assert all(len(row.split()) == len(ROLES) for row in MATRIX.values())
