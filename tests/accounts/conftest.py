import pytest
from django_otp.oath import totp

PASSWORD = "Correct-horse-battery-42"


@pytest.fixture
def with_passwords(cast):
    """Every member of the cast gets the same known password."""
    from cmcoord.models import User

    for value in vars(cast).values():
        if isinstance(value, User):
            value.set_password(PASSWORD)
            value.save(update_fields=["password"])
    return cast


def code_for(device, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now for the device."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - offset_steps * device.step):06d}"
