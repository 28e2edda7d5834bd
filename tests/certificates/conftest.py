import pytest

from certificates import services
from tests.factories import RegistrationFactory, WorkshopFactory, WorkshopSessionFactory
from workshops import services as workshop_services


@pytest.fixture
def issued_certificate(db):
    """A valid certificate for Siti Aminah, who attended the one session."""
    workshop = WorkshopFactory(
        title="Aman Bermedia Sosial", minimum_sessions_for_certificate=1
    )
    session = WorkshopSessionFactory(workshop=workshop, ended=True)
    registration = RegistrationFactory(
        workshop=workshop, participant__full_name="Siti Aminah"
    )
    workshop_services.attendance_mark(
        registration=registration, session=session, status="present", marked_by=None
    )
    (certificate,) = services.certificates_issue_for_workshop(
        workshop=workshop, issued_by=None
    )
    return certificate
