import collections, re
from tests.cmcoord.test_languages_pages import DEMO_USERS, _pages, demo  # noqa
from tests.cmcoord.i18n_helpers import visible_text

def test_scan(demo, client, django_user_model):
    found = collections.Counter()
    where = {}
    for username in DEMO_USERS:
        user = django_user_model.objects.get(username=username)
        user.language = "fr"; user.save(update_fields=["language"])
        client.force_login(user)
        for url in _pages(demo) + ["/accounts/login/"]:
            r = client.get(url)
            if r.status_code != 200 and url != "/no-such-page/":
                continue
            _, pieces = visible_text(r.content.decode())
            for p in pieces:
                rest = re.sub(r"⟦[^⟧]*⟧", "", p)
                if re.search(r"[A-Za-z]{3}", rest):
                    found[p] += 1
                    where.setdefault(p, f"{username} {url}")
        client.logout()
    with open("/tmp/i18n/scan_out.txt", "w") as f:
        for p, n in found.most_common():
            f.write(f"{n:4} {where[p]:40} {p[:150]}\n")
