"""Demo data of humanitarian notification: a few sites and one convoy, transmitted to the parties."""


def seed_deconfliction(*, operation, users, organizations) -> None:
    pass
